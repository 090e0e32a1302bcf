"""Facets from the index: entity names with article counts, entity views, articles per month.

Each document keeps its canonical entity names as written in the `entities` column (one
`kind<TAB>name` line each). Reading that column and the `pubkey` column once per searcher
generation gives, in memory:

- the catalogue: every (kind, name) with the live documents naming it;
- the forward table: each document's names, for co-occurrence counts;
- per-month bitmaps of the dated documents, so the articles per month of any matching set
  are a few dozen big-integer ANDs.

The tables are built on first use after the index changes (about 0.1 s at 24,842 articles)
and shared by every look-up until the next write; an entity view is then a sort and a count
over that entity's documents.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from reader.entities.catalog import (
    EntityArticle,
    EntityCount,
    EntityView,
    Key,
    aliases_of,
    month_span,
    name_key,
    resolve_name,
)
from reader.index import query as q
from reader.index.engine import TYPO_FIELDS, Bitmaps, Evaluator
from reader.index.reading import segment_terms
from reader.index.saved import has_segment
from reader.index.schema import entity_line

if TYPE_CHECKING:
    from reader.index.reading import Snapshot

CO_OCCURRING = 10
"""Companions listed in an entity view."""
PAUSE_EVERY = 1024
"""Documents read between two calls of a background build's `pause`."""
_BITS = bytes(1 << i for i in range(8))
_DAY = 86_400_000_000
"""Microseconds in a day."""


def month_of(pubkey: int) -> str:
    """`YYYY-MM` of a `pubkey` (wall-clock microseconds since year 1)."""
    moment = datetime.min + timedelta(microseconds=pubkey)
    return f"{moment.year:04d}-{moment.month:02d}"


def _column(segment: Any, name: str, count: int, default: Any) -> Iterator[Any]:
    """A segment's column values for its `count` documents (a missing column: defaults),
    one at a time (a list of them all would be the build's largest allocation)."""
    values = segment.column_reader(name) if segment.has_column(name) else ()
    return itertools.islice(itertools.chain(values, itertools.repeat(default)), count)


