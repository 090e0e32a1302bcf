"""The main screen's index work: thread workers that post their answers as messages.

Whoosh is synchronous, so every query, sync and look-up runs here, off the event loop; each
group is exclusive (a newer request cancels the older one) and answers are checked for
staleness again by the handlers on the screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from reader.archive import Archive
from reader.model.article import Article
from reader.model.ids import id_from_url
from reader.tui import messages as msg
from reader.tui.widgets.related_panel import RelatedItem

TIMELINE_MONTHS = 36
"""At most this many months (the newest) in the timeline."""
TIMELINE_DELAY = 0.25
"""Seconds of quiet typing before the timeline is counted."""
RESULT_PAGE = 20
"""Hits fetched per page when the list's height is not known yet."""
PAGE_MARGIN = 3
"""Hits fetched beyond the rows the list shows; more come when the cursor reaches the end.

Each hit costs its snippet in the search, on every keystroke: a page the size of the screen
answers sooner than a fixed 20 (11 rows show at 48 lines)."""
MIN_PAGE = 8


class IndexWork:
    """Mixed into the main screen: needs `archive` and `post_message`."""

    archive: Archive
    timeline_months: list[str] | None = None
    """The archive's months (YYYY-MM), found once the index is up to date."""
    post_message: Callable[[Message], bool]
    set_timer: Callable[..., Timer]
    _timeline_timer: Timer | None = None

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def sync_index(self, rebuild: bool = False, first: tuple[str, str, int] | None = None) -> None:
        """Index new and changed article files (all of them when `rebuild`).

        With `first` (query, sort, hits) and an index already on disk, that query is answered
        before the check for changed files, so the first screen does not wait for it; the
        same thread does both, so the archive is never opened twice at once.
        """
        if first is not None and not rebuild and self.archive.has_index():
            try:
                result = self.archive.search(first[0], limit=first[2], sort=first[1])
                self.post_message(msg.ResultsReady(first[0], first[1], result))
            except Exception:  # the search after the sync will say what is wrong
                pass
        if self.archive.store.is_empty():
            self.post_message(msg.SyncFinished("empty"))
            return
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last > 0.1 or done >= total:
                last = now
                self.post_message(msg.SyncProgress(done, total))

        try:
            if rebuild:
                report = self.archive.rebuild_index(progress)
            else:
                report = self.archive.sync_index(progress)
        except Exception as exc:  # the index is optional to reading: say why, keep going
            self.post_message(msg.SyncFinished("failed", f"Index problem: {exc}"))
            return
        problems = len(report.problems)
        summary = f"{report.added} added, {report.updated} updated, {report.removed} removed"
        note = f"{problems} article files could not be read" if problems else None
        if report.deferred:
            note = f"The index was not brought up to date: {report.deferred}."
        self.post_message(msg.SyncFinished(summary, note, changed=report.changed or rebuild))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, query: str, sort: str, limit: int = RESULT_PAGE) -> None:
        """Run one query off the event loop; stale answers are dropped twice over."""
        worker = get_current_worker()
        try:
            result = self.archive.search(query, limit=limit, sort=sort)
        except Exception as exc:  # a bad query must not stop the app: show why
            if not worker.is_cancelled:
                self.post_message(msg.SearchFailed(query, str(exc).splitlines()[0][:200]))
            return
        if not worker.is_cancelled:
            self.post_message(msg.ResultsReady(query, sort, result))

    # Named: by default Textual names a worker by the repr of its arguments, here a whole
    # article (0.15 s on the event loop for 19 MB).
    @work(thread=True, exclusive=True, group="related", exit_on_error=False, description="links")
    def resolve_related(self, article: Article) -> None:
        """Match the page's own related links and titles to archived articles.

        A link's URL names the archived page exactly when it was fetched from there; other
        titles are matched by folded title.
        """
        links = {title: url for title, url in article.related_links}
        titles = [*article.related_titles, *(t for t in links if t not in article.related_titles)]
        try:
            resolved = self.archive.resolve_titles(titles)
        except Exception:  # the list still shows, unresolved
            resolved = {}
        items = tuple(
            RelatedItem(title, "linked", self._by_url(links.get(title)) or resolved.get(title))
            for title in titles
        )
        if not get_current_worker().is_cancelled:
            self.post_message(msg.RelatedReady(article.id, items))

    def _by_url(self, url: str | None) -> str | None:
        """The archived article fetched from `url`, if any."""
        if not url:
            return None
        candidate = id_from_url(url)
        try:
            return candidate if self.archive.store.exists(candidate) else None
        except ValueError:
            return None

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

        self._timeline_timer = self.set_timer(TIMELINE_DELAY, paused)

    @property
    def timeline_pending(self) -> bool:
        """Whether a month count waits for the typing to pause."""
        return self._timeline_timer is not None

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def count_months(self, query: str) -> None:
        """Matching articles per month (the newest TIMELINE_MONTHS): one call, the matching
        set's bitmap against per-month bitmaps."""
        worker = get_current_worker()
        try:
            counts = self.archive.month_counts(query)[-TIMELINE_MONTHS:]
        except Exception:  # the chart is a nicety: leave it out
            return
        if not worker.is_cancelled:
            self.post_message(msg.TimelineReady(query, tuple(counts)))

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False, description="counts")
    def count_entities(self, article: Article) -> None:
        """How many archive articles mention each entity: one look-up in the facet catalogue."""
        try:
            counts = self.archive.entity_counts(article.entities.as_dict())
        except Exception:  # a count is a nicety: leave it out
            return
        if not get_current_worker().is_cancelled:
            self.post_message(msg.EntityCountsReady(article.id, counts))


def entity_query(kind: str, name: str) -> str:
    """The search term for one entity: `person:"Nguyễn Văn A"`."""
    return f'{kind}:"{name.replace(chr(34), " ").strip()}"'


def archive_months(oldest: object, newest: object, limit: int = TIMELINE_MONTHS) -> list[str]:
    """`YYYY-MM` for each month from `oldest` to `newest` (dates), the newest `limit` of them."""
    if not (hasattr(oldest, "year") and hasattr(newest, "year")):
        return []
    year, month = oldest.year, oldest.month  # type: ignore[attr-defined]
    end = (newest.year, newest.month)  # type: ignore[attr-defined]
    months: list[str] = []
    while (year, month) <= end:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months[-limit:]
