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
    """The answer to one query: the total match count and one page of hits.

    When few articles match every word of a longer query, the hits go on, after those
    `total`, with `partial` articles that match all its words but one. When a word matched
    almost nothing and the archive has a word a letter or two away that fits the others,
    `suggestion` is the query searched instead (its matches come after the typed one's).
    """

    query: str
    total: int
    total_is_estimate: bool
    took_ms: float
    hits: tuple[SearchHit, ...]
    partial: int = 0
    suggestion: str | None = None

    def count_line(self) -> str:
        """How many matched, as both front ends say it: `1,234 articles`, then the near
        matches (`then 90 with all words but one`) and the query searched instead."""
        about = "about " if self.total_is_estimate else ""
        noun = "article" if self.total == 1 else "articles"
        line = f"{about}{self.total:,} {noun}"
        if self.partial:
            line += f" (then {self.partial:,} with all words but one)"
        if self.suggestion:
            line = f"searched for: {self.suggestion} · {line}"
        return line

    def to_json(self) -> dict[str, Any]:
        """`{query, total, partial, suggestion, took_ms, hits}` (DESIGN.md's shape, plus
        `partial` and `suggestion`)."""
        return {
            "query": self.query,
            "total": self.total,
            "partial": self.partial,
            "suggestion": self.suggestion,
            "took_ms": round(self.took_ms, 2),
            "hits": [hit.to_json() for hit in self.hits],
        }
