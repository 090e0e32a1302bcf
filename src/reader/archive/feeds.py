"""Feed subscriptions of the archive: adding, listing, removing, OPML, and updating them.

An update reads every subscription (or those named) in one fetch run (`imports.fetch`):
conditional requests with each feed's stored validators, one request at a time per host with
robots.txt's crawl delay between them, retries with back-off, and each new item's page
downloaded and imported with the feed's name in its `feed` field. A feed that fails keeps its
error and the others go on. What each feed came to is written back to `feeds.yaml` at the
end, matched by the URL the feed had when the update started, so a subscription added,
renamed or removed meanwhile is left as the user made it.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from reader.archive import imports
from reader.archive.errors import ArchiveError
from reader.feeds.model import (
    FeedsError,
    Subscription,
    check_name,
    check_tags,
    check_url,
    default_name,
    find,
    same_url,
)
from reader.feeds.store import FeedStore
from reader.model.ids import normalise_url

if TYPE_CHECKING:
    from reader.archive.index_keeper import IndexKeeper
    from reader.fetch.client import FetchedPage
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FeedReport, FetchOutcome, FetchRun

UpdateStatus = Literal["updated", "unchanged", "failed", "gone", "unknown"]
"""`updated`: read (with or without new items); `unchanged`: the server said 304; `failed`:
the feed could not be read (`error`); `gone`: HTTP 410, now or before (not asked again unless
named); `unknown`: no subscription of that name."""
ImportStatus = Literal["added", "duplicate", "failed"]
# What `reader update` asks of every host: one request at a time.
UPDATE_PER_HOST = 1


def now() -> datetime:
    return datetime.now(UTC).astimezone().replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class FeedStatus:
    """One subscription as the feeds list shows it: what updates found and what is unread."""

    name: str
    url: str
    tags: tuple[str, ...]
    added: datetime | None
    updated: datetime | None
    """When an update last reached the feed (a 304 too); None: never."""
    checked: datetime | None
    """When an update last tried it."""
    error: str | None
    """What went wrong the last time it was tried (None: nothing)."""
    new: int
    """Articles the last update added."""
    articles: int
    """Articles fetched through it that are in the archive."""
    unread: int
    """Of those, the ones not read (the research folder's read state)."""
    gone: bool
    moved_from: str | None
    query: str
    """The search that finds its articles (`feed:"NAME"`: its name is searched as a source,
    so an article whose source has the same words is found too; `Archive.feed_items` lists
    exactly the feed's)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "tags": list(self.tags),
            "added": _iso(self.added),
            "updated": _iso(self.updated),
            "checked": _iso(self.checked),
            "error": self.error,
            "new": self.new,
            "articles": self.articles,
            "unread": self.unread,
            "gone": self.gone,
            "moved_from": self.moved_from,
            "query": self.query,
        }


@dataclass(frozen=True, slots=True)
class FeedUpdate:
    """What updating one feed came to."""

    name: str
    url: str
    """Its URL now (after a permanent redirect, the new one)."""
    status: UpdateStatus
    items: int = 0
    """Items the feed listed."""
    new: int = 0
    """Articles added from its items."""
    failed: int = 0
    """Items whose page could not be fetched or imported."""
    error: str | None = None
    moved_to: str | None = None
    ids: tuple[str, ...] = ()
    """Ids of its items' articles (new or already archived)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "url": self.url,
            "status": self.status,
            "items": self.items,
            "new": self.new,
            "failed": self.failed,
            "error": self.error,
            "moved_to": self.moved_to,
        }


@dataclass
class UpdateRun:
    """Every feed's update, the pages' outcomes, and whether the run was cut short."""

    feeds: list[FeedUpdate] = field(default_factory=list)
    fetch: FetchRun | None = None
    interrupted: bool = False

    @property
    def failed(self) -> list[FeedUpdate]:
        return [f for f in self.feeds if f.status in ("failed", "unknown") or f.failed]


@dataclass(frozen=True, slots=True)
class OpmlOutcome:
    """What became of one feed of an imported OPML file."""

    url: str
    name: str | None
    status: ImportStatus
    reason: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"url": self.url, "name": self.name, "status": self.status, "reason": self.reason}


