"""The user's research as one immutable snapshot: what searches, tag lists and bookmarks read.

`ResearchSnapshot` answers the search engine's annotation look-up (`reader.index.query.
Annotations`: `version()` and `ids(kind, value, prefix)`) with sets of article ids, which the
engine turns into bitmaps through its documents' ids. A snapshot never changes; the store makes
a new one, with a new version, whenever a file of the research folder changes.

Matching follows the search's rules: a tag or a note word typed without diacritics matches with
or without them (`tag:bien-dong` finds `Biển Đông`), one typed with them only those; case and
tone placement never count. `note:WORDS` finds the words side by side, in order, in an
article's note or one of its highlights' comments.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from reader.research.model import Annotations, TagCount, tag_folded_key, tag_key
from reader.text import tokens

HAS_VALUES = ("notes", "highlights", "tags")
IS_VALUES = ("read", "bookmarked")
_QUERY_CACHE = 128


def _folded_query(value: str) -> bool:
    words = tokens.syllables(value)
    return bool(words) and all(tokens.is_folded(word) for word in words)


@dataclass(frozen=True, slots=True)
class _Text:
    """One note or comment as token lists (exact and folded forms)."""

    exact: tuple[str, ...]
    folded: tuple[str, ...]


def _text(text: str) -> _Text:
    return _Text(tuple(tokens.exact_tokens(text)), tuple(tokens.folded_tokens(text)))


def _holds(text: _Text, words: list[tuple[str, bool]], prefix: bool) -> bool:
    """Whether `words` ((form, folded?) each) stand side by side, in order, in `text`."""
    count = len(words)
    for start in range(len(text.exact) - count + 1):
        for offset, (form, folded) in enumerate(words):
            have = (text.folded if folded else text.exact)[start + offset]
            last = prefix and offset == count - 1
            if not (have.startswith(form) if last else have == form):
                break
        else:
            return True
    return False


@dataclass(eq=False)
class ResearchSnapshot:
    """Every article's annotations and the read state, as they were at one moment."""

    version_name: str
    annotations: Mapping[str, Annotations] = field(default_factory=dict)
    read: tuple[str, ...] = ()
    """Ids of the articles read, in the order they were first read."""
    problems: tuple[tuple[Path, str], ...] = ()
    """Annotation files that could not be read, with the reason (their articles count as
    not annotated until they are fixed)."""
    _read_set: frozenset[str] = frozenset()
    _tags: dict[str, set[str]] = field(default_factory=dict)
    _folded_tags: dict[str, set[str]] = field(default_factory=dict)
    _texts: dict[str, list[_Text]] = field(default_factory=dict)
    _cache: dict[tuple[str, str, bool], frozenset[str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._read_set = frozenset(self.read)
        for article_id, found in self.annotations.items():
            for tag in found.tags:
                self._tags.setdefault(tag_key(tag), set()).add(article_id)
                self._folded_tags.setdefault(tag_folded_key(tag), set()).add(article_id)
            texts = [found.note, *(h.comment for h in found.highlights)]
            self._texts[article_id] = [_text(t) for t in texts if t.strip()]

    # -- the search engine's look-up (reader.index.query.Annotations) -----------------------

    def version(self) -> str:
        """Names this snapshot: a new snapshot (any change) has a new name."""
        return self.version_name

    def ids(self, kind: str, value: str, prefix: bool = False) -> frozenset[str]:
        """The articles one annotation predicate holds for: `tag` (a tag, or with `prefix`
        a tag starting so), `note` (words in a note or comment), `has` (`notes`,
        `highlights`, `tags`), `is` (`read`, `bookmarked`). Unknown kinds hold for none."""
        key = (kind, value, prefix)
        with self._lock:
            found = self._cache.get(key)
        if found is not None:
            return found
        found = frozenset(self._ids(kind, value, prefix))
        with self._lock:
            if len(self._cache) >= _QUERY_CACHE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = found
        return found

    def _ids(self, kind: str, value: str, prefix: bool) -> Iterable[str]:
        if kind == "tag":
            return self._tagged(value, prefix)
        if kind == "note":
            return self._noted(value, prefix)
        if kind == "has":
            return [i for i, a in self.annotations.items() if _has(a, value)]
        if kind == "is" and value == "read":
            return self._read_set
        if kind == "is" and value == "bookmarked":
            return [i for i, a in self.annotations.items() if a.is_bookmarked]
        return ()

    def _tagged(self, value: str, prefix: bool) -> set[str]:
        table, key = (
            (self._folded_tags, tag_folded_key(value))
            if _folded_query(value)
            else (self._tags, tag_key(value))
        )
        if not key:
            return set()
        if not prefix:
            return table.get(key, set())
        found: set[str] = set()
        for name, ids in table.items():
            if name.startswith(key):
                found |= ids
        return found

    def _noted(self, value: str, prefix: bool) -> list[str]:
        words = [
            (tokens.folded_form(w), True) if tokens.is_folded(w) else (tokens.exact_form(w), False)
            for w in tokens.syllables(value)
        ]
        if not words:
            return []
        return [
            article_id
            for article_id, texts in self._texts.items()
            if any(_holds(text, words, prefix) for text in texts)
        ]

    # -- lists -------------------------------------------------------------------------------

    def is_read(self, article_id: str) -> bool:
        return article_id in self._read_set

    def tag_counts(self, among: Iterable[str] | None = None) -> list[TagCount]:
        """Every tag with the number of articles carrying it (of `among`, when given), most
        used first, then by name; each in the spelling most of its articles use."""
        wanted = None if among is None else set(among)
        spellings: dict[str, Counter[str]] = {}
        for article_id, found in self.annotations.items():
            if wanted is not None and article_id not in wanted:
                continue
            for tag in found.tags:
                spellings.setdefault(tag_key(tag), Counter())[tag] += 1
        counts = [
            TagCount(min(names, key=lambda n: (-names[n], n)), sum(names.values()))
            for names in spellings.values()
        ]
        return sorted(counts, key=lambda c: (-c.count, tag_key(c.tag)))

    def bookmarks(self) -> list[str]:
        """Ids of the bookmarked articles, the most recently bookmarked first."""
        marked = [(a.bookmarked, i) for i, a in self.annotations.items() if a.bookmarked]
        marked.sort(key=lambda pair: (-pair[0].timestamp(), pair[1]))
        return [article_id for _, article_id in marked]


def _has(found: Annotations, value: str) -> bool:
    if value == "notes":
        return found.has_note
    if value == "highlights":
        return bool(found.highlights)
    if value == "tags":
        return bool(found.tags)
    return False
