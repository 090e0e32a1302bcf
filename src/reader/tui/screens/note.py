"""An article's note in a text area (`a`), and the optional comment of a new highlight (`h`).

Nothing is written here: `NoteScreen` returns the text to save (`ctrl+s`), or None when `esc`
leaves it (asking first when it was changed); `CommentScreen` returns the comment (empty for
none), or None when the highlight is cancelled.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static, TextArea

from reader.tui.render import safe
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.widgets.line_input import LineInput

MAX_QUOTE = 300
"""Characters of the highlighted paragraph shown above its comment at most."""


class NoteScreen(ModalScreen[str | None]):
    """The note of one article, edited in place."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", id="note.save", priority=True),
        Binding("escape", "leave", "close", id="note.close"),
    ]
    """ctrl+s saves; esc closes (asking before changes are dropped)."""

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text = title
        self.note = note
        """The note as it is saved."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog note-dialog"):
            yield Label("Note", classes="dialog-title", markup=False)
            yield Label(safe(self.title_text), classes="dialog-hint", markup=False)
            yield TextArea(self.note, soft_wrap=True, id="note-text")
            yield Label("ctrl+s save · esc close", classes="dialog-hint", markup=False)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#note-text", TextArea)

    def on_mount(self) -> None:
        area = self.text_area
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(self.text_area.text)

    def action_leave(self) -> None:
        if self.text_area.text == self.note:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen("Discard the changes to this note?"), answered)


class CommentScreen(ModalScreen[str | None]):
    """The paragraph about to be highlighted, and a line for an optional comment."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="comment.cancel")
    ]
    """esc: no highlight after all."""

    def __init__(self, quote: str) -> None:
        super().__init__()
        self.quote = quote

    def compose(self) -> ComposeResult:
        quote = safe(self.quote)
        quote = quote if len(quote) <= MAX_QUOTE else quote[:MAX_QUOTE] + "…"
        with Vertical(classes="dialog small"):
            yield Label("Highlight this paragraph", classes="dialog-title", markup=False)
            yield Static(f"“{quote}”", classes="highlight-quote", markup=False)
            yield LineInput(placeholder="a comment (optional)", id="comment")
            yield Label("enter highlight · esc cancel", classes="dialog-hint", markup=False)

    @on(Input.Submitted, "#comment")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
