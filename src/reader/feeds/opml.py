"""OPML subscription lists, read and written: what other feed readers import and export.

Read with the same expat set-up as feeds (`reader.fetch.feeds.parse_xml`): a document that
declares a DOCTYPE or entities is refused outright. Every `<outline>` with an `xmlUrl` is a
feed; the outlines it sits in (folders) and its `category` attribute give its tags.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape, quoteattr

from reader.feeds.model import Subscription
from reader.fetch.feeds import FeedError, parse_xml


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed of an OPML file: its URL as written, its title, and its folders and tags."""

    url: str
    title: str = ""
    tags: tuple[str, ...] = ()


class OpmlError(ValueError):
    """Not an OPML file this reader understands; the message is one line."""


def parse_opml(data: bytes) -> list[OpmlFeed]:
    """The feeds an OPML document lists, in document order.

    Raises:
        OpmlError: the bytes are not XML, declare a DOCTYPE or entities, or are not OPML.
    """
    try:
        root = parse_xml(data)
    except FeedError as exc:
        raise OpmlError(str(exc).replace("feed declares", "the file declares")) from None
    if root.tag.rsplit("}", 1)[-1] != "opml":
        raise OpmlError(f"not an OPML file (root element {root.tag.rsplit('}', 1)[-1]})")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise OpmlError("not an OPML file (no <body>)")
    found: list[OpmlFeed] = []
    _walk(body, (), found)
    return found


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _walk(node: Element, folders: tuple[str, ...], found: list[OpmlFeed]) -> None:
    for child in node:
        if _local(child.tag) != "outline":
            continue
        title = " ".join((child.get("title") or child.get("text") or "").split())
        url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
        if url:
            categories = (child.get("category") or "").split(",")
            tags = [*folders, *(c.strip().strip("/") for c in categories)]
            found.append(OpmlFeed(url, title, tuple(t for t in dict.fromkeys(tags) if t)))
        _walk(child, (*folders, title) if not url and title else folders, found)


def render_opml(subscriptions: Iterable[Subscription], now: datetime | None = None) -> str:
    """An OPML 2.0 document listing the subscriptions (tags as `category`)."""
    when = format_datetime(now or datetime.now(UTC))
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<opml version="2.0">',
        "  <head>",
        "    <title>reader subscriptions</title>",
        f"    <dateCreated>{escape(when)}</dateCreated>",
        "  </head>",
        "  <body>",
    ]
    for sub in subscriptions:
        attributes = [
            ("type", "rss"),
            ("text", sub.name),
            ("title", sub.name),
            ("xmlUrl", sub.url),
        ]
        if sub.tags:
            attributes.append(("category", ",".join(sub.tags)))
        shown = " ".join(f"{key}={_attribute(value)}" for key, value in attributes)
        lines.append(f"    <outline {shown}/>")
    lines += ["  </body>", "</opml>", ""]
    return "\n".join(lines)


def _attribute(value: str) -> str:
    return quoteattr(value, {"\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})
