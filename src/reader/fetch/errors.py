"""The one exception of the fetch layer: a download that failed, with a one-line reason.

Reasons often quote what a server sent (a redirect target, an error message), so the helpers
here keep such text to one short, printable line.
"""

from __future__ import annotations

from typing import Literal

FailureKind = Literal["network", "http", "refused", "cancelled", "other"]


class FetchError(Exception):
    """A URL that could not be fetched; `str()` is the reason shown to the user.

    `kind` tells callers what sort of failure it was: `network` (DNS, connection refused or
    reset, timeouts), `http` (an error status), `refused` (a rule of ours: scheme, content type,
    content encoding, size, robots.txt, redirects), `cancelled` (the user stopped the run).
    `status` is the HTTP status of an `http` failure (410: the page is gone for good).
    """

    def __init__(self, reason: str, kind: FailureKind = "other", status: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind: FailureKind = kind
        self.status = status


def printable(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters, with line breaks and control characters escaped."""
    cut = text[:limit]
    shown = "".join(char if char.isprintable() else ascii(char)[1:-1] for char in cut)
    return shown + ("…" if len(text) > limit else "")


def size_text(size: int) -> str:
    """A byte count as a person reads it: `512 bytes`, `10 MB`."""
    return f"{size / (1024 * 1024):.3g} MB" if size >= 1024 * 1024 else f"{size} bytes"
