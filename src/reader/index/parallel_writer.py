"""Write many documents with `InvertingWriter` processes, each adding its own new segments.

The parent holds the index's write lock and applies deletions (an update replaces by id);
documents go to the writer processes in batches over a queue. A process starts a new segment
once the one it holds reaches SEGMENT_POSTINGS postings, which bounds its memory. On commit
the new segments join the index as they are: no merge, so an import costs the same whatever
the size of the archive it goes into.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
from typing import Any

from whoosh.writing import NO_MERGE, SegmentWriter

from reader.index.segment_writer import InvertingWriter

# Postings one process holds before it writes them out as a segment: ~9,000 articles of
# ~870 postings, ~400 MB of Python objects at the most.
SEGMENT_POSTINGS = 8_000_000
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
) -> None:
    """The writer process: documents from `jobs` until None, then its segments to `results`."""
    ix = storage.open_index(indexname)
    segments = []
    writer = InvertingWriter(ix, _lk=False, **options)
    try:
        while (batch := jobs.get()) is not None:
            for fields in batch:
                writer.add_document(**fields)
            if writer.postings >= segment_postings:
                segments.append(writer._finalize_segment())
                writer = InvertingWriter(ix, _lk=False, **options)
        if writer.doc_count():
            segments.append(writer._finalize_segment())
        else:
            writer._close_segment()
    except BaseException as error:
        results.put(("error", f"{type(error).__name__}: {error}"))
        raise
    results.put(("done", segments))


class ParallelWriter(SegmentWriter):
    """A Whoosh writer whose documents are written by `procs` forked processes."""

    def __init__(
        self,
        ix: Any,
        procs: int = 2,
        batchsize: int = 64,
        segment_postings: int = SEGMENT_POSTINGS,
        **options: Any,
    ) -> None:
        super().__init__(ix, **options)
        self.procs = procs
        self.batchsize = batchsize
        self.segment_postings = segment_postings
        self.options = {k: v for k, v in options.items() if k not in ("timeout", "delay")}
        self._context = multiprocessing.get_context("fork")
        self._jobs = self._context.Queue(procs * 4)
        self._results = self._context.Queue()
        self._tasks: list[Any] = []
        self._batch: list[dict[str, Any]] = []
        self.sent = 0

    def add_document(self, **fields: Any) -> None:
        self._batch.append(fields)
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
        self._check_state()
        try:
            new = self._collect()
        except BaseException:
            self.cancel()
            raise
        segments = NO_MERGE(self, self.segments)
        self._close_segment()
        self._commit_toc(segments + new)
        self._finish()

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
