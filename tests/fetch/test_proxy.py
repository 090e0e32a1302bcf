"""Proxies from the environment, as httpx honoured them: which URL goes through which proxy,
and real fetches through a forward proxy on 127.0.0.1 (`proxy`), forwarded for http and
tunnelled with CONNECT for https, under the same limits as a direct fetch.
"""

from __future__ import annotations

import base64
import sys
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from reader.cli.main import main
from reader.fetch.client import Fetcher
from reader.fetch.errors import FetchError
from reader.fetch.options import FetchOptions
from reader.fetch.proxies import compile_routes, proxy_for, proxy_table, shown

from .conftest import PAGE_EN, Proxy, Site, _page, closed_port, raw_redirect_path

A = "http://proxy.example:3128"
B = "http://other.example:8080"


def _proxy_of(found: dict[str, str], url: str) -> str | None:
    return proxy_for(httpx.URL(url), compile_routes(proxy_table(found)))


# -- which proxy a URL takes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("found", "url", "expected"),
    [
        ({"http": A}, "http://example.com/", A),
        ({"http": A}, "https://example.com/", None),
        ({"http": "proxy.example:3128"}, "http://example.com/", A),
        ({"https": A, "all": B}, "https://example.com/", A),
        ({"https": A, "all": B}, "http://example.com/", B),
        ({"all": "socks5://s.example:1080"}, "https://example.com/", "socks5://s.example:1080"),
        ({"all": A, "no": "example.com"}, "http://example.com/", None),
        ({"all": A, "no": "example.com"}, "https://www.example.com/", None),
        ({"all": A, "no": "example.com"}, "http://wwwexample.com/", A),
        ({"all": A, "no": ".example.com"}, "http://www.example.com/", None),
        ({"all": A, "no": ".example.com"}, "http://example.com/", A),
        ({"all": A, "no": "EXAMPLE.com"}, "http://www.example.COM/", None),
        ({"all": A, "no": "127.0.0.1, localhost"}, "http://127.0.0.1:8000/", None),
        ({"all": A, "no": "127.0.0.1, localhost"}, "http://localhost/", None),
        ({"all": A, "no": "127.0.0.1"}, "http://127.0.0.10/", A),
        ({"all": A, "no": "::1"}, "http://[::1]:8000/", None),
        ({"all": A, "no": "example.com:8080"}, "http://example.com:8080/", None),
        ({"all": A, "no": "example.com:8080"}, "http://example.com/", A),
        ({"all": A, "no": "http://intranet"}, "http://intranet/", None),
        ({"all": A, "no": "http://intranet"}, "https://intranet/", A),
        ({"all": A, "http": B, "no": "*"}, "http://example.com/", None),
        ({"all": A, "no": "example.org, *"}, "https://example.com/", None),
        ({"all": A, "no": " , "}, "http://example.com/", A),
        ({"all": A, "no": "http://[bad"}, "http://example.com/", A),
        ({"ftp": A, "no": ""}, "http://example.com/", None),
        ({}, "http://example.com/", None),
    ],
)
def test_the_proxy_of_a_url_is_chosen_as_httpx_chose_it(
    found: dict[str, str], url: str, expected: str | None
) -> None:
    assert _proxy_of(found, url) == expected


def test_a_proxy_is_named_without_its_credentials() -> None:
    assert shown("http://user:pa%40ss@proxy.example:3128/") == "http://proxy.example:3128"
    assert shown("socks5://u:p@[::1]:1080") == "socks5://[::1]:1080"


# -- fetching through a proxy -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("variable", "with_scheme"),
    [("HTTP_PROXY", True), ("http_proxy", True), ("ALL_PROXY", True), ("http_proxy", False)],
)
def test_pages_and_robots_txt_come_through_the_proxy(
    site: Site,
    proxy: Proxy,
    fast: FetchOptions,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    with_scheme: bool,
) -> None:
    monkeypatch.setenv(variable, proxy.url if with_scheme else proxy.url.removeprefix("http://"))
    with Fetcher(fast) as fetcher:
        page = fetcher.fetch(site.url(PAGE_EN))
    assert page.data == _page(PAGE_EN, site.base) and page.url == site.url(PAGE_EN)
    assert proxy.relayed == [site.url("/robots.txt"), site.url(PAGE_EN)]
    assert site.hits[PAGE_EN] == 1


