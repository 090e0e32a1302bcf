"""The archive lock: one writer at a time, a clear message while waiting, stale locks cleared."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from reader.lock import LOCK_NAME, ArchiveLock, ArchiveLocked, archive_lock, holder

from .helpers import (
    article_files,
    env,
    make_inputs,
    run_reader,
    start_reader,
)

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from reader.lock import archive_lock
    with archive_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


def _hold(archive: Path, seconds: float) -> subprocess.Popen[str]:
    """A process that holds the archive lock for `seconds` (returns once it holds it)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(archive), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "held"
    return proc


def test_no_wait_fails_fast_with_one_line_naming_the_holder(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 3)
    holder_proc = _hold(archive, 30)
    try:
        started = time.monotonic()
        result = run_reader(archive, index, "import", "--no-wait", str(tmp_path / "in"))
        assert time.monotonic() - started < 10
    finally:
        holder_proc.kill()
        holder_proc.wait()
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"pid {holder_proc.pid}" in lines[0]
    assert "Traceback" not in result.stderr
    assert article_files(archive) == []


def test_second_import_waits_with_a_message_then_finishes(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 5)
    holder_proc = _hold(archive, 6.0)  # long enough for the second process to start
    result = run_reader(archive, index, "import", str(tmp_path / "in"))
    holder_proc.wait()
    assert result.returncode == 0, result.stderr
    assert f"waiting for another import (pid {holder_proc.pid}) to finish" in result.stderr
    assert len(article_files(archive)) == 5
    assert not (archive / LOCK_NAME).exists()


@pytest.mark.parametrize("command", [["index", "--rebuild"], ["fetch", "http://127.0.0.1:9/"]])
def test_rebuild_and_fetch_take_the_lock_too(tmp_path: Path, command: list[str]) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    holder_proc = _hold(archive, 30)
    try:
        result = run_reader(archive, index, *command, "--no-wait")
    finally:
        holder_proc.kill()
        holder_proc.wait()
    assert result.returncode == 2
    assert "another import" in result.stderr and "Traceback" not in result.stderr


def test_readers_never_wait_for_the_lock(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 4)
    assert run_reader(archive, index, "import", str(tmp_path / "in")).returncode == 0
    holder_proc = _hold(archive, 30)
    try:
        started = time.monotonic()
        search = run_reader(archive, index, "search", "", "--json")
        check = run_reader(archive, index, "index", "--check")
        assert time.monotonic() - started < 20
    finally:
        holder_proc.kill()
        holder_proc.wait()
    assert search.returncode == 0, search.stderr
    assert '"total": 4' in search.stdout
    assert check.returncode == 0, check.stdout + check.stderr


def test_lock_of_a_killed_process_is_cleared(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 3)
    holder_proc = _hold(archive, 60)
    holder_proc.send_signal(signal.SIGKILL)
    holder_proc.wait()
    assert (archive / LOCK_NAME).read_text().strip() == str(holder_proc.pid)
    assert holder(archive) is None
    started = time.monotonic()
    result = run_reader(archive, index, "import", "--no-wait", str(tmp_path / "in"))
    assert time.monotonic() - started < 20
    assert result.returncode == 0, result.stderr
    assert f"cleared a stale archive lock left by pid {holder_proc.pid}" in result.stderr
    assert "waiting" not in result.stderr
    assert len(article_files(archive)) == 3


def test_leftover_pid_file_with_garbage_is_harmless(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / LOCK_NAME).write_bytes(b"\x00garbage\xff\n")
    with archive_lock(archive, wait=False) as lock:
        assert lock.stale_pid is None
        assert (archive / LOCK_NAME).read_text().strip() == str(os.getpid())
    assert not (archive / LOCK_NAME).exists()


