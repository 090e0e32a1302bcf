"""ArticleIndex: open, write, rebuild, verify and search the Whoosh index of an archive.

Whoosh stores the index; matching and ranking run in `engine.py` over term bitmaps read from
it (Whoosh's own per-posting scoring is 10-100x too slow for search as you type). One searcher
is kept open and shared under a lock (opening one costs ~120 ms at 24,842 articles, far more
than the lock ever waits); it is reopened after this process writes and, checked at most once a
second, after another process has. Writers are short-lived; a rebuild writes a fresh index
beside the old one and swaps it in. After each commit the per-segment bitmap and stamp files
are written for new segments.
"""

from __future__ import annotations

import bisect
import contextlib
import ctypes
import heapq
import json
import multiprocessing.util
import os
import signal
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import index as windex
from whoosh.index import LockError
from whoosh.searching import Searcher

from reader.index import integrity
from reader.index import query as q
from reader.index.engine import Bitmaps, Evaluator
from reader.index.folder import (
    claim,
    ensure_own,
    is_index_file,
    is_marked,
    mark,
)
from reader.index.parallel_writer import ParallelWriter
from reader.index.saved import (
    check_saved,
    has_segment,
    segment_stamps,
    write_saved,
)
from reader.index.schema import SCHEMA_VERSION, VERSION_FILE, article_document, build_schema
from reader.index.snippets import make_snippet, title_marks
from reader.model.article import Article
from reader.model.search import SearchHit, SearchResult
from reader.os_errors import naming

Progress = Callable[[int], None]
# The archive an index is built from: its id (kept in the archive directory) and its path.
ArchiveOrigin = tuple[str, str]
T = TypeVar("T")
INDEX_NAME = "MAIN"
RESULT_CACHE = 256
# Segments are written as separate files, never one compound file: whoosh-reloaded opens a
# compound segment by copying every part of it into memory (BytesIO over the mmap), which
# cost 250 MB of RAM and ~120 ms per searcher at 24,842 articles.
# Seconds to wait for another writer to finish before reporting the index busy.
WRITER_WAIT = 1.0
EXPANSION_CACHE = 4096
PROGRESS_EVERY = 25
# Fewer full matches than this and a query of several words lists its near matches too.
RELAX_BELOW = 20
# Use the two-process writer only when there is enough to write to pay for its start-up.
PARALLEL_MIN = 2000
# Writer processes of a bulk update, and the documents handed to one at a time.
BULK_PROCS = 2
BULK_BATCH = 64
# Megabytes of postings Whoosh's own writer (small updates) keeps in memory before spilling.
WRITER_MB = 256


class _ChildrenDieWithUs:
    """Writer processes forked by Whoosh end when this process ends, however it ends.

    They inherit the index's write lock (an flock); orphaned by a killed parent they would
    block on their job queue forever and keep the index locked.
    """

    def __init__(self) -> None:
        multiprocessing.util.register_after_fork(self, _ChildrenDieWithUs._in_child)
        self.pid = os.getpid()

    def _in_child(self) -> None:
        with contextlib.suppress(Exception):  # not Linux: nothing to arm
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != self.pid:  # the parent died before the signal was armed
            os._exit(1)
        self.pid = os.getpid()


_PR_SET_PDEATHSIG = 1
_CHILDREN_DIE_WITH_US = _ChildrenDieWithUs()


