"""The pure pieces of fetching: URLs, content types and charsets, retries, robots, feeds, links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reader.fetch.content import classify, decode_page, header_charset
from reader.fetch.feeds import FeedError, parse_feed
from reader.fetch.links import related_links
from reader.fetch.retry import backoff_delay, parse_retry_after
from reader.fetch.robots import RobotsAnswer, parse_robots, rules_for
from reader.fetch.urls import absolute_url, host_key, url_problem

from .conftest import SITE


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://thoidai.com.vn/a.html", True),
        ("HTTP://Example.org", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("mailto:a@b.c", False),
        ("//example.org/a", False),
        ("http://", False),
        ("http://exa mple.org/", False),
    ],
)
def test_url_problem(url: str, ok: bool) -> None:
    assert (url_problem(url) is None) is ok


def test_absolute_url_and_host_key() -> None:
    assert absolute_url("http://a.vn/x/y.html", "../z.html#top") == "http://a.vn/z.html"
    assert absolute_url("http://a.vn/", "javascript:void(0)") is None
    assert host_key("https://A.vn:443/x") == "https://a.vn"
    assert host_key("http://a.vn:8080/x") == "http://a.vn:8080"


def test_classify_content_types() -> None:
    assert classify("text/html; charset=utf-8", b"") == "html"
    assert classify("application/rss+xml", b"<rss>") == "feed"
    assert classify("text/plain", b"") == "text"
    assert classify(None, b"<!doctype html><html>") == "html"
    assert classify("application/pdf", b"%PDF") == (
        "content type application/pdf is not HTML, a feed or plain text"
    )


def test_charsets() -> None:
    assert header_charset('text/html; charset="Windows-1258"') == "windows-1258"
    text = "Hữu nghị Việt - Lào"
    assert decode_page(text.encode(), "text/html; charset=iso-8859-1") == text
    assert decode_page("café".encode("cp1252"), "text/html; charset=iso-8859-1") == "café"
    meta = b'<html><head><meta charset="windows-1258"></head>' + "Vi\u00eat".encode("cp1258")
    assert "Viêt" in decode_page(meta, "text/html")


def test_retry_after_and_backoff() -> None:
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Mon, 01 Jan 2024 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon") is None
    assert backoff_delay(0, 0.5, 30, None, 60) == 0.5
    assert backoff_delay(3, 0.5, 30, None, 60) == 4.0
    assert backoff_delay(10, 0.5, 30, None, 60) == 30
    assert backoff_delay(0, 0.5, 30, 600.0, 60) == 60


def test_robots_rules() -> None:
    rules = parse_robots((SITE / "robots.txt").read_text())
    assert not rules.can_fetch("reader", "http://h/private/x.html")
    assert rules.can_fetch("reader", "http://h/vi/x.html")
    assert rules_for(RobotsAnswer(404)).can_fetch("reader", "http://h/private/x")
    assert not rules_for(RobotsAnswer(503)).can_fetch("reader", "http://h/x")


def test_rss_and_atom() -> None:
    base = "http://site.test"
    rss = (SITE / "feed.rss").read_bytes().replace(b"{{BASE}}", base.encode())
    items = parse_feed(rss, f"{base}/feed.rss")
    assert [i.url for i in items] == [
        f"{base}/vi/can-tho-savannakhet-hop-tac.html",
        f"{base}/vi/sinh-vien-lao-vo-dich-giai-bong-da-huu-nghi.html",
    ]
    assert items[0].published and items[0].published.isoformat() == "2022-09-05T16:33:00+07:00"
    atom = (SITE / "feed.atom").read_bytes().replace(b"{{BASE}}", base.encode())
    entries = parse_feed(atom, f"{base}/feed.atom")
    assert entries[0].url == f"{base}/en/mekong-delta-rice-exports.html"
    assert entries[0].title == "Mekong Delta rice exports rise as Laos partnership grows"


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><rss>&b;</rss>',
        b'<!DOCTYPE rss SYSTEM "http://evil.test/x.dtd"><rss/>',
        b"<html><body>not a feed</body></html>",
        b"<rss><channel><item>",
    ],
)
def test_bad_feeds_are_refused(data: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(data, "http://site.test/feed")


def test_related_links_skip_chrome_and_tags() -> None:
    html = (SITE / "vi" / "can-tho-savannakhet-hop-tac.html").read_text(encoding="utf-8")
    links = related_links(html, "http://hnmk.test/vi/can-tho-savannakhet-hop-tac.html")
    assert links == (
        (
            "Sinh viên Lào vô địch giải bóng đá hữu nghị sinh viên",
            "http://hnmk.test/huu-nghi/sinh-vien-lao-vo-dich-giai-bong-da-huu-nghi.html",
        ),
        (
            "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",
            "http://hnmk.test/huu-nghi/can-tho-hop-mat-ky-niem-60-nam-quan-he-viet-nam-lao.html",
        ),
        (
            "Savannakhet mời doanh nghiệp Cần Thơ đầu tư chế biến nông sản",
            "https://huunghimekong.example/kinh-te/savannakhet-moi-doanh-nghiep-can-tho-dau-tu.html",
        ),
        (
            "Học bổng Hữu nghị Mekong trao 40 suất cho sinh viên Lào",
            "http://hnmk.test/huu-nghi/hoc-bong-huu-nghi-mekong-trao-40-suat.html",
        ),
    )


def test_related_links_english_aside_and_section() -> None:
    en = (SITE / "en" / "mekong-delta-rice-exports.html").read_text(encoding="utf-8")
    titles = [t for t, _ in related_links(en, "https://mfn.test/en/a.html")]
    assert titles == [
        "Savannakhet invites Can Tho investors into farm processing",
        "Vietnam-Laos trade fair opens in Can Tho",
    ]
    vi2 = (SITE / "vi" / "sinh-vien-lao-vo-dich-giai-bong-da-huu-nghi.html").read_text()
    assert len(related_links(vi2, "https://hnmk.test/vi/x.html")) == 2
    assert related_links("<html><body><p>no links</p></body></html>", "http://a.vn/") == ()
