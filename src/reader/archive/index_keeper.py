"""Keeping the index in line with the article files, which stay the source of truth.

`IndexKeeper` opens the archive's index (creating it when there is none), brings it up to date
with the files (new, edited and deleted ones), rebuilds it when it is missing, damaged or of
another version, and, when a read fails on an index whose files are not what it wrote, rebuilds
it and answers again.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reader.archive.caches import KnownNamesCache
from reader.archive.errors import ArchiveError
from reader.archive.identity import archive_origin
from reader.atomic import write_text_atomic
from reader.config import Config
from reader.index.folder import KNOWN_NAMES_FILE, MARKER, SYNC_MARK_FILE, IndexFolderRefused
from reader.lock import holder
from reader.model.article import Article
from reader.model.canonical import ArticleFormatError
from reader.store import ArchiveStore, StoredFile

if TYPE_CHECKING:
    from reader.index.interface import SearchIndex

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""Called with (done, total) while a long operation runs."""
# A directory changed less than this long before it is listed is not marked as synced.
RACY_NS = 2_000_000_000


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


class IndexKeeper:
    """The index of one archive, opened on first use and kept in line with its files.

    Beside the index it keeps the mark of the last complete sync (SYNC_MARK_FILE: the archive
    directory's signature and the index generation it left), which a quick sync trusts, and
    the archive's known entity names (`names`, KNOWN_NAMES_FILE).
    """

    def __init__(self, config: Config, store: ArchiveStore) -> None:
        self.config = config
        self.store = store
        self._index: SearchIndex | None = None
        self.names = KnownNamesCache(config.index_dir, lambda: self.index)
        self.on_repair: Callable[[str], None] | None = None
        """Told, in one line, when a damaged index found while answering has been rebuilt."""
        self._warm = False

    # -- opening ---------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The open index, created empty when there is none yet."""
        if self._index is None:
            from reader.index.article_index import IndexUnavailable

            try:
                self._index = self._open(create=False)
            except IndexUnavailable:
                self._index = self._open(create=True)
        return self._index

    def has_index(self) -> bool:
        """Whether an index has been built in the index folder (it may still be outdated)."""
        try:
            return any(name != MARKER for name in os.listdir(self.config.index_dir))
        except OSError:
            return False

    def _open(self, *, create: bool) -> SearchIndex:
        """Open (or with `create`, make) the index in the configured folder.

        Raises:
            ArchiveError: that folder holds files the reader did not write.
            IndexUnavailable: there is no usable index and `create` is False.
        """
        from reader.index.article_index import ArticleIndex

        try:
            index = ArticleIndex.open(
                self.config.index_dir,
                create=create,
                origin=archive_origin(self.config.archive_dir),
            )
        except IndexFolderRefused as exc:
            raise ArchiveError(str(exc)) from None
        if self._warm:
            index.keep_warm()
        return index

    def keep_warm(self) -> None:
        """Keep every index this opens warm (`SearchIndex.keep_warm`), the open one too."""
        self._warm = True
        if self._index is not None:
            self._index.keep_warm()

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    # -- answering, repairing ----------------------------------------------------------------

    def answering(self, work: Callable[[], T]) -> T:
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
        return self.rebuild(SyncReport(rebuilt_because=damage), progress)

    # -- keeping in line with the files ------------------------------------------------------

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
        """The mark of a complete sync: the archive directory's signature and the index
        generation that sync left."""
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

    def sync(
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
        writer = holder(self.config.archive_dir)
        if writer is not None:
            # Another process is importing: it indexes what it writes, and the next sync
            # picks up the rest; writing the index beside it would only make it wait.
            report.deferred = f"another import (pid {writer}) is writing the archive"
            return report
        if self._index is None:
            try:
                self._index = self._open(create=False)
            except IndexUnavailable as exc:
                self.store.clean_temp_files()
                if self.has_index():
                    report.rebuilt_because = str(exc)
                return self.rebuild(report, progress)
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
                self._update(changed, indexed, report, progress)
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
            self.names.of_generation()  # kept current for the next import
        return report

    def reindex(self, article_id: str) -> bool:
        """Index one article's file as it is now (after the user edited it), without a sync
        of the whole archive. False when another process is writing the archive or the index:
        the next sync indexes it.

        Raises:
            FileNotFoundError, UnsafeIdError: there is no such article file.
            ArticleFormatError: the file no longer reads as an article; the index keeps the
                version it had (until a sync, which drops an unreadable file's).
        """
        from reader.index.article_index import IndexBusy

        stored = self.store.stored(article_id)  # the stamp before the read: never newer
        article = self.store.read_path(stored.path)
        if holder(self.config.archive_dir) is not None:
            return False
        try:
            self.answering(lambda: self.index.update([(article, stored.stamp)]))
        except IndexBusy:
            return False
        if (self.config.index_dir / KNOWN_NAMES_FILE).exists():
            self.names.of_generation()  # kept current for the next import
        return True

    def _update(
        self,
        changed: list[StoredFile],
        indexed: dict[str, str],
        report: SyncReport,
        progress: Progress | None,
    ) -> None:
        """Index the `changed` files; a file that no longer reads leaves the index."""
        total = len(changed)

        def count(done: int) -> None:
            if progress:
                progress(done, total)  # how many the index has written so far

        self.index.update(self._read_changed(changed, report), progress=count, total=total)
        unreadable = {path for path, _ in report.problems}
        stale = [f.id for f in changed if f.path in unreadable and f.id in indexed]
        if stale:
            # A file that no longer parses must not keep answering with its old text.
            self.index.delete(stale)
        report.updated = sum(1 for f in changed if f.id in indexed) - len(stale)
        report.added = len(changed) - report.updated - len(report.problems)

    def rebuild(self, report: SyncReport, progress: Progress | None) -> SyncReport:
        """Build the index again from every article file (the caller holds what lock the
        rebuild needs)."""
        files = list(self.store.scan().values())
        total = len(files)

        def count(done: int) -> None:
            if progress:
                progress(done, total)  # how many the index has written so far

        index = self.index
        index.rebuild(self._read_changed(files, report), total=total, progress=count)
        report.added = total - len(report.problems)
        self.names.of_generation()  # kept beside the index for the next import
        return report

    def check(self) -> list[str]:
        """Problems between the files and the index; empty when they agree. Checking never
        changes the index: a missing or damaged one is reported, not replaced."""
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
                self._index = self._open(create=False)
            except IndexUnavailable as exc:
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
