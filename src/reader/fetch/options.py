"""The knobs of a fetch run, with the defaults a polite downloader uses."""

from __future__ import annotations

from dataclasses import dataclass

from reader import __version__

USER_AGENT = f"reader/{__version__} (+offline news reader)"
ROBOTS_AGENT = "reader"


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """Timeouts, limits and politeness settings of one fetch run (times in seconds)."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 120.0
    """A request taking longer than this in all is abandoned: connecting, the headers and the
    body together, however slowly a server trickles them."""
    max_redirects: int = 10
    retries: int = 3
    """Extra attempts after the first, on connection errors, timeouts, 429 and 5xx."""
    backoff: float = 0.5
    """The first retry waits this long; each further one waits twice as long as the last."""
    max_backoff: float = 30.0
    max_retry_after: float = 60.0
    """A server's `Retry-After` is honoured up to this many seconds."""
    per_host: int = 2
    host_delay: float = 0.0
    """The least time between the starts of two requests to one host; a robots.txt
    `Crawl-delay` for our agent makes it longer (when robots.txt is respected)."""
    max_crawl_delay: float = 60.0
    """A robots.txt `Crawl-delay` is honoured up to this many seconds."""
    overall: int = 8
    max_bytes: int = 10 * 1024 * 1024
    """The largest body, both as sent and after each layer of its Content-Encoding is undone."""
    max_robots_bytes: int = 512 * 1024
    respect_robots: bool = True
    user_agent: str = USER_AGENT
    robots_agent: str = ROBOTS_AGENT

    def __post_init__(self) -> None:
        if self.per_host < 1 or self.overall < 1:
            raise ValueError("concurrency limits must be at least 1")
        if self.host_delay < 0 or self.max_crawl_delay < 0:
            raise ValueError("delays cannot be negative")
        if self.max_redirects < 0 or self.retries < 0:
            raise ValueError("redirect and retry limits cannot be negative")
