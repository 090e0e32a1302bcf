"""Write many documents with `InvertingWriter` processes, each adding its own new segments.

The parent holds the index's write lock and applies deletions (an update replaces by id);
documents go to the writer processes in batches over a queue. A process starts a new segment
once the one it holds reaches SEGMENT_POSTINGS postings, which bounds its memory, unless what
it can expect to get still (its share of the documents to come, when told how many) would make
a segment of less than TAIL_SHARE of that: then it keeps on, up to 1 + TAIL_SHARE of it. On commit
the new segments join the index as they are: no merge, so an import costs the same whatever
the size of the archive it goes into.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from whoosh.writing import SegmentWriter

from reader.index.whoosh_codec import InvertingWriter, check_open, commit_segments

# Makes the document (Whoosh fields) of one queued item.
Prepare = Callable[..., dict[str, Any]]
# Postings one process holds before it writes them out as a segment: ~12,600 articles of
# ~870 postings, ~400 MB resident at the most. Fewer, larger segments make a smaller index
# and faster searches (100,000 articles: 12 segments, 1.57 GB with 8 million; 10, 1.47 GB).
SEGMENT_POSTINGS = 11_000_000
# A small last segment per process makes every later search and related list read one
# more segment (24,842 articles in two processes: five segments, not three).
TAIL_SHARE = 0.3
# Seconds to wait for a writer process's segments once it has been told to finish.
FINISH_WAIT = 600.0


class WriterFailed(Exception):
    """A writer process ended without handing back its segments."""


def _write(
    storage: Any,
    indexname: str,
    jobs: Any,
    results: Any,
    options: dict[str, Any],
    segment_postings: int,
    prepare: Prepare | None,
    share: int | None,
) -> None:
    """The writer process: items from `jobs` until None, then its segments to `results`
    (`share`: about how many documents it will get, when known)."""
    ix = storage.open_index(indexname)
    segments = []
    writer = InvertingWriter(ix, _lk=False, **options)
    written = 0
    try:
        while (batch := jobs.get()) is not None:
            for item in batch:
                writer.add_document(**(item if prepare is None else prepare(*item)))
            written += len(batch)
            if writer.postings >= segment_postings and not _tail_fits(
                writer.postings,
                writer.doc_count(),
                share - written if share else 0,
                segment_postings,
            ):
                segments.append(writer.finish_segment())
                writer = InvertingWriter(ix, _lk=False, **options)
        if writer.doc_count():
            segments.append(writer.finish_segment())
        else:
            writer.close_segment()
    except BaseException as error:
        results.put(("error", f"{type(error).__name__}: {error}"))
        raise
    results.put(("done", segments))


def _tail_fits(postings: int, documents: int, left: int, segment_postings: int) -> bool:
    """Whether the `left` documents still expected, at this segment's postings per
    document, fit in it within 1 + TAIL_SHARE of `segment_postings`."""
    if left <= 0 or not documents:
        return False
    expected = postings + left * postings / documents
    return expected <= segment_postings * (1 + TAIL_SHARE)


class ParallelWriter(SegmentWriter):
    """A Whoosh writer whose documents are written by `procs` forked processes.

    With `prepare`, items are added with `add_item(*args)` and made into documents by
    `prepare(*args)` in the writer processes (the analysis then runs on both cores too). With
    `saved_dir`, each new segment's bitmaps file is written there as the segment is.
    """

    def __init__(
        self,
        ix: Any,
        procs: int = 2,
        batchsize: int = 64,
        segment_postings: int = SEGMENT_POSTINGS,
        prepare: Prepare | None = None,
        saved_dir: Path | None = None,
        expected: int | None = None,
        **options: Any,
    ) -> None:
        super().__init__(ix, **options)
        self.procs = procs
        self.share = -(-expected // procs) if expected else None
        self.batchsize = batchsize
        self.segment_postings = segment_postings
        self.prepare = prepare
        self.options = {k: v for k, v in options.items() if k not in ("timeout", "delay")}
        self.options["saved_dir"] = saved_dir
        self._context = multiprocessing.get_context("fork")
        self._jobs = self._context.Queue(procs * 4)
        self._results = self._context.Queue()
        self._tasks: list[Any] = []
        self._batch: list[dict[str, Any]] = []
        self.sent = 0

    def add_document(self, **fields: Any) -> None:
        if self.prepare is not None:
            raise TypeError("this writer takes items for its prepare function: use add_item")
        self._queue(fields)

    def add_item(self, *args: Any) -> None:
        """Queue the document `prepare(*args)` will make."""
        if self.prepare is None:
            raise TypeError("this writer has no prepare function: use add_document")
        self._queue(args)

    def _queue(self, item: Any) -> None:
        self._batch.append(item)
        if len(self._batch) >= self.batchsize:
            self._send()

    def _send(self) -> None:
        if len(self._tasks) < self.procs:
            task = self._context.Process(
                target=_write,
                args=(
                    self.storage,
                    self.indexname,
                    self._jobs,
                    self._results,
                    self.options,
                    self.segment_postings,
                    self.prepare,
                    self.share,
                ),
                daemon=True,
            )
            task.start()
            self._tasks.append(task)
        self._jobs.put(self._batch)
        self.sent += len(self._batch)
        self._batch = []

    def commit(self, mergetype: Any = None, optimize: Any = None, merge: Any = None) -> None:
        """Wait for the processes' segments and add them to the index, merging nothing.

        Raises:
            WriterFailed: a process failed; the index is left as it was.
        """
        check_open(self)
        try:
            new = self._collect()
        except BaseException:
            self.cancel()
            raise
        commit_segments(self, new)

    def _collect(self) -> list[Any]:
        if self._batch:
            self._send()
        for _ in self._tasks:
            self._jobs.put(None)
        new: list[Any] = []
        waiting = len(self._tasks)
        deadline = time.monotonic() + FINISH_WAIT
        while waiting:
            try:
                kind, value = self._results.get(timeout=0.2)
            except queue.Empty:
                if any(task.exitcode not in (None, 0) for task in self._tasks):
                    raise WriterFailed("an index writer process died") from None
                if time.monotonic() > deadline:
                    raise WriterFailed("an index writer process stopped answering") from None
                continue
            if kind != "done":
                raise WriterFailed(f"an index writer process failed ({value})")
            new.extend(value)
            waiting -= 1
        for task in self._tasks:
            task.join()
        return new

    def cancel(self) -> None:
        for task in self._tasks:
            with contextlib.suppress(Exception):
                task.kill()
                task.join()
        self._tasks = []
        with contextlib.suppress(Exception):
            super().cancel()
