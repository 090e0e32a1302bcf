"""Proxies from the environment, chosen for each URL the way httpx chose them.

httpx.Client honoured HTTP_PROXY, HTTPS_PROXY, ALL_PROXY and NO_PROXY (upper or lower case,
read by `urllib.request.getproxies`); requests now go straight to httpcore pools, so the same
choice is made here. Each setting becomes a pattern: `http://`, `https://` and `all://` map
to their proxy, every NO_PROXY entry maps to "no proxy", and `NO_PROXY=*` turns proxies off.
A URL takes the most specific pattern that matches it: one with a port first, then the
longest host, then a named scheme before `all`.
"""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.request import getproxies

import httpcore
import httpx

from reader.fetch.errors import FetchError, printable

_SCHEMES = ("http", "https", "all")
_SOCKS = ("socks5", "socks5h")


@dataclass(frozen=True, slots=True)
class Route:
    """The URLs one pattern matches and the proxy they go through (None: straight there).

    `scheme` and `host` are empty to match any; a host `*name` matches `name` and its
    subdomains, `*.name` only its subdomains.
    """

    scheme: str
    host: str
    port: int | None
    proxy: str | None

    def matches(self, url: httpx.URL) -> bool:
        if self.scheme and self.scheme != url.scheme:
            return False
        if self.port is not None and self.port != url.port:
            return False
        return _host_matches(self.host, url.host)

    @property
    def rank(self) -> tuple[int, int, int]:
        """Sorts the most specific route first: a port, then a longer host, then a scheme."""
        return (0 if self.port is not None else 1, -len(self.host), -len(self.scheme))


def _host_matches(pattern: str, host: str) -> bool:
    if not pattern:
        return True
    if pattern.startswith("*."):
        return host.endswith(pattern[1:]) and len(host) > len(pattern) - 1
    if pattern.startswith("*"):
        return host == pattern[1:] or host.endswith("." + pattern[1:])
    return host == pattern


def proxy_table(found: Mapping[str, str]) -> dict[str, str | None]:
    """Patterns and their proxy (None for none) from settings as `getproxies()` returns them."""
    table: dict[str, str | None] = {}
    for scheme in _SCHEMES:
        proxy = found.get(scheme)
        if proxy:
            table[f"{scheme}://"] = proxy if "://" in proxy else f"http://{proxy}"
    for entry in (part.strip() for part in found.get("no", "").split(",")):
        if entry == "*":
            return {}
        if entry:
            table[_bypass_pattern(entry)] = None
    return table


def _bypass_pattern(entry: str) -> str:
    """The pattern of one NO_PROXY entry: a bare domain also covers its subdomains."""
    if "://" in entry:
        return entry
    try:
        version = ipaddress.ip_address(entry.split("/")[0]).version
    except ValueError:
        version = None
    if version == 6:
        return f"all://[{entry}]"
    if version == 4 or entry.lower() == "localhost":
        return f"all://{entry}"
    return f"all://*{entry}"


def compile_routes(table: Mapping[str, str | None]) -> tuple[Route, ...]:
    """The routes of a pattern table, most specific first; patterns that do not parse are
    skipped (httpx refused to start with one)."""
    found: list[Route] = []
    for pattern, proxy in table.items():
        try:
            url = httpx.URL(pattern)
        except httpx.InvalidURL:
            continue
        scheme = "" if url.scheme == "all" else url.scheme
        found.append(Route(scheme, "" if url.host == "*" else url.host, url.port, proxy))
    return tuple(sorted(found, key=lambda route: route.rank))


def environment_routes() -> tuple[Route, ...]:
    """The routes the proxy settings of this process's environment ask for."""
    return compile_routes(proxy_table(getproxies()))


def proxy_for(url: httpx.URL, routes: tuple[Route, ...]) -> str | None:
    """The proxy `url` goes through, or None to connect to its host directly."""
    return next((route.proxy for route in routes if route.matches(url)), None)


def shown(proxy: str) -> str:
    """`proxy` as a reason names it: scheme, host and port, never a user name or password."""
    scheme, separator, rest = proxy.partition("://")
    authority = rest.split("/", 1)[0].rpartition("@")[2]
    return printable(scheme + separator + authority)


@dataclass(frozen=True, slots=True)
class PoolSettings:
    """What every connection pool of a fetcher shares, whichever way it connects."""

    ssl_context: ssl.SSLContext
    network_backend: httpcore.NetworkBackend
    max_connections: int
    max_keepalive_connections: int

    def arguments(self) -> dict[str, Any]:
        return {
            "ssl_context": self.ssl_context,
            "network_backend": self.network_backend,
            "max_connections": self.max_connections,
            "max_keepalive_connections": self.max_keepalive_connections,
        }


def connection_pool(proxy: str | None, settings: PoolSettings) -> httpcore.ConnectionPool:
    """A pool connecting directly, or through `proxy`: http(s) proxies forward http requests
    and tunnel https ones with CONNECT; SOCKS5 needs the optional socksio package.

    Raises:
        FetchError: (network) when the proxy cannot be used, with the reason.
    """
    if proxy is None:
        return httpcore.ConnectionPool(**settings.arguments())
    try:
        url = httpx.URL(proxy)
    except httpx.InvalidURL:
        raise FetchError(f"proxy {shown(proxy)} is not a valid URL", "network") from None
    if not url.host:
        raise FetchError(f"proxy {shown(proxy)} has no host", "network")
    wire = httpcore.URL(scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=b"/")
    auth = (url.username, url.password) if url.username or url.password else None
    if url.scheme in ("http", "https"):
        tls = settings.ssl_context if url.scheme == "https" else None
        return httpcore.HTTPProxy(
            proxy_url=wire, proxy_auth=auth, proxy_ssl_context=tls, **settings.arguments()
        )
    if url.scheme in _SOCKS:
        if not _socks_available():
            raise FetchError(
                f"proxy {shown(proxy)} is a SOCKS proxy: install the socksio package to use it",
                "network",
            )
        return httpcore.SOCKSProxy(proxy_url=wire, proxy_auth=auth, **settings.arguments())
    raise FetchError(
        f"proxy {shown(proxy)} cannot be used (only http, https and socks5 proxies)", "network"
    )


def _socks_available() -> bool:
    """True when socksio, which httpcore's SOCKS proxy pool needs, can be imported."""
    try:
        import socksio  # noqa: F401
    except ImportError:
        return False
    return True
