"""The values every parser's article must hold before it is stored, whatever the format.

A field can be well-typed and still unusable further on: `http://[::1` is a string that
URL parsing refuses (ids and duplicate checks parse the URL), and `9999-12-31T23:59-23:59` is a
date that has no UTC time. Parsers pass every article through `check_article`, so such a
value fails that one article with its reason instead of whatever later step meets it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from reader.ingest.errors import IngestError
from reader.model.article import Article


def url_problem(url: str) -> str | None:
    """Why `url` cannot be parsed as an address (host and port included), or None."""
    try:
        parts = urlsplit(url.strip())
        _ = parts.hostname, parts.port
    except ValueError as exc:
        return " ".join(str(exc).split())[:80] or "unreadable"
    return None


def date_problem(moment: datetime) -> str | None:
    """Why `moment` cannot be used as a publication time (it has no UTC time), or None."""
    if moment.tzinfo is None:
        return None
    try:
        moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return "out of range in UTC"
    return None


def check_article(article: Article) -> Article:
    """`article` itself when its URL and date are usable.

    Raises:
        IngestError: naming the field, why, and the value.
    """
    if article.url:
        problem = url_problem(article.url)
        if problem:
            raise IngestError(f"url is not a valid address ({problem}): {article.url[:60]!r}")
    if article.published is not None:
        problem = date_problem(article.published)
        if problem:
            raise IngestError(f"published date is {problem}: {article.published.isoformat()}")
    return article
