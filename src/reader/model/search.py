"""Search answers as plain data: what the index returns and the CLI and TUI show.

No Whoosh here: the TUI imports these types. Matched words are character spans into the
text they belong to, for the UI to style; they are never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Snippet:
    """A short window of an article's text with the matched words' spans (start, end)."""

    text: str
    marks: tuple[Span, ...] = ()

    def to_json(self) -> str:
        """The snippet as plain text (the JSON shape carries no marks)."""
        return self.text


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article in a search answer."""

    id: str
    title: str
    published: datetime | None
    author: str | None
    section: tuple[str, ...]
    score: float
    snippet: Snippet
    title_marks: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """`{id, title, published, author, section, score, snippet}` as DESIGN.md shows."""
        return {
            "id": self.id,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "author": self.author,
            "section": list(self.section),
            "score": round(self.score, 4),
            "snippet": self.snippet.to_json(),
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The answer to one query: the total match count and one page of hits."""

    query: str
    total: int
    total_is_estimate: bool
    took_ms: float
    hits: tuple[SearchHit, ...]

    def to_json(self) -> dict[str, Any]:
        """`{query, total, took_ms, hits}` as DESIGN.md shows."""
        return {
            "query": self.query,
            "total": self.total,
            "took_ms": round(self.took_ms, 2),
            "hits": [hit.to_json() for hit in self.hits],
        }
