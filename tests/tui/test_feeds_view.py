"""The feeds view (issue 20) against a real feed server on 127.0.0.1 (the feeds tests' own):
each subscription with its unread count, last update and last error on one line; `u` updates
every feed with the counts moving as each is decided, `x` stops it and what was fetched is
kept; enter searches a feed's articles; `a` subscribes and `d` unsubscribes, after asking."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from textual.widgets import Input
from tui_helpers import conftest_of, settle

from reader.archive import Archive
from reader.fetch.options import FetchOptions
from reader.tui.app import ReaderApp, make_app
from reader.tui.screens.feeds import FeedsScreen

_site_module = conftest_of("feeds")
feed_site = _site_module.feed_site  # the feeds tests' server on 127.0.0.1, as a fixture here too
_no_proxy = _site_module._no_proxy
FeedSite = _site_module.FeedSite

pytestmark = pytest.mark.anyio

QUICK = FetchOptions(
    per_host=1, connect_timeout=1.0, read_timeout=0.5, backoff=0.01, max_backoff=0.05, retries=1
)


def _rows(view: FeedsScreen) -> list[str]:
    """The rows as the user reads them (a row with an error has two lines)."""
    items = view.items
    return [items.get_option_at_index(i).prompt.plain for i in range(items.option_count)]  # type: ignore[union-attr]


def _notes(app: ReaderApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _open_view(pilot) -> FeedsScreen:  # type: ignore[no-untyped-def]
    await pilot.press("F")
    await settle(pilot)
    view = pilot.app.screen
    assert isinstance(view, FeedsScreen)
    return view


async def test_feeds_with_unread_counts_and_errors_then_a_feed_searched(
    archive: Archive, state_path: Path, feed_site: FeedSite
) -> None:
    feed_site.add_feed("/a.rss", "A", 3)
    feed_site.behave("/down.rss", "500")
    archive.add_feed(feed_site.url("/a.rss"), name="Báo A")
    archive.add_feed(feed_site.url("/down.rss"), name="Down")
    app = make_app(archive, state_path)
    app.fetch_options = QUICK
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = await _open_view(pilot)
        assert _rows(view) == [
            "Báo A  0 unread of 0 · never updated",
            "Down  0 unread of 0 · never updated",
        ]

        await pilot.press("u")
        await settle(pilot)
        a_row, down_row = _rows(view)
        assert a_row.startswith("Báo A  3 unread of 3 · updated 2")
        assert a_row.endswith("· now updated, 3 new")
        title, error = down_row.split("\n")  # the error on a line of its own
        assert title.startswith("Down  0 unread of 0 · updated 2") or "never" in title
        assert "now failed" in title and error.startswith("  ⚠ ") and "500" in error
        assert "Updated 2 feeds · 3 new · 1 with errors" in _notes(app)
        assert "Updated 2 feeds · 3 new · 1 with errors" in str(view.progress.render())
        assert [f.error is not None for f in archive.feeds()] == [False, True]

        # enter: the feed's articles, a search in the box (newest first: no words).
        view.items.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        screen = app.main_screen
        assert app.screen is screen
        assert screen.search_box.value == 'feed:"Báo A"'
        result = screen.results.result
        assert result is not None and result.total == 3
        assert {hit.id for hit in result.hits} == set(archive.feed_items("Báo A"))

        # Reopened, the view reads the counts again: one read, two unread.
        archive.mark_read(archive.feed_items("Báo A")[:1])
        view = await _open_view(pilot)
        assert _rows(view)[0].startswith("Báo A  2 unread of 3 · updated")


async def test_update_shows_progress_and_stops_keeping_what_was_fetched(
    archive: Archive, state_path: Path, feed_site: FeedSite
) -> None:
    feed_site.crawl_delay = 1  # a second between two requests: time to stop it
    feed_site.add_feed("/slow.rss", "Slow", 8)
    archive.add_feed(feed_site.url("/slow.rss"), name="Slow")
    app = make_app(archive, state_path)
    app.fetch_options = FetchOptions(per_host=1, connect_timeout=1.0, read_timeout=2.0, retries=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = await _open_view(pilot)
        started = time.monotonic()
        await pilot.press("u")
        seen: set[str] = set()
        while len([h for h in feed_site.pages() if h.path.endswith(".html")]) < 2:
            assert time.monotonic() - started < 20, "the update did not get going"
            seen.add(str(view.progress.render()))
            await asyncio.sleep(0.05)
        await pilot.pause()
        seen.add(str(view.progress.render()))
        assert any("Updating: 0 of 1 feeds decided · " in s and "x stops" in s for s in seen), seen
        assert any("downloads · 1 new articles" in s for s in seen), seen

        await pilot.press("x")
        await settle(pilot)
        assert time.monotonic() - started < 8  # not the 8 s or more of the whole feed
        kept = archive.feed_items("Slow")
        assert 1 <= len(kept) < 8
        [row] = _rows(view)
        assert row.startswith(f"Slow  {len(kept)} unread of {len(kept)} · updated")
        assert "\n  ⚠ interrupted:" in row
        assert any(n.endswith("· stopped: what was fetched is kept") for n in _notes(app))


async def test_add_and_remove_a_feed(
    archive: Archive, state_path: Path, feed_site: FeedSite
) -> None:
    feed_site.add_feed("/b.rss", "B", 1)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        view = await _open_view(pilot)
        assert _rows(view) == ["No feeds yet: press a to subscribe to one."]

        await pilot.press("a")
        await pilot.pause()
        app.screen.query_one("#feed-url", Input).value = "ftp://example.com/x.rss"
        await pilot.press("enter")
        await pilot.pause()
        assert "http:// or https://" in str(app.screen.query_one("#feed-problem").render())
        app.screen.query_one("#feed-url", Input).value = feed_site.url("/b.rss")
        app.screen.query_one("#feed-name", Input).value = "Báo B"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is view
        assert _rows(view) == ["Báo B  0 unread of 0 · never updated"]
        assert "Subscribed to Báo B: u downloads its items." in _notes(app)

        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # asked first: no keeps it
        await settle(pilot)
        assert [f.name for f in archive.feeds()] == ["Báo B"]
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert archive.feeds() == []
        assert _rows(view) == ["No feeds yet: press a to subscribe to one."]
