"""The related panel under the article: the page's own related titles, each with its reason."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.messages import ArticleChosen
from reader.tui.render import safe


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One related title; `article_id` is None when no archived article has that title."""

    title: str
    reason: str
    article_id: str | None


class RelatedPanel(OptionList):
    """Related articles; `enter` opens one that is in the archive."""

    BINDINGS: list[BindingType] = [
        Binding("j", "cursor_down", "down", show=False, id="related.down"),
        Binding("k", "cursor_up", "up", show=False, id="related.up"),
        Binding("enter", "select", "open related", id="related.open"),
    ]
    """j/k move; enter opens the highlighted related article."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.items: tuple[RelatedItem, ...] = ()
        """The items shown."""

    def on_mount(self) -> None:
        self.border_title = "Related"

    def show(self, items: tuple[RelatedItem, ...], note: str = "") -> None:
        """Replace the list; `note` stands alone when there are no items."""
        self.items = items
        self.clear_options()
        self.border_title = "Related"
        if not items:
            self.add_option(Option(Content(note or "No related articles."), disabled=True))
            return
        for index, item in enumerate(items):
            title = safe(item.title)
            if item.article_id:
                prompt = Content.assemble((f"{item.reason} · ", "$text-muted"), title)
            else:
                prompt = Content.assemble(
                    (f"{item.reason} · ", "$text-muted"),
                    (title, "$text-muted"),
                    (" — not in the archive", "italic $text-muted"),
                )
            self.add_option(Option(prompt, id=f"r{index}", disabled=item.article_id is None))
        self.border_title = f"Related ({len(items)})"
        first = next((i for i, item in enumerate(items) if item.article_id), None)
        self.highlighted = first

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if 0 <= index < len(self.items) and self.items[index].article_id:
            self.post_message(ArticleChosen(self.items[index].article_id or ""))
