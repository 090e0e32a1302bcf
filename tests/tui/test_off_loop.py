"""Reading articles and saving the state happen off the event loop: a slow disk (a read or a
write held up in a test) never holds up a key, an answer overtaken by a newer request is
dropped, and the last state is on disk when the app has quit."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tui_articles import article_id
from tui_helpers import settle

import reader.tui.state as state_module
from reader.archive import Archive
from reader.model.article import Article
from reader.tui.app import make_app
from reader.tui.messages import ArticleRequest
from reader.tui.screens.entity import EntityScreen, ReadingScreen
from reader.tui.screens.lists import BookmarksScreen
from reader.tui.state import StateWriter, UiState, archive_key, load_state
from reader.tui.widgets.reading_pane import ReadingPane

pytestmark = pytest.mark.anyio

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"
DA_NANG = "Đà Nẵng đón đoàn du khách quốc tế"
HELD = 10.0
"""Seconds a held-up read or write waits at most (a test that fails must not hang)."""


class Gate:
    """Holds up the calls that go through it until `release` (or HELD seconds)."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()

    def hold(self) -> None:
        self.entered.set()
        self.released.wait(HELD)

    def release(self) -> None:
        self.released.set()


def slow_get(
    monkeypatch: pytest.MonkeyPatch, archive: Archive, gate: Gate, only: set[str] | None = None
) -> None:
    """Make `archive.get` wait at `gate` (for the ids in `only`, or for every id)."""
    real_get = archive.get

    def get(wanted: str) -> Article:
        if only is None or wanted in only:
            gate.hold()
        return real_get(wanted)

    monkeypatch.setattr(archive, "get", get)


async def until(check: Callable[[], bool], timeout: float = HELD) -> None:
    """Wait, on the app's own loop, until `check()` holds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "never happened"
        await asyncio.sleep(0.01)


def section(state_path: Path, archive: Archive) -> dict[str, object]:
    document = json.loads(state_path.read_text(encoding="utf-8"))
    return document["archives"][archive_key(archive.root)]


async def test_a_slow_article_file_does_not_hold_up_the_keys(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        gate = Gate()
        slow_get(monkeypatch, archive, gate)
        assert app.focused is screen.results and screen.results.highlighted == 0
        screen.open_article(article_id(CAN_THO_LAO))
        await until(gate.entered.is_set)  # the worker is reading the file, and stays there
        await pilot.press("j")
        assert screen.results.highlighted == 1, "the key was handled while the file was read"
        assert screen.article_view.article is None and not gate.released.is_set()
        gate.release()
        await settle(pilot)
        assert screen.article_view.article is not None
        assert screen.article_view.article.title == CAN_THO_LAO
        assert app.focused is screen.article_view


async def test_an_article_asked_for_later_wins_over_a_slower_one(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, fast = article_id(CAN_THO_LAO), article_id(DA_NANG)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        gate = Gate()
        slow_get(monkeypatch, archive, gate, only={slow})
        screen.open_article(slow)
        await until(gate.entered.is_set)
        screen.open_article(fast)
        await until(lambda: screen.article_view.article is not None)
        gate.release()  # the slow answer comes last: it is dropped
        await settle(pilot)
        assert screen.article_view.article.id == fast
        assert screen.state.article_id == fast and not archive.is_read(slow)
        assert [view.article_id for view in screen.history.entries][-1] == fast
        assert slow not in [view.article_id for view in screen.history.entries]
        # An answer to a request that is not the newest is dropped, however late it comes.
        screen.reading.post_message(ReadingPane.Read(ArticleRequest(slow), archive.get(slow)))
        await settle(pilot)
        assert screen.article_view.article.id == fast


async def test_going_back_while_an_article_is_read_keeps_the_view_gone_back_to(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        first = article_id(DA_NANG)
        screen.open_article(first)
        await settle(pilot)
        gate = Gate()
        slow_get(monkeypatch, archive, gate)
        screen.results.focus()
        screen.open_article(article_id(CAN_THO_LAO))
        await until(gate.entered.is_set)
        await pilot.press("left_square_bracket")  # back: the view before the first article
        gate.release()
        await settle(pilot)
        assert screen.article_view.article is None
        assert screen.state.article_id is None


async def test_the_bookmark_list_shows_at_once_and_fills_in_its_titles(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.set_bookmark(article_id(CAN_THO_LAO))
    archive.set_bookmark(article_id(DA_NANG))
    marked = archive.bookmarks()
    assert sorted(marked) == sorted([article_id(DA_NANG), article_id(CAN_THO_LAO)])
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        gate = Gate()
        slow_get(monkeypatch, archive, gate)
        await pilot.press("b")
        await until(gate.entered.is_set)
        assert isinstance(app.screen, BookmarksScreen)
        items = app.screen.items
        rows = [str(option.prompt) for option in items.options]
        assert rows == marked, "each bookmark shows by its id while its file is read"
        await pilot.press("j")
        assert items.highlighted == 1, "the list answers keys while the files are read"
        gate.release()
        await settle(pilot)
        rows = [str(option.prompt) for option in items.options]
        titles = {article_id(DA_NANG): DA_NANG, article_id(CAN_THO_LAO): CAN_THO_LAO}
        assert titles[marked[0]] in rows[0] and titles[marked[1]] in rows[1]
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.article_view.article.id == marked[1]


async def test_an_article_opened_from_an_entity_view_is_read_off_the_loop(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(EntityScreen(archive, "place", "Cần Thơ"))
        await settle(pilot)
        view = app.screen
        assert isinstance(view, EntityScreen) and view.view is not None
        gate = Gate()
        slow_get(monkeypatch, archive, gate)
        await pilot.press("enter")
        await until(gate.entered.is_set)
        await pilot.press("tab")
        assert app.focused is view.companions, "the key was handled while the file was read"
        gate.release()
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == view.view.articles[0].id


async def test_saving_the_state_does_not_hold_up_the_keys(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()
    written: list[list[str]] = []
    real_save = state_module.save_state

    def slow_save(path: Path, state: UiState, key: str) -> None:
        if not written:
            gate.hold()  # the first write is on a very slow disk
        written.append(list(state.searches))
        real_save(path, state, key)

    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(state_module, "save_state", slow_save)
        screen = app.main_screen
        await pilot.press("slash", "a", "escape")
        await until(gate.entered.is_set)
        await pilot.press("slash", "ctrl+u", "b", "escape")
        assert screen.state.searches == ["a", "b"], "handled while the state was written"
        assert screen.search_box.value == "b"
        assert not written
        gate.release()
        await settle(pilot)
        # The write under way finished with the state it took; the next one wrote the newest.
        assert written[-1] == ["a", "b"]
        assert section(state_path, archive)["searches"] == ["a", "b"]


async def test_the_last_state_is_written_when_the_app_quits(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`q` while an earlier write is still under way on a slow disk: the app waits for it,
    then writes the newest state, which is what the file keeps."""
    gate = Gate()
    written: list[list[str]] = []
    real_save = state_module.save_state

    def slow_save(path: Path, state: UiState, key: str) -> None:
        if not written:
            gate.hold()
        written.append(list(state.searches))
        real_save(path, state, key)

    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(state_module, "save_state", slow_save)
        screen = app.main_screen
        await pilot.press("slash", "a", "escape")
        await until(gate.entered.is_set)
        await pilot.press("slash", "ctrl+u", "b", "escape", "slash", "ctrl+u", "c", "escape")
        newest = list(screen.state.searches)
        assert newest == ["a", "b", "c"]
        threading.Timer(0.3, gate.release).start()
        await pilot.press("q")
    assert section(state_path, archive)["searches"] == newest
    assert written[-1] == newest


