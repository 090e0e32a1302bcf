"""The main screen's pane layout (which panes show at which width, toggled by keys) and
its find-in-article handling: mixins, so that main.py keeps to routing messages.

Handlers here are named `on_<message>` rather than decorated with `@on`: Textual collects
`@on` handlers only from classes built by its own metaclass, and these mixins are plain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.events import Resize
from textual.widgets import Input

from reader.tui import messages as msg

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

NARROW_WIDTH = 110
"""Below this many columns the side panels fold away."""
WIDE_WIDTH = 180
"""From this many columns the panels get wider."""


class PaneLayout:
    """Mixed into the main screen: side panels fold away below NARROW_WIDTH columns."""

    _entities_pref: bool | None
    _results_pref: bool | None
    _last_pane: str

    def on_resize(self: MainScreen, event: Resize) -> None:
        self._apply_layout()

    def _apply_layout(self: MainScreen) -> None:
        width = self.size.width
        narrow = width < NARROW_WIDTH
        self.set_class(narrow, "narrow")
        self.set_class(width >= WIDE_WIDTH, "wide")
        reading = self.article_view.article is not None
        show_entities = self._entities_pref if self._entities_pref is not None else not narrow
        show_results = (
            self._results_pref if self._results_pref is not None else not (narrow and reading)
        )
        if narrow and reading and show_results and show_entities:
            # Three panes do not fit: the side panel asked for last wins over the other one.
            show_results = self._last_pane == "results"
            show_entities = not show_results
        self.set_class(reading, "reading")
        self.query_one("#results-pane").display = show_results
        # At 80 columns an empty reading pane would halve the results for nothing.
        self.query_one("#reading").display = reading or not (narrow and show_results)
        self.entities.display = show_entities
        focused = self.focused
        if focused is not None and not focused.display:
            self.article_view.focus()

    def action_toggle_entities(self: MainScreen) -> None:
        self._entities_pref = not self.entities.display
        self._last_pane = "entities"
        self._apply_layout()
        if self.entities.display:
            self.entities.focus()

    def action_toggle_results(self: MainScreen) -> None:
        self._results_pref = not self.query_one("#results-pane").display
        self._last_pane = "results"
        self._apply_layout()
        if self.query_one("#results-pane").display:
            self.results.focus()

    def check_action(self: MainScreen, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is a priority binding so that keys typed right after it in one burst (a paste,
        # a fast typist, tmux) already reach the box; inside an input it is just a slash.
        return not (action == "focus_search" and isinstance(self.focused, Input))

    def action_focus_search(self: MainScreen) -> None:
        self.set_focus(self.search_box)


class FindActions:
    """Mixed into the main screen: ctrl+f opens the find bar over the open article."""

    def action_find(self: MainScreen) -> None:
        if self.article_view.article is None:
            self.notify("Open an article first.", markup=False)
            return
        self.find_bar.open()

    def on_find_changed(self: MainScreen, event: msg.FindChanged) -> None:
        if event.needle != self.article_view.needle:
            self.article_view.find(event.needle)
        if event.submitted:
            self.article_view.focus()

    def on_find_moved(self: MainScreen, event: msg.FindMoved) -> None:
        self.find_bar.set_count(event.position, event.count, event.more)

    def on_find_closed(self: MainScreen, event: msg.FindClosed) -> None:
        if self.article_view.needle:
            self.article_view.find("")
        if self.article_view.article is not None:
            self.article_view.focus()
