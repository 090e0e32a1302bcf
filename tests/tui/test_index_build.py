"""The index build: a child process at `reader index` speed, told step by step, searchable
meanwhile when there is an index, stopped when the reader quits."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import result_titles, settle

from reader.archive import Archive
from reader.tui import index_build
from reader.tui.app import make_app
from reader.tui.index_build import BuildClock
from reader.tui.index_child import child_command, parse_line

pytestmark = pytest.mark.anyio

DA_NANG = "Đà Nẵng đón đoàn du khách quốc tế"

# A stand-in for the child: it tells what the test lets it tell, one step per gate file, and
# then runs the real build (so that the reader has an index to search at the end).
SCRIPTED_CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    gates, archive, index = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    (gates / "pid").write_text(str(os.getpid()))
    def wait(name):
        while not (gates / name).exists():
            time.sleep(0.01)
    for step, done in (("1", 250), ("2", 500), ("3", 1000)):
        wait(step)
        print(json.dumps({"event": "progress", "done": done, "total": 1000}), flush=True)
    wait("4")
    from reader.tui.index_child import build
    sys.exit(build(Path(archive), Path(index), False))
    """
)


def scripted(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], None]:
    """Run the scripted child instead of the real one; returns what opens one of its gates."""
    gates = tmp_path / "gates"
    gates.mkdir()
    script = tmp_path / "child.py"
    script.write_text(SCRIPTED_CHILD, encoding="utf-8")

    def command(archive_dir: Path, index_dir: Path, rebuild: bool) -> list[str]:
        return [sys.executable, str(script), str(gates), str(archive_dir), str(index_dir)]

    monkeypatch.setattr(index_build, "child_command", command)
    return lambda name: (gates / name).write_text("")


async def until(pilot: Pilot[None], check: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("never happened")
        await pilot.pause(0.05)


def test_the_clock_says_the_step_how_many_and_the_time_left() -> None:
    now = [100.0]
    clock = BuildClock(clock=lambda: now[0])
    assert clock.line() == "Looking for new or changed articles…"
    clock.progress(0, 1000)
    now[0] += 2
    clock.progress(250, 1000)
    # 125 articles a second: 6 s for the rest, then writing, about 1.5 times the reading.
    assert clock.line() == "Indexing: 250 of 1,000 articles read · about 18 s left"
    now[0] += 6
    clock.progress(1000, 1000)
    assert clock.writing
    assert clock.line() == (
        "Writing the index files of 1,000 articles (the last step) · about 12 s left"
    )
    now[0] += 13
    assert clock.line().endswith("· finishing")
    assert BuildClock(rebuild=True).line() == "Listing the articles…"


def test_the_child_tells_its_progress_as_json_lines(archive: Archive) -> None:
    import subprocess

    command = child_command(archive.root, archive.index_dir, rebuild=False)
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    events = [parse_line(line) for line in done.stdout.splitlines()]
    assert done.returncode == 0 and all(events)
    assert events[-1] is not None and events[-1].event == "finished"
    assert events[-1].fields["added"] == archive.search("", limit=0).total > 0
    progress = [e for e in events if e is not None and e.event == "progress"]
    assert progress and progress[-1].done == progress[-1].total
    assert parse_line("not json") is None and parse_line('{"event": 3}') is None


async def test_a_first_build_says_what_it_does_and_takes_the_query_typed_meanwhile(
    archive: Archive, state_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = scripted(monkeypatch, tmp_path)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        bar = screen.sync_bar
        await until(pilot, lambda: bar.display)
        assert bar.text == "Looking for new or changed articles…"
        assert "Building the search index" in screen.results_pane.message
        release("1")
        await until(pilot, lambda: "250 of 1,000" in bar.text)
        assert "left" not in bar.text, "no time left said before there is a rate to go by"
        await pilot.pause(0.5)  # a rate needs the progress of more than 0.3 s
        release("2")
        await until(pilot, lambda: "500 of 1,000" in bar.text)
        assert "left" in bar.text, "the time left, once there is a rate to go by"
        await pilot.press("slash", *"da nang")  # typed while the index is built
        release("3")
        await until(pilot, lambda: "Writing the index files" in bar.text)
        assert screen.search_box.value == "da nang" and screen.results.result is None
        release("4")
        await until(pilot, lambda: not bar.display)
        await settle(pilot)
        assert screen.results_pane.message == ""
        assert DA_NANG in result_titles(app), "the query typed meanwhile is answered"


async def test_an_index_answers_while_it_is_brought_up_to_date(
    archive: Archive, state_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.sync_index()
    release = scripted(monkeypatch, tmp_path)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.main_screen
        await until(pilot, lambda: screen.results.result is not None)
        release("1")
        await until(pilot, lambda: screen.sync_bar.display)
        await pilot.press("slash", *"da nang")
        await until(pilot, lambda: DA_NANG in result_titles(app))
        assert screen.sync_bar.display, "answered while the build runs"
        for gate in "234":
            release(gate)
        await until(pilot, lambda: not screen.sync_bar.display)


async def test_quitting_stops_the_build(
    archive: Archive, state_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripted(monkeypatch, tmp_path)
    pid_file = tmp_path / "gates" / "pid"
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, pid_file.exists)
        await pilot.press("q")
    pid = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it if it is ours and has ended
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the build process still runs after the reader quit")


def test_a_failed_build_is_said_in_one_line(tmp_path: Path) -> None:
    script = tmp_path / "fails.py"
    script.write_text("import sys; print('boom', file=sys.stderr); sys.exit(3)\n")
    build = index_build.ChildBuild(tmp_path, tmp_path / "ix", rebuild=False)
    build.command = [sys.executable, str(script)]
    events = list(build.events())
    assert [e.event for e in events] == ["failed"]
    assert events[0].line == "the index build stopped (exit status 3): boom"