def feed_query(name: str) -> str:
    """The search for the articles fetched through the feed called `name`."""
    return f'feed:"{name}"'


def statuses(
    store: FeedStore, exists: Callable[[str], bool], is_read: Callable[[str], bool]
) -> list[FeedStatus]:
    """Every subscription with its counts of articles and unread articles."""
    found = []
    for sub in _load(store):
        present = [i for i in sub.items if exists(i)]
        found.append(
            FeedStatus(
                name=sub.name,
                url=sub.url,
                tags=sub.tags,
                added=sub.added,
                updated=sub.updated,
                checked=sub.checked,
                error=sub.error,
                new=sub.new,
                articles=len(present),
                unread=sum(1 for i in present if not is_read(i)),
                gone=sub.gone,
                moved_from=sub.moved_from,
                query=feed_query(sub.name),
            )
        )
    return found


def items(store: FeedStore, name_or_url: str, exists: Callable[[str], bool]) -> list[str]:
    """Ids of the archive's articles fetched through one feed, the latest fetched first."""
    sub = find(_load(store), name_or_url)
    if sub is None:
        raise ArchiveError(f"no feed called {name_or_url!r}")
    return [i for i in reversed(sub.items) if exists(i)]


def add(
    store: FeedStore, url: str, name: str | None = None, tags: Iterable[str] = ()
) -> Subscription:
    """Subscribe to a feed (nothing is downloaded until an update).

    Raises:
        ArchiveError: the URL cannot be fetched, or a subscription has this URL or name.
    """
    with _told():
        url = check_url(url)
        wanted = check_name(name) if name is not None else None
        kept_tags = check_tags(tags)
        added: list[Subscription] = []

        def put(subs: list[Subscription]) -> list[Subscription]:
            for sub in subs:
                if same_url(sub.url, url):
                    raise FeedsError(f"already subscribed to {url} as {sub.name!r}")
            chosen = wanted or default_name(url, (s.name for s in subs))
            if any(s.name.casefold() == chosen.casefold() for s in subs):
                raise FeedsError(f"a feed is already called {chosen!r}: choose another --name")
            added.append(Subscription(chosen, url, kept_tags, added=now()))
            return [*subs, added[0]]

        store.change(put)
        return added[0]


def remove(store: FeedStore, name_or_url: str) -> Subscription:
    """Unsubscribe from a feed (its articles stay in the archive).

    Raises:
        ArchiveError: no subscription has this name or URL.
    """
    with _told():
        removed: list[Subscription] = []

        def drop(subs: list[Subscription]) -> list[Subscription]:
            sub = find(subs, name_or_url)
            if sub is None:
                raise FeedsError(f"no feed called {name_or_url!r}")
            removed.append(sub)
            return [s for s in subs if s is not sub]

        store.change(drop)
        return removed[0]


def import_opml(store: FeedStore, data: bytes) -> list[OpmlOutcome]:
    """Subscribe to every feed an OPML file lists; a feed already subscribed to (by URL) is
    a duplicate, one that cannot be (a bad URL or name) fails with its reason, and neither
    stops the others.

    Raises:
        ArchiveError: the file is not OPML.
    """
    from reader.feeds.opml import OpmlError, parse_opml

    try:
        listed = parse_opml(data)
    except OpmlError as exc:
        raise ArchiveError(f"not an OPML subscription list: {exc}") from None
    outcomes: list[OpmlOutcome] = []

    def put(subs: list[Subscription]) -> list[Subscription]:
        outcomes.clear()
        kept = list(subs)
        for feed in listed:
            try:
                url = check_url(feed.url)
                tags = check_tags(feed.tags)
            except FeedsError as exc:
                outcomes.append(OpmlOutcome(feed.url, feed.title or None, "failed", str(exc)))
                continue
            known = next((s for s in kept if same_url(s.url, url)), None)
            if known is not None:
                reason = f"already subscribed as {known.name!r}"
                outcomes.append(OpmlOutcome(url, known.name, "duplicate", reason))
                continue
            name = _opml_name(feed.title, url, [s.name for s in kept])
            kept.append(Subscription(name, url, tags, added=now()))
            outcomes.append(OpmlOutcome(url, name, "added"))
        return kept

    with _told():
        store.change(put)
    return outcomes


