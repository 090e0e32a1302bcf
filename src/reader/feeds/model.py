"""A feed subscription: the feed's name and URL, the user's tags, and what updates remember.

Names and tags are the user's, checked here so that every file they end up in (the
subscriptions file, OPML, an article's front matter, a query) can hold them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from reader.fetch.urls import url_problem
from reader.model.ids import normalise_url

MAX_NAME_CHARS = 80
MAX_TAG_CHARS = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class FeedsError(Exception):
    """A subscription change that cannot be made, or a file that cannot be read: one line."""


@dataclass(frozen=True, slots=True)
class Subscription:
    """One feed the archive follows.

    `name`, `url` and `tags` are the user's. The rest is what `reader update` keeps:
    the validators of the copy read last (`etag`, `last_modified`), when an update last
    reached the feed (`updated`) and last tried (`checked`), the last attempt's `error` (None
    when it went through), how many articles the last update added (`new`), whether the
    feed is gone for good (HTTP 410), the URL it moved from (301/308), and the ids of the
    articles fetched through it (`items`, oldest first). `extra` keeps fields the user added.
    """

    name: str
    url: str
    tags: tuple[str, ...] = ()
    added: datetime | None = None
    etag: str | None = None
    last_modified: str | None = None
    updated: datetime | None = None
    checked: datetime | None = None
    error: str | None = None
    new: int = 0
    gone: bool = False
    moved_from: str | None = None
    items: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)


def check_name(name: str) -> str:
    """A feed name as it is kept (spaces squeezed), or FeedsError saying why it cannot be."""
    text = " ".join(name.split())
    if not text:
        raise FeedsError("a feed name cannot be empty")
    if _CONTROL.search(text):
        raise FeedsError("a feed name cannot hold control characters")
    if len(text) > MAX_NAME_CHARS:
        raise FeedsError(f"a feed name is at most {MAX_NAME_CHARS} characters")
    if "://" in text:
        raise FeedsError(f"a feed name cannot be a URL: {text}")
    if '"' in text:
        raise FeedsError(f"a feed name cannot hold a double quote: {text}")
    return text


def check_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as they are kept (spaces squeezed, each once in any case), or FeedsError."""
    kept: dict[str, str] = {}
    for tag in tags:
        text = " ".join(tag.split())
        if not text:
            continue
        if _CONTROL.search(text) or "," in text:
            raise FeedsError(f"a feed tag cannot hold commas or control characters: {text!r}")
        if len(text) > MAX_TAG_CHARS:
            raise FeedsError(f"a feed tag is at most {MAX_TAG_CHARS} characters")
        kept.setdefault(text.casefold(), text)
    return tuple(kept.values())


def check_url(url: str) -> str:
    """A feed URL as it is kept, or FeedsError saying why it cannot be fetched."""
    text = url.strip()
    problem = url_problem(text)
    if problem:
        raise FeedsError(f"{problem}: {text}" if text else problem)
    return text


def same_url(a: str, b: str) -> bool:
    """Whether two URLs name the same feed (host case, `www.` and a trailing slash aside)."""
    return normalise_url(a) == normalise_url(b)


def find(subscriptions: Iterable[Subscription], name_or_url: str) -> Subscription | None:
    """The subscription with this URL, else with this name (in any case), else None."""
    wanted = name_or_url.strip()
    listed = list(subscriptions)
    if url_problem(wanted) is None:
        for sub in listed:
            if same_url(sub.url, wanted):
                return sub
    key = " ".join(wanted.split()).casefold()
    return next((sub for sub in listed if sub.name.casefold() == key), None)


def default_name(url: str, taken: Iterable[str]) -> str:
    """A name for a feed added without one: its host (without `www.`), then with the last
    word of its path, then numbered, until no subscription has it."""
    used = {name.casefold() for name in taken}
    parts = urlsplit(url)
    host = (parts.hostname or "feed").lower().removeprefix("www.")
    words = [w for w in re.split(r"[/.]", parts.path) if w and w not in ("rss", "xml", "feed")]
    candidates = [host]
    if words:
        candidates.append(f"{host} {words[-1]}")
    for candidate in candidates:
        name = check_name(candidate[:MAX_NAME_CHARS])
        if name.casefold() not in used:
            return name
    number = 2
    while f"{candidates[-1]} {number}".casefold() in used:
        number += 1
    return check_name(f"{candidates[-1][: MAX_NAME_CHARS - 8]} {number}")
