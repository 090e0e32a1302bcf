"""ArticleIndex: the search index of one archive, as the rest of the reader sees it.

Whoosh stores the index; matching and ranking run in `engine.py` over term bitmaps read from
it (Whoosh's own per-posting scoring is 10-100x too slow for search as you type). One searcher
is kept open and shared under a lock (opening one costs ~120 ms at 24,842 articles, far more
than the lock ever waits); it is reopened after this process writes and, checked at most once a
second, after another process has. Writers are short-lived; a rebuild writes a fresh index
beside the old one and swaps it in (`lifecycle.py`). After each commit the per-segment bitmap
and stamp files are written for new segments, and the size and checksum of their files.

What it promises is `interface.SearchIndex`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.searching import Searcher

from reader.index import integrity
from reader.index import query as q
from reader.index.answering import answer
from reader.index.engine import Bitmaps, Evaluator
from reader.index.lifecycle import (
    ArchiveOrigin,
    IndexUnavailable,
    build_beside,
    diagnose,
    open_checked,
    open_whoosh,
    segment_ids,
    swap_in,
)
from reader.index.reading import Lexicon, Snapshot
from reader.index.saved import check_saved, segment_stamps, write_saved
from reader.index.writing import (
    BulkUpdate,
    IndexBusy,
    Progress,
    can_fork,
    feed,
    open_writer,
    use_parallel,
)
from reader.model.article import Article
from reader.model.search import SearchResult
from reader.os_errors import naming

if TYPE_CHECKING:
    from reader.entities.catalog import EntityView
    from reader.model.facets import FacetCounts
    from reader.related import PageLinks, RelatedList

__all__ = ["ArticleIndex", "IndexBusy", "IndexUnavailable"]

RESULT_CACHE = 256
# Seconds without a query after which the index's background work goes on (`keep_warm`).
QUIET = 0.15


class _Outdated(Exception):
    """The generation a background warm-up was preparing is no longer the index's."""


