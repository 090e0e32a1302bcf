"""Servers that attack the downloader: odd redirect targets, trickles, compression bombs.

Each failure must be a FetchError with a one-line printable reason, never another exception,
and must stay within the time limit and the size cap.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.fetch.client import Fetcher
from reader.fetch.errors import FetchError
from reader.fetch.options import FetchOptions

from .conftest import BOMB_ZEROS, PAGE_EN, Site, _page, double_gzip_zeros, raw_redirect_path


def _failure(site: Site, options: FetchOptions, path: str) -> FetchError:
    with Fetcher(options) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(site.url(path))
    return caught.value


def _one_line(reason: str) -> bool:
    return bool(reason) and reason.isprintable()


# -- redirect targets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        (b"javascript:alert(1)", "not javascript:"),
        (b"JavaScript:alert(document.cookie)", "not javascript:"),
        (b"mailto:someone@example.com", "not mailto:"),
        (b"data:text/html,<script>alert(1)</script>", "not data:"),
        (b"file:///etc/passwd", "not file:"),
        (b"http://[::1", "malformed"),
        (b"http://127.0.0.1:99999/", "malformed"),
        (b"http://exa\xe2\x80\x8bmple.com/", "malformed URL (Invalid IDNA hostname"),
        (b"https:///nohost", "no host"),
    ],
    ids=lambda value: value.decode("utf-8", "replace") if isinstance(value, bytes) else "",
)
def test_redirect_to_what_cannot_be_fetched_is_refused(
    site: Site, fast: FetchOptions, location: bytes, expected: str
) -> None:
    error = _failure(site, fast, raw_redirect_path(location))
    assert error.kind == "refused"
    assert expected in error.reason and _one_line(error.reason), error.reason
    assert error.reason.startswith(("redirect to ", "malformed redirect target "))


_SCHEMES = st.sampled_from(["http", "https", "HTTPS", "javascript", "data", "ftp", "x", ""])
_URL_LIKE = st.builds(
    lambda scheme, separator, rest: f"{scheme}{separator}{rest}",
    _SCHEMES | st.from_regex(r"[a-zA-Z][a-zA-Z0-9+.-]{0,8}", fullmatch=True),
    st.sampled_from([":", "://", ":///", "://[", "://[::1]:", "://user@", "//", "/"]),
    st.text(max_size=60),
)
_LOCATIONS = st.binary(max_size=120) | st.text(max_size=120).map(str.encode)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(location=_LOCATIONS | _URL_LIKE.map(str.encode))
def test_any_location_header_gives_a_one_line_reason(
    site: Site, fast: FetchOptions, location: bytes
) -> None:
    """Whatever a server writes after `Location: `, the answer is a FetchError in one line.

    No redirect is followed (`max_redirects=0`): the target is checked, never requested.
    """
    options = replace(fast, max_redirects=0, retries=0, respect_robots=False)
    with Fetcher(options) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(site.url(raw_redirect_path(location)))
    assert _one_line(caught.value.reason), caught.value.reason


# -- the total time limit ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/trickle-headers", "/trickle-body"])
def test_a_trickle_is_stopped_at_the_total_time_limit(
    site: Site, fast: FetchOptions, path: str
) -> None:
    options = replace(fast, total_timeout=2.0, respect_robots=False)
    started = time.monotonic()
    error = _failure(site, options, path)
    elapsed = time.monotonic() - started
    assert error.reason == "download took over 2 s (stopped)" and error.kind == "network"
    assert 1.9 < elapsed < 3.0, elapsed


def test_the_time_limit_is_per_request_not_per_connection(site: Site, fast: FetchOptions) -> None:
    options = replace(fast, total_timeout=0.6, respect_robots=False)
    with Fetcher(options) as fetcher:
        fetcher.fetch(site.url(PAGE_EN))
        time.sleep(0.8)
        page = fetcher.fetch(site.url(PAGE_EN))
    assert page.status == 200


# -- content encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "codings", ["gzip", "x-gzip", "deflate", "raw-deflate", "identity", "gzip,deflate", "gzip,gzip"]
)
def test_compressed_pages_are_decoded(site: Site, fast: FetchOptions, codings: str) -> None:
    with Fetcher(fast) as fetcher:
        page = fetcher.fetch(site.url("/encoded/" + codings))
    assert page.data == _page(PAGE_EN, site.base)
    assert site.encodings and set(site.encodings) == {"gzip, deflate"}


@pytest.mark.parametrize("coding", ["br", "zstd", "compress", "gzip,br"])
def test_other_encodings_are_refused(site: Site, fast: FetchOptions, coding: str) -> None:
    error = _failure(site, fast, "/encoded/" + coding)
    assert error.kind == "refused" and _one_line(error.reason)
    assert "is not supported (only gzip and deflate)" in error.reason


_BOMB_CHILD = """
import json, sys, tracemalloc
from reader.fetch.client import Fetcher
from reader.fetch.errors import FetchError
from reader.fetch.options import FetchOptions

with Fetcher(FetchOptions(retries=0, respect_robots=False)) as fetcher:
    fetcher.fetch(sys.argv[2])  # loads whatever a fetch of a gzip page needs
    tracemalloc.start()
    try:
        fetcher.fetch(sys.argv[1])
        reason, kind = None, None
    except FetchError as exc:
        reason, kind = exc.reason, exc.kind
    peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"reason": reason, "kind": kind, "peak": peak}))
"""


def test_a_double_gzip_bomb_stays_under_the_size_cap_in_memory(site: Site) -> None:
    """1 GiB of zeros in gzip of gzip (a few KB) is refused at the 10 MB cap, in little memory."""
    assert len(double_gzip_zeros(BOMB_ZEROS)) < 64 * 1024  # built once, before the child asks
    done = subprocess.run(
        [sys.executable, "-c", _BOMB_CHILD, site.url("/bomb"), site.url("/encoded/gzip")],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["kind"] == "refused" and _one_line(result["reason"])
    assert result["reason"] == "response too large (over 10 MB; stopped reading)"
    assert result["peak"] < 32 * 1024 * 1024, f"the fetch took {result['peak']} bytes at its peak"
