"""The results pane: the timeline of the query, the result list, and what an empty archive says."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reader.tui.widgets.results_list import ROW_LINES, ResultsList
from reader.tui.widgets.timeline import Timeline

RESULT_PAGE = 20
"""Hits fetched per page when the list's height is not known yet."""
PAGE_MARGIN = 3
"""Hits fetched beyond the rows the list shows; more come when the cursor reaches the end.

Each hit costs its snippet in the search, on every keystroke: a page the size of the screen
answers sooner than a fixed 20 (11 rows show at 48 lines)."""
MIN_PAGE = 8


class ResultsPane(Vertical):
    """The timeline over the result list; an empty archive shows how to fill it instead."""

    def compose(self) -> ComposeResult:
        yield Timeline(id="timeline")
        yield ResultsList(id="results")
        yield Static("", id="empty", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Results"
        self.query_one("#empty").display = False

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def timeline(self) -> Timeline:
        return self.query_one("#timeline", Timeline)

    def page_size(self) -> int:
        """Hits to fetch per page: the rows the list has room for, and a few more."""
        height = self.results.scrollable_content_region.height
        if not height:
            return RESULT_PAGE
        return max(MIN_PAGE, height // ROW_LINES + PAGE_MARGIN)

    def show_empty_archive(self, root: Path) -> None:
        """Replace the list with how to add articles to the empty archive in `root`."""
        empty = self.query_one("#empty", Static)
        empty.update(
            f"The archive {root} is empty.\n\n"
            "Add articles from a shell with:\n\n    reader import PATH...\n\n"
            "(files or folders of saved pages, text, Markdown, HTML or JSON)."
        )
        empty.display = True
        self.results.display = False
