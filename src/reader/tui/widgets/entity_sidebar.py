"""The entity side-bar: the open article's people, places and organisations, with counts.

Names come in the order the article stores them: the extractor puts first what the article is
most about (title and lead, then mentions), never alphabetically or by archive count. Each
row is the name and, right-aligned, the number of archive articles naming it (the border says
so). A name too long for the bar is cut in the middle, and shown whole, on as many lines as it
needs, while it is highlighted. `enter` opens the entity's view; `f` narrows the search
results to it (`person:"…"` added to the query).
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
COUNTS_SAY = "n = archive articles"
"""What the numbers count, on the bar's bottom border."""
COUNTS_TOOLTIP = (
    "People, places and organisations of the article, what it is most about first. "
    "The number after a name: how many articles of the archive name it."
)


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


def fit_name(name: str, width: int) -> str:
    """`name` in `width` cells, whole words from its start and its end around an ellipsis when
    it is too long: the end of a long name is what tells it from its neighbours (`Liên hiệp…
    Việt Nam`, `Liên hiệp… TP Cần Thơ`), where a cut at the end left rows that read the same.
    A name with too few words for that is cut at its end."""
    if cell_len(name) <= width:
        return name
    words = name.split()
    tail: list[str] = []
    for word in reversed(words[1:]):
        if cell_len(" ".join([word, *tail])) > (width - 1) // 2:
            break
        tail.insert(0, word)
    room = width - cell_len(" ".join(tail)) - 2  # the ellipsis and a space
    head: list[str] = []
    for word in words[: len(words) - len(tail)]:
        if cell_len(" ".join([*head, word])) > room:
            break
        head.append(word)
    if not head or not tail:
        return fit(name, width)
    return f"{' '.join(head)}{ELLIPSIS} {' '.join(tail)}"


def entity_query(kind: str, name: str) -> str:
    """The search term for one entity: `person:"Nguyễn Văn A"`."""
    return f'{kind}:"{name.replace(chr(34), " ").strip()}"'


def narrowed_query(query: str, term: str) -> str:
    """`query` narrowed by `term`: the term added at the end (once: a query that has it
    already stays as it is)."""
    query = query.strip()
    if term.casefold() in query.casefold():
        return query
    return f"{query} {term}".strip()


def entity_row(name: str, count: int | None, width: int, whole: bool = False) -> Content:
    """One side-bar line: ` name…  12` filling `width` cells, the count right-aligned;
    `whole`: a name too long for the line goes on over the next lines, never cut, and the
    count ends its last line."""
    number = "" if count is None else f"{count:,}"
    room = max(1, width - 1 - (len(number) + 1 if number else 0))
    name = safe(name)
    if whole and cell_len(name) > room:
        *above, last = [line.rstrip() for line in Content(name).wrap(room)]
        lines = [Content(" ").append(line) for line in above]
        return Content("\n").join([*lines, _counted(last, number, width)])
    return _counted(Content(fit_name(name, room)), number, width)


def _counted(shown: Content, number: str, width: int) -> Content:
    """` shown` and, right-aligned in `width` cells, `number`."""
    gap = max(1, width - 1 - shown.cell_length - len(number)) if number else 0
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
        self._whole: int | None = None
        """The row shown whole (the highlighted one)."""

    def on_mount(self) -> None:
        self.border_title = "Entities"
        self.tooltip = COUNTS_TOOLTIP

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

    def _row(self, index: int, whole: bool) -> Content:
        key = self._keys[index]
        assert key is not None
        return entity_row(key[1], self.counts.get(key), self._width, whole=whole)

    @on(OptionList.OptionHighlighted)
    def _highlight_moved(self, event: OptionList.OptionHighlighted) -> None:
        """The highlighted name shows whole; the one before is cut to its line again."""
        event.stop()
        before, self._whole = self._whole, event.option_index
        if before == event.option_index:
            return
        for index, whole in ((before, False), (event.option_index, True)):
            if index is not None and 0 <= index < len(self._keys) and self._keys[index]:
                self.replace_option_prompt_at_index(index, self._row(index, whole))

    def _rebuild(self, keep: bool = False) -> None:
        highlighted = self.highlighted
        width = self._width = self._row_width()
        self._whole = None
        self.border_subtitle = COUNTS_SAY if self.entities else ""
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