class IndexUnavailable(Exception):
    """The index is missing, unreadable or from another schema version."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class IndexBusy(Exception):
    """Another writer holds the index lock."""


class _Lexicon:
    """Prefix expansion and term look-ups over one reader, cached for its lifetime."""

    def __init__(self, reader: Any, bitmaps: Bitmaps | None = None) -> None:
        self.reader = reader
        self.bitmaps = bitmaps
        self._expansions: OrderedDict[tuple[str, str, int], list[str]] = OrderedDict()
        self._known: dict[tuple[str, str], bool] = {}
        self._terms: dict[str, list[str]] = {}

    def expand(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        key = (fieldname, prefix, limit)
        cached = self._expansions.get(key)
        if cached is not None:
            self._expansions.move_to_end(key)
            return cached
        table = (
            self.bitmaps.frequent(fieldname)
            if self.bitmaps is not None and len(prefix) <= q.SHORT_PREFIX
            else None
        )
        if table:
            # A short prefix spans much of the lexicon; its most frequent completions are
            # among the terms whose bitmaps are saved, so search only those.
            first = bisect.bisect_left(table, (prefix, -1))
            last = bisect.bisect_left(table, (prefix + "\U0010ffff", -1))
            best = heapq.nlargest(limit, table[first:last], key=lambda pair: pair[1])
            terms = [term for term, _ in best]
            if prefix not in terms and self.has(fieldname, prefix):
                # The prefix is a whole word too, only a rare one (`17` in `bản tin số 17`):
                # it is what the user has typed so far, so it always counts.
                terms = [prefix, *terms[: limit - 1]]
        else:
            counted = [
                (info.doc_frequency(), term.decode("utf-8"))
                for term, info in self.reader.iter_prefix(fieldname, prefix)
            ]
            counted.sort(key=lambda pair: -pair[0])
            terms = [term for _, term in counted[:limit]]
        self._expansions[key] = terms
        if len(self._expansions) > EXPANSION_CACHE:
            self._expansions.popitem(last=False)
        return terms

    def near(self, fieldname: str, word: str, edits: int) -> list[str]:
        """Terms of `fieldname` within `edits` edits of `word` (not `word`), most frequent
        first. The field's terms are listed once per reader, on the first call."""
        terms = self._terms.get(fieldname)
        if terms is None:
            terms = self._terms[fieldname] = list(self.reader.field_terms(fieldname))
        found = process.extract(
            word, terms, scorer=Levenshtein.distance, score_cutoff=edits, limit=None
        )
        close = [term for term, _, _ in found if term != word]
        return sorted(close, key=lambda term: -self.reader.doc_frequency(fieldname, term))

    def has(self, fieldname: str, term: str) -> bool:
        key = (fieldname, term)
        known = self._known.get(key)
        if known is None:
            known = self.reader.doc_frequency(fieldname, term) > 0
            if len(self._known) > 50_000:
                self._known.clear()
            self._known[key] = known
        return known


def _record(index_dir: Path) -> dict[str, Any]:
    """The index's own record (schema version, archive it was built from)."""
    value = json.loads((index_dir / VERSION_FILE).read_text("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("the version record is not an object")
    return value


def _diagnose(index_dir: Path, archive_id: str | None = None) -> str | None:
    """Why the index at `index_dir` cannot be used, or None when it can.

    With `archive_id`, an index recorded as built from another archive cannot be used (one
    recorded without an archive is adopted by `ArticleIndex.open`).
    """
    if not index_dir.is_dir():
        return f"no index at {index_dir}"
    try:
        if not windex.exists_in(str(index_dir), indexname=INDEX_NAME):
            return f"no index at {index_dir}"
        version_path = index_dir / VERSION_FILE
        if not version_path.is_file():
            return f"index at {index_dir} has no version record: rebuild it"
        record = _record(index_dir)
        version = record.get("schema_version")
        if version != SCHEMA_VERSION:
            return (
                f"index at {index_dir} has schema version {version}, "
                f"this reader needs {SCHEMA_VERSION}: rebuild it"
            )
        built_from = record.get("archive_id")
        if archive_id is not None and built_from is not None and built_from != archive_id:
            where = record.get("archive_path") or "an unknown place"
            return f"index at {index_dir} was built from another archive ({where})"
        ix = windex.open_dir(str(index_dir), indexname=INDEX_NAME)
        try:
            if set(ix.schema.names()) != set(build_schema().names()):
                return f"index at {index_dir} has different fields: rebuild it"
            with ix.reader() as reader:
                reader.doc_count()
                damage = integrity.size_problem(index_dir, _segment_ids(reader))
            if damage is not None:
                return f"index at {index_dir} is damaged ({damage}): rebuild it"
        finally:
            ix.close()
    except Exception as error:  # a damaged index raises anything from pickle to struct
        return f"index at {index_dir} is unreadable ({type(error).__name__}): rebuild it"
    return None


def _create(index_dir: Path, origin: ArchiveOrigin | None) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)
    mark(index_dir)
    windex.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME).close()
    _write_version(index_dir, origin)


