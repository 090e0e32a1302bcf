"""One polite HTTP client shared by every download of a run.

Requests go straight to an httpcore connection pool: httpx's client would read a redirect's
Location (and fail on some) before we could check it, and would inflate compressed bodies
without bound. Redirects are followed here, and every Location is checked before anything
else reads it (http or https only, a URL httpx can parse, robots.txt, a hop limit, loops).
Each request waits for a slot under the overall and the per-host limits (and, on one host, for
the least delay between two requests: `host_delay`, or robots.txt's `Crawl-delay`), is retried with
exponential backoff on connection errors, 429 and 5xx (honouring `Retry-After`), must finish
within the total time limit (connecting, headers and body: `deadline`), and its body is
decoded here (`decoding`) and abandoned past the size cap or when the run is cancelled.
Proxies are taken from the environment as httpx took them (`proxies`): one pool per proxy,
each with the same limits, deadline and checks as the direct one.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin

import httpcore
import httpx

from reader.fetch.content import Kind, classify, media_type
from reader.fetch.deadline import DeadlineBackend, DeadlineExceeded, deadline
from reader.fetch.decoding import ACCEPT_ENCODING, decoded_body
from reader.fetch.errors import FetchError, printable, size_text
from reader.fetch.options import FetchOptions
from reader.fetch.proxies import (
    PoolSettings,
    connection_pool,
    environment_routes,
    proxy_for,
    shown,
)
from reader.fetch.retry import backoff_delay, is_retryable_status, parse_retry_after
from reader.fetch.robots import RobotsAnswer, RobotsCache
from reader.fetch.urls import host_key, url_problem

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_REDIRECTS = frozenset({301, 308})
NOT_MODIFIED = 304
ACCEPT = (
    "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
    "application/xml;q=0.9,text/plain;q=0.8"
)
_ROBOTS_REDIRECTS = 5
_SLOT_POLL_S = 0.1
_ConnectFailure = Literal["dns", "refused"]
_RETRIED_ERRORS = (httpcore.ConnectError, httpcore.RemoteProtocolError, httpcore.ReadError)
_WIRE_ERRORS = (
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ProxyError,
)


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional request sends: the `ETag` and `Last-Modified` of the copy we have."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> list[tuple[str, str]]:
        """`If-None-Match` and `If-Modified-Since`, for those we have."""
        sent = []
        if self.etag:
            sent.append(("If-None-Match", self.etag))
        if self.last_modified:
            sent.append(("If-Modified-Since", self.last_modified))
        return sent


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A downloaded body: where it was asked for, where it ended up, and what it is.

    `status` 304 (only for a conditional request): not modified since the copy the validators
    stand for, and `data` is empty. `etag` and `last_modified` are the response's validators;
    `moved_to` is where permanent redirects (301, 308), followed from the start, led: the URL
    to ask for from now on (None when the first answer was not a permanent redirect).
    """

    requested_url: str
    url: str
    status: int
    content_type: str | None
    kind: Kind
    data: bytes
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: httpx.Headers
    data: bytes = b""
    kind: Kind | None = None


