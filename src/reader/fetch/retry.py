"""When to try a request again, and how long to wait first."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 507, 508, 509, 520, 521, 522, 523, 524})


def is_retryable_status(status: int) -> bool:
    """429 and server errors are worth another try; other statuses are final."""
    return status in RETRY_STATUSES or 500 <= status < 600


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, seconds)


def backoff_delay(
    attempt: int, base: float, cap: float, retry_after: float | None, retry_after_cap: float
) -> float:
    """The wait before retry number `attempt` (0 for the first retry).

    Exponential (`base`, `2*base`, `4*base`, ... up to `cap`), unless the server said how long
    to wait: its `Retry-After` is honoured, up to `retry_after_cap`.
    """
    if retry_after is not None:
        return min(retry_after, retry_after_cap)
    return min(base * (2**attempt), cap)
