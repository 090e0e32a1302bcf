"""The user's research on one article: tags, a note, highlights, a bookmark.

Plain frozen data; reading and writing the files is `files.py`, keeping them `store.py`.
Times are aware datetimes (the local offset when the reader makes them), to the second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from reader.text import tokens
from reader.text.normalize import nfc

MAX_TAG_CHARS = 100
_SPACES = re.compile(r"\s+")
# Characters a tag cannot hold: controls (line breaks, escapes), bidi overrides, zero widths.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


class InvalidTag(ValueError):
    """A tag that is empty (or only spaces and control characters) or too long."""


def now() -> datetime:
    """The current local time, with its offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def clean_tag(text: str) -> str:
    """A tag as it is kept: NFC, no control characters, spaces collapsed, trimmed.

    Raises:
        InvalidTag: nothing is left, or more than MAX_TAG_CHARS characters are.
    """
    tag = _SPACES.sub(" ", _UNSAFE.sub(" ", nfc(str(text)))).strip()
    if not tag:
        raise InvalidTag("a tag needs at least one letter or digit")
    if len(tag) > MAX_TAG_CHARS:
        raise InvalidTag(f"a tag is at most {MAX_TAG_CHARS} characters: {tag[:40]!r}...")
    return tag


def tag_key(tag: str) -> str:
    """What makes two tags one: their syllables in exact form (case, NFC and tone placement
    do not count; `Biển Đông`, `biển-đông` and `biển đông` are one tag), or the lower-cased
    text for a tag with no syllable (`++`)."""
    words = tokens.exact_tokens(tag)
    return " ".join(words) if words else nfc(tag).casefold().strip()


def tag_folded_key(tag: str) -> str:
    """`tag_key` without diacritics: what a tag typed without them (`tag:bien-dong`) finds."""
    words = tokens.folded_tokens(tag)
    return " ".join(words) if words else nfc(tag).casefold().strip()


@dataclass(frozen=True, slots=True)
class Highlight:
    """A passage the user marked: a paragraph of the article's body, or one sentence of it.

    `paragraph` and `sentence` count from 1, as a reader counts (`passages.paragraphs`,
    `passages.sentences`); `quote` is the passage's text when it was marked, by which it is
    found again should the article's file change (`passages.locate`).
    """

    quote: str
    paragraph: int
    sentence: int | None = None
    """None: the whole paragraph."""
    comment: str = ""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class Annotations:
    """Everything the user added to one article (the contents of `research/<id>.md`)."""

    article_id: str
    title: str = ""
    """The article's title when last written, for whoever reads the file; not authoritative."""
    tags: tuple[str, ...] = ()
    note: str = ""
    """Free text (Markdown), exactly as written."""
    highlights: tuple[Highlight, ...] = ()
    bookmarked: datetime | None = None
    """When the article was bookmarked; None when it is not."""
    created: datetime | None = None
    updated: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Fields of the file the reader does not know (a user's own): kept and written back."""

    @property
    def is_bookmarked(self) -> bool:
        return self.bookmarked is not None

    @property
    def has_note(self) -> bool:
        return bool(self.note.strip())

    @property
    def is_empty(self) -> bool:
        """Nothing worth a file: no tag, note, highlight, bookmark or field of the user's."""
        return not (self.tags or self.has_note or self.highlights or self.bookmarked or self.extra)

    def has_tag(self, tag: str) -> bool:
        key = tag_key(tag)
        return any(tag_key(t) == key for t in self.tags)

    def with_tags(self, added: tuple[str, ...] = (), removed: tuple[str, ...] = ()) -> Annotations:
        """Tags added (a tag already there, in any spelling, is not doubled) and removed (in
        any spelling), keeping the order they were added in."""
        gone = {tag_key(t) for t in removed}
        kept: dict[str, str] = {}
        for tag in (*self.tags, *added):
            key = tag_key(tag)
            if key not in gone and key not in kept:
                kept[key] = tag
        return replace(self, tags=tuple(kept.values()))

    def changed(self, **changes: Any) -> Annotations:
        """A copy with `changes`, stamped `updated` now (and `created`, if it was not)."""
        moment = now()
        return replace(self, **changes, created=self.created or moment, updated=moment)


@dataclass(frozen=True, slots=True)
class TagCount:
    """A tag (in its most used spelling) and how many articles carry it."""

    tag: str
    count: int
