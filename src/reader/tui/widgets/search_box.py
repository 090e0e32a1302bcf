"""The search box: every change asks for a search; `↑` recalls earlier searches, `↓` goes back
down them and on to the results; `esc` or `enter` hands the keys back."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from reader.tui.messages import SearchLeft, SearchRequested
from reader.tui.widgets.line_input import LineInput


class SearchBox(LineInput):
    """The query input at the top of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "leave the search box", show=False, id="search.leave"),
        Binding("up", "earlier", "earlier search", show=False, id="search.earlier"),
        Binding("down", "later", "later search, then the results", show=False, id="search.later"),
    ]
    """esc hands the keys back to the results; up and down walk through earlier searches,
    as in a shell (down past the newest goes to the results)."""

    virtual_size = Reactive(Size(0, 0), layout=False)
    """Input resizes its scrollable area to the text on each keystroke, and a widget's
    reactive asks for a layout of the whole screen then; the box's own size never depends on
    its text (see app.tcss), so a repaint is enough."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(
            placeholder='search: words, "phrases", person:…, date:2022-09',
            id=id,
            select_on_focus=False,
        )
        self.searches: list[str] = []
        """Earlier searches, oldest first (the screen keeps them)."""
        self._recalled: int | None = None
        """Which earlier search is in the box (None: what the user typed)."""
        self._typed = ""
        """What the user had typed before walking back through earlier searches."""

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        recalled = self._recalled
        if recalled is not None and self.searches[recalled : recalled + 1] != [event.value]:
            self._recalled = None  # edited: the search in the box is the user's own now
        self.post_message(SearchRequested(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._recalled = None
        self.post_message(SearchLeft(self.value))

    def action_leave(self) -> None:
        self._recalled = None
        self.post_message(SearchLeft(self.value))

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def action_earlier(self) -> None:
        """The search before the one in the box (the newest first time)."""
        searches = self.searches
        if self._recalled is None:
            self._typed = self.value
            index = len(searches) - 1
            if index >= 0 and searches[index] == self.value:
                index -= 1  # the box holds the newest already: go one further
        else:
            index = self._recalled - 1
        if index < 0:
            return  # nothing earlier: stay
        self._recalled = index
        self._show(searches[index])

    def action_later(self) -> None:
        """The search after the one recalled, then what was typed, then the results."""
        if self._recalled is None:
            self.action_leave()
            return
        index = self._recalled + 1
        if index < len(self.searches):
            self._recalled = index
            self._show(self.searches[index])
        else:
            self._recalled = None
            self._show(self._typed)
