"""Fetching into an archive: extraction, raw pages, index, duplicates, charsets, feeds."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.archive import Archive
from reader.config import Config
from reader.fetch.options import FetchOptions
from reader.fetch.session import FetchOutcome

from .conftest import PAGE_EN, PAGE_VI, PAGE_VI2, Site


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    opened = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "idx"))
    yield opened
    opened.close()


def test_pages_are_extracted_stored_raw_and_indexed(
    site: Site, fast: FetchOptions, archive: Archive
) -> None:
    run = archive.fetch([site.url(PAGE_VI), site.url(PAGE_EN)], options=fast)
    assert [o.status for o in run.outcomes] == ["fetched", "fetched"], run.outcomes
    ids = {o.url: o.id or "" for o in run.outcomes}
    vi = archive.get(ids[site.url(PAGE_VI)])
    assert vi.title == "Cần Thơ và Savannakhet mở rộng hợp tác nông nghiệp, giáo dục"
    assert vi.author == "Hà Vy"
    assert vi.published is not None and vi.published.isoformat() == "2022-09-05T16:33:00+07:00"
    assert vi.url == site.url(PAGE_VI) and vi.language == "vi"
    assert "Đọc nhiều" not in vi.body and "Giấy phép" not in vi.body
    assert "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào" in (
        vi.related_titles
    )
    assert "Sinh viên Lào vô địch giải bóng đá hữu nghị sinh viên" in vi.related_titles
    assert not any("Giá xăng" in title for title in vi.related_titles)
    raw = archive.store.raw_path_for(vi.id, ".html")
    assert raw.read_bytes().startswith(b"<!DOCTYPE html>")
    en = archive.get(ids[site.url(PAGE_EN)])
    assert en.language == "en" and en.author == "Sarah Nguyen"
    assert "Vietnam-Laos trade fair opens in Can Tho" in en.related_titles
    assert archive.search("savannakhet").total == 2
    assert dict(vi.related_links) == dict(archive.related_links(vi.id))  # kept in the file
    assert (
        dict(archive.related_links(vi.id))[
            "Savannakhet mời doanh nghiệp Cần Thơ đầu tư chế biến nông sản"
        ]
        == "https://huunghimekong.example/kinh-te/savannakhet-moi-doanh-nghiep-can-tho-dau-tu.html"
    )


def test_same_page_twice_adds_nothing(site: Site, fast: FetchOptions, archive: Archive) -> None:
    first = archive.fetch([site.url(PAGE_VI)], options=fast)
    files = sorted(p.name for p in archive.root.iterdir())
    hits = site.hits[PAGE_VI]
    second = archive.fetch([site.url(PAGE_VI)], options=fast)
    assert second.outcomes == [
        FetchOutcome(
            site.url(PAGE_VI),
            "duplicate",
            first.outcomes[0].id,
            "already in the archive",
            site.url(PAGE_VI),
        )
    ]
    assert site.hits[PAGE_VI] == hits, "a URL in the archive is not downloaded again"
    assert sorted(p.name for p in archive.root.iterdir()) == files


def test_redirected_page_keeps_its_final_url_and_dedups_by_content(
    site: Site, fast: FetchOptions, archive: Archive
) -> None:
    run = archive.fetch([site.url("/chain/1")], options=fast)
    assert run.outcomes[0].status == "fetched"
    assert archive.get(run.outcomes[0].id or "").url == site.url(PAGE_EN)
    again = archive.fetch([site.url(PAGE_EN)], options=fast)
    assert again.outcomes[0].status == "duplicate"
    same_content = archive.fetch([site.url("/busy")], options=fast)
    assert same_content.outcomes[0].status == "duplicate"
    assert same_content.outcomes[0].id == run.outcomes[0].id


@pytest.mark.parametrize("path", ["/latin1-lies", "/cp1258"])
def test_declared_and_real_charsets_disagree(
    site: Site, fast: FetchOptions, archive: Archive, path: str
) -> None:
    run = archive.fetch([site.url(path)], options=fast)
    assert run.outcomes[0].status == "fetched", run.outcomes
    article = archive.get(run.outcomes[0].id or "")
    assert article.title == "Sinh viên Lào vô địch giải bóng đá hữu nghị sinh viên"
    assert "lưu học sinh" in article.body


def test_plain_text_page(site: Site, fast: FetchOptions, archive: Archive) -> None:
    url = site.url("/vi/thong-bao-lich-tiep-cong-dan.txt")
    run = archive.fetch([url], options=fast)
    assert run.outcomes[0].status == "fetched", run.outcomes
    article = archive.get(run.outcomes[0].id or "")
    assert article.url == url and article.source == "127.0.0.1"
    assert archive.store.raw_path_for(article.id, ".txt").is_file()


@pytest.mark.parametrize("feed", ["/feed.rss", "/feed.atom"])
def test_feed_items_not_yet_archived_are_fetched(
    site: Site, fast: FetchOptions, archive: Archive, feed: str
) -> None:
    archive.fetch([site.url(PAGE_VI2)], options=fast)
    run = archive.fetch([], [site.url(feed)], options=fast)
    statuses = {o.url: o.status for o in run.outcomes}
    assert statuses[site.url(PAGE_VI2)] == "duplicate"
    new = PAGE_VI if feed == "/feed.rss" else PAGE_EN
    assert statuses[site.url(new)] == "fetched"
    assert run.feeds[0].items == 2 and run.feeds[0].new == 1
    assert site.hits[PAGE_VI2] == 1


def test_failures_are_reported_and_the_rest_goes_on(
    site: Site, fast: FetchOptions, archive: Archive
) -> None:
    paths = ["/missing", "/image.png", "/loop/a", "/private/secret.html", "/slow", "/big"]
    urls = [site.url(p) for p in paths] + ["file:///etc/passwd", site.url("/flaky")]
    run = archive.fetch(urls, options=fast)
    by_url = {o.url: o for o in run.outcomes}
    assert len(by_url) == len(urls)
    assert by_url[site.url("/flaky")].status == "fetched"
    failed = {o.url for o in run.failed}
    assert failed == set(urls) - {site.url("/flaky")}
    assert "only http and https" in (by_url["file:///etc/passwd"].reason or "")
    assert not run.offline


def test_cancel_stops_between_pages_and_keeps_what_was_stored(
    site: Site, fast: FetchOptions, archive: Archive
) -> None:
    cancel = threading.Event()
    seen: list[FetchOutcome] = []

    def on_outcome(outcome: FetchOutcome) -> None:
        seen.append(outcome)
        cancel.set()

    urls = [site.url(PAGE_VI)] + [site.url(f"/slow?{n}") for n in range(6)]
    run = archive.fetch(urls, options=fast, cancel=cancel, on_outcome=on_outcome)
    assert run.interrupted
    stored = [o for o in run.outcomes if o.status == "fetched"]
    for outcome in stored:
        assert archive.get(outcome.id or "")
    assert archive.search("").total == len(stored)
    assert not [p for p in archive.root.iterdir() if "tmp-" in p.name]  # no half-written file


def test_no_network_is_recognised(fast: FetchOptions, archive: Archive) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = archive.fetch([f"http://127.0.0.1:{port}/a", f"http://127.0.0.1:{port}/b"], options=fast)
    assert run.offline and len(run.failed) == 2
