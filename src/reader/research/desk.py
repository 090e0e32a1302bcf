"""The research of one archive as the archive facade offers it: every operation in one place.

`ResearchDesk` ties the research folder (`store.py`), the trash (`trash.py`), citations and
exports to the archive's articles, which it reads through the callables it is given (the
facade's `get` and its search), so that this package needs neither the index nor the facade.
User mistakes raise `ResearchError` (or `AnnotationFormatError`, or `InvalidTag`), each one
line; the facade tells them as `ArchiveError`s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TextIO

from reader.model.article import Article
from reader.research import citation, export
from reader.research.lookup import ResearchSnapshot
from reader.research.migrate import MigrationReport, migrate_ui_state
from reader.research.model import Annotations, Highlight, TagCount, clean_tag, now
from reader.research.passages import Place, locate, passage
from reader.research.store import PinnedSnapshot, ResearchError, ResearchStore
from reader.research.trash import Trash, TrashEntry
from reader.text.normalize import fold

MAX_SEARCH_NAME = 200

ReadArticle = Callable[[str], Article]
"""An article by id (raises the archive's `ArticleNotFound` when there is none)."""
SearchIds = Callable[[str], list[str]]
"""The ids of every article matching a query."""


class ResearchDesk:
    """Annotations, read state, saved searches, citations, exports and the trash of one
    archive."""

    def __init__(self, root: Path, read_article: ReadArticle, exists: Callable[[str], bool]):
        self.root = root
        self.store = ResearchStore(root)
        self.trash = Trash(root)
        self._read_article = read_article
        self._exists = exists

    def snapshot(self) -> ResearchSnapshot:
        """Every annotation and the read state now."""
        return self.store.snapshot()

    def for_search(self) -> PinnedSnapshot:
        """What a search is handed: the snapshot, taken only if the query asks for it."""
        return self.store.for_search()

    # -- annotations -------------------------------------------------------------------------

    def annotations(self, article_id: str) -> Annotations:
        """The article's annotations (empty when it has none)."""
        return self.store.get(article_id)

    def _change(
        self, article_ids: Iterable[str], change: Callable[[Annotations], Annotations]
    ) -> list[Annotations]:
        """Apply `change` to articles that exist (checked first: nothing is written when one
        does not); a file written for the first time gets the article's title."""
        ids = list(dict.fromkeys(article_ids))
        for article_id in ids:
            if not self._exists(article_id):
                self._read_article(article_id)  # raises the archive's ArticleNotFound

        def titled(found: Annotations) -> Annotations:
            after = change(found)
            if after == found or after.is_empty or after.title:
                return after
            return replace(after, title=self._read_article(found.article_id).title)

        return self.store.update_many(ids, titled)

    def add_tags(self, article_ids: Iterable[str], tags: Iterable[str]) -> int:
        """Tag articles; returns how many gained a tag."""
        cleaned = tuple(clean_tag(t) for t in tags)
        return self._retag(article_ids, cleaned, ())

    def remove_tags(self, article_ids: Iterable[str], tags: Iterable[str]) -> int:
        """Take tags off articles (in any spelling); returns how many lost one."""
        cleaned = tuple(clean_tag(t) for t in tags)
        return self._retag(article_ids, (), cleaned)

    def _retag(
        self, article_ids: Iterable[str], added: tuple[str, ...], removed: tuple[str, ...]
    ) -> int:
        before = {i: self.store.get(i).tags for i in dict.fromkeys(article_ids)}
        results = self._change(before, lambda a: _tagged(a, added, removed))
        return sum(1 for r in results if r.tags != before[r.article_id])

    def tags(self, among: Iterable[str] | None = None) -> list[TagCount]:
        """Tags with the number of archive articles carrying each (of `among` when given)."""
        snapshot = self.snapshot()
        present = [i for i in snapshot.annotations if self._exists(i)]
        if among is not None:
            wanted = set(among)
            present = [i for i in present if i in wanted]
        return snapshot.tag_counts(present)

    def set_note(self, article_id: str, note: str) -> Annotations:
        """Replace the article's note (an empty one removes it)."""
        (found,) = self._change(
            [article_id], lambda a: a if a.note == note else a.changed(note=note)
        )
        return found

    def add_highlight(
        self, article_id: str, paragraph: int, sentence: int | None = None, comment: str = ""
    ) -> Highlight:
        """Highlight paragraph `paragraph` (or its sentence `sentence`) of the article's body,
        counted from 1 (`passages`); the passage's text is kept as its quote.

        Raises:
            ResearchError: the body has no such paragraph or sentence.
        """
        article = self._read_article(article_id)
        quote = passage(article.body, paragraph, sentence)
        if quote is None:
            where = f"paragraph {paragraph}" + (f", sentence {sentence}" if sentence else "")
            raise ResearchError(f"article {article_id!r} has no {where}")
        highlight = Highlight(quote, paragraph, sentence, comment, now())

        def add(found: Annotations) -> Annotations:
            return found.changed(highlights=(*found.highlights, highlight))

        self._change([article_id], add)
        return highlight

    def _highlight_change(
        self, article_id: str, number: int, change: Callable[[Highlight], Highlight | None]
    ) -> Highlight:
        found = self.store.get(article_id)
        if not 1 <= number <= len(found.highlights):
            raise ResearchError(f"article {article_id!r} has no highlight {number}")
        target = found.highlights[number - 1]

        def apply(current: Annotations) -> Annotations:
            kept = list(current.highlights)
            if number > len(kept) or kept[number - 1] != target:
                raise ResearchError(f"highlight {number} of {article_id!r} changed meanwhile")
            new = change(target)
            if new is None:
                del kept[number - 1]
            else:
                kept[number - 1] = new
            return current.changed(highlights=tuple(kept))

        self._change([article_id], apply)
        return target

    def comment_highlight(self, article_id: str, number: int, comment: str) -> Highlight:
        """Set the comment of highlight `number` (from 1); returns the highlight as it was."""
        return self._highlight_change(article_id, number, lambda h: replace(h, comment=comment))

    def remove_highlight(self, article_id: str, number: int) -> Highlight:
        """Remove highlight `number` (from 1); returns it."""
        return self._highlight_change(article_id, number, lambda h: None)

    def highlight_places(self, article_id: str) -> list[tuple[Highlight, Place | None]]:
        """The article's highlights with where each stands in its body now (None: the body
        no longer holds it), for showing them marked."""
        article = self._read_article(article_id)
        found = self.store.get(article_id)
        return [
            (h, locate(article.body, h.quote, h.paragraph, h.sentence)) for h in found.highlights
        ]

    # -- bookmarks and read state ------------------------------------------------------------

    def set_bookmark(self, article_id: str, on: bool = True) -> bool:
        """Bookmark the article (or remove its bookmark); True when that changed anything."""
        before = self.store.get(article_id).is_bookmarked

        def mark(found: Annotations) -> Annotations:
            if found.is_bookmarked == on:
                return found
            return found.changed(bookmarked=now() if on else None)

        self._change([article_id], mark)
        return before != on

    def toggle_bookmark(self, article_id: str) -> bool:
        """Bookmark the article, or remove its bookmark; True when it is now bookmarked."""
        on = not self.store.get(article_id).is_bookmarked
        self.set_bookmark(article_id, on)
        return on

    def bookmarks(self) -> list[str]:
        """Ids of the bookmarked articles of the archive, most recently bookmarked first."""
        return [i for i in self.snapshot().bookmarks() if self._exists(i)]

    def mark_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread); returns how many changed."""
        return self.store.set_read(article_ids, read)

    def is_read(self, article_id: str) -> bool:
        return self.snapshot().is_read(article_id)

    def next_unread(self, ids: Sequence[str], after: str | None = None) -> str | None:
        """The first unread id of `ids` after `after` (from the start when `after` is None or
        not in `ids`), wrapping around; None when all are read."""
        snapshot = self.snapshot()
        start = ids.index(after) + 1 if after is not None and after in ids else 0
        for article_id in (*ids[start:], *ids[:start]):
            if article_id != after and not snapshot.is_read(article_id):
                return article_id
        return None

    # -- saved searches ----------------------------------------------------------------------

    def saved_searches(self) -> dict[str, str]:
        """Saved searches, name -> query, in the order saved."""
        return self.store.searches()

    def save_search(self, name: str, query: str) -> None:
        """Save `query` under `name` (replacing a search of that name)."""
        name = " ".join(name.split())
        if not name or len(name) > MAX_SEARCH_NAME:
            raise ResearchError(f"a saved search needs a name of 1 to {MAX_SEARCH_NAME} characters")

        def put(saved: dict[str, str]) -> dict[str, str]:
            saved[name] = query
            return saved

        self.store.change_searches(put)

    def delete_saved_search(self, name: str) -> bool:
        """Forget a saved search; False when there was none of that name."""
        gone: list[str] = []

        def drop(saved: dict[str, str]) -> dict[str, str]:
            if saved.pop(name, None) is not None:
                gone.append(name)
            return saved

        self.store.change_searches(drop)
        return bool(gone)

    def migrate_ui_state(self, state_path: Path) -> MigrationReport:
        """Take over the read state, bookmarks and saved searches of the reader's old state
        file, once (`migrate.py`)."""
        return migrate_ui_state(self.store, state_path, self.root)

    # -- citations and exports ---------------------------------------------------------------

    def _articles(self, article_ids: Iterable[str], skip_unreadable: bool) -> list[Article]:
        found = []
        for article_id in article_ids:
            try:
                found.append(self._read_article(article_id))
            except Exception:
                if not skip_unreadable:
                    raise
        return found

    def cite(
        self,
        article_ids: Sequence[str],
        style: str = "plain",
        fmt: str = "text",
        accessed: date | None = None,
        with_notes: bool = False,
    ) -> str:
        """Citations of the articles, in the order given (`citation.cite`)."""
        if style not in citation.STYLES:
            raise ResearchError(f"no citation style {style!r} ({', '.join(citation.STYLES)})")
        if fmt not in citation.FORMATS:
            raise ResearchError(f"no citation format {fmt!r} ({', '.join(citation.FORMATS)})")
        articles = self._articles(article_ids, skip_unreadable=False)
        notes = [self.store.get(a.id) for a in articles] if with_notes else None
        return citation.cite(articles, style, fmt, accessed, notes)

    def export(
        self,
        article_ids: Iterable[str],
        fmt: str,
        out: TextIO,
        *,
        with_notes: bool = False,
        accessed: date | None = None,
        heading: str = "Articles",
    ) -> int:
        """Write the articles in date order (`export.export`); an article whose file cannot
        be read is left out. Returns how many were written."""
        if fmt not in export.FORMATS:
            raise ResearchError(f"no export format {fmt!r} ({', '.join(export.FORMATS)})")
        articles = self._articles(article_ids, skip_unreadable=True)
        notes = {a.id: self.store.get(a.id) for a in articles} if with_notes else None
        return export.export(
            articles, fmt, out, annotations=notes, accessed=accessed, heading=heading
        )

    def dossier(
        self,
        title: str,
        query: str,
        article_ids: Iterable[str],
        *,
        style: str = "apa",
        accessed: date | None = None,
    ) -> str:
        """A dossier of the articles (`export.dossier`)."""
        if style not in citation.STYLES:
            raise ResearchError(f"no citation style {style!r} ({', '.join(citation.STYLES)})")
        articles = self._articles(article_ids, skip_unreadable=True)
        notes = {a.id: self.store.get(a.id) for a in articles}
        return export.dossier(title, query, articles, notes, style=style, accessed=accessed)

    def tagged(self, tag: str) -> list[str]:
        """Ids of the archive's articles carrying `tag` (any spelling)."""
        ids = self.snapshot().ids("tag", clean_tag(tag), False)
        return sorted(i for i in ids if self._exists(i))

    def spelling(self, tag: str, ids: Iterable[str]) -> str:
        """`tag` as the articles `ids` carry it (`lao` typed, `Lào` stored), the most used
        spelling first; `tag` itself when none of them carries it."""
        wanted = fold(clean_tag(tag))
        for found in sorted(self.tags(ids), key=lambda t: -t.count):
            if fold(found.tag) == wanted:
                return found.tag
        return tag

    # -- the trash ---------------------------------------------------------------------------

    def remove(self, article_id: str) -> TrashEntry:
        """Move the article's files (article, raw pages, annotations) to the trash."""
        title = self._read_article(article_id).title
        with self.store.locked():
            return self.trash.remove(article_id, title)

    def trashed(self) -> list[TrashEntry]:
        """What the trash holds, the most recently removed first."""
        return self.trash.entries()

    def restore(self, name_or_id: str) -> TrashEntry:
        """Put a removed article's files back (an article id: its newest entry; `<id>~2`:
        that entry)."""
        with self.store.locked():
            return self.trash.restore(name_or_id)

    def empty_trash(self, name_or_id: str | None = None) -> int:
        """Delete one entry of the trash for good, or all of them; returns how many."""
        return self.trash.empty(name_or_id)


def _tagged(found: Annotations, added: tuple[str, ...], removed: tuple[str, ...]) -> Annotations:
    changed = found.with_tags(added, removed)
    return found if changed.tags == found.tags else found.changed(tags=changed.tags)