def _write_version(index_dir: Path, origin: ArchiveOrigin | None) -> None:
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if origin is not None:
        record["archive_id"], record["archive_path"] = origin
    tmp = index_dir / f".{VERSION_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / VERSION_FILE)


class ArticleIndex:
    """The search index of one archive."""

    def __init__(self, index_dir: Path, origin: ArchiveOrigin | None = None) -> None:
        self.index_dir = index_dir
        self.origin = origin
        self._ix = windex.open_dir(str(index_dir), indexname=INDEX_NAME)
        self._lock = threading.RLock()
        self._searcher: Searcher | None = None
        self._lexicon: _Lexicon | None = None
        self._bitmaps: Bitmaps | None = None
        self._checked_at = 0.0
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
        ensure_own(index_dir)
        _recover_swap(index_dir)
        problem = _diagnose(index_dir, origin[0] if origin else None)
        if problem is not None:
            if not create:
                raise IndexUnavailable(problem)
            claim(index_dir)
            _swap_in(index_dir, _build_beside(index_dir, (), None, None, origin))
        elif origin is not None:
            with contextlib.suppress(OSError, ValueError):
                if _record(index_dir).get("archive_id") is None:
                    # Built before indexes recorded their archive: adopt it.
                    _write_version(index_dir, origin)
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
                self._lexicon = _Lexicon(fresh.reader(), self._bitmaps)
                old.close()

    def _after_commit(self) -> None:
        with self._lock:
            with self._ix.reader() as reader:
                # Headers only: the new segments' files are missing, the others' were
                # checked when they were written or opened (a full parse of every segment's
                # files took ~0.15 s of a 5-article import at 100,000 articles).
                write_saved(self.index_dir, reader, thorough=False)
                integrity.record(self.index_dir, _segment_ids(reader), prune=True)
            self._changed()

    def _current(self) -> tuple[Searcher, _Lexicon]:
        """The shared searcher, refreshed if another process has written. Hold the lock."""
        if self._searcher is None:
            self._searcher = self._ix.searcher()
            self._bitmaps = Bitmaps(self._searcher.reader(), self.index_dir)
            self._lexicon = _Lexicon(self._searcher.reader(), self._bitmaps)
            self._checked_at = time.monotonic()
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
        parallel = _parallel(total)
        with naming(self.index_dir):
            writer = self._writer(parallel)
            count = _feed(writer, items, progress, replace=True)
            if not count:
                writer.cancel()
            elif parallel:
                writer.commit(merge=False)
            else:
                writer.commit()
            if progress is not None:
                progress(count)
            if count:
                self._after_commit()
        return count

    def _writer(self, parallel: bool) -> Any:
        """A writer on this index: BULK_PROCS writer processes, each writing its own segment,
        when `parallel`, else one in this process.

        Raises:
            IndexBusy: another writer holds the lock (after WRITER_WAIT seconds).
        """
        try:
            if parallel:
                return _parallel_writer(self._ix, self.index_dir, timeout=WRITER_WAIT)
            return self._ix.writer(timeout=WRITER_WAIT, limitmb=WRITER_MB, compound=False)
        except LockError as error:
            raise IndexBusy(
                f"the index at {self.index_dir} is being written by another process"
            ) from error

    def bulk(self) -> BulkUpdate:
        """A writer for a large import that indexes articles as they arrive, on both cores.

        Raises:
            IndexBusy: another writer holds the lock.
        """
        return BulkUpdate(self)

    def delete(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many were in the index."""
        writer = self._writer(parallel=False)
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
                self._after_commit()
        return removed

    def rebuild(
        self,
        items: Iterable[tuple[Article, str]],
        total: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Index `items` into a fresh directory beside the index, then swap it in."""
        with naming(self.index_dir):
            fresh = _build_beside(self.index_dir, items, total, progress, self.origin)
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()
            _swap_in(self.index_dir, fresh)
            self._ix = windex.open_dir(str(self.index_dir), indexname=INDEX_NAME)
            self._lexicon = None
            self._bitmaps = None
            self._results.clear()

    # Reading -------------------------------------------------------------------------------

    def doc_count(self) -> int:
        """Articles in the index."""
        with self._lock:
            return self._current()[0].doc_count()

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

    def state_key(self) -> str:
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

    def read_generation(self, work: Callable[[Searcher, Bitmaps, Any], T]) -> T:
        """Run `work(searcher, bitmaps, lexicon)` on the current searcher, under the lock.

        For `facets.py`, whose tables are cached per searcher generation (per Bitmaps).
        """
        with self._lock:
            searcher, lexicon = self._current()
            assert self._bitmaps is not None
            return work(searcher, self._bitmaps, lexicon)

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
                integrity.record(self.index_dir, _segment_ids(reader))
            if written:
                self._changed()
        return written

    def check(self) -> list[str]:
        """Problems found in the index (an empty list when it is sound)."""
        problem = _diagnose(self.index_dir, self.origin[0] if self.origin else None)
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
            damage = integrity.checksum_problem(self.index_dir, _segment_ids(reader))
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
    ) -> SearchResult:
        """Search as the user types: never raises on odd input; an empty query gives newest."""
        started = time.perf_counter()
        by_date = q.is_date_sort(sort)
        key = (query, limit, by_date, offset, prefix)
        with self._lock:
            searcher, lexicon = self._current()
            cached = self._results.get(key)
            if cached is not None:
                self._results.move_to_end(key)
                return cached
            node = q.parse(query, prefix_last=prefix)
            assert self._bitmaps is not None
            result = _answer(searcher, self._bitmaps, lexicon, node, query, limit, by_date, offset)
            result = replace(result, took_ms=(time.perf_counter() - started) * 1000)
            self._results[key] = result
            if len(self._results) > RESULT_CACHE:
                self._results.popitem(last=False)
        return result

    def newest(self, limit: int = 20) -> SearchResult:
        """The newest articles first (undated last): the answer to an empty query."""
        return self.search("", limit=limit, sort="date")


