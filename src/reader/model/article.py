"""The Article and Entities types that every layer passes around."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime

ENTITY_KINDS = ("person", "place", "org")


@dataclass(frozen=True, slots=True)
class Entities:
    """People, places and organisations named in an article, by canonical name."""

    person: tuple[str, ...] = ()
    place: tuple[str, ...] = ()
    org: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> tuple[str, ...]:
        """The names of one kind (`person`, `place` or `org`)."""
        if kind not in ENTITY_KINDS:
            raise ValueError(f"unknown entity kind: {kind!r}")
        names: tuple[str, ...] = getattr(self, kind)
        return names

    def as_dict(self) -> dict[str, list[str]]:
        return {kind: list(self.of_kind(kind)) for kind in ENTITY_KINDS}

    def __bool__(self) -> bool:
        return bool(self.person or self.place or self.org)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article as the archive stores it.

    Parsers fill in what the page says and leave `id`, `content_sha256` and `imported_at`
    empty; the archive assigns those when the article is stored. Missing facts stay `None`:
    a page without a time has no `published`, never an invented one.
    """

    title: str
    body: str
    id: str = ""
    published: datetime | None = None
    author: str | None = None
    section: tuple[str, ...] = ()
    source: str | None = None
    url: str | None = None
    feed: str | None = None
    """The name of the feed subscription the article was fetched through (`reader update`)."""
    language: str = "vi"
    lead: str = ""
    captions: tuple[str, ...] = ()
    related_titles: tuple[str, ...] = ()
    related_links: tuple[tuple[str, str], ...] = ()
    """Related articles the page linked, as (title, http(s) URL): the ones a fetch can follow."""
    entities: Entities = field(default_factory=Entities)
    entities_locked: bool = False
    """The user corrected `entities` by hand: re-extraction leaves them as they are."""
    content_sha256: str = ""
    imported_at: datetime | None = None

    def with_changes(self, **changes: object) -> Article:
        """A copy with some fields replaced."""
        return replace(self, **changes)  # type: ignore[arg-type]

    def compute_sha256(self) -> str:
        """The content hash: title, lead and body, so re-imports of a page are duplicates."""
        text = "\n".join((self.title.strip(), self.lead.strip(), self.body.strip()))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
