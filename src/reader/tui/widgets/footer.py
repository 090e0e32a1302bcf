"""The footer: the focused pane's keys on the left; `? keys`, `q quit` and the command palette
always on the right, where a narrow terminal does not cut them off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer

PINNED = ("help", "quit")
"""The app's actions whose keys always show, on the right: the two a new user needs."""
PALETTE = "-command-palette"
"""The class Textual's footer gives the command palette's key (docked right by itself)."""


def _action(widget: Widget) -> str:
    """The action of one of the footer's keys ("" for anything else)."""
    action = getattr(widget, "action", "")
    return action if isinstance(action, str) else ""


class ReaderFooter(Footer):
    """Textual's footer with the help, quit and palette keys pinned to the right."""

    DEFAULT_CSS = """
    ReaderFooter .pinned {
        dock: right;
        width: auto;
        height: 1;
    }
    """

    def compose(self) -> ComposeResult:
        pinned: list[tuple[int, Widget]] = []
        for widget in super().compose():
            action = _action(widget)
            if widget.has_class(PALETTE):
                widget.remove_class(PALETTE)  # it goes into the pinned group instead
                pinned.append((len(PINNED), widget))
            elif action in PINNED:
                pinned.append((PINNED.index(action), widget))
            else:
                yield widget
        if pinned:
            yield HorizontalGroup(
                *(w for _, w in sorted(pinned, key=lambda p: p[0])), classes="pinned"
            )
