"""The facets panel beside the results: the current query's results counted by source,
section, year, month and language, and its most-named people, places and organisations.

Each row is a value and, right-aligned, how many results have it (what the query narrowed to
it finds). `enter` posts `Chosen` with the value's term; the screen adds the term to the query
in the search box, or takes it out again when the query has it (a chosen value is ticked).
Kinds no result has are left out; months are listed up to MONTHS_SHOWN, the newest (choosing
a year narrows them to its own).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.facets import FacetCounts, FacetGroup, FacetValue
from reader.tui.widgets.entity_sidebar import HEADINGS as ENTITY_HEADINGS
from reader.tui.widgets.entity_sidebar import entity_row

HEADINGS = {
    "source": "Sources",
    "section": "Sections",
    "year": "Years",
    "month": "Months",
    "language": "Languages",
    **ENTITY_HEADINGS,
}
MONTHS_SHOWN = 12
"""At most this many months, the newest."""
CHOSEN_MARK = "✓ "
CHOSEN_STYLE = "bold $text-accent"
COUNTING = "Counting…"
NOTHING = "No results to count."


def facet_row(value: FacetValue, width: int) -> Content:
    """One row: ` label…  count` in `width` cells; a chosen value ticked and coloured."""
    if value.chosen:
        return entity_row(CHOSEN_MARK + value.label, value.count, width).stylize(CHOSEN_STYLE)
    return entity_row(value.label, value.count, width)


def shown_values(group: FacetGroup) -> tuple[tuple[FacetValue, ...], int]:
    """The values of `group` the panel lists, and how many more it leaves out."""
    if group.name != "month":
        return group.values, 0
    return group.values[:MONTHS_SHOWN], max(0, len(group.values) - MONTHS_SHOWN)


class FacetPanel(OptionList):
    """Facet counts of the current query; `enter` narrows the query by a value (or widens it
    again by a chosen one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="facets.down"),
        Binding("k", "cursor_up", "up", show=False, id="facets.up"),
        Binding("enter", "select", "narrow / widen", id="facets.choose"),
    ]
    """j/k move; enter adds the value's term to the query, or removes it when chosen."""

    @dataclass
    class Chosen(Message):
        """The user chose a value: its term goes into the query (or out, when chosen)."""

        term: str

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.facets: FacetCounts | None = None
        """The counts shown (None: not counted yet)."""
        self._values: list[FacetValue | None] = []
        """The value of each row (None: a heading or a note)."""
        self._width = 0

    def on_mount(self) -> None:
        self.border_title = "Facets"
        self._rebuild()

    def show(self, facets: FacetCounts) -> None:
        """Replace the counts with `facets`, the highlight kept on the same term."""
        self.facets = facets
        self._rebuild()

    def _row_width(self) -> int:
        return max(8, self.scrollable_content_region.width or self.size.width or 26)

    def on_resize(self, event: Resize) -> None:
        if self._row_width() != self._width:
            self._rebuild()

    @property
    def highlighted_value(self) -> FacetValue | None:
        """The value of the highlighted row, if it is one."""
        index = self.highlighted
        return self._values[index] if index is not None and 0 <= index < len(self._values) else None

    def _rebuild(self) -> None:
        before = self.highlighted_value
        width = self._width = self._row_width()
        facets = self.facets
        options: list[Option] = []
        self._values = []

        def add(prompt: Content, value: FacetValue | None = None) -> None:
            options.append(Option(prompt, disabled=value is None))
            self._values.append(value)

        for group in facets.groups if facets is not None else ():
            values, more = shown_values(group)
            if not values:
                continue
            add(Content.styled(HEADINGS[group.name], "bold $text-accent"))
            for value in values:
                add(facet_row(value, width), value)
            if more:
                add(Content.styled(f" … {more:,} more: choose a year", "$text-muted"))
        if not options:
            add(Content(COUNTING if facets is None else NOTHING))
        self.border_subtitle = f"{facets.total:,} results" if facets is not None else ""
        self.set_options(options)
        terms = [value.term if value else None for value in self._values]
        if before is not None and before.term in terms:
            self.highlighted = terms.index(before.term)
        else:
            self.highlighted = next((i for i, term in enumerate(terms) if term), None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        value = self._values[index] if 0 <= index < len(self._values) else None
        if value is not None:
            self.post_message(self.Chosen(value.term))
