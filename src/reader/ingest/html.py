"""HTML pages: the article text and its metadata, extracted with trafilatura.

Trafilatura drops menus, side bars and footers and reads title, author, date, site name and
categories from the page's markup. Its date search is limited to what the page states in its
markup (no guessing from copyright lines or free text), so a page without a date gets none.
The markup is bounded first (`reader.ingest.markup`), so the time stays linear in its size.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from reader.ingest.checks import date_problem, url_problem
from reader.ingest.errors import IngestError
from reader.ingest.markup import MAX_FULL_EXTRACTION_TAGS, bound_markup
from reader.model.article import Article
from reader.text.language import guess_language
from reader.text.normalize import clean_text

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)
_KNOWN_LANGUAGES = frozenset({"vi", "en"})
# Fewer words than this is a menu or a stub the extractor fell back to, not an article.
_MIN_WORDS = 8

_DATE_PARAMS = {
    "original_date": True,
    "extensive_search": False,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


def parse_html(html: str, url: str | None = None) -> Article:
    """Extract the article from an HTML page.

    Args:
        html: the page's markup, already decoded.
        url: where the page came from, when known; it helps the extractor and fills `url`
            and `source`.

    Returns:
        An Article with title, body paragraphs, published (timezone-aware when the page
        gives one, None when it gives no date), author, source, url, section and language.

    Raises:
        IngestError: `no article text found in HTML`.
    """
    import trafilatura  # slow to import; only HTML imports pay for it

    bounded, tags = bound_markup(html)
    document = trafilatura.bare_extraction(
        bounded,
        url=url,
        fast=tags > MAX_FULL_EXTRACTION_TAGS,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        date_extraction_params=dict(_DATE_PARAMS),
    )
    data: dict[str, Any] = {}
    if document is not None:
        data = document if isinstance(document, dict) else document.as_dict()
    title = clean_text(data.get("title") or "").strip()
    paragraphs = _paragraphs(data.get("text") or "")
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    if sum(len(p.split()) for p in paragraphs) < _MIN_WORDS:
        raise IngestError("no article text found in HTML")
    if not title:
        title = paragraphs.pop(0) if len(paragraphs) > 1 else paragraphs[0][:120]
    lead = ""
    description = _optional(data.get("description"))
    if description and len(paragraphs) > 1 and paragraphs[0] == description:
        lead = paragraphs.pop(0)
    body = "\n\n".join(paragraphs)
    page_url = url or _optional_url(data.get("url"))
    return Article(
        title=title,
        body=body,
        lead=lead,
        published=_published(data.get("date")),
        author=_optional(data.get("author")),
        section=tuple(name for name in map(_optional, data.get("categories") or ()) if name),
        source=_optional(data.get("sitename"))
        or _host(page_url)
        or _optional(data.get("hostname")),
        url=page_url,
        language=_language(html, f"{title}\n{body}"),
    )


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in clean_text(text).split("\n") if line.strip()]


def _optional(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_text(value).strip()
    return text or None


def _optional_url(value: object) -> str | None:
    """The page's own address from its markup, unless it is not one (`http://[::1`)."""
    if not isinstance(value, str) or not value.strip() or url_problem(value):
        return None
    return value


def _published(value: object) -> datetime | None:
    """The page's date, unless its markup states none or one with no UTC time."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return None if date_problem(moment) else moment


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    return host or None


def _language(html: str, text: str) -> str:
    declared = _HTML_LANG.search(html[:4096])
    if declared and declared.group(1).lower() in _KNOWN_LANGUAGES:
        return declared.group(1).lower()
    return guess_language(text)
