"""The facets panel (issue 20): beside the results, the counts a user reads there are a count
over the archive's own files; enter on a value puts its term in the search box and narrows the
results, enter on it again takes it out; the counts wait for the typing to pause; kinds with no
value are left out, and a narrow terminal folds the panel away."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from tui_articles import ARTICLES
from tui_helpers import settle

from reader.archive import Archive
from reader.model.article import Article
from reader.store import ArchiveStore
from reader.tui.app import ReaderApp, make_app
from reader.tui.widgets.facet_panel import HEADINGS, FacetPanel

pytestmark = pytest.mark.anyio


def _files(archive: Archive) -> list[Article]:
    articles = []
    for _, article in ArchiveStore(archive.root).iter_articles():
        assert isinstance(article, Article)
        articles.append(article)
    return articles


def _rows(panel: FacetPanel) -> dict[str, dict[str, int]]:
    """What the panel shows: heading -> {value as shown: count as shown}."""
    rows: dict[str, dict[str, int]] = {}
    heading = ""
    for index in range(panel.option_count):
        text = panel.get_option_at_index(index).prompt.plain  # type: ignore[union-attr]
        if text in HEADINGS.values():
            heading = text
            rows[heading] = {}
            continue
        label, _, count = text.strip().rpartition(" ")
        if count.replace(",", "").isdigit():
            rows[heading][label.strip()] = int(count.replace(",", ""))
    return rows


async def _choose(pilot, panel: FacetPanel, label: str) -> None:
    """Highlight the row showing `label` and press enter on it."""
    for index in range(panel.option_count):
        text = panel.get_option_at_index(index).prompt.plain  # type: ignore[union-attr]
        if text.strip().rpartition(" ")[0].strip().removeprefix("✓ ") == label:
            panel.focus()
            panel.highlighted = index
            await pilot.press("enter")
            await settle(pilot)
            return
    raise AssertionError(f"no row {label!r} in {_rows(panel)}")


def _total(app: ReaderApp) -> int:
    result = app.main_screen.results.result
    assert result is not None
    return result.total


async def test_counts_are_the_archives_and_choosing_narrows_then_restores(
    archive: Archive, state_path: Path
) -> None:
    files = _files(archive)
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        panel = screen.facets
        assert not panel.display  # hidden until asked for
        await pilot.press("g")
        await settle(pilot)
        assert panel.display and panel.has_focus

        rows = _rows(panel)
        assert rows["Sources"] == dict(Counter(a.source for a in files if a.source))
        years = Counter(str(a.published.year) for a in files if a.published)
        assert rows["Years"] == dict(years)
        assert rows["Languages"] == dict(Counter(a.language for a in files))
        places = Counter(p for a in files for p in set(a.entities.place))
        assert rows["Places"]["Cần Thơ"] == places["Cần Thơ"]
        assert panel.border_subtitle == f"{len(files)} results"

        # Choosing a year puts its term in the search box and narrows the results to it.
        await _choose(pilot, panel, "2022")
        assert screen.search_box.value == "date:2022"
        assert _total(app) == years["2022"]
        rows = _rows(panel)
        assert rows["Years"] == {"✓ 2022": years["2022"]}
        in_2022 = [a for a in files if a.published and a.published.year == 2022]
        assert rows["Sources"] == dict(Counter(a.source for a in in_2022 if a.source))

        await _choose(pilot, panel, "Lào")
        assert screen.search_box.value == 'date:2022 place:"Lào"'
        both = [a for a in in_2022 if "Lào" in a.entities.place]
        assert _total(app) == len(both) == _rows(panel)["Places"]["✓ Lào"]

        # Chosen again, each comes out of the query, and the results are what they were.
        await _choose(pilot, panel, "2022")
        assert screen.search_box.value == 'place:"Lào"'
        await _choose(pilot, panel, "Lào")
        assert screen.search_box.value == ""
        assert _total(app) == len(files)
        assert _rows(panel)["Years"] == dict(years)


async def test_counted_when_typing_pauses_and_empty_kinds_hidden(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    facets = archive.facets

    def counting(query: str = "", **kwargs: object):  # type: ignore[no-untyped-def]
        asked.append(query)
        return facets(query, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(archive, "facets", counting)
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("g")
        await settle(pilot)
        asked.clear()
        await pilot.press("slash", *"date:2021")
        await settle(pilot)
        assert asked == ["date:2021"]  # once, when the typing paused: not per keystroke
        [markup] = [a for a in ARTICLES if a.published and a.published.year == 2021]
        assert _total(app) == 1
        # One article with no source, section or entities: only the kinds it has show.
        assert not (markup.source or markup.section or markup.entities)
        assert _rows(screen.facets) == {
            "Years": {"✓ 2021": 1},
            "Months": {"2021-01": 1},
            "Languages": {markup.language: 1},
        }


async def test_a_narrow_terminal_folds_the_facets_away(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("g")
        await settle(pilot)
        assert screen.facets.display  # beside the results, with no article open
        assert screen.results_pane.display

        screen.results.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.reading.article is not None
        assert not screen.facets.display  # no room beside an open article
        await pilot.press("g")
        await pilot.pause()
        assert not screen.facets.display
        notes = [str(n.message) for n in app._notifications]
        assert any("No room for the facets" in n for n in notes), notes
