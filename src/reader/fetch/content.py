"""What a response holds: its kind from the Content-Type header, and its text.

The charset comes from the header, else a `<meta>` or XML declaration, else detection
(`decode_bytes`, which knows Windows-1258). Bytes that are valid UTF-8 with non-ASCII text
are read as UTF-8 even when a single-byte Western charset is declared: servers often send
`ISO-8859-1` by default for pages written in UTF-8, and such bytes are almost never real
Latin-1 text.
"""

from __future__ import annotations

import codecs
import re
from typing import Literal

from reader.ingest.decode import decode_bytes
from reader.ingest.errors import IngestError
from reader.text.normalize import clean_text

Kind = Literal["html", "feed", "text"]

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+xml",
    }
)
TEXT_TYPES = frozenset({"text/plain"})

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.IGNORECASE)
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_FEED_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF)\b", re.DOTALL
)
# Declared charsets that a browser reads as Windows-1252 (WHATWG encoding standard).
_WESTERN = frozenset(
    {
        "iso-8859-1",
        "latin-1",
        "latin1",
        "us-ascii",
        "ascii",
        "cp1252",
        "windows-1252",
        "iso8859-1",
        "l1",
    }
)


def media_type(content_type: str | None) -> str:
    """`text/html; charset=utf-8` -> `text/html` (lower case; empty when absent)."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def header_charset(content_type: str | None) -> str | None:
    """The `charset=` parameter of a Content-Type header, if any."""
    if not content_type:
        return None
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            value = value.strip().strip("\"'").strip()
            return value.lower() or None
    return None


def classify(content_type: str | None, head: bytes) -> Kind | str:
    """The kind of a response, or the reason it is refused (a string that is not a kind).

    A missing or generic type (`application/octet-stream`) is sniffed from the first bytes.
    """
    kind = media_type(content_type)
    if kind in HTML_TYPES:
        return "html"
    if kind in FEED_TYPES:
        return "html" if _HTML_START.match(head[:1024]) else "feed"
    if kind in TEXT_TYPES:
        return "text"
    if kind in ("", "application/octet-stream", "binary/octet-stream"):
        if _HTML_START.match(head[:1024]):
            return "html"
        if _FEED_START.match(head[:1024]):
            return "feed"
        return f"unknown content (Content-Type {kind or 'missing'}) is not HTML, a feed or text"
    return f"content type {kind} is not HTML, a feed or plain text"


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a `<meta>` tag or its XML declaration."""
    head = data[:4096]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _is_utf8_text(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_page(data: bytes, content_type: str | None) -> str:
    """Decode a response body into clean text, trusting header, then markup, then detection.

    Raises:
        IngestError: for binary or undecodable bodies.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    for declared in (header_charset(content_type), declared_charset(data)):
        codec = _codec(declared)
        if codec is None:
            continue
        if declared in _WESTERN or codec in ("latin_1", "ascii", "cp1252"):
            if _is_utf8_text(data):
                return decode_bytes(data)
            codec = "cp1252"
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text[:8192]:
            raise IngestError("binary content (contains NUL bytes)")
        return clean_text(text)
    return decode_bytes(data)
