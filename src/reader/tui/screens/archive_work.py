"""The main screen's work on the archive: thread workers that post their answers as messages.

Whoosh is synchronous, so every query, sync and count runs here, off the event loop (the
reading pane reads article files in its own worker). Each kind of work has its own exclusive
group: a newer request cancels the older one of its kind (a thread worker is only flagged, so
a cancelled one runs to its end and then posts nothing), never work of another kind, so
counting entities does not cancel a search. The screen's handlers check again that an answer
is still wanted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.archive import Archive
from reader.model.article import Entities
from reader.tui import messages as msg

TIMELINE_MONTHS = 36
"""At most this many months (the newest) in the timeline."""
TIMELINE_DELAY = 0.25
"""Seconds of quiet typing before the timeline is counted."""


@dataclass(frozen=True, slots=True)
class FirstSearch:
    """The query to answer before the index is checked for changed files."""

    query: str
    sort: str
    limit: int


class ArchiveWork:
    """Runs the main screen's look-ups as workers of the screen, which gets the answers."""

    def __init__(self, archive: Archive, screen: Screen[None]) -> None:
        self._archive = archive
        self._screen = screen
        self._timeline_timer: Timer | None = None

    def _start(self, work: Callable[[], None], group: str, description: str) -> None:
        # Described: by default Textual describes a worker by the repr of its arguments,
        # which could be a whole article (0.15 s on the event loop for 19 MB).
        self._screen.run_worker(
            work,
            thread=True,
            exclusive=True,
            group=group,
            description=description,
            exit_on_error=False,
        )

    def _answer(self, message: Message) -> None:
        """Post `message` to the screen, unless a newer request cancelled this worker."""
        if not get_current_worker().is_cancelled:
            self._screen.post_message(message)

    # -- the index -----------------------------------------------------------------------------

    def sync(self, rebuild: bool = False, first: FirstSearch | None = None) -> None:
        """Index new and changed article files (all of them when `rebuild`).

        With `first` and an index already on disk, that query is answered before the check
        for changed files, so the first screen does not wait for it; the same thread does
        both, so the archive is never opened twice at once.
        """
        self._start(partial(self._sync, rebuild, first), "index", "sync")

    def _sync(self, rebuild: bool, first: FirstSearch | None) -> None:
        post = self._screen.post_message
        if first is not None and not rebuild and self._archive.has_index():
            try:
                result = self._archive.search(first.query, limit=first.limit, sort=first.sort)
                post(msg.ResultsReady(first.query, first.sort, result))
            except Exception:  # the search after the sync will say what is wrong
                pass
        if self._archive.is_empty():
            post(msg.SyncFinished("empty"))
            return
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.1 or done >= total:
                last = now
                post(msg.SyncProgress(done, total))

        try:
            if rebuild:
                report = self._archive.rebuild_index(progress)
            else:
                report = self._archive.sync_index(progress)
        except Exception as exc:  # the index is optional to reading: say why, keep going
            post(msg.SyncFinished("failed", f"Index problem: {exc}"))
            return
        problems = len(report.problems)
        summary = f"{report.added} added, {report.updated} updated, {report.removed} removed"
        note = f"{problems} article files could not be read" if problems else None
        if report.deferred:
            note = f"The index was not brought up to date: {report.deferred}."
        post(msg.SyncFinished(summary, note, changed=report.changed or rebuild))

    # -- searching -----------------------------------------------------------------------------

    def search(self, query: str, sort: str, limit: int) -> None:
        """Answer `query` (its first `limit` hits) with `ResultsReady` or `SearchFailed`."""
        self._start(partial(self._search, query, sort, limit), "search", "search")

    def _search(self, query: str, sort: str, limit: int) -> None:
        try:
            result = self._archive.search(query, limit=limit, sort=sort)
        except Exception as exc:  # a bad query must not stop the app: show why
            self._answer(msg.SearchFailed(query, str(exc).splitlines()[0][:200]))
            return
        self._answer(msg.ResultsReady(query, sort, result))

    def count_months_after_pause(self, query: str) -> None:
        """Count the months of `query` once the typing pauses for TIMELINE_DELAY.

        The wait is a timer on the event loop, not a sleep in a worker: thread workers share
        a small pool, and a few sleeping ones would hold up the search of the next keystroke.
        """
        if self._timeline_timer is not None:
            self._timeline_timer.stop()

        def paused() -> None:
            self._timeline_timer = None
            self.count_months(query)

        self._timeline_timer = self._screen.set_timer(TIMELINE_DELAY, paused)

    @property
    def timeline_pending(self) -> bool:
        """Whether a month count waits for the typing to pause."""
        return self._timeline_timer is not None

    def count_months(self, query: str) -> None:
        """Matching articles per month (the newest TIMELINE_MONTHS), as `TimelineReady`."""
        self._start(partial(self._count_months, query), "timeline", "months")

    def _count_months(self, query: str) -> None:
        # One call: the matching set's bitmap against per-month bitmaps.
        try:
            counts = self._archive.month_counts(query)[-TIMELINE_MONTHS:]
        except Exception:  # the chart is a nicety: leave it out
            return
        self._answer(msg.TimelineReady(query, tuple(counts)))

    # -- entities -----------------------------------------------------------------------------

    def count_entities(self, article_id: str, entities: Entities) -> None:
        """How many archive articles mention each entity, as `EntityCountsReady`."""
        self._start(partial(self._count_entities, article_id, entities), "entities", "counts")

    def _count_entities(self, article_id: str, entities: Entities) -> None:
        # One look-up in the facet catalogue.
        try:
            counts = self._archive.entity_counts(entities.as_dict())
        except Exception:  # a count is a nicety: leave it out
            return
        self._answer(msg.EntityCountsReady(article_id, counts))
