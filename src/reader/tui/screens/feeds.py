"""The feeds view (`F`): every subscription with its unread articles, last update and last
error; `enter` searches a feed's articles (`feed:"NAME"`, a saved search of its items, newest
first), `u` updates every feed, `x` stops the update, `a` subscribes to a feed, `d` removes one.

The list and the subscription changes are read and written in thread workers of the screen.
The update is the app's, like a fetch (`fetch.py`): it goes on when the view is closed, and
`run_update`, in a thread worker of the app, posts its progress and each feed's result as it
is decided; the app hands them down to this view while it is open (`show_progress`,
`feed_decided`, `update_finished`), and the view asks the app for an update or a stop with
messages (`UpdateWanted`, `StopWanted`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.archive import Archive, ArchiveError
from reader.archive.feeds import FeedStatus, FeedUpdate
from reader.fetch.urls import URL_PREFIXES
from reader.tui.messages import FeedDecided, StopWanted, UpdateWanted
from reader.tui.render import safe
from reader.tui.screens.confirm import ConfirmScreen
from reader.tui.screens.fetch import FetchFinished, FetchReporter
from reader.tui.widgets.entity_sidebar import fit
from reader.tui.widgets.line_input import LineInput

if TYPE_CHECKING:
    from reader.fetch.options import FetchOptions

NO_FEEDS = "No feeds yet: press a to subscribe to one."
HINT = "enter articles · u update all · x stop · a add · d remove · esc close"
DECIDED = {
    "updated": ("updated", "$text-success"),
    "unchanged": ("unchanged", "$text-muted"),
    "failed": ("failed", "$text-error"),
    "gone": ("gone", "$text-warning"),
    "unknown": ("unknown", "$text-error"),
}
"""How the update's outcome for a feed is said, and in which colour."""


def when(moment: datetime | None) -> str:
    """`updated 2024-05-02 08:00` in local time, or `never updated`."""
    if moment is None:
        return "never updated"
    return f"updated {moment.astimezone().strftime('%Y-%m-%d %H:%M')}"


def feed_row(feed: FeedStatus, decided: FeedUpdate | None, width: int) -> Content:
    """A feed's row: its name, unread and article counts and last update; what the update
    under way decided for it; its last error on a line of its own, cut to `width`."""
    line = Content.assemble(
        (safe(feed.name), "bold"),
        (f"  {feed.unread:,} unread", "$text-accent" if feed.unread else "$text-muted"),
        (f" of {feed.articles:,}", "$text-muted"),
        (f" · {when(feed.updated)}", "$text-muted"),
    )
    error = feed.error
    if decided is not None:
        said, style = DECIDED[decided.status]
        new = f", {decided.new:,} new" if decided.status == "updated" else ""
        line = line.append(Content.styled(f" · now {said}{new}", style))
        error = decided.error
    if not error:
        return line
    style = "$text-warning" if feed.gone else "$text-error"
    return Content("\n").join([line, Content.styled(fit(f"  ⚠ {safe(error)}", width), style)])


def update_summary(finished: FetchFinished) -> str:
    """One line for the end of an update: feeds, new articles, errors, and whether stopped."""
    feeds = finished.feeds or ()
    if not feeds:
        return "No feeds to update: press F, then a, to subscribe to one."
    new = sum(f.new for f in feeds)
    failed = sum(1 for f in feeds if f.status in ("failed", "unknown") or f.failed)
    noun = "feed" if len(feeds) == 1 else "feeds"
    line = f"Updated {len(feeds)} {noun} · {new:,} new · {failed} with errors"
    return line + (" · stopped: what was fetched is kept" if finished.interrupted else "")


