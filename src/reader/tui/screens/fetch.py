"""Fetching from the TUI: the small dialog that asks for URLs, and the run itself.

The download runs in a thread worker through `Archive.fetch` (the TUI never touches httpx):
progress comes back as messages to the app (`FetchReporter`, which an update of the feed
subscriptions uses too), which shows it on one line and re-runs the current query when the
run is over, so the new articles appear in the results.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.fetch.urls import URL_PREFIXES
from reader.tui.widgets.line_input import LineInput

if TYPE_CHECKING:
    from reader.archive import Archive
    from reader.archive.feeds import FeedUpdate
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FetchOutcome, FetchRun


class FetchUrlScreen(ModalScreen[list[str] | None]):
    """Asks for one or more page (or feed) URLs, separated by spaces."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "cancel", id="fetch.cancel")
    ]
    """esc cancels."""

    def __init__(self, feed: bool = False) -> None:
        super().__init__()
        self.feed = feed
        """True when the URLs are RSS or Atom feeds."""

    def compose(self) -> ComposeResult:
        what = "feed" if self.feed else "page"
        with Vertical(classes="dialog small"):
            yield Label(f"Fetch a {what}: URL", classes="dialog-title", markup=False)
            yield LineInput(placeholder="https://…", id="url")
            yield Label("", id="url-problem", classes="dialog-problem", markup=False)
            hint = "enter fetch · spaces between URLs · esc cancel"
            yield Label(hint, classes="dialog-hint", markup=False)

    @on(Input.Submitted, "#url")
    def _submitted(self, event: Input.Submitted) -> None:
        urls = event.value.split()
        if not urls:
            self.dismiss(None)
            return
        bad = [url for url in urls if not url.lower().startswith(URL_PREFIXES)]
        if bad:
            problem = self.query_one("#url-problem", Label)
            problem.update(f"Only http and https URLs can be fetched: {bad[0][:60]}")
            return
        self.dismiss(urls)

    def action_close(self) -> None:
        self.dismiss(None)


@dataclass
class FetchProgress(Message):
    """A URL started or finished: counts of the outcomes so far."""

    done: int
    total: int
    counts: dict[str, int]
    current: str | None = None


@dataclass
class FetchFinished(Message):
    """A fetch run is over: its counts and up to a few one-line problems."""

    counts: dict[str, int]
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    """Set when the run could not start or stopped on an error (one line)."""
    offline: bool = False
    """Every URL failed on the network."""
    fetched_ids: list[str] = field(default_factory=list)
    """The archive ids of the articles fetched, in order."""
    feeds: tuple[FeedUpdate, ...] | None = None
    """For an update of the subscriptions: what each feed came to."""
    interrupted: bool = False
    """The run was stopped before its end (what was fetched is kept)."""


class FetchReporter:
    """Counts the outcomes of one run of downloads as they come, telling `FetchProgress`;
    its callbacks are those `Archive.fetch` and `Archive.update_feeds` take."""

    def __init__(self, post: Callable[[Message], object]) -> None:
        self._post = post
        self.counts: Counter[str] = Counter()
        self.total = 0
        self.done = 0
        self.problems: list[str] = []
        self.fetched_ids: list[str] = []

    def on_total(self, total: int) -> None:
        self.total = total
        self._post(FetchProgress(self.done, total, dict(self.counts)))

    def on_start(self, url: str) -> None:
        self._post(FetchProgress(self.done, self.total, dict(self.counts), url))

    def on_outcome(self, outcome: FetchOutcome) -> None:
        self.done += 1
        self.counts[outcome.status] += 1
        if outcome.status == "fetched" and outcome.id:
            self.fetched_ids.append(outcome.id)
        if outcome.status == "failed" and len(self.problems) < 3:
            self.problems.append(f"{outcome.url}: {outcome.reason or ''}")
        self._post(FetchProgress(self.done, self.total, dict(self.counts)))

    def failed(self, exc: Exception) -> FetchFinished:
        """The end of a run that raised: its reason in one line."""
        reason = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        return FetchFinished(dict(self.counts), self.problems, error=reason)

    def finished(
        self,
        run: FetchRun | None,
        feeds: tuple[FeedUpdate, ...] | None = None,
        interrupted: bool = False,
    ) -> FetchFinished:
        """The end of a run (None: nothing had to be downloaded)."""
        return FetchFinished(
            dict(self.counts),
            self.problems,
            offline=run is not None and run.offline,
            fetched_ids=self.fetched_ids,
            feeds=feeds,
            interrupted=interrupted,
        )


def run_fetch(
    archive: Archive,
    urls: list[str],
    feed: bool,
    cancel: threading.Event,
    post: Callable[[Message], object],
    options: FetchOptions | None = None,
) -> None:
    """Fetch `urls` (pages, or feeds when `feed`) into the archive, posting progress; for a
    thread worker. Every error ends as a `FetchFinished` with a one-line reason."""
    report = FetchReporter(post)
    pages, feeds = ([], urls) if feed else (urls, [])
    try:
        run = archive.fetch(
            pages,
            feeds,
            options=options,
            cancel=cancel,
            on_total=report.on_total,
            on_start=report.on_start,
            on_outcome=report.on_outcome,
        )
    except Exception as exc:  # a refused feed, a busy archive: one line, never a traceback
        post(report.failed(exc))
        return
    post(report.finished(run, interrupted=run.interrupted))
