"""A fetch run: URLs and feeds downloaded by a pool of workers, handed one by one to a handler.

Downloads run on daemon worker threads (at most `overall` at a time); everything else (the
handler that imports a page, the callbacks) runs on the thread that called `run`, one page at
a time, so the handler needs no locking. Cancelling (the `cancel` event, or Ctrl-C reaching
the calling thread) stops the run between two pages: what was handled is kept, requests in
flight are abandoned and their results dropped.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

import httpcore

from reader.fetch.client import NOT_MODIFIED, FetchedPage, Fetcher, Validators
from reader.fetch.content import Kind
from reader.fetch.errors import FailureKind, FetchError
from reader.fetch.feeds import FeedError, parse_feed
from reader.fetch.options import FetchOptions
from reader.fetch.urls import url_problem
from reader.model.ids import normalise_url

Status = Literal["fetched", "duplicate", "failed"]
_POLL_S = 0.1


@dataclass(frozen=True, slots=True)
class FetchOutcome:
    """What happened to one URL: fetched (with its article id), duplicate, or failed."""

    url: str
    status: Status
    id: str | None = None
    reason: str | None = None
    final_url: str | None = None
    failure: FailureKind | None = None

    def as_dict(self) -> dict[str, str | None]:
        """The `--json` line: `{url, status, id, reason}`."""
        return {"url": self.url, "status": self.status, "id": self.id, "reason": self.reason}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """A feed to read, with the validators of the copy read last time (a conditional request:
    a feed that has not changed costs a 304 and nothing else)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FeedReport:
    """A feed that was read: how many items it listed and how many were new.

    `item_urls` are its items' URLs in feed order; `not_modified` a 304 (no items); `etag`
    and `last_modified` the validators to send next time; `moved_to` where permanent
    redirects led. A feed that could not be read has `error` (and `failure`, `status`).
    """

    url: str
    items: int
    new: int
    item_urls: tuple[str, ...] = ()
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None
    error: str | None = None
    failure: FailureKind | None = None
    status: int | None = None


@dataclass
class FetchRun:
    """The outcomes of a run, the feeds it read, and whether it was cut short."""

    outcomes: list[FetchOutcome] = field(default_factory=list)
    feeds: list[FeedReport] = field(default_factory=list)
    """The feeds that were read (a 304 too)."""
    failed_feeds: list[FeedReport] = field(default_factory=list)
    """The feeds that could not be read, each with its `error`."""
    interrupted: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> list[FetchOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]

    @property
    def offline(self) -> bool:
        """True when every URL failed on the network and nothing got through."""
        failed = self.failed
        return (
            bool(failed)
            and len(failed) == len(self.outcomes)
            and not self.feeds
            and all(outcome.failure == "network" for outcome in failed)
        )


Handler = Callable[[FetchedPage], FetchOutcome]
"""Imports a downloaded page; returns its outcome (fetched, duplicate or failed)."""
KnownUrl = Callable[[str], str | None]
"""The id of the article already archived from this URL, or None."""


@dataclass(frozen=True, slots=True)
class _Job:
    url: str
    feed: bool = False
    validators: Validators | None = None


@dataclass(frozen=True, slots=True)
class _Done:
    job: _Job
    page: FetchedPage | None = None
    error: FetchError | None = None


