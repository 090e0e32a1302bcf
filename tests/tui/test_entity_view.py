"""The entity side-bar's rows and counts, and the entity view screen (pilot tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from tui_articles import MARKUP_TITLE, article_id
from tui_helpers import result_titles, settle

from reader.archive import Archive
from reader.model.article import Entities
from reader.tui.app import make_app
from reader.tui.screens.entity import EntityScreen, ReadingScreen
from reader.tui.widgets.entity_sidebar import entity_row, fit, fit_name

pytestmark = pytest.mark.anyio

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"
LONG_ORG = "Liên hiệp các tổ chức hữu nghị Thành phố Cần Thơ và các tỉnh Nam Lào"


def test_fit_cuts_with_an_ellipsis() -> None:
    assert fit("Cần Thơ", 10) == "Cần Thơ"
    assert fit("Savannakhet", 6) == "Savan…"
    assert fit("ab", 0) == ""


def test_long_names_that_differ_at_the_end_stay_apart() -> None:
    """Two bodies of one federation, cut to the bar's width, still read differently."""
    first = fit_name("Liên hiệp các tổ chức hữu nghị Việt Nam", 20)
    second = fit_name("Liên hiệp các tổ chức hữu nghị TP Cần Thơ", 20)
    assert first != second
    assert first.startswith("Liên hiệp") and first.endswith("Việt Nam")
    assert second.endswith("Cần Thơ") and "…" in second
    assert cell_len(first) <= 20 and cell_len(second) <= 20
    assert fit_name("Savannakhet", 6) == "Savan…"  # too narrow for two ends


def test_entity_row_keeps_the_count_on_the_line() -> None:
    row = entity_row(LONG_ORG, 1234, 26)
    text = row.plain
    assert "\n" not in text
    assert cell_len(text) == 26
    assert text.endswith(" 1,234") and "…" in text
    assert entity_row("Lào", 7, 20).plain == " Lào" + " " * 15 + "7"
    assert entity_row(MARKUP_TITLE, None, 20).plain == " " + MARKUP_TITLE


async def test_sidebar_counts_from_facets_and_rows_fit(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        sidebar = screen.entities
        expected = archive.entity_counts(sidebar.entities.as_dict())
        assert sidebar.counts == expected
        assert sidebar.counts[("place", "Cần Thơ")] >= 2
        other = "Lào"
        sidebar.show(Entities(place=(other,), org=(LONG_ORG,)), {("org", LONG_ORG): 42})
        await pilot.pause()
        prompt = sidebar.get_option_at_index(3).prompt  # not highlighted: one line, cut
        assert "…" in prompt.plain and prompt.plain.endswith(" 42")
        assert cell_len(prompt.plain) <= sidebar.scrollable_content_region.width
        assert sidebar.virtual_size.height == 4  # two headings, two rows: the count did not wrap


async def test_entity_view_opens_reads_and_returns(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        main = app.main_screen
        main.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        main.entities.focus()
        place = next(i for i, key in enumerate(main.entities._keys) if key == ("place", "Cần Thơ"))
        main.entities.highlighted = place
        await pilot.press("enter")
        await settle(pilot)
        view_screen = app.screen
        assert isinstance(view_screen, EntityScreen)
        view = view_screen.view
        assert view is not None and (view.kind, view.name) == ("place", "Cần Thơ")
        assert view_screen.articles.option_count >= view.total >= 2
        assert view.co_occurring and all(c.name != "Cần Thơ" for c in view.co_occurring)
        first = view.articles[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReadingScreen)
        assert app.screen.article.id == first.id
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen is view_screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main
        assert main.article_view.article.id == article_id(CAN_THO_LAO)


async def test_entity_view_narrows_results(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        main = app.main_screen
        main.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        main.entities.focus()
        main.entities.highlighted = 1  # the first person, under its heading
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntityScreen)
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is main
        assert main.search_box.value == 'person:"Nguyễn Thực Hiện"'
        assert result_titles(app)[0] == CAN_THO_LAO


async def test_entity_view_of_a_companion_and_unknown_names(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(EntityScreen(archive, "place", "can tho"))
        await settle(pilot)
        first = app.screen
        assert isinstance(first, EntityScreen) and first.view is not None
        first.companions.focus()
        chosen = first._companions[first.companions.highlighted]
        assert chosen is not None
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, EntityScreen) and app.screen is not first
        assert (app.screen.view.kind, app.screen.view.name) == (chosen.kind, chosen.name)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is first
        app.push_screen(EntityScreen(archive, "person", "[bold]Không Có Ai"))
        await settle(pilot)
        header = app.screen.query_one("#entity-header")
        assert "no person entity called" in str(header.render())
