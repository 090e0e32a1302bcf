"""The `?` screen: the reader's own keys, generated from its bindings, and the search syntax.

Two tabs. "Keys" lists, pane by pane, the keys of the bindings the reader declares (each has
the id the `keymap:` setting takes, shown beside it), with the user's keymap applied; the keys
the text inputs and lists inherit from Textual are left out but for one line on moving, and a
key that does the same in two panes is listed once. "Search" is the query syntax with
examples (the README's Search section, shortened).
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label, Static, TabbedContent, TabPane

from reader.tui.keys import binding_ids, reader_node_types

KEY_NAMES = {
    "escape": "esc",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "question_mark": "?",
    "slash": "/",
    "full_stop": ".",
    "number_sign": "#",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "delete": "del",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
}
"""How keys are written in the help: lower case, short, as the README writes them."""

MOVING = ("↑ ↓ pgup pgdn home end", "move in a list or the article")
"""The moving keys every list and the article has (Textual's, not remappable by id)."""

Row = tuple[str, str, str]
"""(keys, what they do, binding ids)."""


def key_name(key: str) -> str:
    """`ctrl+f`, `esc`, `[`, `alt+←`: one key as the help writes it."""
    *mods, last = key.split("+")
    return "+".join([*mods, KEY_NAMES.get(last, last)])


def binding_rows(app: App[object], node_type: type[DOMNode], own: set[str]) -> list[Row]:
    """The rows of one class: its bindings (with its bases') whose id is in `own` (the
    reader's), with the keymap applied; the keys of one action on one row."""
    merged = node_type._merged_bindings.copy() if node_type._merged_bindings else None
    if merged is not None and app._keymap:
        merged.apply_keymap(app._keymap)
    rows: dict[str, tuple[list[str], str, list[str]]] = {}
    for bindings in merged.key_to_bindings.values() if merged else ():
        for binding in bindings:
            if not (binding.id in own and binding.description):
                continue
            keys, _, ids = rows.setdefault(binding.action, ([], binding.description, []))
            name = key_name(binding.key)
            if name not in keys:
                keys.append(name)
            if binding.id not in ids:
                ids.append(binding.id)
    return [(" ".join(keys), text, ", ".join(ids)) for keys, text, ids in rows.values()]


def key_groups(app: App[object], groups: list[tuple[str, list[type[DOMNode]]]]) -> list[Content]:
    """One block per group of panes, each row once across the whole help."""
    own = binding_ids(reader_node_types())
    seen: set[tuple[str, str]] = set()
    blocks: list[Content] = []
    for title, node_types in groups:
        rows = [row for t in node_types for row in binding_rows(app, t, own)]
        if title == "Everywhere":
            rows.append((*MOVING, ""))
        fresh = []
        for keys, text, ids in rows:
            if (keys, text) not in seen:
                seen.add((keys, text))
                fresh.append((keys, text, ids))
        if not fresh:
            continue
        lines = [Content.styled(title, "bold $text-accent")]
        for keys, text, ids in fresh:
            said = Content.assemble((f"  {keys:<22} ", "bold"), text)
            if ids:
                said = said.append(Content.styled(f"   {ids}", "$text-muted italic"))
            lines.append(said)
        blocks.append(Content("\n").join(lines))
    return blocks


SYNTAX: list[tuple[str, str]] = [
    ("can tho lao", "every word (AND); the last one is a prefix while you type"),
    ("da nang", "without diacritics: with or without them (Đà Nẵng)"),
    ("cần", "with diacritics: those diacritics (not cạn); hoà = hòa"),
    ('"ủy ban nhân dân"', "a phrase, word for word"),
    ("lũ OR bão", "either word"),
    ("bão -biển   bão NOT biển", "without a word"),
    ("manchestr united", "a near miss is searched as the archive's word (said above)"),
    ("title:vietlott", "in the title; also author: section: source: lang:en"),
    ('person:"Donald Trump"', "an entity, any spelling or alias; also place: org:"),
    ("place:hcm", "TP.HCM, Sài Gòn: one city"),
    ("date:2022   date:2022-09", "a year, a month"),
    ("date:2022-09-01..2022-09-30", "a range of days"),
    ("date:2023 place:hue", "no words: newest first"),
]
"""(an example query, what it finds): the README's Search section, shortened."""

SYNTAX_NOTES = (
    "When fewer than 20 articles have every word of a query of three words or more, those "
    "with all words but one follow, after a line that says how many.\n"
    "Ranking: words side by side as typed, in the title, repeated; then the newest.\n"
    "A query that does not parse is read literally: it never fails.\n"
    "s sorts by date or by relevance; ctrl+s saves the search, l lists saved searches."
)


def syntax_page() -> ComposeResult:
    """The search syntax: a title, the examples beside what they find (a meaning too long
    for its column wraps within it), then notes."""
    yield Static(Content.styled("Search syntax", "bold $text-accent"), classes="help-group")
    with Grid(classes="help-syntax-table"):
        for example, meaning in SYNTAX:
            yield Static(Content.styled(example, "bold"))
            yield Static(Content(meaning))
    yield Static(Content(SYNTAX_NOTES), classes="help-notes")


class HelpScreen(ModalScreen[None]):
    """The reader's keys, pane by pane, and the search syntax."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "close help", id="help.close"),
        Binding("left,right", "switch_page", "keys / search syntax", id="help.page", priority=True),
    ]
    """esc, ? or q closes the help; ← and → switch between keys and search syntax."""

    def __init__(self, groups: list[tuple[str, list[type[DOMNode]]]]) -> None:
        super().__init__()
        self.groups = groups

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            with TabbedContent(id="help-pages"):
                with TabPane("Keys", id="help-keys"), VerticalScroll():
                    for block in key_groups(self.app, self.groups):
                        yield Static(block, classes="help-group")
                with TabPane("Search syntax", id="help-syntax"), VerticalScroll():
                    yield from syntax_page()
            hint = "← → keys / search syntax · the ids are what keymap: in the config takes"
            yield Label(f"{hint} · esc close", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-keys VerticalScroll").focus()

    def action_switch_page(self) -> None:
        pages = self.query_one("#help-pages", TabbedContent)
        pages.active = "help-syntax" if pages.active == "help-keys" else "help-keys"
        self.query_one(f"#{pages.active} VerticalScroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)
