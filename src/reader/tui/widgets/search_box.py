"""The search box: every change asks for a search; esc or enter hands the keys back."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

from reader.tui.messages import SearchLeft, SearchRequested


class SearchBox(Input):
    """The query input at the top of the screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "leave search", id="search.leave"),
    ]
    """esc hands the keys back to the results."""

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

    def insert_text_at_cursor(self, text: str) -> None:
        """`/` is the key that brings the cursor here, never text: one typed while the app
        starts can reach the box before that key binding is active."""
        if text := text.replace("/", ""):
            super().insert_text_at_cursor(text)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(SearchRequested(event.value))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(SearchLeft(self.value))

    def action_leave(self) -> None:
        self.post_message(SearchLeft(self.value))