def test_the_writer_never_goes_back_to_an_older_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.json"
    gate = Gate()
    calls: list[str] = []
    real_save = state_module.save_state

    def slow_save(path: Path, state: UiState, key: str) -> None:
        if state.query == "old":
            gate.hold()
        calls.append(state.query)
        real_save(path, state, key)

    monkeypatch.setattr(state_module, "save_state", slow_save)
    writer = StateWriter(path, "/a")
    state = UiState(query="old")
    writer.hand(state)
    slow = threading.Thread(target=writer.write)
    slow.start()
    assert gate.entered.wait(HELD)
    state.query = "new"
    state.searches.append("x")
    started = time.monotonic()
    writer.hand(state)
    assert time.monotonic() - started < 0.5, "handing over never waits for a write"
    assert writer.pending
    later = threading.Thread(target=writer.write)
    later.start()
    gate.release()
    slow.join(HELD)
    later.join(HELD)
    assert calls == ["old", "new"]
    assert load_state(path, "/a") == (UiState(query="new", searches=["x"]), None)
    assert not writer.pending
    assert writer.write() is None and calls == ["old", "new"], "nothing new: nothing written"

    state.searches.append("y")  # a copy was handed over: later changes are not in it
    writer.hand(state)
    state.searches.append("z")
    writer.write()
    assert load_state(path, "/a")[0].searches == ["x", "y"]


def test_a_failed_write_is_told_and_tried_again(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    writer = StateWriter(blocker / "state.json", "/a")
    writer.hand(UiState(query="q"))
    problem = writer.write()
    assert problem and problem.startswith("Could not save the reader's state")
    assert writer.pending
    writer.path = tmp_path / "state.json"
    assert writer.write() is None and not writer.pending
    assert load_state(writer.path, "/a")[0].query == "q"