class BulkUpdate:
    """Add or replace many articles through the multi-process `ParallelWriter`.

    Documents are analysed here and handed in batches to BULK_PROCS writer processes, each
    writing its own segment while this process goes on parsing; the segments are added to the
    index as they are (no merge of the new ones), so the commit costs little more than the
    saved files of the new segments.
    """

    def __init__(self, index: ArticleIndex) -> None:
        self.index = index
        self.count = 0
        self._indexed = index.stamps()
        self._writer = index._writer(parallel=True)

    def add(self, article: Article, stamp: str) -> None:
        """Queue one article (replacing the indexed one of the same id, if any)."""
        if article.id in self._indexed:
            self._writer.delete_by_term("id", article.id)
        self._writer.add_item(article, stamp)
        self.count += 1

    def commit(self) -> int:
        """Write the new segments and their saved files; returns how many articles."""
        if not self.count:
            self._writer.cancel()
            return 0
        try:
            with naming(self.index.index_dir):
                self._writer.commit(merge=False)
        except BaseException:
            self.cancel()
            raise
        with naming(self.index.index_dir):
            self.index._after_commit()
        return self.count

    def cancel(self) -> None:
        """Drop everything queued; the index stays as it was."""
        with contextlib.suppress(Exception):
            self._writer.cancel()


