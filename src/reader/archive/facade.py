"""`Archive`: the one API the command line and the TUI call, and nothing else.

It ties the article files (`ArchiveStore`) to the derived search index (`SearchIndex`, kept in
line by `IndexKeeper`): imports write files first and then index them; opening an archive
brings a missing or stale index up to date from the files, which stay the source of truth.
Every method delegates to the module that holds its policy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
    import threading

    from reader.entities.catalog import EntityCount, EntityView
    from reader.entities.known import KnownNames
    from reader.entities.reextract import ReextractReport
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FetchOutcome, FetchRun
    from reader.importer import ImportOutcome, ImportSummary
    from reader.index.interface import SearchIndex
    from reader.model.search import SearchResult
    from reader.related import RelatedList


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
        the count is the whole list's).
        """
        return self._keeper.answering(
            lambda: self.index.search(query, limit=limit, sort=sort, offset=offset, prefix=typing)
        )

    def related(self, article_id: str, limit: int = 10) -> RelatedList:
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

    def _entity_catalogue(self) -> dict[tuple[str, str], int]:
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