def test_redirects_are_followed_through_the_proxy(
    site: Site, proxy: Proxy, fast: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with Fetcher(replace(fast, respect_robots=False)) as fetcher:
        page = fetcher.fetch(site.url("/chain/1"))
    assert page.url == site.url(PAGE_EN)
    hops = ["/chain/1", "/chain/2", "/chain/3", PAGE_EN]
    assert proxy.relayed == [site.url(path) for path in hops]


def test_https_is_tunnelled_through_the_proxy(
    tls_site: Site, proxy: Proxy, fast: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    with Fetcher(fast) as fetcher:
        page = fetcher.fetch(tls_site.url(PAGE_EN))
    assert page.data == _page(PAGE_EN, tls_site.base)
    authority = tls_site.base.removeprefix("https://")
    assert proxy.relayed and set(proxy.relayed) == {f"CONNECT {authority}"}
    assert tls_site.hits["/robots.txt"] == 1 and tls_site.hits[PAGE_EN] == 1


@pytest.mark.parametrize("target", ["site", "tls_site"])
def test_an_https_proxy_is_spoken_to_over_tls(
    tls_proxy: Proxy,
    fast: FetchOptions,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    target: str,
) -> None:
    """An https:// proxy URL: TLS to the proxy, and TLS inside the tunnel for https pages."""
    served: Site = request.getfixturevalue(target)
    monkeypatch.setenv("ALL_PROXY", tls_proxy.url)
    with Fetcher(replace(fast, respect_robots=False)) as fetcher:
        page = fetcher.fetch(served.url(PAGE_EN))
    assert page.data == _page(PAGE_EN, served.base)
    authority = served.base.split("://")[1]
    expected = served.url(PAGE_EN) if target == "site" else f"CONNECT {authority}"
    assert tls_proxy.relayed == [expected]


def test_no_proxy_sends_its_hosts_straight_there(
    site: Site, proxy: Proxy, fast: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_PROXY=127.0.0.1 bypasses the proxy for that host; `localhost` still uses it."""
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    by_name = site.url(PAGE_EN).replace("127.0.0.1", "localhost")
    with Fetcher(replace(fast, respect_robots=False)) as fetcher:
        direct = fetcher.fetch(site.url(PAGE_EN))
        assert proxy.relayed == []
        proxied = fetcher.fetch(by_name)
    assert direct.data == proxied.data == _page(PAGE_EN, site.base)
    assert proxy.relayed == [by_name]
    assert site.hits[PAGE_EN] == 2


def test_credentials_in_the_proxy_url_are_sent_to_the_proxy(
    site: Site, proxy: Proxy, fast: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    netloc = proxy.url.removeprefix("http://")
    monkeypatch.setenv("HTTP_PROXY", f"http://us%40er:p%3Ass@{netloc}")
    with Fetcher(replace(fast, respect_robots=False)) as fetcher:
        fetcher.fetch(site.url(PAGE_EN))
    expected = "Basic " + base64.b64encode(b"us@er:p:ss").decode()
    assert proxy.authorizations == [expected]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big", "response too large"),
        ("/encoded/gzip,gzip", None),
        (raw_redirect_path(b"javascript:alert(1)"), "redirect to javascript:alert(1) refused"),
        ("/private/secret.html", "disallowed by robots.txt"),
    ],
)
def test_the_limits_and_checks_hold_through_the_proxy(
    site: Site,
    proxy: Proxy,
    fast: FetchOptions,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    reason: str | None,
) -> None:
    """The size cap, decoding, redirect checks and robots.txt, as without a proxy."""
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    with Fetcher(fast) as fetcher:
        if reason is None:
            assert fetcher.fetch(site.url(path)).data == _page(PAGE_EN, site.base)
        else:
            with pytest.raises(FetchError) as caught:
                fetcher.fetch(site.url(path))
            assert caught.value.reason.startswith(reason), caught.value.reason
    assert site.url("/robots.txt") in proxy.relayed


# -- failures ---------------------------------------------------------------------------------


def test_a_proxy_that_is_down_is_named_in_one_line(
    site: Site, fast: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv("HTTP_PROXY", f"http://user:secret@127.0.0.1:{port}")
    reason = f"cannot connect to proxy http://127.0.0.1:{port} (connection refused)"
    with Fetcher(fast) as fetcher:
        with pytest.raises(FetchError) as first:
            fetcher.fetch(site.url(PAGE_EN))
        with pytest.raises(FetchError) as other_host:
            fetcher.fetch(site.url(PAGE_EN).replace("127.0.0.1", "localhost"))
    assert first.value.reason == f"{reason} (after 3 attempts)" and first.value.kind == "network"
    assert other_host.value.reason == reason, "the proxy is remembered as down for every host"


def test_reader_fetch_names_a_proxy_that_is_down(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    port = closed_port()
    monkeypatch.setenv("http_proxy", f"127.0.0.1:{port}")
    archive, index = str(tmp_path / "archive"), str(tmp_path / "idx")
    code = main(["--archive", archive, "--index", index, "fetch", "--retries", "0", site.url("/")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == (
        "reader: no network: could not reach any site "
        f"(cannot connect to proxy http://127.0.0.1:{port} (connection refused))"
    )


def test_the_total_time_limit_holds_through_a_trickling_proxy(
    site: Site, proxy: Proxy, fast: FetchOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", proxy.url)
    proxy.trickle = True
    started = time.monotonic()
    options = replace(fast, total_timeout=2.0, respect_robots=False)
    with Fetcher(options) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(site.url(PAGE_EN))
    elapsed = time.monotonic() - started
    assert caught.value.reason == f"download took over 2 s through proxy {proxy.url} (stopped)"
    assert 1.9 < elapsed < 3.0, elapsed
    assert proxy.relayed == [site.url(PAGE_EN)]


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        (
            "socks5://user:pw@127.0.0.1:1080",
            "proxy socks5://127.0.0.1:1080 is a SOCKS proxy: install the socksio package to use it",
        ),
        ("ftp://127.0.0.1:21", "proxy ftp://127.0.0.1:21 cannot be used (only http, https"),
        ("http://[::1", "proxy http://[::1 is not a valid URL"),
        ("http://", "proxy http:// has no host"),
    ],
)
def test_a_proxy_that_cannot_be_used_is_refused_in_one_line(
    site: Site,
    fast: FetchOptions,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    reason: str,
) -> None:
    """Refused before anything is sent (robots.txt included), with the proxy named; a SOCKS
    proxy works only when socksio is installed (here it is made to look absent)."""
    monkeypatch.setitem(sys.modules, "socksio", None)
    monkeypatch.setenv("ALL_PROXY", setting)
    with Fetcher(fast) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(site.url(PAGE_EN))
    assert caught.value.reason.startswith(reason), caught.value.reason
    assert caught.value.kind == "network" and caught.value.reason.isprintable()
    assert not site.hits
