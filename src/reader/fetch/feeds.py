"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: the article links they list.

Feeds are parsed with the standard library's expat parser, driven directly so that a
document declaring a DOCTYPE or entities is refused outright: no entity expansion, no
external resources, nothing for a "billion laughs" feed to work with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from reader.fetch.urls import absolute_url

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


class FeedError(ValueError):
    """Not a feed this reader understands; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed: the article's URL, with its title and date when given."""

    url: str
    title: str = ""
    published: datetime | None = None


def parse_xml(data: bytes) -> Element:
    """Parse an XML document into an ElementTree element, refusing DTDs and entities."""
    builder = TreeBuilder()
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_args: object) -> int:
        raise FeedError("feed declares a DOCTYPE or entities (refused)")

    def start(tag: str, attrs: dict[str, str]) -> None:
        builder.start(_qualified(tag), {_qualified(k): v for k, v in attrs.items()})

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = lambda tag: builder.end(_qualified(tag))
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise FeedError(f"malformed XML ({expat.errors.messages.get(exc.code, exc)})") from None
    root = builder.close()
    if root is None:
        raise FeedError("empty XML document")
    return root


def _qualified(name: str) -> str:
    return "{" + name if "}" in name else name


def parse_feed(data: bytes, base_url: str) -> list[FeedItem]:
    """The items of an RSS or Atom feed, in feed order, each URL once.

    Relative links are resolved against `base_url`; items without an http(s) link are left
    out.

    Raises:
        FeedError: when the bytes are not XML or not an RSS/Atom feed.
    """
    root = parse_xml(data)
    if root.tag == "rss" or root.tag == "channel":
        items = [_rss_item(node) for node in root.iter("item")]
    elif root.tag == f"{ATOM}feed":
        items = [_atom_entry(node) for node in root.iter(f"{ATOM}entry")]
    elif root.tag == f"{RDF}RDF":
        items = [_rss_item(node, RSS1) for node in root.iter(f"{RSS1}item")]
    else:
        raise FeedError(f"not an RSS or Atom feed (root element {_local(root.tag)})")
    seen: set[str] = set()
    result: list[FeedItem] = []
    for url, title, published in items:
        absolute = absolute_url(base_url, url) if url else None
        if absolute and absolute not in seen:
            seen.add(absolute)
            result.append(FeedItem(absolute, title, published))
    return result


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(node: Element | None) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def _rss_item(node: Element, ns: str = "") -> tuple[str, str, datetime | None]:
    link = _text(node.find(f"{ns}link"))
    if not link:
        guid = node.find("guid")
        if guid is not None and guid.get("isPermaLink", "true").lower() != "false":
            link = _text(guid)
    date = _text(node.find("pubDate")) or _text(node.find("{http://purl.org/dc/elements/1.1/}date"))
    return link, _text(node.find(f"{ns}title")), _date(date)


def _atom_entry(node: Element) -> tuple[str, str, datetime | None]:
    link = ""
    for candidate in node.findall(f"{ATOM}link"):
        rel = candidate.get("rel", "alternate")
        if rel == "alternate" and candidate.get("href"):
            link = candidate.get("href", "")
            break
    if not link:
        entry_id = _text(node.find(f"{ATOM}id"))
        link = entry_id if entry_id.startswith(("http://", "https://")) else ""
    date = _text(node.find(f"{ATOM}published")) or _text(node.find(f"{ATOM}updated"))
    return link, _text(node.find(f"{ATOM}title")), _date(date)


def _date(text: str) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
