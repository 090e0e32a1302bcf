"""What a related list holds: ranked archive articles with reasons, and titles not archived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class RelatedArticle:
    """One archived article related to another, with the reason a reader sees.

    `signal` names the strongest signal (`linked`, `links_here`, `entities`, `text`, `time`,
    `same_story`); `duplicates` holds the ids of other copies of the same story folded into it.
    """

    id: str
    title: str
    reason: str
    score: float
    signal: str
    published: datetime | None = None
    source: str | None = None
    duplicates: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "reason": self.reason, "score": self.score}


@dataclass(frozen=True, slots=True)
class NotInArchive:
    """A title the page linked that no archived article matches, with its URL when known."""

    title: str
    url: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url}


@dataclass(frozen=True, slots=True)
class RelatedList:
    """The related list of one article: ranked items, then linked titles not in the archive."""

    article_id: str
    items: tuple[RelatedArticle, ...] = ()
    not_in_archive: tuple[NotInArchive, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.article_id,
            "related": [item.as_json() for item in self.items],
            "not_in_archive": [item.as_json() for item in self.not_in_archive],
        }
