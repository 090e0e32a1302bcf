"""What a reader of the index holds: one snapshot per index generation.

A `Snapshot` is the searcher of one generation of the index with what the engine keeps for it:
the term bitmaps (`engine.Bitmaps`) and the `Lexicon` of prefix expansions and term look-ups.
Search, related articles, facets and entity views receive a snapshot, never the index's
internals; `ArticleIndex.snapshot()` hands one out for the length of a `with` block.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from whoosh.searching import Searcher

from reader.index import query as q
from reader.index.engine import Bitmaps
from reader.index.saved import has_segment

EXPANSION_CACHE = 4096
# Segments whose words `segment_terms` keeps (per field).
SEGMENT_TERMS = 64
_SEGMENT_TERMS: OrderedDict[tuple[str, str], Words] = OrderedDict()
_SEGMENT_TERMS_LOCK = threading.Lock()
PAUSE_TERMS = 4096


class Words:
    """The terms of one field of one segment, kept by length: the terms of each length
    joined into one string (a list of 70,000 short strings holds 4 MB; joined, 0.5 MB).
    Typo look-ups only read the lengths within their edits of the typed word's."""

    __slots__ = ("_joined",)

    def __init__(self, terms: Iterable[str]) -> None:
        by_length: dict[int, list[str]] = {}
        for term in terms:
            by_length.setdefault(len(term), []).append(term)
        self._joined = {length: "".join(group) for length, group in by_length.items()}

    def of_length(self, length: int) -> list[str]:
        """The terms of `length` characters, in the segment's order."""
        joined = self._joined.get(length, "")
        return [joined[start : start + length] for start in range(0, len(joined), length)]


def segment_terms(
    reader: Any, fieldname: str, pause: Callable[[], None] | None = None
) -> list[Words]:
    """The terms of `fieldname` in each segment `reader` reads. Listing a big segment's terms
    takes ~0.1 s and a segment never changes once written, so each list is kept by segment
    id: a new generation of the index lists only its new segments. `pause`, when given, is
    called every PAUSE_TERMS terms (see `facets.warm`)."""
    lists = []
    for leaf, _ in reader.leaf_readers():
        if not has_segment(leaf):
            lists.append(Words(leaf.field_terms(fieldname)))
            continue
        key = (leaf.segment().segment_id(), fieldname)
        with _SEGMENT_TERMS_LOCK:
            terms = _SEGMENT_TERMS.get(key)
        if terms is None:
            terms = Words(_paused(leaf.field_terms(fieldname), pause))
            with _SEGMENT_TERMS_LOCK:
                _SEGMENT_TERMS[key] = terms
                if len(_SEGMENT_TERMS) > SEGMENT_TERMS:
                    _SEGMENT_TERMS.popitem(last=False)
        else:
            with _SEGMENT_TERMS_LOCK:
                if key in _SEGMENT_TERMS:
                    _SEGMENT_TERMS.move_to_end(key)
        lists.append(terms)
    return lists


def _paused(terms: Iterator[str], pause: Callable[[], None] | None) -> Iterator[str]:
    if pause is None:
        yield from terms
        return
    while chunk := list(itertools.islice(terms, PAUSE_TERMS)):
        pause()
        yield from chunk


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One generation of the index as a reader sees it; valid while the `with` block that
    handed it out lasts (the index writes a new generation beside it, never into it)."""

    searcher: Searcher
    bitmaps: Bitmaps
    lexicon: Lexicon

    @property
    def generation(self) -> object:
        """Identifies this generation: caches of answers key on it."""
        return self.bitmaps

    @property
    def reader(self) -> Any:
        """Whoosh's reader of this generation (stored fields, columns)."""
        return self.searcher.reader()


class Lexicon:
    """Prefix expansion, typo neighbours and term look-ups over one reader, cached for its
    lifetime (`query.Lexicon`)."""

    def __init__(self, reader: Any, bitmaps: Bitmaps | None = None) -> None:
        self.reader = reader
        self.bitmaps = bitmaps
        self._expansions: OrderedDict[tuple[str, str, int], list[str]] = OrderedDict()
        self._known: dict[tuple[str, str], bool] = {}

    def expand(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        key = (fieldname, prefix, limit)
        cached = self._expansions.get(key)
        if cached is not None:
            self._expansions.move_to_end(key)
            return cached
        table = (
            self.bitmaps.frequent(fieldname)
            if self.bitmaps is not None and len(prefix) <= q.SHORT_PREFIX
            else None
        )
        if table:
            # A short prefix spans much of the lexicon; its most frequent completions are
            # among the terms whose bitmaps are saved, so search only those.
            first = bisect.bisect_left(table, (prefix, -1))
            last = bisect.bisect_left(table, (prefix + "\U0010ffff", -1))
            best = heapq.nlargest(limit, table[first:last], key=lambda pair: pair[1])
            terms = [term for term, _ in best]
            if prefix not in terms and self.has(fieldname, prefix):
                # The prefix is a whole word too, only a rare one (`17` in `bản tin số 17`):
                # it is what the user has typed so far, so it always counts.
                terms = [prefix, *terms[: limit - 1]]
        else:
            counted = [
                (info.doc_frequency(), term.decode("utf-8"))
                for term, info in self.reader.iter_prefix(fieldname, prefix)
            ]
            counted.sort(key=lambda pair: -pair[0])
            terms = [term for _, term in counted[:limit]]
        self._expansions[key] = terms
        if len(self._expansions) > EXPANSION_CACHE:
            self._expansions.popitem(last=False)
        return terms

    def near(self, fieldname: str, word: str, edits: int) -> list[str]:
        """Terms of `fieldname` within `edits` edits of `word` (not `word`), most frequent
        first (`segment_terms`)."""
        # Loaded at the first typo (its libraries take 3.5 MB).
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        lengths = range(max(1, len(word) - edits), len(word) + edits + 1)
        close = {
            term
            for words in segment_terms(self.reader, fieldname)
            for length in lengths
            for term, _, _ in process.extract(
                word,
                words.of_length(length),
                scorer=Levenshtein.distance,
                score_cutoff=edits,
                limit=None,
            )
            if term != word
        }
        return sorted(close, key=lambda term: (-self.reader.doc_frequency(fieldname, term), term))

    def has(self, fieldname: str, term: str) -> bool:
        key = (fieldname, term)
        known = self._known.get(key)
        if known is None:
            known = self.reader.doc_frequency(fieldname, term) > 0
            if len(self._known) > 50_000:
                self._known.clear()
            self._known[key] = known
        return known
