"""SVG snapshots of the main screen: results, and an open article, at 80x24 and 160x48."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_articles import article_id
from tui_helpers import workers_done

from reader.archive import Archive
from reader.tui.app import make_app

SIZES = [(80, 24), (160, 48)]
ARTICLE = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"


async def _settled(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(4):
        await workers_done(app)
        await pilot.pause()
    app.main_screen.search_box.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results(snap_compare, archive: Archive, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("slash", *"can tho")
        await _settled(pilot)

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article(snap_compare, archive: Archive, tmp_path: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("slash", *"can tho", "escape")
        await _settled(pilot)
        pilot.app.main_screen.open_article(article_id(ARTICLE))  # type: ignore[attr-defined]
        await _settled(pilot)

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_markup_article(snap_compare, archive: Archive, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        pilot.app.main_screen.open_article(article_id("[bold red]x[/]"))  # type: ignore[attr-defined]
        await _settled(pilot)

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_help_keys(snap_compare, archive: Archive, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)


def test_help_search_syntax(snap_compare, archive: Archive, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        await pilot.press("question_mark", "right")
        await pilot.pause()

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_missing_archive(snap_compare, tmp_path: Path) -> None:
    from reader.config import Config

    missing = Archive(Config(archive_dir=Path("/nonexistent/news"), index_dir=tmp_path / "ix"))

    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)

    app = make_app(missing, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_related_at_full_height(snap_compare, archive: Archive, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        pilot.app.main_screen.open_article(article_id(ARTICLE))  # type: ignore[attr-defined]
        await _settled(pilot)
        pilot.app.main_screen.related.focus()  # type: ignore[attr-defined]
        await pilot.press("z")
        await _settled(pilot)

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)


def test_entity_view(snap_compare, archive: Archive, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _settled(pilot)
        screen = pilot.app.main_screen  # type: ignore[attr-defined]
        screen.open_article(article_id(ARTICLE))
        await _settled(pilot)
        screen.entities.focus()
        screen.entities.highlighted = 3  # Places: Cần Thơ
        await pilot.press("enter")
        await _settled(pilot)

    app = make_app(archive, tmp_path / "state.json")
    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)