def run_update(
    archive: Archive,
    cancel: threading.Event,
    post: Callable[[Message], object],
    options: FetchOptions | None = None,
) -> None:
    """Update every subscription, posting the downloads' progress and `FeedDecided` for each
    feed as it is decided; for a thread worker. It ends with a `FetchFinished` whose `feeds`
    say what each feed came to (an error in one line when the update could not run)."""
    report = FetchReporter(post)

    def decided(update: FeedUpdate) -> None:
        post(FeedDecided(update))

    try:
        run = archive.update_feeds(
            options=options,
            cancel=cancel,
            on_total=report.on_total,
            on_start=report.on_start,
            on_outcome=report.on_outcome,
            on_feed=decided,
        )
    except Exception as exc:  # a busy or read-only archive, a broken feeds.yaml: one line
        post(report.failed(exc))
        return
    post(report.finished(run.fetch, tuple(run.feeds), run.interrupted))


class FeedList(OptionList):
    """The subscriptions, one row each (two with an error)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "down", show=False, id="feeds.down"),
        Binding("k", "cursor_up", "up", show=False, id="feeds.up"),
        Binding("enter", "select", "the feed's articles", id="feeds.open"),
    ]
    """j/k move; enter searches the highlighted feed's articles."""


class FeedsScreen(ModalScreen[str | None]):
    """The subscriptions; dismissed with the query of the feed chosen, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "close", id="feeds.close"),
        Binding("u", "update", "update all", id="feeds.update"),
        Binding("x", "stop", "stop the update", id="feeds.stop"),
        Binding("a", "add", "add a feed", id="feeds.add"),
        Binding("d,delete", "remove", "remove", id="feeds.remove"),
    ]
    """esc closes; u updates every feed, x stops it; a subscribes; d unsubscribes."""

    @dataclass
    class Listed(Message, bubble=False):
        """A worker read the subscriptions."""

        feeds: list[FeedStatus]

    @dataclass
    class Changed(Message, bubble=False):
        """A worker added or removed a subscription (`said`), or could not (`problem`)."""

        said: str
        problem: bool = False

    def __init__(self, archive: Archive) -> None:
        super().__init__()
        self.archive = archive
        self.feeds: list[FeedStatus] | None = None
        """The subscriptions shown (None: not read yet)."""
        self.decided: dict[str, FeedUpdate] = {}
        """What the update under way (or the last one) decided, by feed name."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Feeds", classes="dialog-title", markup=False)
            yield Label("", id="feeds-progress", markup=False)
            yield FeedList(id="feeds")
            yield Label(HINT, classes="dialog-hint", markup=False)

    @property
    def items(self) -> FeedList:
        return self.query_one("#feeds", FeedList)

    @property
    def progress(self) -> Label:
        return self.query_one("#feeds-progress", Label)

    def on_mount(self) -> None:
        self.items.set_options([Option(Content("Reading the subscriptions…"), disabled=True)])
        self.items.focus()
        self.list_feeds()

    # -- the list ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="feeds", exit_on_error=False, description="feeds")
    def list_feeds(self) -> None:
        """Read the subscriptions and their counts off the event loop."""
        try:
            feeds = self.archive.feeds()
        except ArchiveError as exc:
            self.post_message(self.Changed(str(exc), problem=True))
            return
        self.post_message(self.Listed(feeds))

    @on(Listed)
    def _listed(self, event: FeedsScreen.Listed) -> None:
        self.feeds = event.feeds
        self._show()

    def _show(self) -> None:
        feeds = self.feeds or []
        highlighted = self.items.highlighted
        width = max(20, self.items.scrollable_content_region.width - 1)
        options = [
            Option(feed_row(feed, self.decided.get(feed.name), width), id=str(index))
            for index, feed in enumerate(feeds)
        ]
        self.items.set_options(options or [Option(Content(NO_FEEDS), disabled=True)])
        if options:
            self.items.highlighted = min(highlighted or 0, len(options) - 1)

    def on_resize(self, event: Resize) -> None:
        if self.feeds is not None:
            self._show()

    @property
    def chosen(self) -> FeedStatus | None:
        """The highlighted feed."""
        index = self.items.highlighted
        feeds = self.feeds or []
        return feeds[index] if index is not None and 0 <= index < len(feeds) else None

    @on(OptionList.OptionSelected, "#feeds")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        feed = self.chosen
        if feed is not None:
            self.dismiss(feed.query)

    def action_close(self) -> None:
        self.dismiss(None)

    # -- updating (the app's): told down as it goes -----------------------------------------

    def action_update(self) -> None:
        self.post_message(UpdateWanted())

    def action_stop(self) -> None:
        self.post_message(StopWanted())

    def update_started(self) -> None:
        """An update of every feed began: what the last one decided is forgotten."""
        self.decided.clear()
        self.progress.display = True
        self.progress.update("Updating…  x stops")
        self._show()

    def show_progress(self, done: int, total: int, counts: dict[str, int]) -> None:
        """The update's pages so far, and how many feeds are decided."""
        feeds = len(self.feeds or [])
        of = f"/{total}" if total else ""
        self.progress.display = True
        self.progress.update(
            f"Updating: {len(self.decided)} of {feeds} feeds decided · {done}{of} downloads · "
            f"{counts.get('fetched', 0)} new articles · x stops"
        )

    def feed_decided(self, update: FeedUpdate) -> None:
        """The update decided one feed: its row says so, with its error if any."""
        self.decided[update.name] = update
        self._show()

    def update_finished(self, finished: FetchFinished) -> None:
        """The update is over: its summary, and the counts read again."""
        self.progress.update(update_summary(finished) if finished.feeds is not None else "")
        self.list_feeds()

    # -- subscribing and unsubscribing ------------------------------------------------------

    def action_add(self) -> None:
        def asked(answer: tuple[str, str | None] | None) -> None:
            if answer is not None:
                self.add_feed(*answer)

        self.app.push_screen(AddFeedScreen(), asked)

    @work(thread=True, group="feeds-change", exit_on_error=False, description="add feed")
    def add_feed(self, url: str, name: str | None) -> None:
        try:
            sub = self.archive.add_feed(url, name)
        except ArchiveError as exc:
            self.post_message(self.Changed(str(exc), problem=True))
            return
        self.post_message(self.Changed(f"Subscribed to {sub.name}: u downloads its items."))

    def action_remove(self) -> None:
        feed = self.chosen
        if feed is None:
            self.notify("No feed to remove.", markup=False, timeout=2)
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.remove_feed(feed.name)

        question = f"Remove the feed “{feed.name}”? Its articles stay in the archive."
        self.app.push_screen(ConfirmScreen(question), confirmed)

    @work(thread=True, group="feeds-change", exit_on_error=False, description="remove feed")
    def remove_feed(self, name: str) -> None:
        try:
            sub = self.archive.remove_feed(name)
        except ArchiveError as exc:
            self.post_message(self.Changed(str(exc), problem=True))
            return
        self.post_message(self.Changed(f"Removed the feed {sub.name}."))

    @on(Changed)
    def _changed(self, event: FeedsScreen.Changed) -> None:
        self.notify(event.said, severity="error" if event.problem else "information", markup=False)
        if not event.problem:
            self.list_feeds()


class AddFeedScreen(ModalScreen[tuple[str, str | None] | None]):
    """Asks for a feed's URL and, if wanted, its name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "cancel", id="feeds.add.cancel")
    ]
    """esc cancels."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Label("Subscribe to a feed", classes="dialog-title", markup=False)
            yield LineInput(placeholder="https://… (RSS or Atom)", id="feed-url")
            yield LineInput(placeholder="its name (optional: its site's)", id="feed-name")
            yield Label("", id="feed-problem", classes="dialog-problem", markup=False)
            yield Label("enter subscribe · tab name · esc cancel", classes="dialog-hint")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        url = self.query_one("#feed-url", Input).value.strip()
        name = self.query_one("#feed-name", Input).value.strip() or None
        if not url.lower().startswith(URL_PREFIXES):
            self.query_one("#feed-problem", Label).update(
                "A feed's URL starts with http:// or https://"
            )
            return
        self.dismiss((url, name))

    def action_close(self) -> None:
        self.dismiss(None)
