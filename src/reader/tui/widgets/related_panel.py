"""The related panel under the article: ranked related articles, each with its reason.

The list comes from `Archive.related`, computed in a thread worker of this panel (group
"related": a newer article cancels the older look-up, and searches run in their own group, so
neither waits for or cancels the other). Items in the archive open with `enter`; titles the
page linked that are not in the archive follow them: `enter` on one searches for it, and `f`
asks the app to fetch its page when the link's http(s) URL is known. After a fetch the app
calls `reload`, and a fetched page comes back as an archive article.

Each row is the title, then the reason dimmed after it, in whole words (`reasons.py`); `z`
shows the whole list at the reading pane's full height, and back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.fetch.urls import URL_PREFIXES
from reader.tui import messages as msg
from reader.tui.messages import ArticleChosen
from reader.tui.render import safe

if TYPE_CHECKING:
    from reader.archive import Archive
    from reader.model.article import Article
    from reader.related import RelatedList

_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class RelatedItem:
    """One related article; `article_id` is None when the title is not in the archive."""

    title: str
    reason: str
    article_id: str | None
    url: str | None = None


def related_items(related: RelatedList) -> tuple[RelatedItem, ...]:
    """The panel's items: ranked archive articles, then the titles not in the archive."""
    ranked = [RelatedItem(i.title, i.reason, i.id) for i in related.items]
    missing = [
        RelatedItem(m.title, "not in the archive", None, m.url) for m in related.not_in_archive
    ]
    return (*ranked, *missing)


# What a reload keeps highlighted: ids to prefer, then the id and title highlighted before.
Kept = tuple[list[str], str | None, str | None]


def _kept_index(items: tuple[RelatedItem, ...], keep: Kept) -> int:
    """Where the highlight goes in a reloaded list: the first preferred id it holds, else the
    item highlighted before (by id, or by title while it is not archived), else the top."""
    preferred, article_id, title = keep
    ids = [item.article_id for item in items]
    for wanted in preferred:
        if wanted in ids:
            return ids.index(wanted)
    for index, item in enumerate(items):
        if (article_id and item.article_id == article_id) or (
            not article_id and item.title == title
        ):
            return index
    return 0


def item_prompt(item: RelatedItem) -> Content:
    """One row: the title first, then why it is related (or that it is not archived), dimmed."""
    title = safe(item.title)
    if item.article_id:
        return Content.assemble(title, (f"  · {safe(item.reason)}", "italic $text-muted"))
    hint = "enter searches, f fetches" if fetchable_url(item) else "enter searches for it"
    return Content.assemble(
        (title, "$text-muted"), (f"  · not in the archive: {hint}", "italic $text-muted")
    )


def fetchable_url(item: RelatedItem) -> str | None:
    """The URL to fetch for an item not in the archive, when it is an http(s) one."""
    url = (item.url or "").strip()
    if item.article_id or not url.lower().startswith(URL_PREFIXES):
        return None
    return url


def title_query(title: str) -> str:
    """A plain query for a title: its words only, lower case (no operators, quotes or fields)."""
    return " ".join(_WORD.findall(title.lower()))


class RelatedPanel(OptionList):
    """Related articles; `enter` opens one, or searches for a title not in the archive, and
    `f` fetches the page of a title not in the archive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="related.down"),
        Binding("k", "cursor_up", "up", show=False, id="related.up"),
        Binding("enter", "select", "open related", id="related.open"),
        Binding("f", "fetch", "fetch page", id="related.fetch"),
        Binding("z", "zoom", "whole list", id="related.zoom"),
    ]
    """j/k move; enter opens the highlighted related article (or searches for its title); f
    downloads the page of a title not in the archive (and says why when it cannot); z shows
    the whole list at full height, and back."""

    @dataclass
    class SearchTitle(Message):
        """Search the archive for a linked title that is not in it."""

        query: str

    @dataclass
    class FetchPage(Message):
        """Fetch the page of a linked title that is not in the archive."""

        url: str
        title: str

    @dataclass
    class ZoomToggled(Message):
        """The user asked to see the whole list at full height (or to go back)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.items: tuple[RelatedItem, ...] = ()
        """The items shown."""
        self._shown: tuple[Archive, Article] | None = None
        self._keep: Kept | None = None
        """The archive and article of the last look-up, for `reload`."""

    def on_mount(self) -> None:
        self.border_title = "Related"

    def load(self, archive: Archive, article: Article) -> None:
        """Look up the related list of `article` in a worker; the screen shows the answer."""
        self._shown = (archive, article)
        self.show((), "Looking up related articles…")
        self.reload()

    def reload(self, keep: list[str] | None = None) -> None:
        """Look up the related list of the last article again (after the archive changed), in
        a worker; the list shown stays until the answer comes. The new list is highlighted
        on the first article of `keep` (ids) it holds, else on the item highlighted now."""
        if self._shown is None:
            return
        item = self._highlighted_item()
        before = (item.article_id, item.title) if item else (None, None)
        self._keep = (list(keep or ()), *before)
        archive, article = self._shown
        self.run_worker(
            lambda: self._look_up(archive, article),
            thread=True,
            group="related",
            exclusive=True,
            exit_on_error=False,
        )

    def _look_up(self, archive: Archive, article: Article) -> None:
        try:
            items = related_items(archive.related(article.id))
        except Exception:  # the index may be busy or damaged: the page's own titles still show
            items = tuple(RelatedItem(t, "linked", None) for t in article.related_titles)
        if not get_current_worker().is_cancelled:
            self.post_message(msg.RelatedReady(article.id, items))

    def show(self, items: tuple[RelatedItem, ...], note: str = "") -> None:
        """Replace the list; `note` stands alone when there are no items."""
        keep, self._keep = self._keep, None
        self.items = items
        self.clear_options()
        self.border_title = "Related"
        if not items:
            self.add_option(Option(Content(note or "No related articles."), disabled=True))
            return
        for index, item in enumerate(items):
            self.add_option(Option(item_prompt(item), id=f"r{index}"))
        found = sum(1 for item in items if item.article_id)
        missing = len(items) - found
        self.border_title = f"Related ({found}" + (
            f" · {missing} not archived)" if missing else ")"
        )
        self.highlighted = _kept_index(items, keep) if keep else 0

    def _highlighted_item(self) -> RelatedItem | None:
        index = self.highlighted
        return self.items[index] if index is not None and 0 <= index < len(self.items) else None

    def _why_no_fetch(self) -> str:
        item = self._highlighted_item()
        if item is None:
            return "Nothing to fetch: no related title is highlighted."
        if item.article_id:
            return "This article is in the archive already: enter opens it."
        return "The page did not give this title's link: enter searches the archive for it."

    def action_fetch(self) -> None:
        item = self._highlighted_item()
        url = fetchable_url(item) if item is not None else None
        if item is not None and url:
            self.post_message(self.FetchPage(url, item.title))
        else:
            self.notify(self._why_no_fetch(), markup=False, timeout=4)

    def action_zoom(self) -> None:
        self.post_message(self.ZoomToggled())

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        if not 0 <= index < len(self.items):
            return
        item = self.items[index]
        if item.article_id:
            self.post_message(ArticleChosen(item.article_id))
        elif title_query(item.title):
            self.post_message(self.SearchTitle(title_query(item.title)))
