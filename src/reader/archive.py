"""The archive facade: the one API the command line and the TUI call.

It ties the article files (`ArchiveStore`) to the derived Whoosh index (`ArticleIndex`): imports
write files first and then index them; opening an archive brings a missing or stale index up to
date from the files, which stay the source of truth.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.atomic import remove_stale_temp_files, temp_prefix, write_text_atomic
from reader.config import Config
from reader.index.folder import (
    KNOWN_NAMES_FILE,
    MARKER,
    SYNC_MARK_FILE,
    IndexFolderRefused,
    ensure_own,
    placement_problem,
)
from reader.lock import archive_lock, holder
from reader.model.article import Article
from reader.model.canonical import ArticleFormatError
from reader.store import ArchiveStore, StoredFile, UnsafeIdError
from reader.text.normalize import fold

if TYPE_CHECKING:
    import threading

    from reader.entities.catalog import EntityCount, EntityView
    from reader.entities.known import KnownNames
    from reader.entities.reextract import ReextractReport
    from reader.fetch.client import FetchedPage
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FetchOutcome, FetchRun
    from reader.fetch.session import Status as FetchStatus
    from reader.importer import Fingerprints, Importer, ImportOutcome, ImportSummary
    from reader.index.interface import BulkWriter, SearchIndex
    from reader.model.search import SearchResult
    from reader.related import RelatedList

T = TypeVar("T")
_TITLE_WORD = re.compile(r"[^\W_]+")
# The archive's identity, kept in its directory: an index records it, so an index copied from
# another archive is recognised on open.
ARCHIVE_ID_FILE = ".reader-archive-id"
_ARCHIVE_ID = re.compile(r"[0-9a-f]{32}")

DEEP_UNAVAILABLE = (
    "--deep is not available: the rule-based extraction measured better than the NLP "
    "toolkit's own recognition (bench/entities_quality.py), so there is no deeper pass"
)

# Imports of at least this many files are indexed as they go, on both cores.
BULK_MIN_FILES = 200

# Attempts (over about 30 s) to index an import's articles while a reader holds the index.
INDEX_BUSY_RETRIES = 20
# Beside the index: the archive's known entity names for one index state (KNOWN_NAMES_FILE, a
# cache), and the archive directory's signature and the index state after the last complete
# sync (SYNC_MARK_FILE: `Archive.sync_index(quick=True)` trusts it).
# A directory changed less than this long before it is listed is not marked as synced.
RACY_NS = 2_000_000_000

Progress = Callable[[int, int], None]
"""Called with (done, total) while a long operation runs."""


class ArchiveError(Exception):
    """A user-facing problem with the archive, told in one line."""


class ArticleNotFound(ArchiveError):
    """No article with that id."""


@dataclass
class SyncReport:
    """What bringing the index up to date did."""

    added: int = 0
    updated: int = 0
    removed: int = 0
    problems: list[tuple[Path, str]] = field(default_factory=list)
    rebuilt_because: str | None = None
    deferred: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class Archive:
    """An archive directory and its index."""

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
        self._index: SearchIndex | None = None
        self.on_repair: Callable[[str], None] | None = None
        """Told, in one line, when a damaged index found while answering has been rebuilt."""

    @property
    def root(self) -> Path:
        """The archive folder."""
        return self.config.archive_dir

    @property
    def keymap(self) -> tuple[tuple[str, str], ...]:
        """The reader's remapped keys from the config (binding id, keys)."""
        return self.config.keymap

    def has_article(self, article_id: str) -> bool:
        """Whether the archive holds an article with this id (a malformed id: no)."""
        try:
            return self.store.exists(article_id)
        except UnsafeIdError:
            return False

    def is_empty(self) -> bool:
        """Whether the archive holds no article (stops at the first it finds)."""
        return self.store.is_empty()

    def archive_origin(self) -> tuple[str, str] | None:
        """(archive id, resolved path) for the index to record; None while there is no archive.

        The id is written once, atomically (a new name hard-linked into place, so two
        processes starting at once agree on one id); an unreadable id is replaced.
        """
        path = self.root / ARCHIVE_ID_FILE
        if not self.root.is_dir():
            return None
        for _ in range(3):
            try:
                text = path.read_text("ascii").strip()
            except FileNotFoundError:
                text = ""
            except (OSError, UnicodeDecodeError):
                text = "damaged"
            if _ARCHIVE_ID.fullmatch(text):
                return text, str(self.root.resolve())
            try:
                fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), dir=self.root)
            except OSError:  # a read-only archive: its index cannot record it
                return None
            try:
                with os.fdopen(fd, "w", encoding="ascii") as handle:
                    handle.write(uuid.uuid4().hex + "\n")
                if text:
                    os.replace(tmp_name, path)
                else:
                    with contextlib.suppress(FileExistsError):
                        os.link(tmp_name, path)
            except OSError:
                return None
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp_name)
        return None

    # -- the index ---------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The open index, created empty when there is none yet."""
        if self._index is None:
            from reader.index.article_index import IndexUnavailable

            try:
                self._index = self._open_index(create=False)
            except IndexUnavailable:
                self._index = self._fresh_index()
        return self._index

    def has_index(self) -> bool:
        """Whether an index has been built in the index folder (it may still be outdated)."""
        return _holds_an_index(self.config.index_dir)

    def _fresh_index(self) -> SearchIndex:
        return self._open_index(create=True)

    def _answering(self, work: Callable[[], T]) -> T:
        """`work()` on the index. When it fails and the index's files turn out not to be
        what it wrote (a disk error, a careless copy: `SearchIndex.verify`), the index is
        rebuilt from the article files, the user is told in one line (`on_repair`) and
        `work()` runs again. A failure on a sound index is a bug: raised as it is."""
        try:
            return work()
        except (ArchiveError, KeyboardInterrupt):
            raise
        except Exception:
            damage = self._damage()
            if damage is None:
                raise
        self._repair(damage)
        if self.on_repair is not None:
            self.on_repair(f"index rebuilt: {damage}")
        return work()

    def _damage(self) -> str | None:
        """Why the open index cannot be trusted, or None when its files are as written."""
        if self._index is None:
            return None
        try:
            return self._index.verify()
        except Exception as exc:  # too damaged even to be checked
            return f"index at {self.config.index_dir} is unreadable ({type(exc).__name__})"

    def _repair(self, damage: str, progress: Progress | None = None) -> SyncReport:
        """Rebuild a damaged index from the article files."""
        if self._index is not None:
            with contextlib.suppress(Exception):
                self._index.close()
            self._index = None
        return self._rebuild(SyncReport(rebuilt_because=damage), progress)

    def _open_index(self, *, create: bool) -> SearchIndex:
        """Open (or with `create`, make) the index in the configured folder.

        Raises:
            ArchiveError: that folder holds files the reader did not write.
            IndexUnavailable: there is no usable index and `create` is False.
        """
        from reader.index.article_index import ArticleIndex

        try:
            return ArticleIndex.open(
                self.config.index_dir, create=create, origin=self.archive_origin()
            )
        except IndexFolderRefused as exc:
            raise ArchiveError(str(exc)) from None

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def _read_changed(
        self, files: Iterable[StoredFile], report: SyncReport
    ) -> Iterable[tuple[Article, str]]:
        for stored in files:
            try:
                article = self.store.read_path(stored.path)
            except (ArticleFormatError, OSError) as exc:
                report.problems.append((stored.path, str(exc)))
                continue
            yield article, stored.stamp

    def _sync_mark(self, signature: tuple[int, ...]) -> str:
        """The mark of a complete sync: the archive directory's signature and the index state
        that sync left."""
        return json.dumps({"directory": list(signature), "index": self.index.generation()})

    def _read_sync_mark(self) -> str | None:
        try:
            return (self.config.index_dir / SYNC_MARK_FILE).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _keep_sync_mark(self, mark: str, previous: str | None) -> None:
        """Record `mark` beside the index (a cache: a failure only means a full check later)."""
        if mark != previous:
            with contextlib.suppress(OSError):
                write_text_atomic(self.config.index_dir / SYNC_MARK_FILE, mark)

    def sync_index(
        self, progress: Progress | None = None, *, quick: bool = False, thorough: bool = False
    ) -> SyncReport:
        """Index new and edited article files and drop deleted ones; a damaged index is rebuilt.

        Every article file is stat'ed and its stamp compared with the indexed one (~0.4 s at
        100,000 files), except with `quick`: then, when the archive directory is as the last
        complete check left it (no file added, removed or renamed since: `ArchiveStore.
        signature`) and so is the index, nothing is read. What `quick` can miss: files
        rewritten in place (same inode, as some editors save) since that check; the next
        complete sync (any search, `reader index`, the TUI's start) indexes them. With
        `thorough`, every saved file beside the index is parsed in full, not only its header.
        """
        from reader.index.article_index import IndexBusy, IndexUnavailable

        report = SyncReport()
        writer = holder(self.root)
        if writer is not None:
            # Another process is importing: it indexes what it writes, and the next sync
            # picks up the rest; writing the index beside it would only make it wait.
            report.deferred = f"another import (pid {writer}) is writing the archive"
            return report
        if self._index is None:
            try:
                self._index = self._open_index(create=False)
            except IndexUnavailable as exc:
                self.store.clean_temp_files()
                if self.has_index():
                    report.rebuilt_because = str(exc)
                return self._rebuild(report, progress)
            self._index.repair_saved(thorough=thorough)
        # Taken before the files are listed: a change made while they are becomes a mismatch.
        signature, taken_ns = self.store.signature(), time.time_ns()
        mark = self._read_sync_mark()
        if quick and signature is not None and mark == self._sync_mark(signature):
            return report
        touched = False
        try:
            files, temp = self.store.survey()
            self.store.clean_temp_files(temp)
            indexed = self.index.stamps()
            changed = [
                StoredFile(i, self.store.path_for(i), stamp)
                for i, stamp in files.items()
                if indexed.get(i) != stamp
            ]
            gone = [article_id for article_id in indexed if article_id not in files]
            del files
            touched = bool(changed or gone)
            if gone:
                report.removed = self.index.delete(gone)
            if changed:
                total = len(changed)
                done = 0

                def count(n: int) -> None:
                    nonlocal done
                    done = n  # the index reports how many it has written so far
                    if progress:
                        progress(done, total)

                self.index.update(self._read_changed(changed, report), progress=count, total=total)
                unreadable = {path for path, _ in report.problems}
                stale = [f.id for f in changed if f.path in unreadable and f.id in indexed]
                if stale:
                    # A file that no longer parses must not keep answering with its old text.
                    self.index.delete(stale)
                report.updated = sum(1 for f in changed if f.id in indexed) - len(stale)
                report.added = len(changed) - report.updated - len(report.problems)
        except IndexBusy:
            # A writer we cannot see holds the index (a killed import's worker processes,
            # another tool): answer from the index as it is; a later sync catches up.
            report.deferred = "the index is being written by another process"
        except Exception:
            damage = self._damage()
            if damage is None:
                raise
            return self._repair(damage, progress)
        else:
            if (
                signature is not None
                and not report.problems
                # Changed within the last RACY_NS, the directory could change again without
                # its mtime moving (one timestamp tick): no mark, the next sync looks again.
                and taken_ns - signature[2] > RACY_NS
                and self.store.signature() == signature
            ):
                self._keep_sync_mark(self._sync_mark(signature), mark)
        if touched and (self.config.index_dir / KNOWN_NAMES_FILE).exists():
            self._known_names_of_state()  # kept current for the next import
        return report

    def _rebuild(self, report: SyncReport, progress: Progress | None) -> SyncReport:
        files = list(self.store.scan().values())
        total = len(files)
        done = 0

        def count(n: int) -> None:
            nonlocal done
            done = n  # the index reports how many it has written so far
            if progress:
                progress(done, total)

        if self._index is None:
            self._index = self._fresh_index()
        self._index.rebuild(self._read_changed(files, report), total=total, progress=count)
        report.added = total - len(report.problems)
        self._known_names_of_state()  # kept beside the index for the next import
        return report

    def rebuild_index(self, progress: Progress | None = None) -> SyncReport:
        """Build the index again from the article files (holding the archive lock, unless
        the archive is read-only)."""
        with archive_lock(self.root, index_only=True):
            return self._rebuild(SyncReport(), progress)

    def check_index(self) -> list[str]:
        """Problems between the files and the index; empty when they agree."""
        problems: list[str] = []
        files = self.store.scan()
        unreadable: set[str] = set()
        for stored, result in self.store.iter_articles():
            if isinstance(result, ArticleFormatError):
                problems.append(f"{stored.path}: {result}")
                unreadable.add(stored.id)
        if self._index is None:
            from reader.index.article_index import IndexUnavailable

            try:
                self._index = self._open_index(create=False)
            except IndexUnavailable as exc:
                # Reported, not replaced: checking never changes the index.
                problems.append(f"{exc.reason} (`reader index` rebuilds it)")
                return problems
        indexed = self.index.stamps()
        missing = sorted(set(files) - set(indexed) - unreadable)
        stale = sorted(i for i in set(files) & set(indexed) if files[i].stamp != indexed[i])
        orphans = sorted(set(indexed) - set(files))
        problems.extend(f"{files[i].path}: not in the index" for i in missing)
        problems.extend(f"{files[i].path}: changed since it was indexed" for i in stale)
        problems.extend(f"{i}: in the index but its file is gone" for i in orphans)
        problems.extend(self.index.check())
        return problems

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
        self.root.mkdir(parents=True, exist_ok=True)
        with archive_lock(self.root):
            # No other writer is at work: a temp file here is a killed writer's leftover.
            remove_stale_temp_files(self.root, older_than_s=0)
            # Imported here: the importer loads entity extraction, which opening the reader
            # on an archive (the TUI's start-up) does not need.
            from reader.importer import Importer

            known, state = self._known_names_of_state()
            importer = Importer(self.store, self.config.max_file_bytes, known, self._fingerprints())
            bulk = _BulkIndexing(self, importer, on_total)
            try:
                summary = importer.run(paths, on_total=bulk.on_total, on_outcomes=on_outcomes)
            except BaseException:
                bulk.cancel()
                raise
            if bulk.finish(summary) < summary.handed_on:
                # The writer did not take them all: they are stored, the next sync indexes them.
                summary.index_deferred = True
            if summary.stored:
                self._index_stored(summary)
            stored_any = summary.stored or summary.handed_on
            if state is not None and stored_any and not summary.index_deferred:
                # The index now holds the archive's names as before plus exactly the names
                # of the stored articles, which the importer has added to its own.
                with contextlib.suppress(Exception):
                    self._keep_known_names(importer.known, self.index.generation())
        return summary

    def _index_stored(self, summary: ImportSummary) -> None:
        """Index what an import stored, waiting out a reader that is bringing the index up to
        date; if the index stays busy the files are kept and the next sync indexes them."""
        from reader.index.article_index import IndexBusy

        items = [(article, stored.stamp) for article, stored in summary.stored]
        for attempt in range(INDEX_BUSY_RETRIES):
            try:
                self.index.update(items)
                return
            except IndexBusy:
                time.sleep(min(0.25 * (attempt + 1), 2.0))
        summary.index_deferred = True

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
        from reader.fetch.session import FetchOutcome, FetchSession

        self.root.mkdir(parents=True, exist_ok=True)
        with archive_lock(self.root):
            # No other writer is at work: a temp file here is a killed writer's leftover.
            remove_stale_temp_files(self.root, older_than_s=0)
            from reader.importer import Importer, ImportSummary

            importer = Importer(
                self.store,
                self.config.max_file_bytes,
                self.known_names(),
                self._fingerprints(),
            )
            summary = ImportSummary()

            def handle(page: FetchedPage) -> FetchOutcome:
                outcome = importer.import_page(
                    page.data, page.url, page.content_type, summary, label=page.requested_url
                )
                status: FetchStatus = (
                    "fetched"
                    if outcome.status == "imported"
                    else "duplicate"
                    if outcome.status == "duplicate"
                    else "failed"
                )
                return FetchOutcome(
                    page.requested_url,
                    status,
                    outcome.id,
                    outcome.reason,
                    page.url,
                    "other" if status == "failed" else None,
                )

            session = FetchSession(options, cancel=cancel)
            try:
                return session.run(
                    urls,
                    feeds,
                    handle=handle,
                    known=importer.known_url,
                    on_total=on_total,
                    on_start=on_start,
                    on_outcome=on_outcome,
                )
            finally:
                if summary.stored:
                    self._index_stored(summary)

    def related_links(self, article_id: str) -> tuple[tuple[str, str], ...]:
        """The related-article links (title, URL) the article's page carried.

        Stored in the front matter since fetches record them; for older files, read again
        from the raw page kept beside the article.
        """
        from reader.fetch.links import related_links

        article = self.get(article_id)
        if article.related_links:
            return article.related_links
        try:
            path = self.store.raw_path_for(article.id, ".html")
            data = path.read_bytes()
        except (OSError, UnsafeIdError):
            return ()
        from reader.fetch.content import decode_page
        from reader.ingest.errors import IngestError
        from reader.ingest.markup import bound_page_bytes

        try:
            # Kept by an older version, a raw page may not have had its tags bounded.
            html = decode_page(bound_page_bytes(data), None)
        except IngestError:
            return ()
        return related_links(html, article.url or "")

    # -- search ------------------------------------------------------------------------------

    def search(
        self, query: str, *, limit: int = 20, sort: str = "relevance", typing: bool = True
    ) -> SearchResult:
        """Search the index; an empty query lists the newest articles.

        `typing`: the query is being typed, so its last word may still be incomplete (a
        prefix); a finished query (the command line) means every word as written.
        """
        return self._answering(
            lambda: self.index.search(query, limit=limit, sort=sort, prefix=typing)
        )

    def resolve_titles(self, titles: Iterable[str]) -> dict[str, str | None]:
        """The archived article whose title matches each title, or None.

        Titles match when they are equal after folding case, diacritics and punctuation
        (a page's "related" links rarely copy a title exactly).
        """
        resolved: dict[str, str | None] = {}
        for title in titles:
            key = _title_key(title)
            resolved[title] = None
            if not key:
                continue
            for hit in self.search(key, limit=10).hits:
                if _title_key(hit.title) == key:
                    resolved[title] = hit.id
                    break
        return resolved

    def related(self, article_id: str, limit: int = 10) -> RelatedList:
        """The related list of one article: archived articles ranked with their reasons, and
        the titles its page linked that are not in the archive. Computed on request and cached
        until the index changes (see `reader.related`)."""
        article = self.get(article_id)
        if not article.related_links and self._has_raw_page(article.id):
            links = self.related_links(article_id)
            if links:
                article = article.with_changes(related_links=links)
        return self._answering(
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
        found = self._answering(lambda: self.index.stats())
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

    def _fingerprints(self) -> Fingerprints:
        """Duplicate look-ups for an import: the index answers for the files it holds as they
        are; only files it does not (new, edited) have their front matter read."""
        from reader.importer import Fingerprints

        try:
            files = self.store.stamps()
            indexed = self.index.stamps()
        except Exception:  # an unreadable index: read every file, as without one
            return Fingerprints(*self.store.fingerprints())
        unindexed = [i for i, stamp in files.items() if indexed.get(i) != stamp]
        by_sha, by_url = self.store.fingerprints(
            StoredFile(i, self.store.path_for(i), files[i]) for i in unindexed
        )
        # Indexed under an old content or for a file since deleted: not to be trusted.
        outdated = set(unindexed) | (indexed.keys() - files.keys())
        index = self.index
        every_file: list[tuple[dict[str, str], dict[str, str]]] = []

        def lookup(fieldname: str, value: str) -> list[str]:
            try:
                return [i for i in index.ids_with(fieldname, value) if i not in outdated]
            except Exception:  # the index went bad mid-import: read the files instead
                if not every_file:
                    every_file.append(self.store.fingerprints())
                found = every_file[0][0 if fieldname == "sha" else 1].get(value)
                return [found] if found else []

        return Fingerprints(by_sha, by_url, lookup)

    # -- entities ----------------------------------------------------------------------------

    def known_names(self) -> KnownNames:
        """The archive's canonical names, from the index catalogue (empty without an index)."""
        return self._known_names_of_state()[0]

    def _known_names_of_state(self) -> tuple[KnownNames, str | None]:
        """The index's names with the index state they are of (None: no names could be read).

        Kept in KNOWN_NAMES_FILE beside the index for that state (`state_key`): read from
        there, they cost a small import ~0.1 s instead of the catalogue's ~1 s.
        """
        from reader.entities.known import KnownNames

        try:
            state = self.index.generation()
            cached = self._cached_known_names(state)
            if cached is not None:
                return cached, state
            folded = self.index.known_names()
        except Exception:  # an unreadable index only means fewer names to match against
            return KnownNames(), None
        known = KnownNames.of_folded(folded)
        self._keep_known_names(known, state)
        return known, state

    def _cached_known_names(self, state: str) -> KnownNames | None:
        from reader.entities.known import KnownNames

        try:
            text = (self.config.index_dir / KNOWN_NAMES_FILE).read_text("utf-8")
            first, _, rest = text.partition("\n")
            return KnownNames.from_json(rest) if first == state else None
        except (OSError, ValueError, TypeError, AttributeError):  # missing or damaged
            return None

    def _keep_known_names(self, known: KnownNames, state: str) -> None:
        """Write `known` as the names of the index in `state` (a cache: failures are moot)."""
        with contextlib.suppress(OSError):
            write_text_atomic(
                self.config.index_dir / KNOWN_NAMES_FILE, f"{state}\n{known.to_json()}"
            )

    def _entity_catalogue(self) -> dict[tuple[str, str], int]:
        return self._answering(lambda: self.index.entity_counts())

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

    def resolve_entity(self, name: str, kind: str | None = None) -> tuple[str, str] | None:
        """(kind, canonical name) of the entity a user typed, accent-insensitively and through
        the alias table; None when the archive names no such entity."""
        return self._answering(lambda: self.index.resolve_entity(name, kind))

    def entity_view(self, name: str, kind: str | None = None, limit: int = 50) -> EntityView:
        """One entity: canonical name, aliases, newest articles, months and companions.

        Raises:
            ArchiveError: no article names such an entity.
        """
        view = self._answering(lambda: self.index.entity_view(name, kind, limit))
        if view is None:
            what = f"{kind} " if kind else ""
            raise ArchiveError(f"no {what}entity called {name!r} in the archive")
        return view

    def month_counts(self, query: str = "") -> tuple[tuple[str, int], ...]:
        """Articles matching `query` per month (YYYY-MM), every month of the archive."""
        return self._answering(lambda: self.index.month_counts(query))

    def reextract_entities(
        self, deep: bool = False, progress: Progress | None = None
    ) -> ReextractReport:
        """Extract every article's entities again, rewrite the files that change, re-index.

        Files whose front matter says `entities_locked: true` keep their entities (their names
        still guide the others'). Each changed file is replaced atomically; unchanged files
        are not touched.

        Raises:
            ArchiveError: `deep` was asked for (no deeper extraction measured better).
        """
        from reader.entities.reextract import reextract

        if deep:
            raise ArchiveError(DEEP_UNAVAILABLE)
        with archive_lock(self.root):
            report = reextract(self.store, progress)
        report.sync = self.sync_index()
        return report


class _BulkIndexing:
    """Index a large import as it goes, with the index's multi-process writer.

    Chosen when the import has at least BULK_MIN_FILES files and the index writer is free;
    otherwise the stored articles are indexed after the import, as for a small one.
    """

    def __init__(
        self, archive: Archive, importer: Importer, on_total: Callable[[int], None] | None
    ) -> None:
        self.archive = archive
        self.importer = importer
        self._on_total = on_total
        self._bulk: BulkWriter | None = None

    def on_total(self, total: int) -> None:
        if total >= BULK_MIN_FILES:
            from reader.index.article_index import IndexBusy

            try:
                bulk = self.archive.index.bulk()
            except IndexBusy:
                bulk = None
            self._bulk = bulk
            if bulk is not None:
                self.importer.on_stored = lambda article, stored: bulk.add(article, stored.stamp)
        if self._on_total is not None:
            self._on_total(total)

    def finish(self, summary: ImportSummary) -> int:
        """Commit what was queued; returns how many of the stored articles are indexed."""
        self.importer.on_stored = None
        if self._bulk is None:
            return 0
        bulk, self._bulk = self._bulk, None
        if bulk.count < summary.handed_on:
            bulk.cancel()
            return 0
        return bulk.commit()

    def cancel(self) -> None:
        self.importer.on_stored = None
        if self._bulk is not None:
            self._bulk.cancel()
            self._bulk = None


def _holds_an_index(folder: Path) -> bool:
    """Whether `folder` holds more than the marker of an index folder (there was an index)."""
    try:
        return any(name != MARKER for name in os.listdir(folder))
    except OSError:
        return False


def _title_key(title: str) -> str:
    """A title folded for matching: no case, diacritics or punctuation, single spaces."""
    return " ".join(_TITLE_WORD.findall(fold(title)))
