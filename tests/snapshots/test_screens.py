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