class Fetcher:
    """Downloads pages and feeds under the limits of `options`; safe to share between threads.

    `cancel`, when set, makes waits and body reads stop with a `cancelled` FetchError.
    `network` replaces the sockets (tests and benchmarks may pass an httpcore backend).
    Proxy settings (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, NO_PROXY) are read once, here.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        cancel: threading.Event | None = None,
        network: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self.cancel = cancel or threading.Event()
        opts = self.options
        self._pool_settings = PoolSettings(
            ssl_context=httpx.create_ssl_context(),
            network_backend=DeadlineBackend(network),
            max_connections=opts.overall + 4,
            max_keepalive_connections=opts.overall,
        )
        self._routes = environment_routes()
        self._pools: dict[str | None, httpcore.ConnectionPool] = {}
        self._headers: list[tuple[str, str]] = [
            ("User-Agent", opts.user_agent),
            ("Accept", ACCEPT),
            ("Accept-Encoding", ACCEPT_ENCODING),
        ]
        self._timeouts = {
            "connect": opts.connect_timeout,
            "read": opts.read_timeout,
            "write": opts.read_timeout,
            "pool": None,
        }
        self._overall = threading.BoundedSemaphore(opts.overall)
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._last_start: dict[str, float] = {}
        self._unreachable: dict[str, str] = {}
        self._guard = threading.Lock()
        self.robots = RobotsCache(opts.robots_agent, self._download_robots)

    def close(self) -> None:
        with self._guard:
            pools = list(self._pools.values())
        for pool in pools:
            pool.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the public call ---------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        accept: frozenset[Kind] = frozenset({"html", "text"}),
        validators: Validators | None = None,
    ) -> FetchedPage:
        """Download `url`, following redirects, and return its body.

        With `validators`, the request is conditional: a 304 answer comes back as a page of
        status 304 with no body.

        Raises:
            FetchError: with the reason the URL could not be fetched.
        """
        problem = request_problem(url)
        if problem:
            raise FetchError(problem, "refused")
        current = url.strip()
        visited = {current}
        conditional = validators.headers() if validators is not None else []
        moved_to: str | None = None
        permanent = True  # every redirect so far was permanent
        for _hop in range(self.options.max_redirects + 1):
            if self.options.respect_robots and not self.robots.allowed(current):
                raise FetchError(f"disallowed by robots.txt ({current})", "refused")
            answer = self._request(current, accept=accept, extra=conditional)
            if answer.status in REDIRECT_STATUSES:
                current = self._redirect_target(current, answer, visited)
                permanent = permanent and answer.status in PERMANENT_REDIRECTS
                if permanent:
                    moved_to = current
                continue
            if answer.status == NOT_MODIFIED and conditional:
                return self._page(url, current, answer, next(iter(sorted(accept))), moved_to)
            if answer.status >= 400 or answer.kind is None:
                status = answer.status
                raise FetchError(f"HTTP {status} {_phrase(status)}".strip(), "http", status)
            return self._page(url, current, answer, answer.kind, moved_to)
        raise FetchError(f"too many redirects (more than {self.options.max_redirects})", "refused")

    @staticmethod
    def _page(
        url: str, current: str, answer: _Answer, kind: Kind, moved_to: str | None
    ) -> FetchedPage:
        return FetchedPage(
            requested_url=url.strip(),
            url=current,
            status=answer.status,
            content_type=answer.headers.get("content-type"),
            kind=kind,
            data=answer.data,
            etag=answer.headers.get("etag"),
            last_modified=answer.headers.get("last-modified"),
            moved_to=moved_to,
        )

    @staticmethod
    def _redirect_target(current: str, answer: _Answer, visited: set[str]) -> str:
        location = answer.headers.get("location", "").strip()
        if not location:
            raise FetchError(f"HTTP {answer.status} redirect without a Location", "http")
        try:
            target = urljoin(current, location)
        except ValueError as exc:
            shown = printable(location)
            raise FetchError(f"malformed redirect target {shown} ({exc})", "refused") from None
        problem = request_problem(target)
        if problem:
            shown = printable(target)
            raise FetchError(f"redirect to {shown} refused: {printable(problem, 120)}", "refused")
        if target in visited:
            raise FetchError(f"redirect loop (back to {printable(target)})", "refused")
        visited.add(target)
        return target

    # -- one request, with retries -----------------------------------------------------------

    def _request(
        self,
        url: str,
        *,
        accept: frozenset[Kind] | None,
        max_bytes: int | None = None,
        extra: list[tuple[str, str]] | None = None,
    ) -> _Answer:
        opts = self.options
        host = host_key(url)
        proxy = proxy_for(httpx.URL(url), self._routes)
        route = host if proxy is None else f"proxy {proxy}"  # what a failed connect was to
        pool = self._pool_for(proxy)
        attempt = 0
        while True:
            self._check_cancelled()
            down = self._unreachable.get(route)
            if down:
                raise FetchError(down, "network")
            retry_after: float | None = None
            try:
                with self._slot(host):
                    answer = self._attempt(pool, url, accept, max_bytes or opts.max_bytes, extra)
                if not is_retryable_status(answer.status):
                    return answer
                retry_after = parse_retry_after(answer.headers.get("retry-after"))
                error = FetchError(f"HTTP {answer.status} {_phrase(answer.status)}".strip(), "http")
            except httpcore.TimeoutException as exc:
                raise FetchError(_timeout_reason(exc, opts, proxy), "network") from None
            except _RETRIED_ERRORS as exc:
                error = FetchError(_network_reason(url, exc, proxy), "network")
            except _WIRE_ERRORS as exc:
                raise FetchError(_network_reason(url, exc, proxy), "network") from None
            if attempt >= opts.retries:
                if error.kind == "network" and _is_connect_failure(error):
                    with self._guard:
                        self._unreachable[route] = error.reason
                if attempt:
                    error = FetchError(f"{error.reason} (after {attempt + 1} attempts)", error.kind)
                raise error
            delay = backoff_delay(
                attempt, opts.backoff, opts.max_backoff, retry_after, opts.max_retry_after
            )
            if self.cancel.wait(delay):
                raise FetchError("cancelled", "cancelled")
            attempt += 1

    def _pool_for(self, proxy: str | None) -> httpcore.ConnectionPool:
        """The pool for `proxy` (None: direct), opened on first use.

        Raises:
            FetchError: when the proxy cannot be used.
        """
        with self._guard:
            pool = self._pools.get(proxy)
            if pool is None:
                pool = self._pools[proxy] = connection_pool(proxy, self._pool_settings)
            return pool

    def _attempt(
        self,
        pool: httpcore.ConnectionPool,
        url: str,
        accept: frozenset[Kind] | None,
        max_bytes: int,
        extra: list[tuple[str, str]] | None = None,
    ) -> _Answer:
        target = httpx.URL(url)
        headers: list[tuple[bytes | str, bytes | str]] = [("Host", target.netloc), *self._headers]
        headers.extend(extra or ())
        extensions = {"timeout": self._timeouts}
        with (
            deadline(self.options.total_timeout),
            pool.stream(
                "GET", _wire_url(target), headers=headers, extensions=extensions
            ) as response,
        ):
            status = response.status
            answer_headers = httpx.Headers(response.headers)
            if status in REDIRECT_STATUSES or status >= 400 or status == NOT_MODIFIED:
                return _Answer(status, answer_headers)
            declared = answer_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    f"response too large ({size_text(int(declared))}; "
                    f"limit {size_text(max_bytes)})",
                    "refused",
                )
            body = decoded_body(
                response.iter_stream(), answer_headers.get("content-encoding"), max_bytes
            )
            chunks: list[bytes] = []
            kind: Kind | None = None
            content_type = answer_headers.get("content-type")
            for chunk in body:
                self._check_cancelled()
                if kind is None and accept is not None:
                    kind = self._kind(content_type, chunk, accept)
                chunks.append(chunk)
            if kind is None and accept is not None:
                kind = self._kind(content_type, b"", accept)
            return _Answer(status, answer_headers, b"".join(chunks), kind or "text")

    @staticmethod
    def _kind(content_type: str | None, head: bytes, accept: frozenset[Kind]) -> Kind:
        kind = classify(content_type, head)
        if kind not in ("html", "feed", "text"):
            raise FetchError(str(kind), "refused")
        if kind not in accept:
            shown = media_type(content_type) or kind
            if kind == "feed":
                raise FetchError(f"this is a feed ({shown}): fetch it with --feed", "refused")
            raise FetchError(f"not a feed ({shown})", "refused")
        return kind

    @contextlib.contextmanager
    def _slot(self, host: str) -> Iterator[None]:
        with self._guard:
            per_host = self._hosts.setdefault(
                host, threading.BoundedSemaphore(self.options.per_host)
            )
        self._acquire(per_host)
        try:
            self._wait_turn(host)
            self._acquire(self._overall)
            try:
                yield
            finally:
                self._overall.release()
        finally:
            per_host.release()

    def _wait_turn(self, host: str) -> None:
        """Wait until the host's delay has passed since the start of its last request (a
        robots.txt read first has set its `Crawl-delay` by the time a page is asked for)."""
        opts = self.options
        delay = opts.host_delay
        if opts.respect_robots:
            crawl = self.robots.crawl_delay(host)
            if crawl is not None:
                delay = max(delay, min(crawl, opts.max_crawl_delay))
        with self._guard:
            last = self._last_start.get(host)
            now = time.monotonic()
            start = now if last is None else max(now, last + delay)
            self._last_start[host] = start
        if start > now and self.cancel.wait(start - now):
            raise FetchError("cancelled", "cancelled")

    def _acquire(self, semaphore: threading.BoundedSemaphore) -> None:
        while not semaphore.acquire(timeout=_SLOT_POLL_S):
            self._check_cancelled()

    def _check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise FetchError("cancelled", "cancelled")

    # -- robots.txt --------------------------------------------------------------------------

    def _download_robots(self, url: str) -> RobotsAnswer:
        current = url
        visited = {current}
        for _hop in range(_ROBOTS_REDIRECTS + 1):
            try:
                answer = self._request(
                    current, accept=None, max_bytes=self.options.max_robots_bytes
                )
            except FetchError as exc:
                if exc.kind in ("network", "cancelled"):
                    raise
                return RobotsAnswer(0)
            except Exception:
                return RobotsAnswer(0)
            if answer.status not in REDIRECT_STATUSES:
                if answer.status >= 400:
                    return RobotsAnswer(answer.status)
                return RobotsAnswer(answer.status, answer.data.decode("utf-8", "replace"))
            try:
                current = self._redirect_target(current, answer, visited)
            except FetchError:
                return RobotsAnswer(404)
        return RobotsAnswer(404)


def _phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def request_problem(url: str) -> str | None:
    """Why `url` cannot be requested: our rules (`url_problem`), then httpx's URL parser."""
    problem = url_problem(url)
    if problem is None:
        try:
            httpx.URL(url)
        except httpx.InvalidURL as exc:
            problem = f"malformed URL ({exc})"
    return problem