def _segment_ids(reader: Any) -> list[str]:
    """The ids of the segments `reader` reads (none for an empty index)."""
    return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if has_segment(leaf)]


def _answer(
    searcher: Searcher,
    bitmaps: Bitmaps,
    lexicon: _Lexicon,
    node: q.Node | None,
    text: str,
    limit: int,
    by_date: bool,
    offset: int,
) -> SearchResult:
    """Candidates and ranking from the bitmaps; stored fields and snippets for the page."""
    wanted = max(0, offset) + max(1, limit)
    evaluator = Evaluator(bitmaps, lexicon, searcher)
    partial = 0
    suggestion = None
    first: int = 0  # listed before the others: what the words as typed match
    if node is None:
        candidates, by_date = bitmaps.live, True
    else:
        candidates = evaluator.run(node)
        by_date = by_date or not q.has_words(node)
        if evaluator.corrections:
            # A word found almost nothing: search again with what it was taken for.
            meant = q.corrected(node, evaluator.corrections)
            again = Evaluator(bitmaps, lexicon, searcher)
            found = again.run(meant)
            if found & ~candidates:
                suggestion = q.corrected_text(text, evaluator.corrections)
                first, candidates = candidates, candidates | found
                evaluator, node = again, meant
    places = bitmaps.places()
    if by_date:
        packed = candidates.to_bytes(bitmaps.nbytes, "little")
        page: list[int] = []
        for docnum in bitmaps.date_order():
            if packed[docnum >> 3] & (1 << (docnum & 7)):
                page.append(docnum)
                if len(page) >= wanted:
                    break
    else:
        scores = evaluator.scores
        page = scores.top(first, wanted, places) if first else []
        page += scores.top(candidates & ~first, wanted - len(page), places)
        if candidates.bit_count() < RELAX_BELOW:
            near = evaluator.near() & ~candidates
            partial = near.bit_count()
            if near and len(page) < wanted:
                page += scores.top(near, wanted - len(page), places)
    body_marks = _narrow(q.highlight_terms(node), evaluator.expanded)
    head_marks = _narrow(q.highlight_terms(node, title=True), evaluator.expanded)
    reader = searcher.reader()
    hits = []
    for docnum in page[offset:wanted]:
        stored = reader.stored_fields(docnum)
        title = stored.get("title", "")
        hits.append(
            SearchHit(
                id=stored["id"],
                title=title,
                published=stored.get("published"),
                author=stored.get("author"),
                section=tuple(stored.get("section") or ()),
                score=0.0 if by_date else float(evaluator.scores.of(docnum)),
                snippet=make_snippet(stored.get("snip", ""), body_marks),
                title_marks=title_marks(title, head_marks),
            )
        )
    return SearchResult(text, candidates.bit_count(), False, 0.0, tuple(hits), partial, suggestion)


def _narrow(marks: q.Highlight, expanded: set[tuple[str, str]]) -> q.Highlight:
    """Mark what a one- or two-letter prefix actually expanded to, not every word it starts."""
    for prefixes, terms, suffix in (
        (marks.folded_prefixes, marks.folded, "_f"),
        (marks.exact_prefixes, marks.exact, ""),
    ):
        short = {p for p in prefixes if len(p) <= q.SHORT_PREFIX}
        if not short:
            continue
        prefixes -= short
        for fieldname, term in expanded:
            if fieldname.endswith("_f") == bool(suffix) and term.startswith(tuple(short)):
                terms.add(term)
    return marks