def test_lock_is_reentrant_in_a_thread_and_excludes_other_threads(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    events: list[str] = []
    with archive_lock(archive):
        with archive_lock(archive, wait=False):
            events.append("nested")

        def other() -> None:
            with pytest.raises(ArchiveLocked):
                ArchiveLock(archive, wait=False).acquire()
            with archive_lock(archive, on_wait=lambda pid: events.append("waited")):
                events.append("other")

        thread = threading.Thread(target=other)
        thread.start()
        time.sleep(0.3)
        events.append("main done")
    thread.join(10)
    assert events == ["nested", "waited", "main done", "other"]


CRITICAL = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from reader.lock import archive_lock
    log = Path(sys.argv[2])
    for _ in range(5):
        with archive_lock(Path(sys.argv[1])):
            with log.open("a") as f:
                f.write(f"start {os.getpid()}\\n")
            time.sleep(0.01)
            with log.open("a") as f:
                f.write(f"end {os.getpid()}\\n")
    """
)


def test_writers_in_several_processes_never_overlap(tmp_path: Path) -> None:
    archive, log = tmp_path / "archive", tmp_path / "log"
    procs = [
        subprocess.Popen([sys.executable, "-c", CRITICAL, str(archive), str(log)], env=env())
        for _ in range(4)
    ]
    for proc in procs:
        assert proc.wait(60) == 0
    lines = log.read_text().splitlines()
    assert len(lines) == 40
    for start, end in zip(lines[::2], lines[1::2], strict=True):
        assert start.startswith("start ") and end == "end " + start.removeprefix("start ")


def test_two_imports_at_once_each_article_exactly_once(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "one", 60, seed=1)
    make_inputs(tmp_path / "two", 60, seed=2)
    first = start_reader(archive, index, "import", str(tmp_path / "one"))
    second = start_reader(archive, index, "import", str(tmp_path / "one"), str(tmp_path / "two"))
    _out1, err1 = first.communicate(timeout=120)
    _out2, err2 = second.communicate(timeout=120)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert len(article_files(archive)) == 120
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 0, check.stdout


ORPHAN = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from reader.lock import archive_lock
    with archive_lock(Path(sys.argv[1])):
        if os.fork() == 0:
            Path(sys.argv[2]).write_text(str(os.getpid()))
            time.sleep(60)  # a worker that outlives its parent, sharing the flock
            os._exit(0)
        while not Path(sys.argv[2]).exists():
            time.sleep(0.01)
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_lock_held_only_by_orphans_of_a_killed_writer_is_cleared(tmp_path: Path) -> None:
    """A killed parallel rebuild leaves forked workers holding the flock: not a live writer."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 3)
    orphan_pid = tmp_path / "orphan.pid"
    proc = subprocess.Popen(
        [sys.executable, "-c", ORPHAN, str(archive), str(orphan_pid)],
        stdout=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    try:
        result = run_reader(archive, index, "import", "--no-wait", str(tmp_path / "in"))
    finally:
        os.kill(int(orphan_pid.read_text()), signal.SIGKILL)
    assert result.returncode == 0, result.stderr
    assert f"cleared a stale archive lock left by pid {proc.pid}" in result.stderr
    assert len(article_files(archive)) == 3


def test_a_stale_lock_naming_a_live_unrelated_process_does_not_stop_readers(
    tmp_path: Path,
) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 2)
    assert run_reader(archive, index, "import", str(tmp_path / "in")).returncode == 0
    unrelated = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        # A hand-added article (here imported beside another index), and a damaged index...
        added = run_reader(
            archive,
            tmp_path / "other",
            "import",
            str(make_inputs(tmp_path / "x", 1, seed=7)[0]),
        )
        assert added.returncode == 0, added.stderr
        (archive / LOCK_NAME).write_text(f"{unrelated.pid}\n")  # left by a copy or a crash
        assert holder(archive) is None
        for path in index.glob("*.trm"):
            path.write_bytes(b"garbage")
        # ... are both taken care of by the next search.
        result = run_reader(archive, index, "search", "", "--json")
        assert result.returncode == 0, result.stderr
        assert '"total": 3' in result.stdout
        assert run_reader(archive, index, "index", "--check").returncode == 0
    finally:
        unrelated.kill()
        unrelated.wait()


def test_a_live_writer_is_still_a_holder_for_readers(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    proc = _hold(archive, 30)
    try:
        assert holder(archive) == proc.pid
    finally:
        proc.kill()
        proc.wait()


def test_the_lock_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    archive.mkdir()
    outside = tmp_path / "outside.txt"
    outside.write_text("the user's file\n")
    (archive / LOCK_NAME).symlink_to(outside)
    assert holder(archive) is None
    result = run_reader(archive, index, "import", *map(str, make_inputs(tmp_path / "in", 2)))
    assert result.returncode == 0, result.stderr
    assert outside.read_text() == "the user's file\n"
    assert len(article_files(archive)) == 2
