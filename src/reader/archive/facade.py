"""`Archive`: the one API the command line and the TUI call, and nothing else.

It ties the article files (`ArchiveStore`) to the derived search index (`SearchIndex`, kept in
line by `IndexKeeper`): imports write files first and then index them; opening an archive
brings a missing or stale index up to date from the files, which stay the source of truth.
Every method delegates to the module that holds its policy.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.archive import imports
from reader.archive.errors import ArchiveError, ArticleNotFound
from reader.archive.identity import archive_origin
from reader.archive.index_keeper import IndexKeeper, Progress, SyncReport
from reader.config import Config
from reader.index.folder import IndexFolderRefused, ensure_own, placement_problem
from reader.lock import archive_lock
from reader.model.article import Article
from reader.model.canonical import ArticleFormatError
from reader.store import ArchiveStore, UnsafeIdError

if TYPE_CHECKING:
    from datetime import date
    from typing import TextIO

    from reader.archive.feeds import FeedStatus, FeedUpdate, OpmlOutcome, UpdateRun
    from reader.entities.catalog import EntityCount, EntityView
    from reader.entities.known import KnownNames
    from reader.entities.reextract import ReextractReport
    from reader.feeds.model import Subscription
    from reader.feeds.store import FeedStore
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FetchOutcome, FetchRun
    from reader.importer import ImportOutcome, ImportSummary
    from reader.index.interface import SearchIndex
    from reader.model.facets import FacetCounts
    from reader.model.search import SearchResult
    from reader.related import RelatedList
    from reader.research.desk import ResearchDesk
    from reader.research.migrate import MigrationReport
    from reader.research.model import Annotations, Highlight, TagCount
    from reader.research.passages import Place
    from reader.research.trash import TrashEntry

RELATED_LIMIT = 12
"""Articles a related list holds unless asked otherwise: the TUI's panel and the CLI's."""


class Archive:
    """An archive folder and its index."""

    def __init__(self, config: Config) -> None:
        """
        Raises:
            ArchiveError: the index folder is the archive folder, one lies inside the other,
                or the index folder holds files the reader did not write (checked here, before
                any command writes anything).
        """
        problem = placement_problem(config.archive_dir, config.index_dir)
        if problem is not None:
            raise ArchiveError(problem)
        try:
            ensure_own(config.index_dir)
        except IndexFolderRefused as exc:
            raise ArchiveError(str(exc)) from None
        self.config = config
        self.store = ArchiveStore(config.archive_dir)
        self._keeper = IndexKeeper(config, self.store)

    # -- where things are --------------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The archive folder."""
        return self.config.archive_dir

    @property
    def index_dir(self) -> Path:
        """The folder of the archive's search index (what `reader index` builds)."""
        return self.config.index_dir

    @property
    def keymap(self) -> tuple[tuple[str, str], ...]:
        """The reader's remapped keys from the config (binding id, keys)."""
        return self.config.keymap

    @property
    def theme(self) -> str | None:
        """The reader's colour theme from the config (`theme:`), None when none is set."""
        return self.config.theme

    @property
    def on_repair(self) -> Callable[[str], None] | None:
        """Told, in one line, when a damaged index found while answering has been rebuilt."""
        return self._keeper.on_repair

    @on_repair.setter
    def on_repair(self, tell: Callable[[str], None] | None) -> None:
        self._keeper.on_repair = tell

    def archive_origin(self) -> tuple[str, str] | None:
        """(archive id, resolved path), which the index records (`identity.py`)."""
        return archive_origin(self.root)

    def has_article(self, article_id: str) -> bool:
        """Whether the archive holds an article with this id (a malformed id: no)."""
        try:
            return self.store.exists(article_id)
        except UnsafeIdError:
            return False

    def ids_starting_with(self, prefix: str) -> list[str]:
        """The ids of the archive's articles that start with `prefix`, sorted (an id given
        in part; a prefix no id could start with finds none)."""
        return self.store.ids_starting_with(prefix)

    def is_empty(self) -> bool:
        """Whether the archive holds no article (stops at the first it finds)."""
        return self.store.is_empty()

    # -- the index ---------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The open index, created empty when there is none yet."""
        return self._keeper.index

    def has_index(self) -> bool:
        """Whether an index has been built in the index folder (it may still be outdated)."""
        return self._keeper.has_index()

    def keep_index_warm(self) -> None:
        """Prepare each new generation of the index for its first queries in the background
        (the entity tables, the word lists of typo look-ups): for an app kept open while the
        archive changes. A one-shot command does not need it."""
        self._keeper.keep_warm()

    def close(self) -> None:
        self._keeper.close()

    def sync_index(
        self, progress: Progress | None = None, *, quick: bool = False, thorough: bool = False
    ) -> SyncReport:
        """Index new and edited article files and drop deleted ones (`IndexKeeper.sync`)."""
        return self._keeper.sync(progress, quick=quick, thorough=thorough)

    def rebuild_index(self, progress: Progress | None = None) -> SyncReport:
        """Build the index again from the article files (holding the archive lock, unless
        the archive is read-only)."""
        with archive_lock(self.root, index_only=True):
            return self._keeper.rebuild(SyncReport(), progress)

    def check_index(self) -> list[str]:
        """Problems between the files and the index; empty when they agree."""
        return self._keeper.check()

    # -- articles ----------------------------------------------------------------------------

    def get(self, article_id: str) -> Article:
        """One article, read from its file."""
        try:
            return self.store.read(article_id)
        except (UnsafeIdError, FileNotFoundError):
            raise ArticleNotFound(f"no article with id {article_id!r}") from None
        except ArticleFormatError as exc:
            raise ArchiveError(f"article {article_id!r} cannot be read: {exc}") from None

    def article_path(self, article_id: str) -> Path:
        """The file of an article of the archive (to open in an editor, say)."""
        try:
            return self.store.stored(article_id).path
        except (UnsafeIdError, FileNotFoundError):
            raise ArticleNotFound(f"no article with id {article_id!r}") from None

    def reindex(self, article_id: str) -> bool:
        """Read one article's file again and index it as it is now: after an edit, the
        search, the related lists and the entities follow at once (no sync of the whole
        archive). False when another process is writing the archive or its index: the next
        sync indexes the file.

        Raises:
            ArticleNotFound: there is no such article file.
            ArchiveError: the file no longer reads as an article (one line, with its path);
                the index keeps the version it had until the file is fixed (a sync in the
                meantime drops it, as it drops any unreadable file's).
        """
        try:
            return self._keeper.reindex(article_id)
        except (UnsafeIdError, FileNotFoundError):
            raise ArticleNotFound(f"no article with id {article_id!r}") from None
        except ArticleFormatError as exc:
            path = self.store.path_for(article_id)
            raise ArchiveError(f"{path} cannot be read as an article: {exc}") from None

    def import_paths(
        self,
        paths: Iterable[Path],
        on_total: Callable[[int], None] | None = None,
        on_outcomes: Callable[[list[ImportOutcome]], None] | None = None,
    ) -> ImportSummary:
        """Import files and folders into the archive, then index what was stored."""
        return imports.import_paths(self._keeper, paths, on_total, on_outcomes)

    def fetch(
        self,
        urls: Iterable[str],
        feeds: Iterable[str] = (),
        *,
        options: FetchOptions | None = None,
        cancel: threading.Event | None = None,
        on_total: Callable[[int], None] | None = None,
        on_start: Callable[[str], None] | None = None,
        on_outcome: Callable[[FetchOutcome], None] | None = None,
    ) -> FetchRun:
        """Download pages (and the new items of feeds), import them, and index what was stored.

        Safe to call from a worker thread: set `cancel` to stop between two pages. URLs already
        in the archive are reported as duplicates without being downloaded. Whatever was stored
        is indexed, even when the run is cancelled or interrupted.
        """
        return imports.fetch(
            self._keeper,
            urls,
            feeds,
            options=options,
            cancel=cancel,
            on_total=on_total,
            on_start=on_start,
            on_outcome=on_outcome,
        )

    # -- feed subscriptions (`feeds.yaml`, `reader.archive.feeds`) ----------------------------

    def _feeds(self) -> FeedStore:
        from reader.feeds.store import FeedStore

        return FeedStore(self.root)

    def feeds(self) -> list[FeedStatus]:
        """Every subscription, in the order subscribed, with when it was last updated, its
        last error, and its counts: articles the last update added, articles fetched through
        it, and those of them unread (the research folder's read state)."""
        from reader.archive import feeds

        with _told():
            snapshot = self._research().snapshot()
            return feeds.statuses(self._feeds(), self.has_article, snapshot.is_read)

    def add_feed(self, url: str, name: str | None = None, tags: Iterable[str] = ()) -> Subscription:
        """Subscribe to an RSS or Atom feed (downloaded at the next `update_feeds`); without
        a name it is named after its host. A URL or name already subscribed is refused."""
        from reader.archive import feeds

        with _told():
            return feeds.add(self._feeds(), url, name, tags)

    def remove_feed(self, name_or_url: str) -> Subscription:
        """Unsubscribe from a feed, named or by URL; its articles stay in the archive."""
        from reader.archive import feeds

        with _told():
            return feeds.remove(self._feeds(), name_or_url)

    def feed_items(self, name_or_url: str) -> list[str]:
        """Ids of the articles fetched through a feed, the latest fetched first: exactly
        its own (its `FeedStatus.query`, `feed:"NAME"`, searches its name as a source, and
        finds as well an article whose source has the same words)."""
        from reader.archive import feeds

        with _told():
            return feeds.items(self._feeds(), name_or_url, self.has_article)

    def update_feeds(
        self,
        names: Sequence[str] = (),
        *,
        options: FetchOptions | None = None,
        cancel: threading.Event | None = None,
        on_total: Callable[[int], None] | None = None,
        on_start: Callable[[str], None] | None = None,
        on_outcome: Callable[[FetchOutcome], None] | None = None,
        on_feed: Callable[[FeedUpdate], None] | None = None,
    ) -> UpdateRun:
        """Download every subscription (or those named), politely, and import their new
        items; each feed's outcome is kept in `feeds.yaml` (`reader.archive.feeds`).

        Safe to call from a worker thread: `cancel` stops it between two pages (what was
        stored is kept and indexed). `on_feed` is told each feed's result as it is decided,
        `on_outcome` each page's; `on_total`/`on_start` count the downloads as `fetch` does.
        """
        from reader.archive import feeds

        return feeds.update(
            self._keeper,
            self._feeds(),
            names,
            options=options,
            cancel=cancel,
            on_total=on_total,
            on_start=on_start,
            on_outcome=on_outcome,
            on_feed=on_feed,
        )

    def import_opml(self, data: bytes) -> list[OpmlOutcome]:
        """Subscribe to the feeds of an OPML file (folders and categories become tags); each
        is added, a duplicate (already subscribed) or failed with its reason."""
        from reader.archive import feeds

        with _told():
            return feeds.import_opml(self._feeds(), data)

    def export_opml(self) -> str:
        """The subscriptions as an OPML 2.0 document (tags as categories)."""
        from reader.archive import feeds

        with _told():
            return feeds.export_opml(self._feeds())

    def related_links(self, article_id: str) -> tuple[tuple[str, str], ...]:
        """The related-article links (title, URL) the article's page carried.

        Stored in the front matter since fetches record them; for older files, read again
        from the raw page kept beside the article.
        """
        article = self.get(article_id)
        if article.related_links:
            return article.related_links
        try:
            data = self.store.raw_path_for(article.id, ".html").read_bytes()
        except (OSError, UnsafeIdError):
            return ()
        from reader.fetch.content import decode_page
        from reader.fetch.links import related_links
        from reader.ingest.errors import IngestError
        from reader.ingest.markup import bound_page_bytes

        try:
            # Kept by an older version, a raw page may not have had its tags bounded.
            html = decode_page(bound_page_bytes(data), None)
        except IngestError:
            return ()
        return related_links(html, article.url or "")

    # -- search and related ------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        sort: str = "relevance",
        typing: bool = True,
        offset: int = 0,
    ) -> SearchResult:
        """Search the index; an empty query lists the newest articles.

        `typing`: the query is being typed, so its last word may still be incomplete (a
        prefix); a finished query (the command line) means every word as written.
        `offset`: the hits start after the first `offset` of the list (a later page of it;
        the count is the whole list's). `tag:`, `note:`, `has:` and `is:` ask the research
        folder as it is now (a `stat` of it when nothing changed; nothing for a query
        without them).
        """
        annotations = self._research().for_search()
        return self._keeper.answering(
            lambda: self.index.search(
                query,
                limit=limit,
                sort=sort,
                offset=offset,
                prefix=typing,
                annotations=annotations,
            )
        )

    def related(self, article_id: str, limit: int = RELATED_LIMIT) -> RelatedList:
        """The related list of one article: archived articles ranked with their reasons, and
        the titles its page linked that are not in the archive. Computed on request and cached
        until the index changes (see `reader.related`)."""
        article = self.get(article_id)
        if not article.related_links and self._has_raw_page(article.id):
            links = self.related_links(article_id)
            if links:
                article = article.with_changes(related_links=links)
        return self._keeper.answering(
            lambda: self.index.more_like(article, limit=limit, page_links=self._page_links)
        )

    def _has_raw_page(self, article_id: str) -> bool:
        try:
            return self.store.raw_path_for(article_id, ".html").is_file()
        except UnsafeIdError:
            return False

    def _page_links(
        self, article_id: str
    ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]] | None:
        """The related titles and links an article's page carried, or None when unreadable."""
        from reader.related.pages import read_page_links

        try:
            return read_page_links(self.store.path_for(article_id))
        except UnsafeIdError:
            return None

    def stats(self) -> dict[str, object]:
        """Counts, date range (ISO 8601), languages, where things are and the index size."""
        found = self._keeper.answering(lambda: self.index.stats())
        oldest, newest = found.get("oldest"), found.get("newest")
        return {
            "articles": found["articles"],
            "oldest": oldest.isoformat() if oldest else None,
            "newest": newest.isoformat() if newest else None,
            "languages": dict(found["languages"]),
            "archive": str(self.root),
            "index": str(self.config.index_dir),
            "index_bytes": found["size_bytes"],
        }

    # -- entities ----------------------------------------------------------------------------

    def known_names(self) -> KnownNames:
        """The archive's canonical names, from the index catalogue (empty without an index)."""
        return self._keeper.names.get()

    def _entity_catalogue(self) -> Mapping[tuple[str, str], int]:
        return self._keeper.answering(lambda: self.index.entity_counts())

    def entity_counts(
        self, names_by_kind: Mapping[str, Iterable[str]]
    ) -> dict[tuple[str, str], int]:
        """Archive articles naming each (kind, name); 0 for names no article carries."""
        counts = self._entity_catalogue()
        return {
            (kind, name): counts.get((kind, name), 0)
            for kind, names in names_by_kind.items()
            for name in names
        }

    def top_entities(self, kind: str | None = None, top: int | None = None) -> list[EntityCount]:
        """Entities (of one kind, or all) by the number of articles naming them."""
        from reader.entities.catalog import ranked

        return ranked(self._entity_catalogue(), kind, top)

    def entity_view(self, name: str, kind: str | None = None, limit: int = 50) -> EntityView:
        """One entity: canonical name, aliases, newest articles, months and companions.

        Raises:
            ArchiveError: no article names such an entity.
        """
        view = self._keeper.answering(lambda: self.index.entity_view(name, kind, limit))
        if view is None:
            what = f"{kind} " if kind else ""
            raise ArchiveError(f"no {what}entity called {name!r} in the archive")
        return view

    def entities_outdated(self) -> bool:
        """Whether the archive's entities may come from an older extractor than this one
        (`reader entities --reextract` brings them up to date)."""
        from reader.entities.version import is_outdated

        return not self.is_empty() and is_outdated(self.root)

    def month_counts(self, query: str = "") -> tuple[tuple[str, int], ...]:
        """Articles matching `query` per month (YYYY-MM), every month of the archive."""
        return self._keeper.answering(lambda: self.index.month_counts(query))

    def facets(self, query: str = "", *, top: int = 10, typing: bool = False) -> FacetCounts:
        """The facets of the results of `query`: counts by source, section, year, month and
        language, and the `top` people, places and organisations; each value with its term
        (`source:"VnExpress"`) and the query after choosing it (the term added, or removed
        when the query has it). A value's count is what that query finds. `typing`: as in
        `search` (the last word may be incomplete)."""
        annotations = self._research().for_search()
        return self._keeper.answering(
            lambda: self.index.facets(query, top=top, prefix=typing, annotations=annotations)
        )

    def toggle_facet(self, query: str, term: str, *, typing: bool = False) -> str:
        """`query` with a facet's `term` added, or removed when the query has it already."""
        from reader.index.narrowing import toggled

        return toggled(query, term, typing)

    def reextract_entities(self, progress: Progress | None = None) -> ReextractReport:
        """Extract every article's entities again, rewrite the files that change, re-index.

        Files whose front matter says `entities_locked: true` keep their entities (their names
        still guide the others'). Each changed file is replaced atomically; unchanged files
        are not touched.
        """
        from reader.entities.reextract import reextract

        with archive_lock(self.root):
            report = reextract(self.store, progress)
        report.sync = self.sync_index()
        return report

    # -- research: tags, notes, highlights, bookmarks, read state ----------------------------
    # Plain files in the archive's `research/` folder (`reader.research`); a user's mistake
    # is an `ArchiveError` of one line.

    def _research(self) -> ResearchDesk:
        desk: ResearchDesk | None = self.__dict__.get("_desk")
        if desk is None:
            with _DESK_LOCK:
                desk = self.__dict__.get("_desk")
                if desk is None:
                    from reader.research.desk import ResearchDesk

                    desk = self.__dict__["_desk"] = ResearchDesk(
                        self.root, self.get, self.has_article
                    )
        return desk

    def annotations(self, article_id: str) -> Annotations:
        """The article's tags, note, highlights and bookmark (empty when it has none)."""
        with _told():
            return self._research().annotations(article_id)

    def add_tags(self, article_ids: Iterable[str], tags: Iterable[str]) -> int:
        """Tag articles (a tag they have, in any spelling, is not doubled); returns how many
        gained a tag. Nothing is written when one of the articles does not exist."""
        with _told():
            return self._research().add_tags(article_ids, tags)

    def remove_tags(self, article_ids: Iterable[str], tags: Iterable[str]) -> int:
        """Take tags off articles (in any spelling); returns how many lost one."""
        with _told():
            return self._research().remove_tags(article_ids, tags)

    def tags(self, among: Iterable[str] | None = None) -> list[TagCount]:
        """Every tag with the number of the archive's articles carrying it (of the ids
        `among`, when given), most used first."""
        with _told():
            return self._research().tags(among)

    def tagged(self, tag: str) -> list[str]:
        """Ids of the articles carrying `tag`, in any spelling."""
        with _told():
            return self._research().tagged(tag)

    def set_note(self, article_id: str, note: str) -> Annotations:
        """Replace the article's note, kept exactly as given (an empty one removes it)."""
        with _told():
            return self._research().set_note(article_id, note)

    def add_highlight(
        self, article_id: str, paragraph: int, sentence: int | None = None, comment: str = ""
    ) -> Highlight:
        """Highlight paragraph `paragraph` of the article's body, or its sentence `sentence`
        (both from 1, as `reader.research.passages` counts them), with an optional comment."""
        with _told():
            return self._research().add_highlight(article_id, paragraph, sentence, comment)

    def comment_highlight(self, article_id: str, number: int, comment: str) -> Highlight:
        """Set the comment of the article's highlight `number` (from 1)."""
        with _told():
            return self._research().comment_highlight(article_id, number, comment)

    def remove_highlight(self, article_id: str, number: int) -> Highlight:
        """Remove the article's highlight `number` (from 1); returns it."""
        with _told():
            return self._research().remove_highlight(article_id, number)

    def highlight_places(self, article_id: str) -> list[tuple[Highlight, Place | None]]:
        """The article's highlights with where each stands in the body now (found again by
        its quote when the file changed; None when the body no longer holds it)."""
        with _told():
            return self._research().highlight_places(article_id)

    def set_bookmark(self, article_id: str, on: bool = True) -> bool:
        """Bookmark the article, or remove its bookmark; True when that changed anything."""
        with _told():
            return self._research().set_bookmark(article_id, on)

    def toggle_bookmark(self, article_id: str) -> bool:
        """Bookmark the article or remove its bookmark; True when it is now bookmarked."""
        with _told():
            return self._research().toggle_bookmark(article_id)

    def bookmarks(self) -> list[str]:
        """Ids of the bookmarked articles, most recently bookmarked first."""
        with _told():
            return self._research().bookmarks()

    def mark_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread, with `read=False`); returns how many changed."""
        with _told():
            return self._research().mark_read(article_ids, read)

    def is_read(self, article_id: str) -> bool:
        """Whether the article has been read."""
        with _told():
            return self._research().is_read(article_id)

    def next_unread(self, ids: Sequence[str], after: str | None = None) -> str | None:
        """The first unread id of `ids` (a result list) after `after`, wrapping around; None
        when every one is read."""
        with _told():
            return self._research().next_unread(ids, after)

    def saved_searches(self) -> dict[str, str]:
        """Saved searches, name -> query, in the order saved."""
        with _told():
            return self._research().saved_searches()

    def save_search(self, name: str, query: str) -> None:
        """Save `query` under `name` (replacing the search of that name)."""
        with _told():
            self._research().save_search(name, query)

    def delete_saved_search(self, name: str) -> bool:
        """Forget a saved search; False when there was none of that name."""
        with _told():
            return self._research().delete_saved_search(name)

    def migrate_ui_state(self, state_path: Path) -> MigrationReport:
        """Take over this archive's read state, bookmarks and saved searches from the TUI's
        old state file, once and without loss (`reader.research.migrate`); the state file
        is only read."""
        with _told():
            return self._research().migrate_ui_state(state_path)

    def research_problems(self) -> list[str]:
        """Annotation files that cannot be read, each `path: reason` (their articles count
        as not annotated, and are not written over, until they are fixed)."""
        with _told():
            return [reason for _, reason in self._research().snapshot().problems]

    # -- research: citations, exports, dossiers ----------------------------------------------

    def matching_ids(self, query: str) -> list[str]:
        """Ids of every article matching `query` as written (all of them for an empty one;
        no typo correction, no near matches), newest first."""
        annotations = self._research().for_search()
        return self._keeper.answering(lambda: self.index.matching_ids(query, annotations))

    def cite(
        self,
        *article_ids: str,
        style: str = "plain",
        fmt: str = "text",
        accessed: date | None = None,
        with_notes: bool = False,
    ) -> str:
        """Citations of articles in `style` (`plain`, `apa`, `chicago`; for `fmt` text) and
        `fmt` (`text`, `bibtex`, `ris`, `csl-json`), in the order given; `accessed` defaults
        to the day each was imported. Names and titles are never rewritten
        (`reader.research.citation`)."""
        with _told():
            return self._research().cite(article_ids, style, fmt, accessed, with_notes)

    def export(
        self,
        query: str,
        fmt: str,
        out: TextIO,
        *,
        with_notes: bool = False,
        accessed: date | None = None,
    ) -> int:
        """Write every article matching `query`, oldest first, to `out` as `markdown`, `csv`,
        `jsonl`, `bibtex` or `ris` (the last two: citations only), with their tags, notes and
        highlights when `with_notes`. Returns how many were written."""
        ids = self.matching_ids(query)
        with _told():
            heading = f"Articles: {query}" if query.strip() else "Articles"
            return self._research().export(
                ids, fmt, out, with_notes=with_notes, accessed=accessed, heading=heading
            )

    def dossier(
        self,
        *,
        tag: str | None = None,
        saved_search: str | None = None,
        style: str = "apa",
        accessed: date | None = None,
    ) -> str:
        """A dossier as one Markdown document: the articles carrying `tag`, or matching the
        saved search named `saved_search`, oldest first, each with its citation, highlights,
        note and people, places and organisations; then those of the whole dossier."""
        with _told():
            desk = self._research()
            if (tag is None) == (saved_search is None):
                raise ArchiveError("a dossier is of one tag or one saved search")
            if tag is not None:
                ids = desk.tagged(tag)
                if not ids:
                    raise ArchiveError(f"no article is tagged {tag!r}")
                title, query = desk.spelling(tag, ids), f'tag:"{tag}"'
            else:
                assert saved_search is not None
                query = desk.saved_searches().get(saved_search, "")
                if not query:
                    raise ArchiveError(f"no saved search called {saved_search!r}")
                title, ids = saved_search, self.matching_ids(query)
            return desk.dossier(title, query, ids, style=style, accessed=accessed)

    # -- research: removing articles, with undo ----------------------------------------------

    def remove(self, article_id: str) -> TrashEntry:
        """Move an article's file, its raw pages and its annotations to the archive's trash
        folder (`trash/`), and drop it from the index. `restore` undoes it."""
        with _told(), archive_lock(self.root):
            entry = self._research().remove(article_id)
        self.sync_index()
        return entry

    def trash(self) -> list[TrashEntry]:
        """The removed articles in the trash, the most recently removed first."""
        with _told():
            return self._research().trashed()

    def restore(self, name_or_id: str) -> TrashEntry:
        """Put a removed article back (an article id: its newest entry in the trash;
        `<id>~2`: that entry) and index it again."""
        with _told(), archive_lock(self.root):
            entry = self._research().restore(name_or_id)
        self.sync_index()
        return entry

    def empty_trash(self, name_or_id: str | None = None) -> int:
        """Delete one entry of the trash for good (named as for `restore`), or every one;
        returns how many."""
        with _told(), archive_lock(self.root):
            return self._research().empty_trash(name_or_id)


_DESK_LOCK = threading.Lock()


@contextlib.contextmanager
def _told() -> Iterator[None]:
    """The research package's one-line errors, and the file system's, as `ArchiveError`s."""
    from reader.lock import ArchiveReadOnly
    from reader.os_errors import describe
    from reader.research.files import AnnotationFormatError
    from reader.research.model import InvalidTag
    from reader.research.store import ResearchError

    try:
        yield
    except (ResearchError, AnnotationFormatError, InvalidTag, ArchiveReadOnly) as exc:
        raise ArchiveError(str(exc)) from None
    except (ArchiveError, BrokenPipeError):
        raise
    except OSError as exc:
        raise ArchiveError(describe(exc)) from None