def _build_beside(
    index_dir: Path,
    items: Iterable[tuple[Article, str]],
    total: int | None,
    progress: Progress | None,
    origin: ArchiveOrigin | None = None,
) -> Path:
    """Build a complete index in a temporary directory next to `index_dir`."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_builds(index_dir)
    fresh = index_dir.parent / f".{index_dir.name}.new-{os.getpid()}-{time.monotonic_ns()}"
    _create(fresh, origin)
    ix = windex.open_dir(str(fresh), indexname=INDEX_NAME)
    try:
        parallel = _parallel(total)
        writer = (
            _parallel_writer(ix, fresh)
            if parallel
            else ix.writer(limitmb=WRITER_MB, compound=False)
        )
        count = _feed(writer, items, progress, replace=False)
        writer.commit()
        with ix.reader() as reader:
            write_saved(fresh, reader)
            integrity.record(fresh, _segment_ids(reader), prune=True)
        if progress is not None:
            progress(count)
    except BaseException:
        ix.close()
        _remove_index_folder(fresh)
        raise
    ix.close()
    return fresh


def _swap_in(index_dir: Path, fresh: Path) -> None:
    """Replace the index at `index_dir` by `fresh`. Whatever the old folder held that the index
    did not write (a README, a user's note) is moved into the new one, so that the only files
    deleted are the old index's own."""
    old = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    if index_dir.exists():
        ensure_own(index_dir)
        for entry in index_dir.iterdir():
            if not is_index_file(entry.name) or not entry.is_file() or entry.is_symlink():
                os.replace(entry, fresh / entry.name)
        os.replace(index_dir, old)
    os.replace(fresh, index_dir)
    _remove_index_folder(old)


def _remove_index_folder(folder: Path) -> None:
    """Delete the index files in `folder`, then the folder if that left it empty: never a file
    the index did not write, whatever the folder's name says."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if is_index_file(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    with contextlib.suppress(OSError):
        folder.rmdir()


def _recover_swap(index_dir: Path) -> None:
    """Put back the old index if a swap was interrupted between its two renames, then remove
    what killed rebuilds left beside the index."""
    if not index_dir.parent.is_dir():
        return
    if not index_dir.exists():
        olds = sorted(index_dir.parent.glob(f".{index_dir.name}.old-*"))
        if olds and is_marked(olds[-1]):
            with contextlib.suppress(OSError):
                os.replace(olds[-1], index_dir)
    _remove_dead_builds(index_dir)


def _remove_dead_builds(index_dir: Path) -> None:
    """Delete what `.<index>.new-<pid>-*` and `.<index>.old-<pid>-*` of processes no longer
    running hold of an index."""
    for kind in ("new", "old"):
        for leftover in index_dir.parent.glob(f".{index_dir.name}.{kind}-*"):
            pid_text = leftover.name.rsplit(f".{kind}-", 1)[1].split("-", 1)[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid() and not _alive(int(pid_text)):
                _remove_index_folder(leftover)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def _parallel_writer(ix: Any, index_dir: Path, **options: Any) -> ParallelWriter:
    """BULK_PROCS writer processes that analyse the articles too and write each new
    segment's bitmaps file into `index_dir` as they write the segment."""
    return ParallelWriter(
        ix,
        procs=BULK_PROCS,
        batchsize=BULK_BATCH,
        prepare=article_document,
        saved_dir=index_dir,
        compound=False,
        **options,
    )


def _parallel(total: int | None) -> bool:
    """Whether writing `total` articles is worth the writer processes, and they may be forked
    (from the main thread only: never from an app's worker thread)."""
    return (
        total is not None
        and total >= PARALLEL_MIN
        and threading.current_thread() is threading.main_thread()
    )


def _feed(
    writer: Any,
    items: Iterable[tuple[Article, str]],
    progress: Progress | None,
    *,
    replace: bool,
) -> int:
    """Give every article to `writer` (replacing by id, or adding); cancel it on any error."""
    count = 0
    try:
        for article, stamp in items:
            if isinstance(writer, ParallelWriter):
                if replace:
                    writer.delete_by_term("id", article.id)
                writer.add_item(article, stamp)
            elif replace:
                writer.update_document(**article_document(article, stamp))
            else:
                writer.add_document(**article_document(article, stamp))
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count)
    except BaseException:
        writer.cancel()
        raise
    if progress is not None:
        progress(count)  # all handed to the writer: what remains is writing its files
    return count
