"""robots.txt: fetched once per host, parsed with `urllib.robotparser`, asked before each URL.

Following RFC 9309: a robots.txt that is missing (any 4xx) allows everything; one that cannot
be read because the server fails (5xx, after retries) disallows everything on that host.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

from reader.fetch.urls import host_key


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """The body and status of a robots.txt request (status 0: nothing usable came back)."""

    status: int
    text: str = ""


def parse_robots(text: str) -> RobotFileParser:
    """A parser holding the rules of one robots.txt text."""
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


def rules_for(answer: RobotsAnswer) -> RobotFileParser:
    """The rules a robots.txt response stands for."""
    if 200 <= answer.status < 300:
        return parse_robots(answer.text)
    # An error page means no rules (4xx: everything allowed) or no access (5xx: nothing).
    return parse_robots("" if 400 <= answer.status < 500 else "User-agent: *\nDisallow: /")


class RobotsCache:
    """robots.txt rules per host, each host's file downloaded at most once per run."""

    def __init__(self, agent: str, download: Callable[[str], RobotsAnswer]) -> None:
        self.agent = agent
        self._download = download
        self._rules: dict[str, RobotFileParser] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def allowed(self, url: str) -> bool:
        """True when the host's robots.txt lets this agent fetch `url`."""
        host = host_key(url)
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            rules = self._rules.get(host)
            if rules is None:
                rules = rules_for(self._download(f"{host}/robots.txt"))
                self._rules[host] = rules
        return rules.can_fetch(self.agent, url)

    def crawl_delay(self, url: str) -> float | None:
        """The `Crawl-delay` the host's robots.txt sets for this agent (or for all agents), in
        seconds; None when it sets none or has not been read yet (nothing is downloaded)."""
        with self._guard:
            rules = self._rules.get(host_key(url))
        if rules is None:
            return None
        delay = rules.crawl_delay(self.agent)
        return float(delay) if delay is not None else None
