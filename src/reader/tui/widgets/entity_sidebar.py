"""The entity side-bar: the open article's people, places and organisations, with counts."""

from __future__ import annotations

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.model.article import ENTITY_KINDS, Entities
from reader.tui.messages import EntityChosen
from reader.tui.render import safe

HEADINGS = {"person": "People", "place": "Places", "org": "Organisations"}


class EntitySidebar(OptionList):
    """Entities of the open article; `enter` narrows the results to one."""

    BINDINGS: list[BindingType] = [
        Binding("j", "cursor_down", "down", show=False, id="entities.down"),
        Binding("k", "cursor_up", "up", show=False, id="entities.up"),
        Binding("enter", "select", "narrow results", id="entities.narrow"),
    ]
    """j/k move; enter puts `person:"…"` (or place/org) into the search box."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.entities: Entities = Entities()
        """The entities shown."""
        self.counts: dict[tuple[str, str], int] = {}
        """Archive articles mentioning each (kind, name), as far as known."""
        self._keys: list[tuple[str, str] | None] = []
        self._note = ""

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
        highlighted = self.highlighted
        self._rebuild()
        self.highlighted = highlighted

    def _rebuild(self) -> None:
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
                count = self.counts.get((kind, name))
                label = Content.assemble(
                    " ", safe(name), (f" {count}" if count is not None else "", "$text-muted")
                )
                options.append(Option(label))
                self._keys.append((kind, name))
        if not options:
            options.append(Option(Content(self._note), disabled=True))
            self._keys.append(None)
        self.set_options(options)
        self.highlighted = next((i for i, key in enumerate(self._keys) if key), None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        key = self._keys[index] if 0 <= index < len(self._keys) else None
        if key:
            self.post_message(EntityChosen(*key))
