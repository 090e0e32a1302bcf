"""Imports and fetches into the archive, and the indexing of what they stored.

Both hold the archive lock, write the files first (`reader.importer`) and index them after: a
large import (BULK_MIN_FILES files or more) as it goes, with the index's multi-process writer
(`BulkIndexing`), a small one and a fetch at the end (`index_stored`).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from reader.archive.caches import import_fingerprints
from reader.archive.index_keeper import IndexKeeper
from reader.atomic import remove_stale_temp_files
from reader.lock import archive_lock

if TYPE_CHECKING:
    import threading

    from reader.fetch.client import FetchedPage
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FeedReport, FeedRequest, FetchOutcome, FetchRun
    from reader.fetch.session import Status as FetchStatus
    from reader.importer import Importer, ImportOutcome, ImportSummary
    from reader.index.interface import BulkWriter

# Imports of at least this many files are indexed as they go, on both cores.
BULK_MIN_FILES = 200
# Attempts (over about 30 s) to index an import's articles while a reader holds the index.
INDEX_BUSY_RETRIES = 20


def import_paths(
    keeper: IndexKeeper,
    paths: Iterable[Path],
    on_total: Callable[[int], None] | None = None,
    on_outcomes: Callable[[list[ImportOutcome]], None] | None = None,
) -> ImportSummary:
    """Import files and folders into the archive, then index what was stored."""
    root = keeper.config.archive_dir
    root.mkdir(parents=True, exist_ok=True)
    with archive_lock(root):
        # No other writer is at work: a temp file here is a killed writer's leftover.
        remove_stale_temp_files(root, older_than_s=0)
        # Imported here: the importer loads entity extraction, which opening the reader on an
        # archive (the TUI's start-up) does not need.
        from reader.entities.version import mark_extractor
        from reader.importer import Importer

        was_empty = keeper.store.is_empty()

        known, generation = keeper.names.of_generation()
        importer = Importer(
            keeper.store,
            keeper.config.max_file_bytes,
            known,
            import_fingerprints(keeper.store, keeper.index),
        )
        bulk = BulkIndexing(keeper, importer, on_total)
        try:
            summary = importer.run(paths, on_total=bulk.on_total, on_outcomes=on_outcomes)
        except BaseException:
            bulk.cancel()
            raise
        if bulk.finish(summary) < summary.handed_on:
            # The writer did not take them all: they are stored, the next sync indexes them.
            summary.index_deferred = True
        if summary.stored:
            index_stored(keeper, summary)
        stored_any = summary.stored or summary.handed_on
        if was_empty and stored_any:
            # Every article of a new archive has this extractor's entities.
            with contextlib.suppress(OSError):
                mark_extractor(root)
        if generation is not None and stored_any and not summary.index_deferred:
            # The index now holds the archive's names as before plus exactly the names of
            # the stored articles, which the importer has added to its own.
            with contextlib.suppress(Exception):
                keeper.names.keep(importer.known, keeper.index.generation())
    return summary


def fetch(
    keeper: IndexKeeper,
    urls: Iterable[str],
    feeds: Iterable[str | FeedRequest] = (),
    *,
    options: FetchOptions | None = None,
    cancel: threading.Event | None = None,
    on_total: Callable[[int], None] | None = None,
    on_start: Callable[[str], None] | None = None,
    on_outcome: Callable[[FetchOutcome], None] | None = None,
    on_feed: Callable[[FeedReport], None] | None = None,
    feed_of: Callable[[FetchedPage], str | None] | None = None,
) -> FetchRun:
    """Download pages (and the new items of feeds), import them, and index what was stored
    (see `Archive.fetch`). `feed_of` names the subscription a page was listed by (kept in
    the article's `feed` field); `on_feed` is told what each feed's download came to."""
    from reader.fetch.session import FetchOutcome, FetchSession

    root = keeper.config.archive_dir
    root.mkdir(parents=True, exist_ok=True)
    with archive_lock(root):
        # No other writer is at work: a temp file here is a killed writer's leftover.
        remove_stale_temp_files(root, older_than_s=0)
        from reader.importer import Importer, ImportSummary

        importer = Importer(
            keeper.store,
            keeper.config.max_file_bytes,
            keeper.names.get(),
            import_fingerprints(keeper.store, keeper.index),
        )
        summary = ImportSummary()

        def handle(page: FetchedPage) -> FetchOutcome:
            outcome = importer.import_page(
                page.data,
                page.url,
                page.content_type,
                summary,
                label=page.requested_url,
                feed=feed_of(page) if feed_of is not None else None,
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
                on_feed=on_feed,
            )
        finally:
            if summary.stored:
                index_stored(keeper, summary)


def index_stored(keeper: IndexKeeper, summary: ImportSummary) -> None:
    """Index what an import stored, waiting out a reader that is bringing the index up to
    date; if the index stays busy the files are kept and the next sync indexes them."""
    from reader.index.article_index import IndexBusy

    items = [(article, stored.stamp) for article, stored in summary.stored]
    for attempt in range(INDEX_BUSY_RETRIES):
        try:
            keeper.index.update(items)
            return
        except IndexBusy:
            time.sleep(min(0.25 * (attempt + 1), 2.0))
    summary.index_deferred = True


class BulkIndexing:
    """Index a large import as it goes, with the index's multi-process writer.

    Chosen when the import has at least BULK_MIN_FILES files and the index writer is free;
    otherwise the stored articles are indexed after the import, as for a small one.
    """

    def __init__(
        self, keeper: IndexKeeper, importer: Importer, on_total: Callable[[int], None] | None
    ) -> None:
        self.keeper = keeper
        self.importer = importer
        self._on_total = on_total
        self._bulk: BulkWriter | None = None

    def on_total(self, total: int) -> None:
        if total >= BULK_MIN_FILES:
            from reader.index.article_index import IndexBusy

            try:
                bulk = self.keeper.index.bulk(total)
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
