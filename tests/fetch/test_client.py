"""The downloader against the local test site: redirects, retries, limits, refusals."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from reader.fetch.client import Fetcher
from reader.fetch.errors import FetchError
from reader.fetch.options import USER_AGENT, FetchOptions

from .conftest import PAGE_EN, PAGE_VI, Site


def _fetch(site: Site, options: FetchOptions, path: str, **kwargs: object):
    with Fetcher(options) as fetcher:
        return fetcher.fetch(site.url(path), **kwargs)  # type: ignore[arg-type]


def _failure(site: Site, options: FetchOptions, path: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        _fetch(site, options, path)
    return caught.value


def test_page_is_downloaded_with_a_clear_user_agent(site: Site, fast: FetchOptions) -> None:
    page = _fetch(site, fast, PAGE_VI)
    assert page.status == 200 and page.kind == "html"
    assert page.url == site.url(PAGE_VI)
    assert "Tin bài liên quan".encode() in page.data
    assert site.agents and all(agent == USER_AGENT for agent in site.agents)
    assert USER_AGENT.startswith("reader/") and "(+offline news reader)" in USER_AGENT


def test_redirect_chain_ends_at_the_final_url(site: Site, fast: FetchOptions) -> None:
    page = _fetch(site, fast, "/chain/1")
    assert page.requested_url == site.url("/chain/1")
    assert page.url == site.url(PAGE_EN)


def test_redirect_limit(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, replace(fast, max_redirects=2), "/chain/1")
    assert "too many redirects" in error.reason


def test_redirect_loop_is_reported(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, fast, "/loop/a")
    assert "redirect loop" in error.reason


def test_redirect_to_another_scheme_is_refused(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, fast, "/to-ftp")
    assert "only http and https" in error.reason and error.kind == "refused"


def test_not_found_is_not_retried(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, fast, "/missing")
    assert error.reason == "HTTP 404 Not Found"
    assert site.hits["/missing"] == 1


def test_server_error_then_success_is_retried(site: Site, fast: FetchOptions) -> None:
    page = _fetch(site, fast, "/flaky")
    assert page.status == 200 and site.hits["/flaky"] == 2


def test_server_error_gives_up_after_the_retries(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, fast, "/always-500")
    assert error.reason == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert site.hits["/always-500"] == 3


def test_too_many_requests_honours_retry_after(site: Site, fast: FetchOptions) -> None:
    started = time.monotonic()
    page = _fetch(site, fast, "/busy")
    assert page.status == 200 and site.hits["/busy"] == 2
    assert time.monotonic() - started >= 0.9


def test_slow_response_times_out(site: Site, fast: FetchOptions) -> None:
    started = time.monotonic()
    error = _failure(site, fast, "/slow")
    assert "read timeout" in error.reason and error.kind == "network"
    assert time.monotonic() - started < 1.4


@pytest.mark.parametrize("path", ["/big", "/big-stream"])
def test_body_over_the_size_cap_is_abandoned(site: Site, fast: FetchOptions, path: str) -> None:
    error = _failure(site, fast, path)
    assert "too large" in error.reason and error.kind == "refused"


def test_non_html_content_type_is_refused(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, fast, "/image.png")
    assert error.reason == "content type image/png is not HTML, a feed or plain text"


def test_feed_fetched_as_a_page_points_at_feed_option(site: Site, fast: FetchOptions) -> None:
    error = _failure(site, fast, "/feed.rss")
    assert "--feed" in error.reason


def test_robots_txt_is_respected_and_fetched_once(site: Site, fast: FetchOptions) -> None:
    with Fetcher(fast) as fetcher:
        with pytest.raises(FetchError, match=r"robots\.txt"):
            fetcher.fetch(site.url("/private/secret.html"))
        fetcher.fetch(site.url(PAGE_VI))
        fetcher.fetch(site.url(PAGE_EN))
    assert site.hits["/robots.txt"] == 1
    assert site.hits["/private/secret.html"] == 0


def test_robots_txt_can_be_ignored(site: Site, fast: FetchOptions) -> None:
    page = _fetch(site, replace(fast, respect_robots=False), "/private/secret.html")
    assert page.status == 200 and site.hits["/robots.txt"] == 0


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)", "data:text/html,hi", "x"],
)
def test_only_http_and_https(fast: FetchOptions, url: str) -> None:
    with Fetcher(fast) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    assert caught.value.kind == "refused"


def test_connection_refused_is_a_network_failure(fast: FetchOptions) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(fast) as fetcher:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch(f"http://127.0.0.1:{port}/a.html")
        assert caught.value.kind == "network" and "connection refused" in caught.value.reason
        started = time.monotonic()
        with pytest.raises(FetchError):
            fetcher.fetch(f"http://127.0.0.1:{port}/b.html")
        assert time.monotonic() - started < 0.1, "an unreachable host fails fast the second time"