class FetchSession:
    """Runs downloads for one batch of URLs and feeds."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        cancel: threading.Event | None = None,
        network: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self.cancel = cancel or threading.Event()
        self._network = network

    def run(
        self,
        urls: Iterable[str],
        feeds: Iterable[str | FeedRequest] = (),
        *,
        handle: Handler,
        known: KnownUrl = lambda _url: None,
        on_total: Callable[[int], None] | None = None,
        on_start: Callable[[str], None] | None = None,
        on_outcome: Callable[[FetchOutcome], None] | None = None,
        on_feed: Callable[[FeedReport], None] | None = None,
    ) -> FetchRun:
        """Download every URL (and every new item of every feed) and hand each page to `handle`.

        Args:
            urls: page URLs.
            feeds: RSS or Atom feed URLs (or `FeedRequest`s, asked for conditionally); their
                items not yet archived are fetched as pages.
            handle: imports one downloaded page (called on this thread).
            known: tells which URLs are already archived: those are reported as duplicates
                without being downloaded.
            on_total: called with the number of URLs to report on, whenever it grows.
            on_start: called with each URL as its download is queued.
            on_outcome: called with each outcome as it is decided.
            on_feed: called with each feed's report (read or failed) once it is decided,
                before its items are queued.
        """
        run = FetchRun()
        jobs: queue.Queue[_Job | None] = queue.Queue()
        done: queue.Queue[_Done] = queue.Queue()
        fetcher = Fetcher(self.options, cancel=self.cancel, network=self._network)
        seen: set[str] = set()
        total = 0
        pending = 0
        workers: list[threading.Thread] = []

        def report(outcome: FetchOutcome) -> None:
            run.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)

        def grow(count: int) -> None:
            nonlocal total
            total += count
            if on_total and count:
                on_total(total)

        def submit(url: str, feed: bool = False, validators: Validators | None = None) -> None:
            nonlocal pending
            pending += 1
            if len(workers) < self.options.overall and len(workers) < pending:
                worker = threading.Thread(
                    target=_work, args=(fetcher, jobs, done), name="reader-fetch", daemon=True
                )
                worker.start()
                workers.append(worker)
            if on_start:
                on_start(url)
            jobs.put(_Job(url, feed, validators))

        def add_page(url: str) -> bool:
            url = url.strip()
            problem = url_problem(url)
            if problem:
                report(FetchOutcome(url, "failed", reason=problem, failure="refused"))
                return False
            key = normalise_url(url)
            if key in seen:
                report(FetchOutcome(url, "duplicate", reason="listed more than once"))
                return False
            seen.add(key)
            existing = known(url)
            if existing:
                report(FetchOutcome(url, "duplicate", existing, "already in the archive", url))
                return False
            submit(url)
            return True

        try:
            url_list = [u for u in urls if u.strip()]
            feed_list = [_request(f) for f in feeds]
            feed_list = [f for f in feed_list if f.url]
            grow(len(url_list) + len(feed_list))
            for feed in feed_list:
                problem = url_problem(feed.url)
                if problem:
                    report(FetchOutcome(feed.url, "failed", reason=problem, failure="refused"))
                    told = FeedReport(feed.url, 0, 0, error=problem, failure="refused")
                    run.failed_feeds.append(told)
                    if on_feed:
                        on_feed(told)
                else:
                    validators = Validators(feed.etag, feed.last_modified)
                    conditional = feed.etag or feed.last_modified
                    submit(feed.url, feed=True, validators=validators if conditional else None)
            for url in url_list:
                add_page(url)
            while pending:
                try:
                    result = done.get(timeout=_POLL_S)
                except queue.Empty:
                    if self.cancel.is_set():
                        run.interrupted = True
                        break
                    continue
                pending -= 1
                if self.cancel.is_set():
                    run.interrupted = True
                    break
                if result.job.feed:
                    feed_report = self._feed_report(result, report)
                    if feed_report.error is not None:
                        run.failed_feeds.append(feed_report)
                        if on_feed:
                            on_feed(feed_report)
                        continue
                    items = feed_report.item_urls
                    if on_feed:
                        on_feed(feed_report)
                    grow(len(items) - 1)
                    new = sum(add_page(item) for item in items)
                    run.feeds.append(replace(feed_report, new=new))
                elif result.error is not None:
                    error = result.error
                    report(
                        FetchOutcome(
                            result.job.url, "failed", reason=error.reason, failure=error.kind
                        )
                    )
                elif result.page is not None:
                    report(_handled(handle, result.page))
        except KeyboardInterrupt:
            run.interrupted = True
        finally:
            for _ in workers:
                jobs.put(None)
            if run.interrupted or pending:
                self.cancel.set()
                threading.Thread(target=fetcher.close, daemon=True).start()
            else:
                fetcher.close()
        return run

    @staticmethod
    def _feed_report(result: _Done, report: Callable[[FetchOutcome], None]) -> FeedReport:
        """What a feed's download came to (its failure reported as the feed's outcome)."""
        url = result.job.url
        error = result.error
        if error is not None:
            reason = f"feed: {error.reason}"
            report(FetchOutcome(url, "failed", reason=reason, failure=error.kind))
            return FeedReport(url, 0, 0, error=reason, failure=error.kind, status=error.status)
        page = result.page
        assert page is not None
        read = FeedReport(
            url,
            0,
            0,
            status=page.status,
            etag=page.etag,
            last_modified=page.last_modified,
            moved_to=page.moved_to,
        )
        if page.status == NOT_MODIFIED:
            return replace(read, not_modified=True)
        try:
            items = parse_feed(page.data, page.url)
        except FeedError as exc:
            reason = f"feed: {exc}"
            report(FetchOutcome(url, "failed", reason=reason, failure="other"))
            return FeedReport(url, 0, 0, error=reason, failure="other", status=page.status)
        urls = tuple(item.url for item in items)
        return replace(read, items=len(urls), item_urls=urls)


def _request(feed: str | FeedRequest) -> FeedRequest:
    if isinstance(feed, FeedRequest):
        return replace(feed, url=feed.url.strip())
    return FeedRequest(feed.strip())


def _handled(handle: Handler, page: FetchedPage) -> FetchOutcome:
    try:
        return handle(page)
    except Exception as exc:  # an import bug must not stop the other pages
        reason = f"could not import ({type(exc).__name__}: {exc})".splitlines()[0][:300]
        return FetchOutcome(page.requested_url, "failed", None, reason, page.url, "other")


def _work(fetcher: Fetcher, jobs: queue.Queue[_Job | None], done: queue.Queue[_Done]) -> None:
    while True:
        job = jobs.get()
        if job is None or fetcher.cancel.is_set():
            return
        accept: frozenset[Kind] = frozenset({"feed"}) if job.feed else frozenset({"html", "text"})
        try:
            done.put(_Done(job, page=fetcher.fetch(job.url, accept, job.validators)))
        except FetchError as exc:
            done.put(_Done(job, error=exc))
        except Exception as exc:  # never lose a job: report it as failed
            reason = f"unexpected error ({type(exc).__name__}: {exc})".splitlines()[0][:300]
            done.put(_Done(job, error=FetchError(reason, "other")))
