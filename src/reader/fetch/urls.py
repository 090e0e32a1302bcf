"""Which URLs may be fetched: http and https with a host, nothing else."""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin, urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})
URL_PREFIXES = ("http://", "https://")
"""How a URL the user may fetch starts: the quick check of what was typed or linked, before
`url_problem` says what else is wrong with it."""


def url_problem(url: str) -> str | None:
    """Why `url` cannot be fetched, or None when it is an http(s) URL with a host."""
    text = url.strip()
    if not text:
        return "empty URL"
    if any(ch.isspace() for ch in text) or any(ord(ch) < 0x20 for ch in text):
        return "URL contains spaces or control characters"
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    scheme = parts.scheme.lower()
    if not scheme:
        return "not a URL (no http:// or https://)"
    if scheme not in ALLOWED_SCHEMES:
        return f"only http and https URLs are fetched, not {scheme}:"
    if not parts.hostname:
        return "URL has no host"
    if port == 0:
        return "URL has port 0"
    return None


def absolute_url(base: str, href: str) -> str | None:
    """`href` resolved against `base`, without its fragment; None unless it is http(s)."""
    href = href.strip()
    if not href:
        return None
    try:
        joined = urldefrag(urljoin(base, href)).url
    except ValueError:
        return None
    return joined if url_problem(joined) is None else None


def host_key(url: str) -> str:
    """The host (with a non-default port) that per-host limits and robots.txt apply to."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    default = 443 if parts.scheme.lower() == "https" else 80
    port = parts.port
    return f"{parts.scheme.lower()}://{host}" + (f":{port}" if port and port != default else "")
