"""Article ids: stable, readable, and always safe as a file name inside the archive."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from urllib.parse import urlsplit

from reader.model.article import Article
from reader.text.normalize import fold

ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SLUG_WORDS = 12
_SLUG_CHARS = 72


def slugify(text: str, max_chars: int = _SLUG_CHARS) -> str:
    """`Cần Thơ họp mặt` -> `can-tho-hop-mat`, cut at a word boundary."""
    words = [w for w in _NON_ALNUM.split(fold(text)) if w][:_SLUG_WORDS]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_chars:
            break
        slug = candidate
    return slug or (words[0][:max_chars] if words else "")


def is_valid_id(value: object) -> bool:
    """True for ids this archive could have made: lower-case ASCII words joined by dashes."""
    return isinstance(value, str) and bool(ID_PATTERN.match(value))


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def normalise_url(url: str) -> str:
    """The form of a URL that identifies a page: lower-case host, no fragment, no `www.`."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{host}{path}{query}"


def id_from_url(url: str) -> str:
    """An id from a page's URL: host and last path words, plus a hash of the whole URL."""
    canonical = normalise_url(url)
    parts = urlsplit(canonical)
    segments = [s for s in parts.path.split("/") if s]
    tail = re.sub(r"\.(html?|php|aspx?)$", "", segments[-1]) if segments else ""
    host = slugify(parts.hostname or "", 32) or "page"  # a host like `..` slugs to nothing
    words = slugify(tail, 56)
    stem = f"{host}-{words}" if words else host
    return f"{stem}-{_short_hash(canonical)}"


def id_from_content(title: str, published: datetime | None, content_sha256: str) -> str:
    """An id from date, title and content: `2022-09-05-xuc-tien-mo-rong-...-1a2b3c4d`."""
    parts = []
    if published is not None:
        parts.append(published.strftime("%Y-%m-%d"))
    slug = slugify(title)
    if slug:
        parts.append(slug)
    parts.append(content_sha256[:8] if content_sha256 else _short_hash(title))
    return "-".join(parts)


def assign_identity(article: Article, imported_at: datetime) -> Article:
    """Give a parsed article its content hash, its id and its import time."""
    sha = article.compute_sha256()
    if article.url:
        article_id = id_from_url(article.url)
    else:
        article_id = id_from_content(article.title, article.published, sha)
    return article.with_changes(id=article_id, content_sha256=sha, imported_at=imported_at)
