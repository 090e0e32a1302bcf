"""The entity side-bar: the open article's people, places and organisations, with counts.

Each row is one line: the name, cut with an ellipsis when it does not fit, and the number of
archive articles naming it, right-aligned. `enter` opens the entity's view; `f` narrows the
search results to it (`person:"…"` in the search box).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.article import ENTITY_KINDS, Entities
from reader.tui.messages import EntityChosen
from reader.tui.render import safe

HEADINGS = {"person": "People", "place": "Places", "org": "Organisations"}
ELLIPSIS = "…"


def fit(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells, ending in an ellipsis when cut."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out = []
    used = 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out).rstrip() + ELLIPSIS


def entity_query(kind: str, name: str) -> str:
    """The search term for one entity: `person:"Nguyễn Văn A"`."""
    return f'{kind}:"{name.replace(chr(34), " ").strip()}"'


def entity_row(name: str, count: int | None, width: int) -> Content:
    """One side-bar line: ` name…  12` filling `width` cells, the count right-aligned."""
    number = "" if count is None else str(count)
    room = max(1, width - 1 - (len(number) + 1 if number else 0))
    shown = fit(safe(name), room)
    gap = max(1, width - 1 - cell_len(shown) - len(number)) if number else 0
    return Content.assemble(" ", shown, " " * gap, (number, "$text-muted"))


class EntitySidebar(OptionList):
    """Entities of the open article; `enter` opens one, `f` narrows the results to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "up", show=False, id="entities.up"),
        Binding("enter", "select", "entity view", id="entities.open"),
        Binding("f", "narrow", "narrow results", id="entities.narrow"),
    ]
    """j/k move; enter opens the entity view; f puts `person:"…"` into the search box."""

    @dataclass
    class Opened(Message):
        """The user asked for one entity's view."""

        kind: str
        name: str

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.entities: Entities = Entities()
        """The entities shown."""
        self.counts: dict[tuple[str, str], int] = {}
        """Archive articles mentioning each (kind, name), as far as known."""
        self._keys: list[tuple[str, str] | None] = []
        self._note = ""
        self._width = 0

    def on_mount(self) -> None:
        self.border_title = "Entities"

    def show(
        self,
        entities: Entities,
        counts: dict[tuple[str, str], int] | None = None,
        note: str = "No people, places or organisations.",
    ) -> None:
        """Replace the list with `entities` (counts filled in later by `set_counts`)."""
        self.entities = entities
        self._note = note
        self.counts = dict(counts or {})
        self._rebuild()

    def set_counts(self, counts: dict[tuple[str, str], int]) -> None:
        """Show how many archive articles mention each entity."""
        self.counts.update(counts)
        self._rebuild(keep=True)

    @property
    def chosen(self) -> tuple[str, str] | None:
        """(kind, name) of the highlighted entity."""
        index = self.highlighted
        return self._keys[index] if index is not None and 0 <= index < len(self._keys) else None

    def _row_width(self) -> int:
        return max(8, self.scrollable_content_region.width or self.size.width or 26)

    def on_resize(self, event: Resize) -> None:
        if self._row_width() != self._width:
            self._rebuild(keep=True)

    def _rebuild(self, keep: bool = False) -> None:
        highlighted = self.highlighted
        width = self._width = self._row_width()
        options: list[Option] = []
        self._keys = []
        for kind in ENTITY_KINDS:
            names = self.entities.of_kind(kind)
            if not names:
                continue
            options.append(
                Option(Content.styled(HEADINGS[kind], "bold $text-accent"), disabled=True)
            )
            self._keys.append(None)
            for name in names:
                options.append(Option(entity_row(name, self.counts.get((kind, name)), width)))
                self._keys.append((kind, name))
        if not options:
            options.append(Option(Content(self._note), disabled=True))
            self._keys.append(None)
        self.set_options(options)
        if keep and highlighted is not None and highlighted < len(self._keys):
            self.highlighted = highlighted
        else:
            self.highlighted = next((i for i, key in enumerate(self._keys) if key), None)

    def action_narrow(self) -> None:
        key = self.chosen
        if key:
            self.post_message(EntityChosen(*key))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        key = self._keys[index] if 0 <= index < len(self._keys) else None
        if key:
            self.post_message(self.Opened(*key))
