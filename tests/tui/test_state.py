"""State across launches: last query and open article in the state file, bookmarks, read marks
and saved searches in the archive's research folder; bad state files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_articles import article_id
from tui_helpers import settle

from reader.archive import Archive
from reader.store import ArchiveStore
from reader.tui.app import make_app
from reader.tui.state import UiState, archive_key, load_state, save_state

pytestmark = pytest.mark.anyio

DA_NANG = "Đà Nẵng đón đoàn du khách quốc tế"


def section(state_path: Path, archive: Archive) -> dict[str, object]:
    """The archive's section of the state file."""
    document = json.loads(state_path.read_text(encoding="utf-8"))
    return document["archives"][archive_key(archive.root)]


async def test_bookmarks_and_last_view_persist_across_runs(
    archive: Archive, state_path: Path
) -> None:
    target = article_id(DA_NANG)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"don doan", "escape")
        await settle(pilot)
        app.main_screen.open_article(target)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("q")
    saved = section(state_path, archive)
    assert saved["article_id"] == target and "bookmarks" not in saved and "read" not in saved
    assert archive.bookmarks() == [target] and archive.is_read(target)

    second = make_app(archive, state_path)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = second.main_screen
        assert screen.search_box.value == "don doan"
        assert screen.article_view.article is not None
        assert screen.article_view.article.id == target
        await pilot.press("b")
        await settle(pilot)  # the titles are read from the article files in a worker
        rows = [str(option.prompt) for option in second.screen.query_one("#items").options]
        assert rows and DA_NANG in rows[0]
        await pilot.press("escape")
        await pilot.press("m")  # toggles the bookmark off again
        await settle(pilot)
    assert archive.bookmarks() == []


async def test_corrupt_state_is_ignored_with_a_notice(archive: Archive, state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_text("{not json", encoding="utf-8")
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()  # told at once (and only for a while: not after the index build)
        assert any("damaged" in str(n.message) for n in app._notifications)
        await settle(pilot)
        assert app.main_screen.results.result is not None


def test_state_round_trip_and_bad_fields(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state = UiState(query="cần thơ", article_id="a-1", searches=["huế", "cần thơ"])
    save_state(path, state, "/a")
    assert load_state(path, "/a") == (state, None)
    assert load_state(path, "/b") == (UiState(), None)
    other = UiState(query="huế", article_id="b-2")
    save_state(path, other, "/b")
    assert load_state(path, "/a") == (state, None)
    assert load_state(path, "/b") == (other, None)
    path.write_text(json.dumps({"version": 1, "query": "old", "article_id": "x"}), "utf-8")
    assert load_state(path, "/a") == (UiState(), None)  # unkeyed: belongs to no archive
    path.write_text(json.dumps({"version": 99}), encoding="utf-8")
    loaded, problem = load_state(path, "/a")
    assert loaded == UiState() and problem
    path.write_text(json.dumps({"version": 2, "archives": {"/a": []}}), encoding="utf-8")
    loaded, problem = load_state(path, "/a")
    assert loaded == UiState() and problem
    assert load_state(tmp_path / "missing.json", "/a") == (UiState(), None)


def test_an_older_readers_bookmarks_read_and_saved_searches_are_kept_in_the_file(
    tmp_path: Path,
) -> None:
    """They moved to the research folder (taken over once by the app); a later write of the
    UI state keeps them in the file as they were, so nothing is lost if that never ran."""
    path = tmp_path / "state.json"
    old = {"query": "a", "read": ["x"], "bookmarks": ["y"], "saved_searches": {"n": "q"}}
    path.write_text(json.dumps({"version": 2, "archives": {"/a": old}}), "utf-8")
    assert load_state(path, "/a") == (UiState(query="a"), None)
    save_state(path, UiState(query="b"), "/a")
    kept = json.loads(path.read_text("utf-8"))["archives"]["/a"]
    assert kept["query"] == "b"
    assert (kept["read"], kept["bookmarks"], kept["saved_searches"]) == (["x"], ["y"], {"n": "q"})


async def test_state_is_kept_per_archive(
    archive: Archive, state_path: Path, tmp_path: Path
) -> None:
    """A second archive (a fresh clone) does not open with the first one's query and article;
    an open article that is gone from its archive is dropped quietly."""
    import shutil

    from reader.config import Config

    target = article_id(DA_NANG)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"don doan", "escape")
        await settle(pilot)
        app.main_screen.open_article(target)
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press("q")

    clone_root = tmp_path / "clone"
    shutil.copytree(archive.root, clone_root)
    clone = Archive(Config(archive_dir=clone_root, index_dir=tmp_path / "clone-index"))
    try:
        second = make_app(clone, state_path)
        async with second.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            screen = second.main_screen
            assert screen.search_box.value == ""
            assert screen.article_view.article is None
            assert clone.bookmarks() == [target], "the research folder came with the copy"
            await pilot.press("q")
    finally:
        clone.close()
    assert archive.bookmarks() == [target]

    (archive.root / f"{target}.md").unlink()  # the file of an article is <id>.md
    third = make_app(archive, state_path)
    async with third.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = third.main_screen
        assert screen.search_box.value == "don doan"
        assert screen.article_view.article is None
        assert not third._notifications  # quietly
        await pilot.press("q")
    assert section(state_path, archive)["article_id"] is None


async def test_saved_search_lists_hit_counts(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"don doan", "escape")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#name").value = "tourists"
        await pilot.press("enter")
        await settle(pilot)
        assert archive.saved_searches() == {"tourists": "don doan"}
        await pilot.press("slash", "ctrl+u", "escape")
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        row = str(app.screen.query_one("#items").get_option_at_index(0).prompt)
        assert "tourists" in row and "unread" in row
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.search_box.value == "don doan"


async def test_scroll_position_of_the_open_article_is_restored(
    archive: Archive, state_path: Path
) -> None:
    from datetime import UTC, datetime

    from reader.model.article import Article
    from reader.model.ids import assign_identity

    long_read = Article(
        title="Một bài rất dài",
        body="\n\n".join(f"Đoạn {n}: nội dung kéo dài của bài viết." for n in range(80)),
    )
    long_read = assign_identity(long_read, datetime(2024, 1, 1, tzinfo=UTC))
    ArchiveStore(archive.root).write(long_read)
    app = make_app(archive, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.main_screen.open_article(long_read.id)
        await settle(pilot)
        app.main_screen.article_view.scroll_to(y=20, animate=False)
        await pilot.pause()
        await pilot.press("q")
    assert section(state_path, archive)["scroll_y"] == 20

    second = make_app(archive, state_path)
    async with second.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        view = second.main_screen.article_view
        assert view.article is not None and view.article.id == long_read.id
        assert view.scroll_y == 20


async def test_bookmarks_and_saved_searches_can_be_deleted(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.results.focus()
        await pilot.press("m", "j", "m")
        await settle(pilot)
        _first, second = archive.bookmarks()
        archive.save_search("a", "don doan")
        archive.save_search("b", "can tho")
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)  # the research folder is written in a worker
        assert archive.bookmarks() == [second]
        await pilot.press("d")
        await settle(pilot)
        assert archive.bookmarks() == []
        rows = [str(o.prompt) for o in app.screen.query_one("#items").options]
        assert rows == ["No bookmarks yet: press m on an article."]
        await pilot.press("escape")
        await settle(pilot)
        # The stars are gone from the results too.
        assert not any("★" in str(row) for row in screen.results.rows if row)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("j", "d")
        await settle(pilot)
        assert archive.saved_searches() == {"a": "don doan"}