def _wire_url(url: httpx.URL) -> httpcore.URL:
    """The parts httpcore sends: IDNA host, percent-encoded path and query, no fragment."""
    return httpcore.URL(
        scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
    )


def _timeout_reason(exc: httpcore.TimeoutException, opts: FetchOptions, proxy: str | None) -> str:
    via = "" if proxy is None else f" through proxy {shown(proxy)}"
    if isinstance(exc, DeadlineExceeded):
        return f"download took over {opts.total_timeout:g} s{via} (stopped)"
    if isinstance(exc, httpcore.ConnectTimeout):
        return f"could not connect within {opts.connect_timeout:g} s{via} (connect timeout)"
    if isinstance(exc, httpcore.PoolTimeout):
        return f"no free connection{via} (pool timeout)"
    return f"no response within {opts.read_timeout:g} s{via} (read timeout)"


def _network_reason(url: str, exc: Exception, proxy: str | None) -> str:
    """The reason for a network error. Through a proxy, the socket is the proxy's, so a
    failed lookup or a refused connection is the proxy's, and is named as such."""
    host = host_key(url).split("://", 1)[-1]
    detail = str(exc).strip() or type(exc).__name__
    failure = _connect_failure(detail)
    detail = printable(detail.splitlines()[0], 120)
    if proxy is not None:
        return _proxy_network_reason(host, shown(proxy), exc, failure, detail)
    if failure == "dns":
        return f"cannot resolve host {host} (DNS lookup failed)"
    if failure == "refused":
        return f"cannot connect to {host} (connection refused)"
    if isinstance(exc, httpcore.ConnectError):
        return f"cannot connect to {host} ({detail})"
    return f"network error talking to {host} ({detail})"


