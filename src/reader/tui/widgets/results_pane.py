"""The results pane: the timeline of the query, the result list, and, in the list's place, what
an empty or missing archive or a first index build says. Its bottom border says where the
archive is."""

from __future__ import annotations

import shlex
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from reader.tui.widgets.results_list import ROW_LINES, ResultsList
from reader.tui.widgets.timeline import TIMELINE_LINES, Timeline

RESULT_PAGE = 20
"""Hits fetched per page when the list's height is not known yet."""
PAGE_MARGIN = 3
"""Hits fetched beyond the rows the list shows; more come when the cursor reaches the end.

Each hit costs its snippet in the search, on every keystroke: a page the size of the screen
answers sooner than a fixed 20 (11 rows show at 48 lines)."""
MIN_PAGE = 8


def home_relative(path: Path) -> str:
    """`path` with the home folder written `~` (shorter, and how users type it)."""
    try:
        return "~/" + str(path.relative_to(Path.home()))
    except ValueError:
        return str(path)


def import_command(root: Path) -> str:
    """The shell command that imports into the archive at `root` (creating it)."""
    return f"reader --archive {shlex.quote(str(root))} import PATH..."


def empty_text(root: Path) -> str:
    """What an archive without articles says."""
    return (
        f"The archive {root} has no articles yet.\n\n"
        f"Add some from a shell:\n\n    {import_command(root)}\n\n"
        "(files or folders of saved pages, text, Markdown, HTML or JSON; "
        "or fetch web pages from the command palette, ctrl+p)."
    )


def missing_text(root: Path, problem: str) -> str:
    """What a missing archive folder (or a file in its place) says."""
    if problem == "not a folder":
        first = f"The archive {root} is a file, not a folder."
        fix = "Choose the archive folder with --archive DIR, READER_ARCHIVE or archive: in"
        fix += " the config file."
        return f"{first}\n\n{fix}"
    return (
        f"The archive folder {root} does not exist.\n\n"
        f"Import articles into it from a shell (this creates it):\n\n    {import_command(root)}\n\n"
        f"or create it empty:\n\n    mkdir -p {shlex.quote(str(root))}\n\n"
        "Another archive: --archive DIR, READER_ARCHIVE or archive: in the config file."
    )


def building_text() -> str:
    """What the list says while the index is built for the first time."""
    return (
        "Building the search index of this archive for the first time; the line above says "
        "how far it is.\n\nSearching starts as soon as it is built: what you type now is "
        "searched then."
    )


class ResultsPane(Vertical):
    """The timeline over the result list; a message in the list's place when there is no list."""

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

    @property
    def message(self) -> str:
        """What the pane says in the list's place ("" when the list shows)."""
        empty = self.query_one("#empty", Static)
        return str(empty.render()) if empty.display else ""

    def set_archive(self, root: Path) -> None:
        """Say where the archive is, on the bottom border."""
        self.border_subtitle = f"archive: {home_relative(root)}"

    def page_size(self) -> int:
        """Hits to fetch per page: the rows the list has room for, and a few more."""
        height = self.results.scrollable_content_region.height
        if not height and self.content_region.height:  # the list is not laid out yet
            height = self.content_region.height - TIMELINE_LINES
        if height <= 0:
            return RESULT_PAGE
        return max(MIN_PAGE, height // ROW_LINES + PAGE_MARGIN)

    def show_message(self, text: str) -> None:
        """Say `text` in the list's place."""
        empty = self.query_one("#empty", Static)
        empty.update(text)
        empty.display = True
        self.results.display = False

    def show_results(self) -> None:
        """Show the list again (after `show_message`)."""
        self.query_one("#empty", Static).display = False
        self.results.display = True

    def show_empty_archive(self, root: Path) -> None:
        """Replace the list with how to add articles to the empty archive in `root`."""
        self.show_message(empty_text(root))
