"""The find-in-article bar: an input and the match count, shown under the article."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label

from reader.tui.messages import FindChanged, FindClosed
from reader.tui.widgets.line_input import LineInput


class FindBar(Horizontal):
    """`ctrl+f` opens it; typing finds (ignoring accents); enter goes back to the article."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close find", id="find.close"),
    ]
    """esc closes the bar and clears the highlights."""

    def compose(self) -> ComposeResult:
        yield Label("Find:", id="find-label")
        yield LineInput(placeholder="text in this article", id="find-input")
        yield Label("", id="find-count", markup=False)

    @property
    def input(self) -> Input:
        return self.query_one("#find-input", Input)

    def open(self) -> None:
        self.display = True
        self.input.focus()

    def set_count(self, position: int, count: int, more: bool = False) -> None:
        """Show `position/count` (`count+` when there are `more`), or `no match`."""
        label = self.query_one("#find-count", Label)
        if not self.input.value.strip():
            label.update("")
        elif count:
            label.update(f"{position}/{count}{'+' if more else ''}")
        else:
            label.update("no match")

    @on(Input.Changed, "#find-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(FindChanged(event.value))

    @on(Input.Submitted, "#find-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(FindChanged(event.value, submitted=True))

    def action_close(self) -> None:
        self.display = False
        self.input.value = ""
        self.post_message(FindClosed())
