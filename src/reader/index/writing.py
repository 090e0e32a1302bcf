"""Writing the index: small updates in this process, bulk ones by writer processes.

A small update (an import of a few articles, a sync of edited files) goes through Whoosh's own
writer; PARALLEL_MIN articles or more from the main thread go through `ParallelWriter`: BULK_PROCS
forked processes that analyse the articles and each write their own segments (no merge), while
this process goes on parsing. Writer processes end when this process ends, however it ends
(`arm_child_reaper`, armed when the first one is forked).
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing.util
import os
import signal
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from whoosh.index import LockError

from reader.index.parallel_writer import ParallelWriter
from reader.index.schema import article_document
from reader.model.article import Article
from reader.os_errors import naming

if TYPE_CHECKING:
    from reader.index.article_index import ArticleIndex

Progress = Callable[[int], None]
# Seconds to wait for another writer to finish before reporting the index busy.
WRITER_WAIT = 1.0
PROGRESS_EVERY = 25
# Use the two-process writer only when there is enough to write to pay for its start-up.
PARALLEL_MIN = 2000
# Writer processes of a bulk update, and the documents handed to one at a time.
BULK_PROCS = 2
BULK_BATCH = 64
# Megabytes of postings Whoosh's own writer (small updates) keeps in memory before spilling.
# Segments are written as separate files, never one compound file: whoosh-reloaded opens a
# compound segment by copying every part of it into memory (BytesIO over the mmap), which
# cost 250 MB of RAM and ~120 ms per searcher at 24,842 articles.
WRITER_MB = 256


class IndexBusy(Exception):
    """Another writer holds the index lock."""


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
_REAPER: list[_ChildrenDieWithUs] = []
_REAPER_GUARD = threading.Lock()


def arm_child_reaper() -> None:
    """Make every process this one forks from now on end when this one ends (once per
    process; called before forking writer or parser processes)."""
    with _REAPER_GUARD:
        if not _REAPER or _REAPER[0].pid != os.getpid():
            _REAPER[:] = [_ChildrenDieWithUs()]


class BulkUpdate:
    """Add or replace many articles through the multi-process `ParallelWriter`.

    Documents are analysed here and handed in batches to BULK_PROCS writer processes, each
    writing its own segment while this process goes on parsing; the segments are added to the
    index as they are (no merge of the new ones), so the commit costs little more than the
    saved files of the new segments.
    """

    def __init__(self, index: ArticleIndex, total: int | None = None) -> None:
        self.index = index
        self.count = 0
        self._indexed = index.stamps()
        self._writer = index.writer(parallel=True, total=total)

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
            self.index.after_commit()
        return self.count

    def cancel(self) -> None:
        """Drop everything queued; the index stays as it was."""
        with contextlib.suppress(Exception):
            self._writer.cancel()


def open_writer(ix: Any, index_dir: Path, parallel: bool, total: int | None = None) -> Any:
    """A writer on the index `ix` in `index_dir`: BULK_PROCS writer processes, each writing
    its own segment, when `parallel`, else one in this process (`total`: the documents to
    come, when known).

    Raises:
        IndexBusy: another writer holds the lock (after WRITER_WAIT seconds).
    """
    try:
        if parallel:
            return parallel_writer(ix, index_dir, total, timeout=WRITER_WAIT)
        return ix.writer(timeout=WRITER_WAIT, limitmb=WRITER_MB, compound=False)
    except LockError as error:
        raise IndexBusy(f"the index at {index_dir} is being written by another process") from error


def parallel_writer(
    ix: Any, index_dir: Path, total: int | None = None, **options: Any
) -> ParallelWriter:
    """BULK_PROCS writer processes that analyse the articles too and write each new
    segment's bitmaps file into `index_dir` as they write the segment (`total`: the
    documents to come, when known)."""
    arm_child_reaper()
    return ParallelWriter(
        ix,
        procs=BULK_PROCS,
        batchsize=BULK_BATCH,
        prepare=article_document,
        saved_dir=index_dir,
        expected=total,
        compound=False,
        **options,
    )


def use_parallel(total: int | None) -> bool:
    """Whether writing `total` articles is worth the writer processes, and they may be forked
    (`can_fork`)."""
    return total is not None and total >= PARALLEL_MIN and can_fork()


def can_fork() -> bool:
    """Whether worker processes may be forked here: the platform forks (not Windows), and
    this is the main thread (never an app's worker thread, whose locks a child would copy
    held). Where it may not, everything runs in this process: slower, the same result."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
    )


def feed(
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
