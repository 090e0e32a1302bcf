"""The top line of the main screen: a `/` prompt, the search box, and what the last search found."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from reader.model.search import SearchResult
from reader.tui.widgets.line_input import one_line
from reader.tui.widgets.search_box import SearchBox


class SearchBar(Horizontal):
    """The search box with its prompt and its status; the box posts the search requests."""

    def compose(self) -> ComposeResult:
        yield Label("/", id="search-prompt", markup=False)
        yield SearchBox(id="search")
        yield Static("", id="status", markup=False)

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    def set_status(self, text: str, layout: bool = True) -> None:
        """Say what the last search found (`layout=False`: the status keeps its width, so
        the rest of the screen need not be laid out again)."""
        self.query_one("#status", Static).update(text, layout=layout)

    def show_found(self, query: str, result: SearchResult, sort: str, narrow: bool) -> None:
        """Say how many articles `query` found, how fast, and in which order (not when
        `narrow`)."""
        order = "newest first" if sort == "date" or not query.strip() else "best match"
        status = f"{result.count_line()} · {result.took_ms:.0f} ms"
        if not narrow:
            status += f" · {order}"
        # A fixed-width status: no re-layout of the screen on each keystroke.
        self.set_status(status, layout=False)

    def take_paste(self, text: str) -> None:
        """Add text pasted elsewhere to the query, as words of their own, lines joined. A `/`
        it starts with is the key that leads to the box, not text."""
        text = one_line(text).removeprefix("/")
        box = self.search_box
        box.cursor_position = len(box.value)
        if text and box.value and not box.value.endswith(" "):
            text = f" {text}"
        box.insert_pasted(text)