class NameCounts(Mapping[Key, int]):
    """Articles per (kind, name) of one generation, read from its catalogue's tables (a dict
    of them would hold another 5 MB at 50,000 names)."""

    __slots__ = ("_ids", "_starts")

    def __init__(self, ids: dict[Key, int], posting_starts: array[int]) -> None:
        self._ids = ids
        self._starts = posting_starts

    def __getitem__(self, key: Key) -> int:
        number = self._ids[key]
        return self._starts[number + 1] - self._starts[number]

    def __iter__(self) -> Iterator[Key]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class FoldedNames(Mapping[str, tuple[Key, ...]]):
    """Catalogue entries by folded name, read from the name ids kept per folded name (a
    tuple of entries each would hold another 2.4 MB at 50,000 names)."""

    __slots__ = ("_names", "_numbers")

    def __init__(self, numbers: dict[str, int | tuple[int, ...]], names: list[Key]) -> None:
        self._numbers = numbers
        self._names = names

    def __getitem__(self, folded: str) -> tuple[Key, ...]:
        return tuple(self._names[number] for number in _numbers(self._numbers[folded]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)


def _numbers(found: int | tuple[int, ...]) -> tuple[int, ...]:
    return (found,) if isinstance(found, int) else found


@dataclass
class Facets:
    """The entity and month tables of one searcher generation."""

    names: list[Key] = field(default_factory=list)
    ids: dict[Key, int] = field(default_factory=dict)
    postings: array[int] = field(default_factory=lambda: array("i"))
    """Live document numbers of every name id, name after name, ascending (see `docs_of`)."""
    posting_starts: array[int] = field(default_factory=lambda: array("i", [0]))
    """Where each name's documents start in `postings` (one more entry than names)."""
    forward: array[int] = field(default_factory=lambda: array("i"))
    """Name ids of every live document, document after document (see `names_of`)."""
    starts: array[int] = field(default_factory=lambda: array("i", [0]))
    """Where each document's names start in `forward` (one more entry than documents)."""
    pubkeys: Sequence[int] = field(default_factory=list)
    """Sort key per document number (0 when undated), shared with the engine."""
    _months: dict[str, int] | None = None
    _folded: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    """Name ids by folded name: one id, or several (most folded names are one entry's)."""
    _day_months: dict[int, str] = field(default_factory=dict)
    _named: dict[tuple[str, str], int] = field(default_factory=dict)

    def month(self, pubkey: int) -> str:
        """`month_of(pubkey)`, remembered per day."""
        day = pubkey // _DAY
        found = self._day_months.get(day)
        if found is None:
            found = self._day_months[day] = month_of(pubkey)
        return found

    @classmethod
    def build(
        cls,
        bitmaps: Bitmaps,
        leaves: Sequence[tuple[Any, int]] | None = None,
        pause: Callable[[], None] | None = None,
    ) -> Facets:
        """Read the `entities` column of every segment (`pubkey` comes from the engine),
        from `leaves` when given (the same segments, read by another reader), calling
        `pause` every PAUSE_EVERY documents when given.

        Numbers are kept in flat arrays (4 bytes each), never as a Python int per document
        and name (36 bytes) nor a list per name (most names are in one or two articles).
        """
        facets = cls(pubkeys=bitmaps.pubkeys())
        live = bitmaps.live.to_bytes(bitmaps.nbytes, "little")
        ids, forward, starts, names = facets.ids, facets.forward, facets.starts, facets.names
        sizes = array("i")
        folded = facets._folded
        # Most lines recur in many articles: each distinct line is split once.
        numbers: dict[str, int] = {}
        for segment, offset in bitmaps.leaves if leaves is None else leaves:
            count = segment.doc_count_all()
            for local, value in enumerate(_column(segment, "entities", count, b"")):
                docnum = offset + local
                if pause is not None and not docnum % PAUSE_EVERY:
                    pause()
                if value and live[docnum >> 3] & _BITS[docnum & 7]:
                    for line in value.decode("utf-8").split("\n"):
                        number = numbers.get(line)
                        if number is None:
                            entry = entity_line(line)
                            if entry is None:
                                continue
                            kind, name, folded_name = entry
                            key = (kind, name)
                            number = ids.get(key)
                            if number is None:
                                number = ids[key] = len(names)
                                names.append(key)
                                sizes.append(0)
                                same = folded.get(folded_name)
                                folded[folded_name] = (
                                    number if same is None else (*_numbers(same), number)
                                )
                            numbers[line] = number
                        sizes[number] += 1
                        forward.append(number)
                starts.append(len(forward))
        facets._invert(sizes)
        return facets

    def _invert(self, sizes: array[int]) -> None:
        """`postings` from the forward table, given each name's number of documents."""
        posting_starts = self.posting_starts
        for size in sizes:
            posting_starts.append(posting_starts[-1] + size)
        fill = array("i", posting_starts[:-1])
        postings = self.postings = array("i", bytes(4 * len(self.forward)))
        forward, starts = self.forward, self.starts
        for docnum in range(len(starts) - 1):
            for number in forward[starts[docnum] : starts[docnum + 1]]:
                postings[fill[number]] = docnum
                fill[number] += 1

    def docs_of(self, number: int) -> array[int]:
        """The live documents naming one name id, ascending."""
        return self.postings[self.posting_starts[number] : self.posting_starts[number + 1]]

    def names_of(self, docnum: int) -> array[int]:
        """The name ids of one document (none for a deleted one)."""
        return self.forward[self.starts[docnum] : self.starts[docnum + 1]]

    def counts(self) -> NameCounts:
        """Articles per (kind, name)."""
        return NameCounts(self.ids, self.posting_starts)

    def months(self, bitmaps: Bitmaps) -> dict[str, int]:
        """A bitmap of the live dated documents of each month."""
        if self._months is None:
            packed: dict[str, bytearray] = {}
            live = bitmaps.live.to_bytes(bitmaps.nbytes, "little")
            for docnum, key in enumerate(self.pubkeys):
                if key <= 0 or not live[docnum >> 3] & _BITS[docnum & 7]:
                    continue
                month = self.month(key)
                bits = packed.get(month)
                if bits is None:
                    bits = packed[month] = bytearray(bitmaps.nbytes)
                bits[docnum >> 3] |= _BITS[docnum & 7]
            self._months = {m: int.from_bytes(b, "little") for m, b in sorted(packed.items())}
        return self._months

    def folded(self) -> FoldedNames:
        """Catalogue entries by folded name (for accent-insensitive look-ups)."""
        return FoldedNames(self._folded, self.names)

    def resolve(self, name: str, kind: str | None) -> Key | None:
        """The entry a user means by `name` (see `catalog.resolve_name`)."""
        return resolve_name(self.counts(), name, kind, self.folded())

    def named(self, name: str, kind: str) -> int:
        """The bitmap of the documents naming the `kind` entity a user means by `name`: the
        entry `resolve` finds (every spelling and alias the catalogue knows), so that a
        `person:` query counts what the entity's view counts; for a name that is no entry's,
        every entry of that kind whose name holds the typed syllables in a row."""
        cache_key = (kind, name)
        found = self._named.get(cache_key)
        if found is not None:
            return found
        key = self.resolve(name, kind)
        numbers = [self.ids[key]] if key is not None else self._holding(name, kind)
        packed = bytearray((len(self.starts) + 7) // 8)
        for number in numbers:
            for docnum in self.docs_of(number):
                packed[docnum >> 3] |= _BITS[docnum & 7]
        found = self._named[cache_key] = int.from_bytes(packed, "little")
        if len(self._named) > _NAMED_CACHE:
            self._named.pop(next(iter(self._named)))
        return found

    def _holding(self, name: str, kind: str) -> list[int]:
        """The name ids of `kind` whose folded name holds `name`'s syllables in a row."""
        typed = f" {name_key(name)} "
        if not typed.strip():
            return []
        names = self.names
        return [
            number
            for folded_name, found in self._folded.items()
            if typed in f" {folded_name} "
            for number in _numbers(found)
            if names[number][0] == kind
        ]

    def spellings(self, kind: str, name: str) -> list[str]:
        """The archive's names of `kind` that fold to the same letters as `name`."""
        return [n for k, n in self.folded().get(name_key(name), ()) if k == kind]

    def view(self, searcher: Any, key: Key, limit: int) -> EntityView | None:
        """One entity's articles (newest first, the first `limit`), months and companions."""
        number = self.ids.get(key)
        if number is None:
            return None
        docs = self.docs_of(number)
        keys = self.pubkeys
        newest = heapq.nlargest(max(0, limit), docs, key=lambda d: (keys[d], d))
        month = self.month
        per_month = Counter(month(keys[d]) for d in docs if keys[d] > 0)
        together = Counter(itertools.chain.from_iterable(map(self.names_of, docs)))
        del together[number]
        reader = searcher.reader()
        articles = []
        for docnum in newest:
            stored = reader.stored_fields(docnum)
            articles.append(
                EntityArticle(stored["id"], stored.get("title", ""), stored.get("published"))
            )
        names = self.names
        # The most shared first, then by name: only names sharing as many articles as the
        # last one listed need their names compared.
        least = min(heapq.nlargest(CO_OCCURRING, together.values()), default=0)
        chosen = [(other, shared) for other, shared in together.items() if shared >= least]
        chosen.sort(key=lambda item: (-item[1], names[item[0]][1]))
        companions = tuple(EntityCount(*names[o], shared) for o, shared in chosen[:CO_OCCURRING])
        kind, name = key
        return EntityView(
            kind=kind,
            name=name,
            aliases=aliases_of(kind, name, self.spellings(kind, name)),
            total=len(docs),
            articles=tuple(articles),
            months=month_span(per_month),
            co_occurring=companions,
        )


_CACHE: WeakKeyDictionary[Bitmaps, Facets] = WeakKeyDictionary()
# Name look-ups (`Facets.named`) remembered per generation.
_NAMED_CACHE = 256
_CACHE_LOCK = threading.Lock()


def facets_of(bitmaps: Bitmaps) -> Facets:
    """The tables of this searcher generation, built on first use."""
    with _CACHE_LOCK:
        found = _CACHE.get(bitmaps)
        if found is None:
            found = _CACHE[bitmaps] = Facets.build(bitmaps)
        return found


def warm(bitmaps: Bitmaps, reader: Any, pause: Callable[[], None]) -> None:
    """Build what the first queries of a generation would otherwise wait for: the word lists
    of typo look-ups (~0.1 s per big segment), its place names (`Bitmaps.place_names`) and its
    entity tables (~0.3 s at 24,842 articles), calling `pause` between steps
    (`Facets.build`). `reader` is a reader of the same generation that only this thread
    uses; `bitmaps.pubkeys()` must have been read already (it reads the searcher's reader).
    Nothing happens when `reader` reads other segments (the index has changed since)."""
    leaves = list(reader.leaf_readers())
    if _segments(leaves) != _segments(bitmaps.leaves):
        return
    for fieldname in TYPO_FIELDS:
        segment_terms(reader, fieldname, pause)
    pause()
    bitmaps.place_names(reader)
    pause()
    # Built outside the cache's lock, so that a query needing the tables meanwhile is not
    # held up by a build that pauses for queries: at worst both build them.
    if _CACHE.get(bitmaps) is None:
        built = Facets.build(bitmaps, leaves, pause)
        with _CACHE_LOCK:
            _CACHE.setdefault(bitmaps, built)


def _segments(leaves: Sequence[tuple[Any, int]]) -> list[tuple[str | None, int]]:
    return [
        (segment.segment().segment_id() if has_segment(segment) else None, offset)
        for segment, offset in leaves
    ]


def entity_counts(snapshot: Snapshot) -> Mapping[Key, int]:
    """Articles per (kind, canonical name) across the index."""
    return facets_of(snapshot.bitmaps).counts()


def resolve(snapshot: Snapshot, name: str, kind: str | None = None) -> Key | None:
    """The catalogue entry a user means by `name`, accent-insensitively and through aliases."""
    return facets_of(snapshot.bitmaps).resolve(name, kind)


def entity_view(
    snapshot: Snapshot, name: str, kind: str | None = None, limit: int = 50
) -> EntityView | None:
    """The view of the entity a user means by `name`, or None when no live article names it."""
    facets = facets_of(snapshot.bitmaps)
    key = facets.resolve(name, kind)
    return facets.view(snapshot.searcher, key, limit) if key else None


def matching(snapshot: Snapshot, query: str) -> int:
    """The bitmap of the documents `query` matches (as search does; empty: all of them)."""
    node = q.parse(query)
    if node is None:
        return snapshot.bitmaps.live
    return Evaluator(snapshot.bitmaps, snapshot.lexicon, snapshot.searcher).run(node)


def month_counts(snapshot: Snapshot, query: str) -> tuple[tuple[str, int], ...]:
    """Matching articles per month, every month of the archive from its first to its last."""
    months = facets_of(snapshot.bitmaps).months(snapshot.bitmaps)
    if not months:
        return ()
    found = matching(snapshot, query)
    counts = {month: (found & bits).bit_count() for month, bits in months.items()}
    return month_span(counts)