def _opml_name(title: str, url: str, taken: list[str]) -> str:
    """The feed's OPML title as its name, numbered when taken; its host when it has none."""
    try:
        name = check_name(title[:80])
    except FeedsError:
        return default_name(url, taken)
    used = {n.casefold() for n in taken}
    number = 2
    chosen = name
    while chosen.casefold() in used:
        chosen = f"{name[:70]} {number}"
        number += 1
    return chosen


def export_opml(store: FeedStore) -> str:
    """The subscriptions as an OPML 2.0 document."""
    from reader.feeds.opml import render_opml

    return render_opml(_load(store))


# -- updating ----------------------------------------------------------------------------------


@dataclass
class _Tally:
    """One feed during an update: its download's report and its items' outcomes."""

    sub: Subscription
    report: FeedReport | None = None
    pending: set[str] = field(default_factory=set)
    new_ids: list[str] = field(default_factory=list)
    known_ids: list[str] = field(default_factory=list)
    failures: list[FetchOutcome] = field(default_factory=list)
    result: FeedUpdate | None = None


def update(
    keeper: IndexKeeper,
    store: FeedStore,
    names: Sequence[str] = (),
    *,
    options: FetchOptions | None = None,
    cancel: threading.Event | None = None,
    on_total: Callable[[int], None] | None = None,
    on_start: Callable[[str], None] | None = None,
    on_outcome: Callable[[FetchOutcome], None] | None = None,
    on_feed: Callable[[FeedUpdate], None] | None = None,
) -> UpdateRun:
    """Update every subscription, or those named (see the module). `on_feed` is told each
    feed's update as soon as its items are all decided; the run's result lists them all."""
    from reader.fetch.options import FetchOptions
    from reader.fetch.session import FeedRequest

    options = options or FetchOptions(per_host=UPDATE_PER_HOST)
    run = UpdateRun()
    tallies: dict[str, _Tally] = {}  # by the URL asked for
    owner: dict[str, _Tally] = {}  # by an item's normalised URL

    def told(result: FeedUpdate) -> None:
        run.feeds.append(result)
        if on_feed is not None:
            on_feed(result)

    for sub in _chosen(_load(store), names, told):
        tallies.setdefault(sub.url, _Tally(sub))

    def finish(tally: _Tally, interrupted: bool = False) -> None:
        if tally.result is None:
            tally.result = _result(tally, interrupted)
            told(tally.result)

    def feed_read(report: FeedReport) -> None:
        tally = tallies.get(report.url)
        if tally is None:
            return
        tally.report = report
        for url in report.item_urls:
            key = normalise_url(url)
            if key not in owner:  # an item two feeds list is the first one's
                owner[key] = tally
                tally.pending.add(key)
        if not tally.pending:
            finish(tally)

    def page_done(outcome: FetchOutcome) -> None:
        if on_outcome is not None:
            on_outcome(outcome)
        tally = owner.get(normalise_url(outcome.url))
        if tally is None or tally.result is not None:
            return
        if outcome.status == "duplicate" and outcome.id is None:
            return  # listed twice: the first listing's outcome decides
        if outcome.status == "fetched" and outcome.id:
            tally.new_ids.append(outcome.id)
        elif outcome.status == "duplicate" and outcome.id:
            tally.known_ids.append(outcome.id)
        elif outcome.status == "failed":
            tally.failures.append(outcome)
        tally.pending.discard(normalise_url(outcome.url))
        if not tally.pending:
            finish(tally)

    def feed_of(page: FetchedPage) -> str | None:
        tally = owner.get(normalise_url(page.requested_url))
        return tally.sub.name if tally is not None else None

    requests = [FeedRequest(t.sub.url, t.sub.etag, t.sub.last_modified) for t in tallies.values()]
    if requests:
        run.fetch = imports.fetch(
            keeper,
            [],
            requests,
            options=options,
            cancel=cancel,
            on_total=on_total,
            on_start=on_start,
            on_outcome=page_done,
            on_feed=feed_read,
            feed_of=feed_of,
        )
        run.interrupted = run.fetch.interrupted
    for tally in tallies.values():
        finish(tally, interrupted=True)
    if tallies:
        with _told():
            store.change(lambda subs: [_remembered(s, tallies.get(s.url), subs) for s in subs])
    return run


