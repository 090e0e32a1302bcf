"""The main screen's work on the archive: thread workers that post their answers as messages.

Searching is synchronous, so every query and count runs here, off the event loop (the
reading pane reads article files in its own worker); the index is built in a child process
(`reader.tui.index_build`) that a worker follows, so it forks its writer processes as
`reader index` does. Each kind of work has its own exclusive
group: a newer request cancels the older one of its kind (a thread worker is only flagged, so
a cancelled one runs to its end and then posts nothing), never work of another kind, so
counting entities does not cancel a search. The screen's handlers check again that an answer
is still wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.archive import Archive
from reader.model.article import Entities
from reader.tui import messages as msg
from reader.tui.index_build import ChildBuild

TIMELINE_MONTHS = 36
"""At most this many months (the newest) in the timeline."""
TIMELINE_DELAY = 0.25
"""Seconds of quiet typing before the timeline is counted."""
FACETS_DELAY = 0.3
"""Seconds of quiet typing before the facets are counted."""
WATCH_SECONDS = 2.0
"""How often the archive is counted, so that articles imported elsewhere show up."""
REREAD_SECONDS = 1.05
"""How long after another process wrote the index this one surely reads the new version."""


def archive_problem(root: Path) -> str | None:
    """`missing` when the archive folder does not exist, `not a folder` when it is a file."""
    if root.is_dir():
        return None
    return "not a folder" if root.exists() else "missing"


def sync_finished(report: dict[str, Any]) -> msg.SyncFinished:
    """The screen's message for the child's report of a finished build."""
    added, updated, removed = (int(report.get(k) or 0) for k in ("added", "updated", "removed"))
    problems = int(report.get("problems") or 0)
    summary = f"{added} added, {updated} updated, {removed} removed"
    note = f"{problems} article files could not be read" if problems else None
    if report.get("deferred"):
        note = f"The index was not brought up to date: {report['deferred']}."
    rebuilt = report.get("rebuilt_because")
    changed = bool(added or updated or removed or rebuilt)
    return msg.SyncFinished(summary, note, changed=changed)


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
        self._paused: dict[str, Timer] = {}
        """The counts that wait for the typing to pause, by kind."""
        self._build: ChildBuild | None = None
        """The index build running in a child process, if any."""

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
        """Index new and changed article files (all of them when `rebuild`), in a child
        process (`index_build`), telling the screen what happens as it happens.

        With `first` and an index already on disk, that query is answered before the check
        for changed files, so the first screen does not wait for it. A build already running
        is stopped first.
        """
        self.stop_build()
        self._start(partial(self._sync, rebuild, first), "index", "sync")

    def stop_build(self) -> None:
        """Stop the index build that runs, if any (the index stays as it was)."""
        build, self._build = self._build, None
        if build is not None:
            build.stop()

    def _sync(self, rebuild: bool, first: FirstSearch | None) -> None:
        post = self._screen.post_message
        archive = self._archive
        searchable = archive.has_index()
        if first is not None and not rebuild and searchable:
            try:
                result = archive.search(first.query, limit=first.limit, sort=first.sort)
                post(msg.ResultsReady(first.query, first.sort, result))
            except Exception:  # the search after the sync will say what is wrong
                pass
        problem = archive_problem(archive.root)
        if problem is not None:
            post(msg.SyncFinished(problem))
            return
        if archive.is_empty():
            post(msg.SyncFinished("empty"))
            return
        post(msg.SyncStarted(searchable=searchable, rebuild=rebuild))
        build = self._build = ChildBuild(archive.root, archive.index_dir, rebuild)
        try:
            self._follow(build, searchable)
        finally:
            if self._build is build:
                self._build = None

    def _follow(self, build: ChildBuild, searchable: bool) -> None:
        """Tell the screen the child's events; SyncFinished at the end."""
        post = self._screen.post_message
        for event in build.events():
            if event.event == "progress":
                post(msg.SyncProgress(event.done, event.total))
            elif event.event == "repair":
                post(msg.IndexRepaired(event.line))
            elif event.event == "failed":
                post(msg.SyncFinished("failed", f"Index problem: {event.line}"))
                return
            elif event.event == "finished":
                post(msg.BuildEnded())
                report = event.fields
                # This process re-reads an index another process wrote at most once a
                # second: searching sooner could still answer from the index as it was.
                if searchable and build.wait_stopped(REREAD_SECONDS):
                    return
                post(sync_finished(report))
                return

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

    def page(self, query: str, sort: str, serial: int, offset: int, limit: int) -> None:
        """Answer a later page of `query` with `PageReady` (each page its own worker: a page
        asked for is never cancelled by the next one, which the list would wait for)."""
        self._screen.run_worker(
            partial(self._page, query, sort, serial, offset, limit),
            thread=True,
            group="page",
            description="page",
            exit_on_error=False,
        )

    def _page(self, query: str, sort: str, serial: int, offset: int, limit: int) -> None:
        try:
            result = self._archive.search(query, limit=limit, sort=sort, offset=offset)
        except Exception:  # the rows stay as they are; the next search says what is wrong
            return
        self._answer(msg.PageReady(query, sort, serial, offset, result))

    def _after_pause(self, kind: str, delay: float, count: Callable[[], None]) -> None:
        """Run `count` once the typing pauses for `delay` seconds (a newer wait of the same
        `kind` replaces this one).

        The wait is a timer on the event loop, not a sleep in a worker: thread workers share
        a small pool, and a few sleeping ones would hold up the search of the next keystroke.
        """
        waiting = self._paused.pop(kind, None)
        if waiting is not None:
            waiting.stop()

        def paused() -> None:
            del self._paused[kind]
            count()

        self._paused[kind] = self._screen.set_timer(delay, paused)

    @property
    def pending(self) -> bool:
        """Whether a count waits for the typing to pause."""
        return bool(self._paused)

    def count_months_after_pause(self, query: str) -> None:
        """Count the months of `query` once the typing pauses for TIMELINE_DELAY."""
        self._after_pause("timeline", TIMELINE_DELAY, partial(self.count_months, query))

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

    # -- facets -------------------------------------------------------------------------------

    def count_facets_after_pause(self, query: str) -> None:
        """Count the facets of `query` once the typing pauses for FACETS_DELAY."""
        self._after_pause("facets", FACETS_DELAY, partial(self.count_facets, query))

    def count_facets(self, query: str) -> None:
        """The facets of the results of `query` (as typed), as `FacetsReady`."""
        self._start(partial(self._count_facets, query), "facets", "facets")

    def _count_facets(self, query: str) -> None:
        try:
            facets = self._archive.facets(query, typing=True)
        except Exception:  # the counts are a nicety: the search says what is wrong
            return
        self._answer(msg.FacetsReady(query, facets))

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

    # -- watching the archive ------------------------------------------------------------------

    def count_articles(self) -> None:
        """Count the indexed articles (`ArchiveCounted`): an import in another window shows up
        in the index, which this process re-reads within a second. Not while the index is
        being built here: its end is told anyway."""
        if self._build is None:
            self._start(self._count_articles, "watch", "watch")

    def _count_articles(self) -> None:
        try:
            total = self._archive.search("", limit=0, sort="date").total
        except Exception:  # the next count, or the next search, says what is wrong
            return
        self._answer(msg.ArchiveCounted(total))

    def check_entities(self) -> None:
        """Tell `EntitiesOutdated` when the archive's entities come from an older extractor."""
        self._start(self._check_entities, "entities-version", "entities version")

    def _check_entities(self) -> None:
        try:
            outdated = self._archive.entities_outdated()
        except Exception:  # a nicety: say nothing
            return
        if outdated:
            self._answer(msg.EntitiesOutdated())
