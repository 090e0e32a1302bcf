"""The open article's highlights and note (`H`): `enter` goes to a highlight, `delete` removes it.

The list is read from the archive's research folder in a worker when the screen opens, and
again after each removal (the numbers of the others move up). It returns the paragraph to
scroll the article to, or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.archive import Archive
from reader.tui.render import quoted, safe
from reader.tui.research_work import ResearchJobs

if TYPE_CHECKING:
    from reader.research.model import Highlight
    from reader.research.passages import Place

Places = list[tuple["Highlight", "Place | None"]]
MAX_QUOTE = 160
"""Characters of a highlight's quote shown in the list at most."""


def highlight_label(number: int, highlight: Highlight, place: Place | None) -> Content:
    """`3. ¶2 “quote…”  — comment`, where ¶ is where the quote stands in the article now."""
    quote = " ".join(safe(highlight.quote).split())
    if len(quote) > MAX_QUOTE:
        quote = quote[: MAX_QUOTE - 1] + "…"
    where = f"¶{place.paragraph}" if place is not None else "(no longer in the text)"
    label = Content.assemble((f"{number}. {where} ", "$text-muted"), f"“{quote}”")
    if highlight.comment:
        comment = " ".join(safe(highlight.comment).split())
        label = label.append(Content.styled(f"  — {comment}", "italic $text-accent"))
    return label


class HighlightsScreen(ModalScreen[int | None]):
    """One article's highlights, with its note above them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="highlights.close"),
        Binding("delete,d", "remove", "remove", id="highlights.remove"),
    ]
    """esc closes; delete (or d) removes the highlighted highlight."""

    def __init__(self, archive: Archive, jobs: ResearchJobs, article_id: str, title: str) -> None:
        super().__init__()
        self.archive = archive
        self.jobs = jobs
        self.article_id = article_id
        self.title_text = title
        self.places: Places = []
        """The highlights shown, with where each stands now."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog highlights-dialog"):
            title = f"Highlights and note of {quoted(self.title_text)}"
            yield Label(title, classes="dialog-title", markup=False)
            yield Static("", id="highlights-note", markup=False)
            yield OptionList(Option(Content("Reading…"), disabled=True), id="highlights-list")
            hint = "enter go to · del remove · esc close"
            yield Label(hint, classes="dialog-hint", markup=False)

    @property
    def items(self) -> OptionList:
        return self.query_one("#highlights-list", OptionList)

    def on_mount(self) -> None:
        self.items.focus()
        self._load()

    def _load(self) -> None:
        archive, article_id = self.archive, self.article_id

        def read() -> tuple[str, Places]:
            return archive.annotations(article_id).note, archive.highlight_places(article_id)

        self.jobs.run(self, read, self._show, "Reading the highlights")

    def _show(self, found: tuple[str, Places]) -> None:
        note, self.places = found
        shown = self.query_one("#highlights-note", Static)
        shown.update(safe(note.strip()) if note.strip() else "No note (a writes one).")
        shown.set_class(not note.strip(), "empty")
        if self.places:
            at = self.items.highlighted or 0
            self.items.set_options(
                Option(highlight_label(n, h, p)) for n, (h, p) in enumerate(self.places, 1)
            )
            self.items.highlighted = min(at, len(self.places) - 1)
        else:
            empty = Option(Content("No highlights (h marks a paragraph)."), disabled=True)
            self.items.set_options([empty])

    def action_close(self) -> None:
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "remove" or bool(self.places)

    def action_remove(self) -> None:
        index = self.items.highlighted
        if index is None or not 0 <= index < len(self.places):
            return
        archive, article_id, number = self.archive, self.article_id, index + 1

        def removed(_: object) -> None:
            self.notify(f"Highlight {number} removed.", markup=False, timeout=3)
            self._load()

        self.jobs.run(
            self, lambda: archive.remove_highlight(article_id, number), removed, "Removing"
        )

    @on(OptionList.OptionSelected, "#highlights-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if 0 <= index < len(self.places):
            place = self.places[index][1]
            paragraph = place.paragraph if place is not None else self.places[index][0].paragraph
            self.dismiss(paragraph)
