"""Narrow and wide terminals, the command palette, and query words lit up in the article."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from tui_articles import article_id
from tui_helpers import settle

from reader.archive import Archive
from reader.tui.app import make_app
from reader.tui.highlight import word_spans
from reader.tui.screens.layout import NARROW_WIDTH, WIDE_WIDTH, PaneChoice, fit_panes

pytestmark = pytest.mark.anyio

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"


def test_panes_fit_the_width_and_what_the_user_asked_for() -> None:
    wide = fit_panes(WIDE_WIDTH, reading=True, choice=PaneChoice())
    assert wide.wide and not wide.narrow and wide.results and wide.article and wide.entities
    # Nothing open at 80 columns: the results take the width, no empty reading pane.
    listing = fit_panes(80, reading=False, choice=PaneChoice())
    assert listing.narrow and listing.results and not listing.article and not listing.entities
    # Reading at 80 columns: the article alone.
    reading = fit_panes(NARROW_WIDTH - 1, reading=True, choice=PaneChoice())
    assert reading.article and not reading.results and not reading.entities
    # Both side panels asked for where they do not fit: the one asked for last wins.
    choice = PaneChoice()
    choice.choose_results(True)
    choice.choose_entities(True)
    both = fit_panes(80, reading=True, choice=choice)
    assert both.entities and not both.results
    choice.choose_results(True)
    both = fit_panes(80, reading=True, choice=choice)
    assert both.results and not both.entities
    # Hidden on purpose stays hidden at any width.
    choice = PaneChoice()
    choice.choose_entities(False)
    assert not fit_panes(200, reading=True, choice=choice).entities


async def test_narrow_terminal_folds_side_panels_and_brings_them_back(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        results_pane = screen.query_one("#results-pane")
        assert not screen.entities.display and results_pane.display
        await pilot.press("enter")  # open the highlighted result
        await settle(pilot)
        assert screen.article_view.article is not None
        assert not results_pane.display, "reading at 80 columns uses the whole width"
        await pilot.press("e")
        assert screen.entities.display and app.focused is screen.entities
        await pilot.press("e", "r")
        assert not screen.entities.display and results_pane.display
        assert app.focused is screen.results


async def test_wide_terminal_shows_every_pane(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        assert screen.has_class("wide")
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        assert screen.entities.display and screen.query_one("#results-pane").display
        assert screen.entities.outer_size.width >= 40


async def test_palette_toggles_sort(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.main_screen.sort == "relevance"
        await pilot.press("ctrl+p", *"toggle sort")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.sort == "date"
        await pilot.press("s")
        assert app.main_screen.sort == "relevance"


async def test_query_words_are_highlighted_in_the_article(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("slash", *"can tho", "escape")
        await settle(pilot)
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        assert screen.article_view.words == ["can", "tho"]
        title = screen.article_view.blocks[0]
        content = screen.article_view.query_one(".title", Static).visual
        styled = [title.text[span.start : span.end] for span in content.spans]
        assert "Cần" in styled and "Thơ" in styled
        assert [title.text[a:b] for a, b in word_spans(title.text, ["cần"])] == ["Cần"]


async def test_timeline_counts_matching_articles_per_month(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"don doan du khach")
        await settle(pilot)
        timeline = app.main_screen.query_one("#timeline")
        counts = dict(timeline.counts)
        assert counts["2022-08"] >= 1 and counts["2022-07"] == 0
        assert timeline.display


async def test_results_stay_put_as_the_timeline_comes_and_goes(
    archive: Archive, state_path: Path
) -> None:
    """A pane that moves under the typing redraws badly in some terminals and makes the list
    jump: the chart keeps its two lines whether or not it has anything to draw."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.main_screen.results
        before = results.region
        await pilot.press("slash", *"zzqxw")
        await settle(pilot)
        assert results.region == before
        await pilot.press(*["backspace"] * 5, *"don doan")
        await settle(pilot)
        assert len(app.main_screen.query_one("#timeline").counts) > 1
        assert results.region == before


async def test_a_slash_from_elsewhere_starts_a_new_search_and_end_keeps_the_query(
    archive: Archive, state_path: Path
) -> None:
    """The query of the last session is back in the box; `/` selects it, so what is typed
    replaces it; `/` then `end` adds to it instead."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        box = screen.search_box
        await pilot.press("slash", *"can tho", "escape")
        await pilot.press("slash", *"da nang")
        await settle(pilot)
        assert box.value == "da nang"
        await pilot.press("escape", "slash", "end", *" lao")
        await settle(pilot)
        assert box.value == "da nang lao"


async def test_a_slash_is_text_in_the_search_box_and_focuses_it_from_elsewhere(
    archive: Archive, state_path: Path
) -> None:
    """Dates, document numbers and URLs need `/`: typed in the search box (or the find bar) it
    is text; from any other pane it brings the cursor to the search box."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        box = screen.search_box
        assert app.focused is screen.results
        await pilot.press("slash", *"ngay 5", "slash", "9")
        await settle(pilot)
        assert app.focused is box and box.value == "ngay 5/9"
        await pilot.press("escape")
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        assert app.focused is screen.article_view
        await pilot.press("ctrl+f", *"5", "slash", "9")
        assert screen.reading.find_bar.input.value == "5/9"
        await pilot.press("enter", "slash")
        assert app.focused is box and box.value == "ngay 5/9"
