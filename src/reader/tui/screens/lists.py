"""Modal lists: bookmarks, saved searches (live folders) and naming a search.

Both live in the archive's research folder: the lists are read, and their entries deleted
and put back, by `ResearchJobs` off the event loop; what they show beyond that (the bookmarked
articles' titles, the saved searches' counts) is read in thread workers and filled in as it
comes. `u` puts the last deleted entry back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.worker import get_current_worker

from reader.archive import Archive, ArchiveError
from reader.model.article import Article
from reader.tui.render import quoted, safe, short_date
from reader.tui.research_work import ResearchJobs
from reader.tui.widgets.line_input import LineInput

Undo = Callable[[], None]
"""Puts a deleted entry back (and tells the user once it is)."""

UNREAD_SCAN = 500
"""Hits examined per saved search to count the unread ones."""
TITLES_BATCH = 20
"""Bookmarked articles read between two updates of the list."""


class _ListScreen(ModalScreen[str | None]):
    """A titled option list in a box; `esc` closes it, `enter` returns the chosen value."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="list.close"),
        Binding("j", "cursor_down", "down", show=False, id="list.down"),
        Binding("k", "cursor_up", "up", show=False, id="list.up"),
        Binding("d,delete", "delete", "delete", id="list.delete"),
        Binding("u", "undo", "undo delete", id="list.undo"),
    ]
    """esc closes; j/k move; d deletes the highlighted entry; u puts it back."""

    TITLE_TEXT = ""

    def __init__(self) -> None:
        super().__init__()
        self._deleted: list[tuple[int, Option, Undo]] = []
        """What `u` puts back, the last deleted last: (index, option, undo)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.TITLE_TEXT, classes="dialog-title", markup=False)
            yield OptionList(id="items")
            hint = "enter open · d delete · u undo · esc close"
            yield Label(hint, classes="dialog-hint", markup=False)

    @property
    def items(self) -> OptionList:
        return self.query_one("#items", OptionList)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.items.action_cursor_down()

    def action_cursor_up(self) -> None:
        self.items.action_cursor_up()

    def action_delete(self) -> None:
        index = self.items.highlighted
        undo = self.delete_entry(index) if index is not None else None
        if index is None or undo is None:
            return
        option = self.items.get_option_at_index(index)
        self._deleted.append((index, option, undo))
        self.items.remove_option_at_index(index)
        if self.items.option_count == 0:
            self.items.add_option(Option(Content(self.EMPTY_TEXT), disabled=True))
        else:
            self.items.highlighted = min(index, self.items.option_count - 1)

    def action_undo(self) -> None:
        """Put the last deleted entry back where it was."""
        if not self._deleted:
            self.notify("Nothing to undo.", markup=False, timeout=2)
            return
        index, option, undo = self._deleted.pop()
        undo()
        options = [o for o in self.items.options if not o.disabled or o.id is not None]
        options.insert(min(index, len(options)), Option(option.prompt, id=option.id))
        self.items.set_options(options)
        self.items.highlighted = min(index, len(options) - 1)

    EMPTY_TEXT = ""

    def delete_entry(self, index: int) -> Undo | None:
        """Forget the entry at `index`; what puts it back (and says so), or None when there
        is no entry there."""
        return None

    def show_entries(self, options: list[Option]) -> None:
        """Show the entries read (or that there are none)."""
        if not options:
            options.append(Option(Content(self.EMPTY_TEXT), disabled=True))
        self.items.set_options(options)
        self.items.highlighted = 0


def bookmark_label(article_id: str, article: Article | None) -> Content:
    """A bookmark's line: the article's date and title, or that it is no longer in the
    archive (None)."""
    if article is None:
        return Content.assemble((f"(no longer in the archive) {article_id}", "$text-muted"))
    return Content.assemble(
        (short_date(article.published), "$text-muted"), " ", safe(article.title)
    )


class BookmarksScreen(_ListScreen):
    """The bookmarked articles, newest bookmark first; `enter` opens one.

    The list shows at once, each bookmark by its id; the titles are read from the article
    files in a thread worker and replace the ids as they come.
    """

    TITLE_TEXT = "Bookmarks"
    EMPTY_TEXT = "No bookmarks yet: press m on an article."

    @dataclass
    class TitlesRead(Message, bubble=False):
        """A worker read some bookmarked articles: id -> their line in the list."""

        labels: dict[str, Content]

    def __init__(self, archive: Archive, jobs: ResearchJobs) -> None:
        super().__init__()
        self.archive = archive
        self.jobs = jobs
        self.titles: dict[str, str] = {}
        """The bookmarked articles' titles, as they are read."""

    def on_mount(self) -> None:
        self.items.focus()
        self.jobs.run(self, self.archive.bookmarks, self._listed, "Reading the bookmarks")

    def _listed(self, ids: list[str]) -> None:
        self.show_entries(
            [Option(Content.styled(article_id, "$text-muted"), id=article_id) for article_id in ids]
        )
        if ids:
            self.read_titles(ids)

    @work(thread=True, exclusive=True, group="bookmarks", exit_on_error=False, description="titles")
    def read_titles(self, article_ids: list[str]) -> None:
        """Read the bookmarked articles' dates and titles off the event loop."""
        worker = get_current_worker()
        labels: dict[str, Content] = {}
        for article_id in article_ids:
            if worker.is_cancelled:
                return
            try:
                article: Article | None = self.archive.get(article_id)
            except ArchiveError:
                article = None
            if article is not None:
                self.titles[article_id] = article.title
            labels[article_id] = bookmark_label(article_id, article)
            if len(labels) == TITLES_BATCH:
                self.post_message(self.TitlesRead(labels))
                labels = {}
        if labels:
            self.post_message(self.TitlesRead(labels))

    @on(TitlesRead)
    def _titles_read(self, event: BookmarksScreen.TitlesRead) -> None:
        for article_id, label in event.labels.items():
            try:
                self.items.replace_option_prompt(article_id, label)
            except OptionDoesNotExist:
                continue  # deleted while it was being read

    def delete_entry(self, index: int) -> Undo | None:
        article_id = self.items.get_option_at_index(index).id
        if article_id is None:
            return None
        archive = self.archive
        title = quoted(self.titles.get(article_id, article_id))
        self.jobs.run(
            self,
            lambda: archive.set_bookmark(article_id, False),
            lambda _: self.notify(f"Bookmark removed: {title} (u undoes)", markup=False),
            "Removing the bookmark",
        )

        def undo() -> None:
            self.jobs.run(
                self,
                lambda: archive.set_bookmark(article_id, True),
                lambda _: self.notify(f"Bookmark back: {title}", markup=False, timeout=3),
                "Bookmarking again",
            )

        return undo

    @on(OptionList.OptionSelected, "#items")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class SavedSearchesScreen(_ListScreen):
    """Saved searches with their current hit and unread counts; `enter` runs one."""

    TITLE_TEXT = "Saved searches"
    EMPTY_TEXT = "No saved searches yet: press ctrl+s to save the query."

    @dataclass
    class Counted(Message, bubble=False):
        """A worker ran the saved search `name`: its total and its unread hits."""

        name: str
        total: int
        unread: int

    def __init__(self, archive: Archive, jobs: ResearchJobs) -> None:
        super().__init__()
        self.archive = archive
        self.jobs = jobs
        self.saved: dict[str, str] = {}
        """The saved searches, name -> query (once read)."""
        self._names: list[str] = []

    def _label(self, name: str, counts: tuple[int, int] | None) -> Content:
        query = self.saved[name]
        tail = " …" if counts is None else f"  {counts[0]} articles, {counts[1]} unread"
        return Content.assemble(
            (safe(name), "bold"), ("  " + safe(query), "$text-muted"), (tail, "$text-accent")
        )

    def on_mount(self) -> None:
        self.items.focus()
        self.jobs.run(self, self.archive.saved_searches, self._listed, "Reading saved searches")

    def _listed(self, saved: dict[str, str]) -> None:
        self.saved = saved
        self._names = sorted(saved, key=str.casefold)
        self.show_entries(
            [Option(self._label(name, None), id=f"s{i}") for i, name in enumerate(self._names)]
        )
        if self._names:
            self.count_hits(dict(saved))

    @work(thread=True, exclusive=True, group="saved-searches", exit_on_error=False)
    def count_hits(self, saved: dict[str, str]) -> None:
        """Run each saved search for its total and how many of its hits are unread."""
        for name, query in saved.items():
            if get_current_worker().is_cancelled:
                return
            try:
                result = self.archive.search(query, limit=UNREAD_SCAN)
                unread = sum(1 for hit in result.hits if not self.archive.is_read(hit.id))
            except Exception:  # show the name without counts rather than fail the list
                continue
            self.post_message(self.Counted(name, result.total, unread))

    @on(Counted)
    def _counted(self, event: SavedSearchesScreen.Counted) -> None:
        if event.name in self._names:  # not deleted meanwhile
            self.items.replace_option_prompt_at_index(
                self._names.index(event.name),
                self._label(event.name, (event.total, event.unread)),
            )

    def delete_entry(self, index: int) -> Undo | None:
        if not 0 <= index < len(self._names):
            return None
        name = self._names.pop(index)
        query = self.saved[name]
        archive = self.archive
        self.jobs.run(
            self,
            lambda: archive.delete_saved_search(name),
            lambda _: self.notify(f"Saved search deleted: {name} (u undoes)", markup=False),
            "Deleting the saved search",
        )

        def undo() -> None:
            self._names.insert(min(index, len(self._names)), name)
            self.jobs.run(
                self,
                lambda: archive.save_search(name, query),
                lambda _: self.notify(f"Saved search back: {name}", markup=False, timeout=3),
                "Saving the search again",
            )

        return undo

    @on(OptionList.OptionSelected, "#items")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        index = event.option_index
        if 0 <= index < len(self._names):
            self.dismiss(self.saved[self._names[index]])


class SaveSearchScreen(ModalScreen[str | None]):
    """Asks for a name for the current query."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "cancel", id="save.cancel")]
    """esc cancels."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query_text = query

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label("Save this search as:", classes="dialog-title", markup=False)
            yield Label(self.query_text or "(newest articles)", classes="dialog-hint", markup=False)
            yield LineInput(value=self.query_text[:40], id="name")

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_close(self) -> None:
        self.dismiss(None)
