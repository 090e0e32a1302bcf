"""Where the archive is, an archive that is not there, old entities, and articles imported
from another window."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest
from tui_articles import build_archive
from tui_helpers import settle

from reader.archive import Archive
from reader.config import Config
from reader.tui.app import make_app

pytestmark = pytest.mark.anyio


def notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_the_first_screen_says_where_the_archive_is(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.main_screen.results_pane.border_subtitle == f"archive: {archive.root}"


async def test_a_missing_archive_folder_is_said_with_how_to_make_it(
    tmp_path: Path, state_path: Path
) -> None:
    root = tmp_path / "news"
    archive = Archive(Config(archive_dir=root, index_dir=tmp_path / "ix"))
    app = make_app(archive, state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = app.main_screen.results_pane.message
        assert f"The archive folder {root} does not exist." in said
        assert f"reader --archive {root} import PATH..." in said
        assert f"mkdir -p {root}" in said
        assert not root.exists(), "nothing was created"
        assert app.is_running


async def test_an_archive_that_is_a_file_is_said(tmp_path: Path, state_path: Path) -> None:
    root = tmp_path / "news.md"
    root.write_text("not a folder")
    archive = Archive(Config(archive_dir=root, index_dir=tmp_path / "ix"))
    app = make_app(archive, state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "is a file, not a folder" in app.main_screen.results_pane.message


async def test_entities_of_an_older_extractor_are_said_once(
    tmp_path: Path, state_path: Path
) -> None:
    root = build_archive(tmp_path / "archive", use_samples=False, current=False)
    with contextlib.closing(Archive(Config(archive_dir=root, index_dir=tmp_path / "ix"))) as old:
        app = make_app(old, state_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            said = [n for n in notices(app) if "older version" in n]
            assert len(said) == 1
            assert f"reader --archive {root} entities --reextract" in said[0]
            await pilot.press("slash", *"can tho", "enter")  # more searches: still once
            await settle(pilot)
            assert len([n for n in notices(app) if "older version" in n]) == 1


async def test_current_entities_are_not_said_to_be_old(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not [n for n in notices(app) if "older version" in n]


async def test_articles_imported_from_another_window_appear_with_a_notice(
    archive: Archive, state_path: Path, tmp_path: Path
) -> None:
    """Another `reader import` (here: another Archive on the same folder, in a thread)
    indexes what it imports; the open reader notices within a few seconds, without a key
    being pressed."""
    app = make_app(archive, state_path)
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for n in range(3):
        text = f"Hội An đón khách dịp lễ số {n}\n\nPhố cổ Hội An đông khách lần thứ {n}.\n"
        (inputs / f"hoi-an-{n}.txt").write_text(text, encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        before = screen.results.result.total
        await pilot.pause(2.5)  # the reader has counted the archive once

        def other_window() -> None:
            config = Config(archive_dir=archive.root, index_dir=archive.index_dir)
            with contextlib.closing(Archive(config)) as other:
                other.import_paths([inputs])

        importer = threading.Thread(target=other_window)
        importer.start()
        while importer.is_alive():
            await pilot.pause(0.05)
        deadline = time.monotonic() + 10
        while not any("3 new articles" in n for n in notices(app)):
            assert time.monotonic() < deadline, "no notice of the new articles"
            await pilot.pause(0.1)
        await settle(pilot)
        assert screen.results.result.total == before + 3
        assert f"{before + 3} articles" in str(screen.query_one("#status").render())
