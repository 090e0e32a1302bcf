"""The one exception of the fetch layer: a download that failed, with a one-line reason."""

from __future__ import annotations

from typing import Literal

FailureKind = Literal["network", "http", "refused", "cancelled", "other"]


class FetchError(Exception):
    """A URL that could not be fetched; `str()` is the reason shown to the user.

    `kind` tells callers what sort of failure it was: `network` (DNS, connection refused or
    reset, timeouts), `http` (an error status), `refused` (a rule of ours: scheme, content type,
    size, robots.txt, redirects), `cancelled` (the user stopped the run).
    """

    def __init__(self, reason: str, kind: FailureKind = "other") -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind: FailureKind = kind