def _proxy_network_reason(
    host: str, proxy: str, exc: Exception, failure: _ConnectFailure | None, detail: str
) -> str:
    """Only a failure to look up or reach the proxy reads as a connect failure
    (`_is_connect_failure`): that one is remembered for every URL using the proxy."""
    if failure == "dns":
        return f"cannot resolve host of proxy {proxy} (DNS lookup failed)"
    if failure == "refused":
        return f"cannot connect to proxy {proxy} (connection refused)"
    if isinstance(exc, httpcore.ProxyError):
        return f"proxy {proxy} would not connect to {host} ({detail})"
    if isinstance(exc, httpcore.ConnectError):
        return f"cannot reach {host} through proxy {proxy} ({detail})"
    return f"network error talking to {host} through proxy {proxy} ({detail})"


def _connect_failure(detail: str) -> _ConnectFailure | None:
    """Whether an error's text tells of a failed name lookup or a refused connection."""
    text = detail.lower()
    if (
        "name or service not known" in text
        or "nodename nor servname" in text
        or ("temporary failure in name resolution" in text)
        or "getaddrinfo failed" in text
        or "no address associated" in text
    ):
        return "dns"
    if "connection refused" in text:
        return "refused"
    return None


def _is_connect_failure(error: FetchError) -> bool:
    return error.reason.startswith(("cannot resolve host", "cannot connect to"))
