"""The `?` screen: every key of every pane, generated from the bindings themselves."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static


def binding_rows(app: App[object], node_type: type[DOMNode]) -> list[tuple[str, str]]:
    """(keys, description) for each described binding of a class, keys joined per action."""
    rows: dict[str, tuple[list[str], str]] = {}
    # `_merged_bindings` is the class's bindings with its bases' (what Textual itself uses
    # for the footer), so inherited keys such as PgUp/PgDn in lists are listed too.
    # With the user's keymap applied, so the keys listed are the keys that work.
    merged = node_type._merged_bindings.copy() if node_type._merged_bindings else None
    if merged is not None and app._keymap:
        merged.apply_keymap(app._keymap)
    for _key, bindings in merged.key_to_bindings.items() if merged else ():
        for binding in bindings:
            if not binding.description:
                continue
            keys, _ = rows.setdefault(binding.action, ([], binding.description))
            display = app.get_key_display(binding)
            if display not in keys:
                keys.append(display)
    return [(" ".join(keys), description) for keys, description in rows.values()]


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the app, the main screen and each pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "close help", id="help.close"),
    ]
    """esc, ? or q closes the help."""

    def __init__(self, groups: list[tuple[str, type[DOMNode]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Keys", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-body"):
                seen: set[tuple[str, str]] = set()
                for title, node_type in self.groups:
                    rows = [row for row in binding_rows(self.app, node_type) if row not in seen]
                    seen.update(rows)
                    if not rows:
                        continue
                    lines = [Content.styled(title, "bold $text-accent")]
                    for keys, description in rows:
                        lines.append(Content.assemble((f"  {keys:<22}", "bold"), description))
                    yield Static(Content("\n").join(lines), classes="help-group")
            yield Label("esc close", classes="dialog-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