class ArticleIndex:
    """The search index of one archive."""

    def __init__(self, index_dir: Path, origin: ArchiveOrigin | None = None) -> None:
        self.index_dir = index_dir
        self.origin = origin
        self._ix = open_whoosh(index_dir)
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._lexicon: Lexicon | None = None
        self._bitmaps: Bitmaps | None = None
        self._checked_at = 0.0
        self._keep_warm = False
        self._warmer: threading.Thread | None = None
        self._used_at = 0.0
        self._results: OrderedDict[tuple[Any, ...], SearchResult] = OrderedDict()

    # Opening and lifecycle -----------------------------------------------------------------

    @classmethod
    def open(
        cls, index_dir: Path, *, create: bool = True, origin: ArchiveOrigin | None = None
    ) -> ArticleIndex:
        """Open the index at `index_dir`, of the archive `origin` (id, path) when given.

        Raises:
            IndexFolderRefused: `index_dir` holds files the reader did not write (see
                `reader.index.folder`); nothing in it is touched.
            IndexUnavailable: it is missing, damaged, of another version or built from another
                archive and `create` is False. With `create`, such an index is replaced by an
                empty one.
        """
        index_dir = Path(index_dir)
        open_checked(index_dir, create, origin)
        return cls(index_dir, origin)

    def close(self) -> None:
        """Release the searcher and the index."""
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._lexicon = None
            self._bitmaps = None
            self._ix.close()

    def __enter__(self) -> ArticleIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _changed(self) -> None:
        """Forget cached answers and refresh the searcher (after a write)."""
        with self._lock:
            self._results.clear()
            if self._searcher is not None:
                # A fresh searcher, not `refresh()`: a refreshed one reuses segment readers
                # and does not see deletions made in them since (measured: stale counts).
                # The new one is opened before the old one is closed, so a failure to open
                # leaves the old one answering.
                fresh = self._ix.searcher()
                old, self._searcher = self._searcher, fresh
                self._bitmaps = Bitmaps(fresh.reader(), self.index_dir)
                self._lexicon = Lexicon(fresh.reader(), self._bitmaps)
                old.close()
                self._start_warm()

    def after_commit(self) -> None:
        """Write the saved files and file records of new segments, and refresh the searcher."""
        with self._lock:
            with self._ix.reader() as reader:
                # Headers only: the new segments' files are missing, the others' were
                # checked when they were written or opened (a full parse of every segment's
                # files took ~0.15 s of a 5-article import at 100,000 articles).
                write_saved(self.index_dir, reader, thorough=False)
                integrity.record(self.index_dir, segment_ids(reader), prune=True)
            self._changed()

    def keep_warm(self) -> None:
        """From now on, make each new generation of the index ready for its first queries in
        a thread of its own (`facets.warm`): for an app, whose user should not wait half a
        second on the first name typed after an import. A one-shot command does not need it."""
        with self._lock:
            self._keep_warm = True
            if self._bitmaps is not None:
                self._start_warm()

    def _start_warm(self) -> None:
        """Warm the current generation in a daemon thread, if asked to. Hold the lock."""
        bitmaps = self._bitmaps
        if not self._keep_warm or bitmaps is None:
            return
        bitmaps.pubkeys()  # read here: the searcher's reader is used under the lock only
        self._warmer = threading.Thread(
            target=self._warm, args=(bitmaps,), name="index-warm", daemon=True
        )
        self._warmer.start()

    def wait_warm(self, timeout: float) -> bool:
        """Wait for the current generation's warm-up (`keep_warm`) to end, as a user's
        first second after launching gives it; False when `timeout` seconds pass first."""
        warmer = self._warmer
        if warmer is not None:
            warmer.join(timeout)
        return warmer is None or not warmer.is_alive()

    def _warm(self, bitmaps: Bitmaps) -> None:
        """`facets.warm` through a reader of this thread's own, in the index's quiet moments
        (from the first: the thread starts within a query, which its imports and its reader's
        opening would slow by half)."""
        try:
            self._wait_until_quiet(bitmaps)
            from reader.index import facets  # the catalogue: loaded when first asked for

            with self._ix.reader() as reader:
                facets.warm(bitmaps, reader, lambda: self._wait_until_quiet(bitmaps))
        except _Outdated:
            return
        except Exception:  # only a head start: a query builds whatever this did not
            return

    def _wait_until_quiet(self, bitmaps: Bitmaps) -> None:
        """Return once no query has used the index for QUIET seconds. Work in a thread
        beside a query slows it far more than the work's own time: each time the query
        thread waits on a file, it waits again for the busy thread to give up the
        interpreter (the GIL), about 5 ms each time.

        Raises:
            _Outdated: the index has moved on from the generation of `bitmaps`, or closed.
        """
        while True:
            if self._bitmaps is not bitmaps:
                raise _Outdated
            idle = time.monotonic() - self._used_at
            if idle >= QUIET and self._lock.acquire(blocking=False):
                self._lock.release()
                return
            time.sleep(max(QUIET - idle, QUIET / 4))

    def _current(self) -> tuple[Searcher, Lexicon]:
        """The shared searcher, refreshed if another process has written. Hold the lock."""
        self._used_at = time.monotonic()
        if self._searcher is None:
            self._searcher = self._ix.searcher()
            self._bitmaps = Bitmaps(self._searcher.reader(), self.index_dir)
            self._lexicon = Lexicon(self._searcher.reader(), self._bitmaps)
            self._checked_at = time.monotonic()
            self._start_warm()
        elif time.monotonic() - self._checked_at > 1.0:
            self._checked_at = time.monotonic()
            try:
                if not self._searcher.up_to_date():
                    self._changed()
            except Exception:  # another process is swapping in a rebuilt index
                # Keep answering from the open searcher; look again in a second.
                pass
        assert self._lexicon is not None
        return self._searcher, self._lexicon

    # Writing -------------------------------------------------------------------------------

    def update(
        self,
        items: Iterable[tuple[Article, str]],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Add or replace articles by id, each with its stamp; returns how many were written.

        With `total` (how many items there are) of at least PARALLEL_MIN, from the main
        thread, they are written by BULK_PROCS writer processes, each its own new segment.

        Raises:
            IndexBusy: another writer holds the lock.
        """
        parallel = use_parallel(total)
        with naming(self.index_dir):
            writer = self.writer(parallel, total)
            count = feed(writer, items, progress, replace=True)
            if not count:
                writer.cancel()
            elif parallel:
                writer.commit(merge=False)
            else:
                writer.commit()
            if progress is not None:
                progress(count)
            if count:
                self.after_commit()
        return count

    def writer(self, parallel: bool, total: int | None = None) -> Any:
        """A writer on this index (`writing.open_writer`; `total`: the documents to come).

        Raises:
            IndexBusy: another writer holds the lock.
        """
        return open_writer(self._ix, self.index_dir, parallel, total)

    def bulk(self, total: int | None = None) -> BulkUpdate | None:
        """A writer for a large import that indexes articles as they arrive (about `total`
        of them, when known), on both cores;
        None where writer processes cannot be forked (`writing.can_fork`): the caller then
        indexes what it stored afterwards.

        Raises:
            IndexBusy: another writer holds the lock.
        """
        return BulkUpdate(self, total) if can_fork() else None

    def delete(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many were in the index."""
        writer = self.writer(parallel=False)
        removed = 0
        try:
            for article_id in ids:
                removed += writer.delete_by_term("id", article_id)
        except BaseException:
            writer.cancel()
            raise
        with naming(self.index_dir):
            writer.commit() if removed else writer.cancel()
            if removed:
                self.after_commit()
        return removed

    def rebuild(
        self,
        items: Iterable[tuple[Article, str]],
        total: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Index `items` into a fresh directory beside the index, then swap it in."""
        with naming(self.index_dir):
            fresh = build_beside(self.index_dir, items, total, progress, self.origin)
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()
            swap_in(self.index_dir, fresh)
            self._ix = open_whoosh(self.index_dir)
            self._lexicon = None
            self._bitmaps = None
            self._results.clear()

    # Reading -------------------------------------------------------------------------------

    def doc_count(self) -> int:
        """Articles in the index."""
        with self._lock:
            return int(self._current()[0].doc_count())

    def stamps(self) -> dict[str, str]:
        """Every article id with the stamp it was indexed with.

        Read from the stamps files on each call (~40 ms at 24,842 articles, once per sync or
        import), not kept: two strings per article for the life of the app.
        """
        with self._lock:
            searcher = self._current()[0]
            return segment_stamps(self.index_dir, searcher.reader())

    def get_stored(self, article_id: str) -> dict[str, Any] | None:
        """The stored fields of one article (title, published, author, section, ...)."""
        with self._lock:
            fields = self._current()[0].document(id=article_id)
        return dict(fields) if fields else None

    def generation(self) -> str:
        """A name for what the index holds now: its segments and their deletions. It changes
        with every commit, and a rebuilt index (new segment ids) never repeats an old one."""
        with self._lock:
            reader = self._current()[0].reader()
            segments = [leaf.segment() for leaf, _ in reader.leaf_readers()]
        parts = [f"{s.segment_id()}-{s.deleted_count()}" for s in segments if s is not None]
        return ",".join(sorted(parts))  # "": an empty index

    def ids_with(self, fieldname: str, value: str) -> list[str]:
        """Ids of the indexed articles whose ID field `fieldname` (`url`, `sha`) is `value`."""
        with self._lock:
            searcher = self._current()[0]
            reader = searcher.reader()
            return [
                reader.stored_fields(docnum)["id"]
                for docnum in searcher.document_numbers(**{fieldname: value})
            ]

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """The current generation of the index, for the length of the block (under the lock:
        a writer of this process waits for it). Related articles, facets and entity views
        read the index through this, never through its internals."""
        with self._lock:
            searcher, lexicon = self._current()
            assert self._bitmaps is not None
            yield Snapshot(searcher, self._bitmaps, lexicon)

    # Entities and related articles, over a snapshot -------------------------------------------

    def entity_counts(self) -> Mapping[tuple[str, str], int]:
        """Articles per (kind, canonical name) across the index."""
        from reader.index import facets  # the catalogue: loaded when first asked for

        with self.snapshot() as snapshot:
            return facets.entity_counts(snapshot)

    def known_names(self) -> Mapping[str, Sequence[tuple[str, str]]]:
        """Catalogue entries by folded name (what an import matches new articles against)."""
        from reader.index import facets  # the catalogue: loaded when first asked for

        with self.snapshot() as snapshot:
            return facets.facets_of(snapshot.bitmaps).folded()

    def entity_view(self, name: str, kind: str | None = None, limit: int = 50) -> EntityView | None:
        """One entity's articles (newest first), months and companions; None if unknown."""
        from reader.index import facets  # the catalogue: loaded when first asked for

        with self.snapshot() as snapshot:
            return facets.entity_view(snapshot, name, kind, limit)

    def month_counts(self, query: str = "") -> tuple[tuple[str, int], ...]:
        """Articles matching `query` per month, every month of the archive."""
        from reader.index import facets  # the catalogue: loaded when first asked for

        with self.snapshot() as snapshot:
            return facets.month_counts(snapshot, query)

    def facets(
        self,
        query: str = "",
        *,
        top: int = 10,
        prefix: bool = False,
        annotations: q.Annotations | None = None,
    ) -> FacetCounts:
        """The facets of the results of `query`: counts by source, section, year, month and
        language, the `top` people, places and organisations, each with its term
        (`reader.model.facets`)."""
        from reader.index.facet_counts import facet_counts  # loaded when first asked for

        started = time.perf_counter()
        with self.snapshot() as snapshot:
            found = facet_counts(snapshot, query, prefix=prefix, top=top, annotations=annotations)
        return replace(found, took_ms=(time.perf_counter() - started) * 1000)

    def more_like(
        self, article: Article, limit: int = 10, page_links: PageLinks | None = None
    ) -> RelatedList:
        """The archive's articles related to `article`, with their reasons (`reader.related`)."""
        from reader.related import related_for

        return related_for(self, article, limit=limit, page_links=page_links)

    def size_bytes(self) -> int:
        """Bytes the index takes on disk."""
        return sum(p.stat().st_size for p in self.index_dir.iterdir() if p.is_file())

    def stats(self) -> dict[str, Any]:
        """Article count, date range of the dated articles, articles per language, size."""
        with self._lock:
            searcher = self._current()[0]
            reader = searcher.reader()
            assert self._bitmaps is not None
            # Live documents only: the lexicon's document frequencies still count the old
            # copies of re-indexed articles until their segments are merged.
            bitmaps = self._bitmaps
            languages = {
                language: count
                for language in reader.field_terms("language")
                if (count := (bitmaps.docs("language", language) & bitmaps.live).bit_count())
            }
            newest, oldest = (
                None if docnum is None else reader.stored_fields(docnum).get("published")
                for docnum in self._bitmaps.dated_ends()
            )
            count = searcher.doc_count()
        return {
            "articles": count,
            "oldest": oldest,
            "newest": newest,
            "languages": languages,
            "size_bytes": self.size_bytes(),
        }

    def repair_saved(self, thorough: bool = True) -> int:
        """Write again the saved files that are missing or damaged; returns how many.

        Without `thorough` only their headers are checked (an ordinary open; a damaged file
        is a cache miss when used, never a wrong answer).
        """
        with self._lock:
            with self._ix.reader() as reader:
                written = write_saved(self.index_dir, reader, prune=False, thorough=thorough)
                integrity.record(self.index_dir, segment_ids(reader))
            if written:
                self._changed()
        return written

    def check(self) -> list[str]:
        """Problems found in the index (an empty list when it is sound)."""
        problem = diagnose(self.index_dir, self.origin[0] if self.origin else None)
        if problem is not None:
            return [problem]
        problems: list[str] = []
        try:
            with self._lock:
                reader = self._current()[0].reader()
                problems.extend(check_saved(self.index_dir, reader))
                seen: set[str] = set()
                for docnum, fields in reader.iter_docs():
                    article_id = fields.get("id")
                    if not article_id:
                        problems.append(f"document {docnum} has no id")
                    elif article_id in seen:
                        problems.append(f"article {article_id} is indexed twice")
                    seen.add(article_id or "")
        except Exception as error:  # reading every document surfaces damaged segments
            problems.append(f"index at {self.index_dir} is unreadable ({type(error).__name__})")
        return problems

    def verify(self) -> str | None:
        """Why the index's files are not what it wrote (missing, cut short or changed), or
        None. Reads every file: for when reading the index has failed."""
        with self._lock:
            reader = self._current()[0].reader()
            damage = integrity.checksum_problem(self.index_dir, segment_ids(reader))
        return None if damage is None else f"index at {self.index_dir} is damaged ({damage})"

    # Searching -----------------------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        prefix: bool = True,
        annotations: q.Annotations | None = None,
    ) -> SearchResult:
        """Search as the user types: never raises on odd input; an empty query gives newest.
        `annotations`: the user's, for `tag:`, `note:`, `has:` and `is:` (none: no article
        has any); an answer that depends on them is cached under their version."""
        started = time.perf_counter()
        by_date = q.is_date_sort(sort)
        node = q.parse(query, prefix_last=prefix)
        version = annotations.version() if annotations is not None and q.has_marks(node) else ""
        key = (query, limit, by_date, offset, prefix, version)
        with self._lock:
            searcher, lexicon = self._current()
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            assert self._bitmaps is not None
            result = answer(
                searcher, self._bitmaps, lexicon, node, query, limit, by_date, offset, annotations
            )
            result = replace(result, took_ms=(time.perf_counter() - started) * 1000)
            self._results[key] = result
            if len(self._results) > RESULT_CACHE:
                self._results.popitem(last=False)
        return result

    def matching_ids(
        self, query: str, annotations: q.Annotations | None = None, prefix: bool = False
    ) -> list[str]:
        """The ids of every article matching `query` (every article for an empty one),
        newest first (undated last, then by id): for exports of a tag or a saved search,
        without a page of hits, snippets or a cached answer."""
        node = q.parse(query, prefix_last=prefix)
        with self._lock:
            searcher, lexicon = self._current()
            bitmaps = self._bitmaps
            assert bitmaps is not None
            if node is None:
                found = bitmaps.live
            else:
                found = Evaluator(bitmaps, lexicon, searcher, annotations).run(node)
            packed = found.to_bytes(bitmaps.nbytes, "little")
            reader = searcher.reader()
            return [
                reader.stored_fields(docnum)["id"]
                for docnum in bitmaps.date_order()
                if packed[docnum >> 3] & (1 << (docnum & 7))
            ]

    def newest(self, limit: int = 20) -> SearchResult:
        """The newest articles first (undated last): the answer to an empty query."""
        return self.search("", limit=limit, sort="date")
