"""Facet counts of a query's results: by source, section, year, month and language, and the
most-named people, places and organisations (`reader.model.facets` holds the answer).

A value's count is what the query with the value's term added finds, by construction: each
value of a field is the bitmap of its term as the engine evaluates it (`source:"Tuổi Trẻ"`
matches every source with both words, so `Tuổi Trẻ Online` too, whose own count is listed
beside it), and the query's results are the bitmap search counts (`total`). The count is the
AND of the two. Entities count the articles naming the catalogue entry (`facets.Facets`),
which is what `person:"Name"` finds: every name of the catalogue resolves to itself.

Built once per index generation (`Tables`, cached beside the engine's bitmaps) and then
per query:

- fields: one big-integer AND per value (a few hundred at most: outlets, sections, months,
  languages);
- entities: tens of thousands of names, so never one AND each. A small result set is counted
  article by article over the catalogue's per-article name lists; a large one by taking names
  in order of their count across the archive, counting each within the results (a bitmap AND
  for a frequent name, a walk of its articles for a rare one), and stopping when no name left
  can reach the k-th count found so far (a name cannot name more results than articles).
  The larger the result set, the higher the k-th count and the sooner it stops.

Values of `source` and `section` are the stored values of one article per distinct set of
words of that field: the words are read from the index's postings (linear in the number of
postings), and only one article of each set is read whole, never every article.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from reader.index import query as q
from reader.index.engine import Bitmaps, Evaluator, docnums
from reader.index.facets import Facets, facets_of
from reader.index.narrowing import Narrower, quoted_term, term_node
from reader.index.saved import BITS
from reader.model.facets import BY_DATE, FACETS, FacetCounts, FacetGroup, FacetValue

if TYPE_CHECKING:
    from reader.index.reading import Snapshot

TOP = 10
"""Values listed per facet by default (year and month: all of them)."""
ENTITY_KINDS = ("person", "place", "org")
DIRECT_BELOW = 1_000
"""Results up to which entities are counted article by article (~3 ms per 1,000 at 24,842
articles; name by name, 1,000 results take about as long, and more take less)."""
BITMAP_FROM = 48
"""Articles from which an entity's articles are kept as a bitmap (fewer: looked up one by one
in the results), and from one in BITMAP_SHARE of the archive's: a kept bitmap then takes at
most BITMAP_SHARE / 8 bytes per article of its name (at 24,842 articles, the 562 names of 48
articles or more would take 1.7 MB in all)."""
BITMAP_SHARE = 512
ANSWERS = 64
"""Answers kept per generation (the same query asked again while typing pauses)."""


@dataclass(frozen=True, slots=True)
class Value:
    """One value of a field facet: its label, term, condition and articles (a bitmap)."""

    label: str
    term: str
    node: q.Node
    docs: int


class Tables:
    """What facet counts need of one index generation, built on first use."""

    def __init__(self, bitmaps: Bitmaps) -> None:
        self.bitmaps = bitmaps
        self._fields: dict[str, list[Value]] = {}
        self._order: dict[str, array[int]] = {}
        self._rank: array[int] = array("i")
        self._kind_of = b""
        self._entity_docs: dict[int, int] = {}
        self._entity_terms: dict[int, tuple[str, q.Node] | None] = {}
        self.answers: OrderedDict[tuple[Any, ...], FacetCounts] = OrderedDict()

    # Field values ----------------------------------------------------------------------

    def values(self, snapshot: Snapshot, facet: str) -> list[Value]:
        """The values of a field facet (`source`, `section`, `year`, `month`, `language`)."""
        found = self._fields.get(facet)
        if found is None:
            if facet in ("source", "section"):
                found = self._stored_values(snapshot, facet)
            elif facet == "language":
                found = self._languages(snapshot)
            else:
                found = self._dates(facet)
            self._fields[facet] = found
        return found

    def _stored_values(self, snapshot: Snapshot, field: str) -> list[Value]:
        """The field's values as written, one article read per distinct set of words."""
        from reader.index.whoosh_codec import posting_blocks

        bm = self.bitmaps
        live = bm.live.to_bytes(bm.nbytes, "little")
        words: dict[int, list[int]] = {}
        for number, term in enumerate(snapshot.reader.field_terms(field)):
            for segment, offset in bm.leaves:
                if (field, term) not in segment:
                    continue
                for ids, _ in posting_blocks(segment.postings(field, term)):
                    for local in ids:
                        words.setdefault(local + offset, []).append(number)
        sets: dict[tuple[int, ...], list[int]] = {}
        for docnum, numbers in words.items():
            if live[docnum >> 3] & BITS[docnum & 7]:
                sets.setdefault(tuple(numbers), []).append(docnum)
        labels: Counter[str] = Counter()
        for members in sets.values():
            stored = snapshot.reader.stored_fields(min(members)).get(field)
            written = [stored] if isinstance(stored, str) else list(stored or ())
            for label in written:
                if isinstance(label, str) and label.strip():
                    labels[" ".join(label.split())] += len(members)
        evaluator = Evaluator(bm, snapshot.lexicon, snapshot.searcher)
        by_term: dict[q.Node, Value] = {}
        for label, _ in sorted(labels.items(), key=lambda item: (-item[1], item[0])):
            term = quoted_term(field, label)
            node = term_node(term) if term else None
            if term is None or node is None or _same_words(node) in by_term:
                continue  # another spelling of a value already listed: the same articles
            docs = evaluator.run(node) & bm.live
            if docs:
                by_term[_same_words(node)] = Value(label, term, node, docs)
        return list(by_term.values())

    def _languages(self, snapshot: Snapshot) -> list[Value]:
        bm = self.bitmaps
        out = []
        for code in sorted(snapshot.reader.field_terms("language")):
            docs = bm.docs("language", code) & bm.live
            node = term_node(f"lang:{code}")
            if docs and node is not None and code == code.strip().lower():
                out.append(Value(code, f"lang:{code}", node, docs))
        return out

    def _dates(self, facet: str) -> list[Value]:
        """Months (`date:2022-09`) or years (`date:2022`) of the dated articles, newest
        first; the month bitmaps are the catalogue's (`Facets.months`)."""
        months = facets_of(self.bitmaps).months(self.bitmaps)
        spans: dict[str, int] = {}
        for month, docs in months.items():
            label = month if facet == "month" else month[:4]
            spans[label] = spans.get(label, 0) | docs
        out = []
        for label in sorted(spans, reverse=True):
            node = term_node(f"date:{label}")
            if node is not None:
                out.append(Value(label, f"date:{label}", node, spans[label]))
        return out

    # Entities --------------------------------------------------------------------------

    def _entity_tables(self, facets: Facets) -> None:
        """Name ids of each kind, most named first (then by name); each id's place there."""
        if self._order or not facets.names:
            return
        counts = facets.counts()
        kinds = {kind: at for at, kind in enumerate(ENTITY_KINDS)}
        kind_of = bytearray(len(facets.names))
        ordered: dict[str, list[int]] = {kind: [] for kind in ENTITY_KINDS}
        for number, key in enumerate(facets.names):
            kind_of[number] = kinds.get(key[0], len(ENTITY_KINDS))
            if key[0] in ordered:
                ordered[key[0]].append(number)
        rank = array("i", bytes(4 * len(facets.names)))
        names = facets.names
        for kind, numbers in ordered.items():
            numbers.sort(key=lambda n: (-counts[names[n]], names[n][1]))
            for at, number in enumerate(numbers):
                rank[number] = at
            self._order[kind] = array("i", numbers)
        self._rank = rank
        self._kind_of = bytes(kind_of)

    def entities(self, facets: Facets, found: int, size: int, top: int) -> dict[str, list[Any]]:
        """The `top` names of each kind most named among the documents `found` (`size` of
        them), as (name id, count), most first (ties: the most named across the archive)."""
        self._entity_tables(facets)
        if not self._order or not found:
            return {kind: [] for kind in ENTITY_KINDS}
        if size > DIRECT_BELOW:
            budget = size  # names counted one by one, at most: about what the other way costs
            out: dict[str, list[Any]] = {}
            members = _Members(found)
            for kind in ENTITY_KINDS:
                best = self._threshold(facets, kind, found, members, top, budget)
                if best is None:
                    break
                out[kind] = best
            else:
                return out
        return self._direct(facets, found, top)

    def _threshold(
        self, facets: Facets, kind: str, found: int, members: _Members, top: int, budget: int
    ) -> list[tuple[int, int]] | None:
        """Names of `kind` in order of their archive counts until none can reach the k-th
        count found; None past `budget` names."""
        starts = facets.posting_starts
        least = max(BITMAP_FROM, self.bitmaps.size // BITMAP_SHARE)
        heap: list[tuple[int, int]] = []  # (count, -rank): the smallest is the k-th best
        rank = self._rank
        for counted, number in enumerate(self._order[kind]):
            most = starts[number + 1] - starts[number]
            if len(heap) >= top and most <= heap[0][0]:
                break  # later names: no more articles, and ties go to the earlier name
            if counted >= budget:
                return None
            if most >= least:
                count = (found & self._docs(facets, number)).bit_count()
            else:
                count = len(members.get().intersection(facets.docs_of(number)))
            if count:
                entry = (count, -rank[number])
                if len(heap) < top:
                    heapq.heappush(heap, entry)
                elif entry > heap[0]:
                    heapq.heapreplace(heap, entry)
        order = self._order[kind]
        return [(order[-r], c) for c, r in sorted(heap, reverse=True)]

    def _direct(self, facets: Facets, found: int, top: int) -> dict[str, list[Any]]:
        """Every name of the documents `found`, counted over their name lists."""
        forward, starts = facets.forward, facets.starts
        counts = Counter(
            itertools.chain.from_iterable(
                forward[starts[d] : starts[d + 1]] for d in docnums(found)
            )
        )
        by_kind: list[list[tuple[int, int]]] = [[] for _ in range(len(ENTITY_KINDS) + 1)]
        kind_of = self._kind_of
        for number, count in counts.items():
            by_kind[kind_of[number]].append((number, count))
        rank = self._rank
        return {
            kind: heapq.nsmallest(top, by_kind[at], key=lambda item: (-item[1], rank[item[0]]))
            for at, kind in enumerate(ENTITY_KINDS)
        }

    def entity_term(self, facets: Facets, number: int) -> tuple[str, q.Node] | None:
        """The term and condition of a name id (`person:"Name"`), None if it has none."""
        if number in self._entity_terms:
            return self._entity_terms[number]
        kind, name = facets.names[number]
        term = quoted_term(kind, name)
        node = term_node(term) if term else None
        found = (term, node) if term is not None and node is not None else None
        self._entity_terms[number] = found
        return found

    def _docs(self, facets: Facets, number: int) -> int:
        """The bitmap of a name's documents (kept: only frequent names are asked, see
        BITMAP_FROM)."""
        found = self._entity_docs.get(number)
        if found is None:
            packed = bytearray(self.bitmaps.nbytes)
            for docnum in facets.docs_of(number):
                packed[docnum >> 3] |= BITS[docnum & 7]
            found = self._entity_docs[number] = int.from_bytes(packed, "little")
        return found


class _Members:
    """The documents of a bitmap as a set, made when first asked for (a rare name's few
    documents are looked up in it, in C, rather than tested bit by bit)."""

    def __init__(self, bitmap: int) -> None:
        self.bitmap = bitmap
        self._set: set[int] | None = None

    def get(self) -> set[int]:
        if self._set is None:
            self._set = set(docnums(self.bitmap))
        return self._set


def _same_words(node: q.Node) -> q.Node:
    """What a field condition matches, spelling of its words aside (`VnExpress` and
    `Vnexpress` are one value to the engine)."""
    if isinstance(node, q.Word):
        return q.Word(node.text.lower(), node.field)
    if isinstance(node, q.Phrase):
        return q.Phrase(tuple(word.lower() for word in node.words), node.field)
    return node


_CACHE: WeakKeyDictionary[Bitmaps, Tables] = WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def tables_of(bitmaps: Bitmaps) -> Tables:
    """The tables of this index generation (built as each part is first asked for)."""
    with _CACHE_LOCK:
        found = _CACHE.get(bitmaps)
        if found is None:
            found = _CACHE[bitmaps] = Tables(bitmaps)
        return found


def results(snapshot: Snapshot, node: q.Node | None, annotations: q.Annotations | None) -> int:
    """The bitmap of a query's results as search counts them (`answering.answer`): its
    matches, and when a word was taken for a typo, the matches of the query searched again."""
    bm = snapshot.bitmaps
    if node is None:
        return bm.live
    evaluator = Evaluator(bm, snapshot.lexicon, snapshot.searcher, annotations)
    found = evaluator.run(node)
    if evaluator.corrections:
        meant = q.corrected(node, evaluator.corrections)
        found |= Evaluator(bm, snapshot.lexicon, snapshot.searcher, annotations).run(meant)
    return found


def facet_counts(
    snapshot: Snapshot,
    query: str,
    *,
    prefix: bool = False,
    top: int = TOP,
    annotations: q.Annotations | None = None,
) -> FacetCounts:
    """Every facet of the results of `query` (see the module's docstring); `prefix`: its
    last word is still being typed; `top`: values listed per facet counted by count."""
    node = q.parse(query, prefix_last=prefix)
    version = annotations.version() if annotations is not None and q.has_marks(node) else ""
    tables = tables_of(snapshot.bitmaps)
    key = (query, prefix, top, version)
    cached = tables.answers.get(key)
    if cached is not None:
        tables.answers.move_to_end(key)
        return cached
    found = results(snapshot, node, annotations)
    total = found.bit_count()
    narrower = Narrower(query, prefix)
    groups = []
    facets = facets_of(snapshot.bitmaps)
    named = tables.entities(facets, found, total, max(0, top))
    for facet in FACETS:
        if facet in ENTITY_KINDS:
            values = _entity_values(tables, facets, facet, named[facet], found, narrower)
        else:
            values = _field_values(tables.values(snapshot, facet), facet, found, top, narrower)
        groups.append(FacetGroup(facet, tuple(values)))
    answer = FacetCounts(query, total, tuple(groups))
    tables.answers[key] = answer
    if len(tables.answers) > ANSWERS:
        tables.answers.popitem(last=False)
    return answer


def _value(label: str, count: int, term: str, node: q.Node, narrower: Narrower) -> FacetValue:
    chosen = narrower.chosen(node)
    query = narrower.widened(term) if chosen else narrower.narrowed(term)
    return FacetValue(label, count, term, chosen, query)


def _field_values(
    values: list[Value], facet: str, found: int, top: int, narrower: Narrower
) -> list[FacetValue]:
    counted = [(value, (found & value.docs).bit_count()) for value in values]
    if facet in BY_DATE:
        listed = [(value, count) for value, count in counted if count]  # newest first
    else:
        ordered = sorted(
            ((v, c) for v, c in counted if c), key=lambda item: (-item[1], item[0].label)
        )
        listed = ordered[: max(0, top)]
        listed += [(v, c) for v, c in ordered[top:] if narrower.chosen(v.node)]
    return [_value(v.label, c, v.term, v.node, narrower) for v, c in listed]


def _entity_values(
    tables: Tables,
    facets: Facets,
    kind: str,
    best: Iterable[tuple[int, int]],
    found: int,
    narrower: Narrower,
) -> list[FacetValue]:
    out = []
    listed = set()
    for number, count in best:
        known = tables.entity_term(facets, number)
        if known is not None:
            out.append(_value(facets.names[number][1], count, *known, narrower))
            listed.add(known[1])
    for node in narrower.conditions:  # a chosen name below the top ones: listed too
        if isinstance(node, q.Name) and node.field == kind and node not in listed:
            number = facets.ids.get((kind, node.text), -1)
            known = tables.entity_term(facets, number) if number >= 0 else None
            if known is not None and known[1] == node:
                count = (found & facets.named(node.text, kind)).bit_count()
                out.append(_value(node.text, count, *known, narrower))
    return out