def _chosen(
    subs: list[Subscription], names: Sequence[str], told: Callable[[FeedUpdate], None]
) -> list[Subscription]:
    """The subscriptions to update: those named (an unknown name told as such), or all but
    the gone ones (told as gone, not asked for)."""
    if names:
        chosen = []
        for name in dict.fromkeys(names):
            sub = find(subs, name)
            if sub is None:
                told(FeedUpdate(name, "", "unknown", error=f"no feed called {name!r}"))
            else:
                chosen.append(sub)
        return chosen
    for sub in subs:
        if sub.gone:
            told(FeedUpdate(sub.name, sub.url, "gone", error=sub.error or "gone (HTTP 410)"))
    return [sub for sub in subs if not sub.gone]


def _result(tally: _Tally, interrupted: bool) -> FeedUpdate:
    sub, report = tally.sub, tally.report
    if report is None:
        reason = "not reached: the update was interrupted" if interrupted else "not read"
        return FeedUpdate(sub.name, sub.url, "failed", error=reason)
    if report.error is not None:
        if report.status == 410:
            return FeedUpdate(
                sub.name,
                sub.url,
                "gone",
                error=f"gone (HTTP 410): remove it with `reader feeds remove {sub.name}`",
            )
        return FeedUpdate(sub.name, sub.url, "failed", error=report.error)
    error = None
    if tally.failures:
        first = tally.failures[0].reason or "failed"
        count = len(tally.failures)
        error = f"{count} of its items could not be fetched ({first})"
    if interrupted and tally.pending:
        error = f"interrupted: {len(tally.pending)} of its items were not fetched"
    return FeedUpdate(
        sub.name,
        report.moved_to or sub.url,
        "unchanged" if report.not_modified else "updated",
        items=report.items,
        new=len(tally.new_ids),
        failed=len(tally.failures),
        error=error,
        moved_to=report.moved_to,
        ids=(*tally.known_ids, *tally.new_ids),
    )


def _remembered(sub: Subscription, tally: _Tally | None, subs: list[Subscription]) -> Subscription:
    """`sub` with what its update found (as it was when it was not updated). A move to the
    URL of another of `subs` is not made: two subscriptions never share a URL."""
    found = tally.result if tally is not None else None
    if tally is None or tally.report is None or found is None:
        return sub  # not updated, or not reached before the update was interrupted
    moment = now()
    if found.status == "failed":
        return replace(sub, checked=moment, error=found.error, new=0)
    if found.status == "gone":
        return replace(sub, checked=moment, error=found.error, new=0, gone=True)
    items = tuple(dict.fromkeys((*sub.items, *found.ids)))
    changed = replace(
        sub, checked=moment, updated=moment, error=found.error, new=found.new, items=items
    )
    report = tally.report
    if report is not None and not tally.pending and not any(map(_transient, tally.failures)):
        # Every item was decided: the next update may ask whether the feed changed since.
        # (Otherwise it must read the feed again, for the items left over.)
        etag, modified = report.etag, report.last_modified
        if report.not_modified:
            etag, modified = etag or sub.etag, modified or sub.last_modified
        changed = replace(changed, etag=etag, last_modified=modified)
    moved_to = found.moved_to
    if moved_to and not any(same_url(moved_to, s.url) for s in subs):
        changed = replace(changed, url=moved_to, moved_from=sub.url)
    return changed


def _transient(outcome: FetchOutcome) -> bool:
    """A failure that another try may get past: the network, a server error, a cancel."""
    reason = outcome.reason or ""
    return outcome.failure in ("network", "cancelled") or reason.startswith(("HTTP 5", "HTTP 429"))


def _load(store: FeedStore) -> list[Subscription]:
    with _told():
        return store.load()


@contextlib.contextmanager
def _told() -> Iterator[None]:
    """FeedsError as ArchiveError (one line for the user)."""
    try:
        yield
    except FeedsError as exc:
        raise ArchiveError(str(exc)) from None


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None
