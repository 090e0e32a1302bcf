"""Updating subscriptions against a real server: conditional requests, the delay between two
requests to a host, retries, errors kept per feed, moves, 410, and the feed's articles."""

from __future__ import annotations

import threading
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from reader.archive import Archive
from reader.config import Config
from reader.fetch.options import FetchOptions

from .conftest import FeedSite


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "idx"))
    yield opened
    opened.close()


def _by_name(archive: Archive) -> dict[str, object]:
    return {f.name: f for f in archive.feeds()}


def test_update_imports_items_with_the_feed_name_then_asks_conditionally(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed = feed_site.add_feed("/a.rss", "Báo A", 3)
    archive.add_feed(feed_site.url("/a.rss"), name="Báo A", tags=["tin tức"])

    run = archive.update_feeds(options=quick)
    [result] = run.feeds
    assert (result.status, result.items, result.new, result.failed) == ("updated", 3, 3, 0)
    first = feed_site.requests("/a.rss")[0]
    assert "If-None-Match" not in first.headers and "If-Modified-Since" not in first.headers
    ids = archive.feed_items("Báo A")
    assert len(ids) == 3
    assert {archive.get(i).feed for i in ids} == {"Báo A"}
    # The feed is a saved search of its items, and `source:` finds them too.
    [status] = archive.feeds()
    assert status.query == 'feed:"Báo A"'
    assert set(archive.matching_ids(status.query)) == set(ids)
    assert set(archive.matching_ids('source:"bao a"')) == set(ids)
    assert (status.new, status.articles, status.unread, status.error) == (3, 3, 3, None)
    assert status.updated is not None and status.tags == ("tin tức",)

    archive.mark_read(ids[:2])
    assert archive.feeds()[0].unread == 1

    # Unchanged: the stored validators are sent, the 304 costs nothing else.
    before = len(feed_site.pages())
    run = archive.update_feeds(options=quick)
    assert [(f.status, f.new) for f in run.feeds] == [("unchanged", 0)]
    again = feed_site.requests("/a.rss")[-1]
    assert again.headers["If-None-Match"] == feed.etag
    assert again.headers["If-Modified-Since"] == feed.last_modified
    assert len(feed_site.pages()) == before + 1  # the feed only, no page
    assert archive.feeds()[0].new == 0 and archive.feeds()[0].articles == 3

    # Changed: one new item; the old ones are known without a download.
    feed.items.insert(0, "/a-9.html")
    feed.version += 1
    run = archive.update_feeds(options=quick)
    assert [(f.status, f.items, f.new) for f in run.feeds] == [("updated", 4, 1)]
    assert [h.path for h in feed_site.pages()][before + 1 :] == ["/a.rss", "/a-9.html"]
    assert archive.feeds()[0].unread == 2 and archive.feeds()[0].articles == 4
    assert archive.feed_items("Báo A")[0] == run.feeds[0].ids[-1]


def test_last_modified_alone_is_sent_back(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed = feed_site.add_feed("/lm.rss", "LM", 1)
    archive.add_feed(feed_site.url("/lm.rss"))
    archive.update_feeds(options=quick)
    # A server that sent no ETag: only If-Modified-Since goes back.
    store = archive._feeds()
    store.change(lambda subs: [replace(s, etag=None) for s in subs])
    run = archive.update_feeds(options=quick)
    last = feed_site.requests("/lm.rss")[-1]
    assert "If-None-Match" not in last.headers
    assert last.headers["If-Modified-Since"] == feed.last_modified
    assert run.feeds[0].status == "unchanged"


def test_crawl_delay_spaces_requests_to_one_host(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.crawl_delay = 1
    feed_site.add_feed("/a.rss", "A", 2)
    feed_site.add_feed("/b.rss", "B", 1)
    archive.add_feed(feed_site.url("/a.rss"))
    archive.add_feed(feed_site.url("/b.rss"), name="B")

    run = archive.update_feeds(options=replace(quick, overall=4))
    assert sorted(f.new for f in run.feeds) == [1, 2]
    hits = feed_site.requests()
    assert hits[0].path == "/robots.txt" and len(hits) == 6
    gaps = [b.at - a.at for a, b in pairwise(hits)]
    assert min(gaps) >= 0.95, gaps  # the server saw one request a second at most


def test_a_host_delay_without_robots(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.add_feed("/a.rss", "A", 2)
    archive.add_feed(feed_site.url("/a.rss"))
    archive.update_feeds(options=replace(quick, host_delay=0.3, respect_robots=False))
    gaps = [b.at - a.at for a, b in pairwise(feed_site.requests())]
    assert len(gaps) == 2 and min(gaps) >= 0.28, gaps


def test_one_failing_feed_keeps_its_error_and_the_others_go_on(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.add_feed("/good.rss", "Good", 2)
    feed_site.behave("/down.rss", "500")
    feed_site.behave("/slow.rss", "slow")
    feed_site.behave("/bad.rss", "malformed")
    for name in ("down", "slow", "bad", "good"):
        archive.add_feed(feed_site.url(f"/{name}.rss"), name=name)

    results = []
    run = archive.update_feeds(options=quick, on_feed=results.append)
    by_name = {f.name: f for f in run.feeds}
    assert {f.name for f in results} == set(by_name)  # each told as it was decided
    assert (by_name["good"].status, by_name["good"].new) == ("updated", 2)
    assert by_name["down"].status == "failed"
    assert by_name["down"].error == "feed: HTTP 500 Internal Server Error (after 2 attempts)"
    assert len(feed_site.requests("/down.rss")) == 2  # retried once, then given up
    assert by_name["slow"].status == "failed" and "read timeout" in (by_name["slow"].error or "")
    assert by_name["bad"].status == "failed" and "malformed XML" in (by_name["bad"].error or "")

    listed = _by_name(archive)
    assert listed["down"].error == by_name["down"].error  # kept for the list
    assert listed["down"].updated is None and listed["down"].checked is not None
    assert listed["good"].error is None and listed["good"].articles == 2

    # Fixed on the server: the next update clears the error.
    feed_site.behaviour.pop("/down.rss")
    feed_site.add_feed("/down.rss", "Down", 1)
    run = archive.update_feeds(["down"], options=quick)
    assert [(f.name, f.status, f.new) for f in run.feeds] == [("down", "updated", 1)]
    assert _by_name(archive)["down"].error is None


def test_a_page_that_fails_keeps_the_feed_read_again(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed = feed_site.add_feed("/a.rss", "A", 2)
    feed_site.behave("/a-2.html", "500")
    archive.add_feed(feed_site.url("/a.rss"))
    [result] = archive.update_feeds(options=quick).feeds
    assert (result.status, result.new, result.failed) == ("updated", 1, 1)
    assert result.error == (
        "1 of its items could not be fetched (HTTP 500 Internal Server Error (after 2 attempts))"
    )
    # The validators were not kept: the feed is read again and the page tried again.
    feed_site.behaviour.clear()
    [result] = archive.update_feeds(options=quick).feeds
    assert "If-None-Match" not in feed_site.requests("/a.rss")[-1].headers
    assert (result.status, result.new, result.error) == ("updated", 1, None)
    [result] = archive.update_feeds(options=quick).feeds
    assert feed_site.requests("/a.rss")[-1].headers["If-None-Match"] == feed.etag
    assert result.status == "unchanged"


def test_a_feed_that_moved_for_good_keeps_its_new_url(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.add_feed("/new.rss", "Moved", 1)
    feed_site.behave("/old.rss", "moved:/new.rss")
    feed_site.add_feed("/there.rss", "Elsewhere", 1)
    feed_site.behave("/here.rss", "temp:/there.rss")
    archive.add_feed(feed_site.url("/old.rss"), name="moved")
    archive.add_feed(feed_site.url("/here.rss"), name="visiting")

    run = archive.update_feeds(options=quick)
    by_name = {f.name: f for f in run.feeds}
    assert by_name["moved"].moved_to == feed_site.url("/new.rss")
    assert by_name["moved"].url == feed_site.url("/new.rss") and by_name["moved"].new == 1
    assert by_name["visiting"].moved_to is None  # a 302 is not a move
    listed = _by_name(archive)
    assert listed["moved"].url == feed_site.url("/new.rss")
    assert listed["moved"].moved_from == feed_site.url("/old.rss")
    assert listed["visiting"].url == feed_site.url("/here.rss")

    archive.update_feeds(options=quick)
    assert len(feed_site.requests("/old.rss")) == 1  # asked at its new place since


def test_a_gone_feed_is_marked_and_not_asked_again(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.behave("/gone.rss", "gone")
    feed_site.add_feed("/ok.rss", "OK", 1)
    archive.add_feed(feed_site.url("/gone.rss"), name="gone")
    archive.add_feed(feed_site.url("/ok.rss"), name="ok")
    run = archive.update_feeds(options=quick)
    by_name = {f.name: f for f in run.feeds}
    assert by_name["gone"].status == "gone" and "410" in (by_name["gone"].error or "")
    assert _by_name(archive)["gone"].gone
    assert len(feed_site.requests("/gone.rss")) == 1  # a 410 is not retried

    run = archive.update_feeds(options=quick)
    assert {f.name: f.status for f in run.feeds}["gone"] == "gone"
    assert len(feed_site.requests("/gone.rss")) == 1  # not asked again...
    archive.update_feeds(["gone"], options=quick)
    assert len(feed_site.requests("/gone.rss")) == 2  # ...unless named


def test_unknown_names_are_told_and_the_named_ones_updated(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.add_feed("/a.rss", "A", 1)
    feed_site.add_feed("/b.rss", "B", 1)
    archive.add_feed(feed_site.url("/a.rss"), name="A")
    archive.add_feed(feed_site.url("/b.rss"), name="B")
    run = archive.update_feeds(["nope", "a"], options=quick)
    assert [(f.name, f.status) for f in run.feeds] == [("nope", "unknown"), ("A", "updated")]
    assert run.feeds[0].error == "no feed called 'nope'"
    assert feed_site.requests("/b.rss") == []


def test_cancelled_update_keeps_what_it_stored(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.add_feed("/a.rss", "A", 3)
    archive.add_feed(feed_site.url("/a.rss"))
    cancel = threading.Event()

    def stop_after_first(outcome: object) -> None:
        if getattr(outcome, "status", None) == "fetched":
            cancel.set()

    run = archive.update_feeds(
        options=replace(quick, host_delay=0.2), cancel=cancel, on_outcome=stop_after_first
    )
    assert run.interrupted
    [result] = run.feeds
    assert result.new == 1 and "interrupted" in (result.error or "")
    [status] = archive.feeds()
    assert status.articles == 1
    # Not every item was fetched: the feed is read again in full next time.
    run = archive.update_feeds(options=quick)
    assert run.feeds[0].new == 2
    assert "If-None-Match" not in feed_site.requests("/a.rss")[-1].headers


def test_a_move_to_a_feed_already_subscribed_is_not_made(
    feed_site: FeedSite, quick: FetchOptions, archive: Archive
) -> None:
    feed_site.add_feed("/new.rss", "New", 1)
    feed_site.behave("/old.rss", "moved:/new.rss")
    archive.add_feed(feed_site.url("/new.rss"), name="direct")
    archive.add_feed(feed_site.url("/old.rss"), name="old")
    run = archive.update_feeds(options=quick)
    assert {f.name: f.moved_to for f in run.feeds}["old"] == feed_site.url("/new.rss")
    listed = {f.name: f.url for f in archive.feeds()}
    assert listed == {"direct": feed_site.url("/new.rss"), "old": feed_site.url("/old.rss")}
