"""An in-memory accelerator over the Whoosh index: posting lists as bitmaps.

Whoosh matches and scores in pure Python, one posting at a time: a common word costs tens of
milliseconds per keystroke. Here each term's posting list is read once from the index into a
Python integer used as a bitmap (bit n = document n), plus bitmaps of the documents where the
term occurs at least 2, 3, 5 and 8 times (`saved.TIERS`). Big-integer AND/OR/NOT run in C over
a few kilobytes, so a whole query's candidate set and its exact count take microseconds once
its terms are cached, and the next keystroke reuses them.

Ranking is a weighted sum of such bitmaps, each weight from the word's rarity: the word in the
text, by how often for the text's length (BM25's saturation and length norm, per frequency
tier and length class), in the title, exactly as typed; adjacent query words standing
together; every word in the title. The sum is kept bit-sliced (one bitmap per binary digit of
the score), so adding a feature and picking the top k are a handful of big-integer operations
whatever the number of candidates. The first ORDER_DEPTH hits are then read: their titles for
the query's words in the order typed, their first sentences for its words side by side (a news
story says there what it is about). Ties of score go first to the hits whose first sentence
has every query word, then to the newest article, then by id, so the same files give the
same order however they were imported.

Weights were set with bench/known_item.py and ../shared/eval/relevance-dev, measured together.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from reader.index import date_order, saved
from reader.index import query as q
from reader.index.schema import entity_entries
from reader.text import tokens
from reader.text.sentences import first_sentence

_BITS = saved.BITS
# Bytes of term bitmaps cached per reader (least recently used dropped first). A bitmap takes
# up to (documents / 8) bytes, so a count of entries would grow with the archive (6,000 of
# them at 100,000 articles: 75 MB); reading a saved bitmap again costs a few microseconds.
# Twice this changed no keystroke figure of `python -m bench` (a term holds one bitmap per
# frequency tier).
BITMAP_CACHE_BYTES = 12_000_000

# Feature weights, in units of the word's rarity (see `_rarity`).
W_TEXT = 2
W_TITLE = 6
W_EXACT = 1
W_PAIR_TEXT = 6
W_PAIR_TITLE = 8
# A title match in a short title (saved.TITLE_LENGTHS) counts for more: the length
# normalisation BM25 would do.
W_SHORT = 1
# All the query's words in the title, per unit of their summed rarity.
W_COVER = 30
# And per unit of it, so many times FOCUS_LEVELS less the title's rare syllables the query
# leaves out (a syllable is rare in fewer than 1/RARE_SHARE of the titles): the title of
# what the user remembers rather than one that only mentions the same words among others.
W_FOCUS = 1
FOCUS_LEVELS = 3
RARE_SHARE = 80
FOCUS_TYPED = 1
# Every word of the query in the title in the order typed (a remembered title is typed in
# its order), per unit of the words' summed rarity; checked on the titles of the first
# ORDER_DEPTH hits only (it reads their stored titles).
W_ORDER = 2
ORDER_DEPTH = 20
# The query's words side by side, as typed, in the article's first sentence (lead, then
# body: where a news story says what it is about), per unit of their summed rarity;
# checked, like the order in the title, on the first ORDER_DEPTH hits only.
W_OPENING = 1
# The word in the text, scored as BM25 does from its frequency (the tiers of saved.TIERS)
# and the text's length class: W_BODY units of rarity at most.
W_BODY = 3
K1 = 1.2
B = 0.75
# A word of TYPO_LETTERS[0] to TYPO_LETTERS[2] letters found in fewer than TYPO_BELOW
# articles is taken for one of the archive's words one edit away (two from TYPO_LETTERS[1]
# letters), of the TYPO_TERMS most frequent of them, and the query searched again with it.
TYPO_BELOW = 3
TYPO_LETTERS = (5, 8, 30)
TYPO_TERMS = 8
# Words of a query looked up for typos at most (each look-up scans the lexicon).
TYPO_WORDS = 3
# The fields of plain words, typed without and with diacritics: where typo look-ups search
# (`facets.warm` lists their words ahead of the first look-up).
TYPO_FIELDS = ("text_f", "text")
# A query of at least this many words that few articles match in full also lists, after
# those, the articles that match all its words but one (`Evaluator.near`).
RELAX_WORDS = 3
# The spelling of an unaccented word its context points to (`Evaluator._sense`), and the
# documents the lift of a spelling is smoothed by.
W_SENSE = 3
SENSE_PRIOR = 5
SENSE_SUPPORT = 3
SENSE_MARGIN = 1.5
# Articles naming an entity whose name query words spell side by side (up to NAME_WORDS of
# them), per word and unit of the entity's rarity.
W_NAME = 4
NAME_WORDS = 4
# Articles whose entity lines tell how the archive spells a name (`Bitmaps.name_spelling`),
# and names whose spelling is remembered per generation.
NAME_SAMPLE = 32
NAME_CACHE = 4096
ENTITY_KINDS = ("person", "place", "org")
# Bitmaps of annotation predicates kept per reader (under the annotations' version).
MARK_CACHE = 64
# A typical text length (syllables) of each saved.BODY_LENGTHS class.
_CLASS_LENGTH = (100, 225, 400, 650, 1100)


def _saturation(frequency: int, relative_length: float) -> float:
    """BM25's term-frequency factor, between 0 and K1 + 1."""
    return frequency * (K1 + 1) / (frequency + K1 * (1 - B + B * relative_length))


_BIT_POSITIONS = [tuple(i for i in range(8) if value >> i & 1) for value in range(256)]


def docnums(bitmap: int) -> list[int]:
    """The document numbers in `bitmap`, lowest first (linear in its bytes and bits)."""
    out: list[int] = []
    data = bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")
    positions = _BIT_POSITIONS
    for at, byte in enumerate(data):
        if byte:
            base = at << 3
            out.extend(base + i for i in positions[byte])
    return out


class Bitmaps:
    """Term bitmaps of one index reader, loaded on first use and kept (LRU)."""

    def __init__(self, reader: Any, index_dir: Path | None = None) -> None:
        self.reader = reader
        self.index_dir = index_dir
        self.size: int = reader.doc_count_all()
        self.nbytes = (self.size + 7) // 8
        self.leaves = list(reader.leaf_readers())
        dead = bytearray(self.nbytes)
        for segment, offset in self.leaves:
            if segment.has_deletions():
                for docnum in segment.deleted_docs_set:
                    d = docnum + offset
                    dead[d >> 3] |= _BITS[d & 7]
        self.live: int = ((1 << self.size) - 1) & ~int.from_bytes(dead, "little")
        self._cache: OrderedDict[tuple[str, str], saved.Tiers] = OrderedDict()
        self._cached_bytes = 0
        self._saved: dict[int, saved.SavedBitmaps] = {}
        # Both one machine word per document, not a Python int each (36 bytes).
        self._date_order: array[int] | None = None
        self._pubkeys: array[int] | None = None
        self._frequent: dict[str, list[tuple[str, int]]] = {}
        self._classes: list[tuple[int, float]] | None = None
        self._rare: list[int] | None = None
        self._places: array[int] | None = None
        self._negated: array[int] | None = None
        self._spans: dict[tuple[str, datetime | None, datetime | None], int] = {}
        self._by_id: dict[str, int] | None = None
        self._marks: OrderedDict[tuple[str, str, str, bool], int] = OrderedDict()
        self._entity_columns: dict[int, Any] = {}
        self._names: dict[str, str | None] = {}
        self._longer: dict[str, int] = {}
        self._place_names: list[str] | None = None

    def term(self, fieldname: str, text: str) -> saved.Tiers:
        """The documents with the term, by frequency tier (`saved.TIERS`)."""
        return self._tiers((fieldname, text), len(saved.TIERS))

    def docs(self, fieldname: str, text: str) -> int:
        """Documents with the term (its other tiers are read when first asked for: a
        prefix's completions need only this one)."""
        return self._tiers((fieldname, text), 1)[0]

    def _tiers(self, key: tuple[str, str], wanted: int) -> saved.Tiers:
        """The term's first `wanted` tier bitmaps at least, cached."""
        cached = self._cache.get(key)
        if cached is not None and len(cached) >= wanted:
            self._cache.move_to_end(key)
            return cached
        tiers = [0] * wanted
        for index, (segment, offset) in enumerate(self.leaves):
            part = self._saved_of(index, segment).get(key, wanted)
            if part is None:
                part = saved.read_postings(segment, *key, wanted)
            for tier, bitmap in enumerate(part):
                if bitmap:
                    tiers[tier] |= bitmap << offset
        loaded = tuple(tiers)
        if cached is not None:
            self._cached_bytes -= _bytes_of(cached)
        self._cache[key] = loaded
        self._cache.move_to_end(key)
        self._cached_bytes += _bytes_of(loaded)
        while self._cached_bytes > BITMAP_CACHE_BYTES and len(self._cache) > 1:
            self._cached_bytes -= _bytes_of(self._cache.popitem(last=False)[1])
        return loaded

    def _saved_of(self, index: int, segment: Any) -> saved.SavedBitmaps:
        found = self._saved.get(index)
        if found is None:
            found = saved.SavedBitmaps(self.index_dir, segment)
            self._saved[index] = found
        return found

    def dated_ends(self) -> tuple[int | None, int | None]:
        """Document numbers of the newest and the oldest dated live articles."""
        order = self.date_order()
        packed = self.live.to_bytes(self.nbytes, "little")
        keys = self.pubkeys()

        def first(docnums: Iterator[int]) -> int | None:
            for d in docnums:
                if keys[d] > 0 and packed[d >> 3] & _BITS[d & 7]:
                    return d
            return None

        return first(iter(order)), first(reversed(order))

    def frequent(self, fieldname: str) -> list[tuple[str, int]] | None:
        """The saved (frequent) terms of a field with their document counts, sorted by term.

        None when some segment has no saved bitmaps (then the caller reads the lexicon).
        """
        table = self._frequent.get(fieldname)
        if table is None:
            counts: dict[str, int] = {}
            for index, (segment, _) in enumerate(self.leaves):
                files = self._saved_of(index, segment)
                if not files:
                    return None
                for text, df in files.frequencies(fieldname).items():
                    counts[text] = counts.get(text, 0) + df
            table = sorted(counts.items())
            self._frequent[fieldname] = table
        return table

    def short_titles(self) -> list[int]:
        """Bitmaps of the documents whose title is short, one per saved.TITLE_LENGTHS limit."""
        out = []
        for limit in saved.TITLE_LENGTHS:
            found = 0
            for index, (segment, offset) in enumerate(self.leaves):
                part = self._saved_of(index, segment).get((saved.SHORT_TITLE, str(limit)))
                if part is None:
                    return []
                found |= part[0] << offset
            out.append(found)
        return out

    def rare_in_titles(self) -> list[int]:
        """The binary digits (lowest first) of how many rare syllables each document's title
        has: its length less its common syllables, those in at least 1/RARE_SHARE of the
        titles (built once per reader: a bit-sliced count over the common syllables)."""
        if self._rare is not None:
            return self._rare
        length = self._title_length_bits()
        limit = self.size / RARE_SHARE
        table = self.frequent("title_f")
        if table is None or limit < saved.MIN_DF:
            # No saved files, or a share below what they save: the lexicon.
            table = []
            for segment, _ in self.leaves:
                for term, info in segment.iter_field("title_f"):
                    table.append((term.decode("utf-8"), info.doc_frequency()))
            merged: dict[str, int] = {}
            for term, df in table:
                merged[term] = merged.get(term, 0) + df
            table = list(merged.items())
        common = Scores.empty()
        for term, df in table:
            if df >= limit:
                common.add(self.docs("title_f", term), 1)
        # length - common, digit by digit; a title counted below zero (a common syllable
        # repeated) has none.
        mask = self.live
        rare, borrow = [], 0
        for j in range(max(len(length), len(common.slices))):
            a = length[j] if j < len(length) else 0
            b = common.slices[j] if j < len(common.slices) else 0
            rare.append((a ^ b ^ borrow) & mask)
            borrow = ((~a & (b | borrow)) | (a & b & borrow)) & mask
        self._rare = [digit & ~borrow for digit in rare]
        return self._rare

    def _title_length_bits(self) -> list[int]:
        """The binary digits of every document's title length in syllables."""
        digits = [0] * saved.TITLE_BITS
        for index, (segment, offset) in enumerate(self.leaves):
            kept = self._saved_of(index, segment)
            parts = [kept.get((saved.TITLE_LENGTH, str(j))) for j in range(saved.TITLE_BITS)]
            if all(part is not None for part in parts):
                found = [part[0] for part in parts]  # type: ignore[index]
            else:
                found = _title_lengths_read(segment)
            for j, bitmap in enumerate(found):
                digits[j] |= bitmap << offset
        return digits

    def length_classes(self) -> list[tuple[int, float]]:
        """Per `saved.BODY_LENGTHS` class: its documents, and its typical text length over
        the archive's average (BM25's length norm)."""
        if self._classes is not None:
            return self._classes
        count = len(saved.BODY_LENGTHS) + 1
        members = [0] * count
        for index, (segment, offset) in enumerate(self.leaves):
            kept = self._saved_of(index, segment)
            parts = [kept.get((saved.BODY_LENGTH, str(c))) for c in range(count)]
            if all(part is not None for part in parts):
                for c, part in enumerate(parts):
                    members[c] |= part[0] << offset  # type: ignore[index]
                continue
            for docnum in range(segment.doc_count_all()):  # no saved file: the lengths
                length = segment.doc_field_length(docnum, "text_f", 0) or 0
                members[saved.body_length_class(length)] |= 1 << (docnum + offset)
        total = sum(leaf.field_length("text_f") for leaf, _ in self.leaves)
        average = total / self.size if self.size and total else _CLASS_LENGTH[2]
        self._classes = [
            (bitmap, length / average)
            for bitmap, length in zip(members, _CLASS_LENGTH, strict=True)
        ]
        return self._classes

    def entity_lines(self, docnum: int) -> list[tuple[str, str, str]]:
        """The (kind, name, folded name) lines of one document's `entities` column."""
        at = bisect.bisect_right([offset for _, offset in self.leaves], docnum) - 1
        segment, offset = self.leaves[at]
        column = self._entity_columns.get(at)
        if column is None:
            if not segment.has_column("entities"):
                return []
            column = self._entity_columns[at] = segment.column_reader("entities")
        return entity_entries(column[docnum - offset])

    def named(self, folded: str) -> int:
        """The live documents whose entities name one that folds to `folded` (any kind)."""
        found = 0
        for kind in ENTITY_KINDS:
            found |= self.docs(f"{kind}_f", folded)
        return found & self.live

    def place_names(self, reader: Any = None) -> list[str]:
        """Every place's folded name, spaces around (~25 ms at 24,842 articles, once per
        generation; the app's warm-up thread reads them ahead with its own `reader`)."""
        if self._place_names is None:
            source = self.reader if reader is None else reader
            self._place_names = [
                f" {raw.decode('utf-8') if isinstance(raw, bytes) else raw} "
                for raw in source.lexicon("place_f")
            ]
        return self._place_names

    def in_longer_names(self, folded: str) -> int:
        """The live documents naming a place whose folded name holds `folded` inside it
        (`thai binh duong` holds `binh duong`), remembered per generation. (A person's
        longer name is the same person: `Nguyễn Thị Phương Nga` is `Phương Nga`.)"""
        found = self._longer.get(folded)
        if found is None:
            found = 0
            inside = f" {folded} "
            for term in self.place_names():
                if inside in term and term != inside:
                    found |= self.docs("place_f", term[1:-1])
            found &= self.live
            if len(self._longer) > NAME_CACHE:
                self._longer.clear()
            self._longer[folded] = found
        return found

    def name_spelling(self, folded: str) -> str | None:
        """How the archive writes the entity whose name's folded syllables are `folded`
        (`can tho`: `Cần Thơ`), or None when no article names one: of the kind named so in
        the most articles, the spelling most of the first NAME_SAMPLE of them (in date order)
        use. Read from the name fields and a few documents' entity lines, not the whole
        catalogue."""
        if folded in self._names:
            return self._names[folded]
        best = (0, "", 0)
        for kind in ENTITY_KINDS:
            docs = self.docs(f"{kind}_f", folded) & self.live
            count = docs.bit_count()
            if count > best[0]:
                best = (count, kind, docs)
        spelling = None
        if best[0]:
            _, kind, docs = best
            spellings: Counter[str] = Counter()
            # The first in date order (then id), not by document number: the same articles
            # imported in another order must read the name the same way.
            places = self.places()
            for docnum in sorted(docnums(docs), key=places.__getitem__)[:NAME_SAMPLE]:
                for line_kind, name, folded_name in self.entity_lines(docnum):
                    syllables = " ".join(tokens.WORD_RE.findall(folded_name))
                    if line_kind == kind and syllables == folded:
                        spellings[name] += 1
            if spellings:
                spelling = max(spellings, key=lambda name: (spellings[name], name))
        if len(self._names) > NAME_CACHE:
            self._names.clear()
        self._names[folded] = spelling
        return spelling

    def pubkeys(self) -> array[int]:
        """The `pubkey` column of every document by number (0: undated)."""
        if self._pubkeys is None:
            keys = array("q")
            for segment, offset in self.leaves:
                count = segment.doc_count_all()
                # A segment where no article had a date may have no column at all.
                if segment.has_column("pubkey"):
                    keys.extend(itertools.islice(segment.column_reader("pubkey"), count))
                keys.extend(itertools.repeat(0, offset + count - len(keys)))
            self._pubkeys = keys
        return self._pubkeys

    def published_between(self, start: datetime | None, end: datetime | None) -> int:
        """The dated documents published in [start, end) (the article's own wall clock)."""
        key = ("#published", start, end)
        found = self._spans.get(key)
        if found is not None:
            return found
        keys = self.pubkeys()
        order = self.date_order()
        newest_first = self._sorted_keys()
        # `newest_first` is descending; bisect it negated.
        low = 0 if end is None else bisect.bisect_left(newest_first, -_pubkey(end) + 1)
        high = bisect.bisect_left(newest_first, 0)  # undated (key 0) last
        if start is not None:
            high = min(high, bisect.bisect_right(newest_first, -_pubkey(start)))
        packed = bytearray(self.nbytes)
        for docnum in order[low:high]:
            if keys[docnum] > 0:
                packed[docnum >> 3] |= _BITS[docnum & 7]
        found = self._spans[key] = int.from_bytes(packed, "little")
        if len(self._spans) > 64:
            self._spans.pop(next(iter(self._spans)))
        return found

    def _sorted_keys(self) -> array[int]:
        """Every document's publication key negated, in `date_order` (so ascending)."""
        if self._negated is None:
            keys = self.pubkeys()
            self._negated = array("q", (-keys[d] for d in self.date_order()))
        return self._negated

    def date_order(self) -> array[int]:
        """Document numbers newest first, then by id; undated ones last.

        The same files indexed in any order give the same order: it breaks ties of
        relevance too (`tie_slices`).
        """
        if self._date_order is None:
            generation = self._generation()
            kept = None
            if generation is not None and self.index_dir is not None:
                kept = date_order.read_order(self.index_dir, generation, self.size)
            if kept is None:
                keys = self.pubkeys()
                ids = self._ids()
                by_id = sorted(range(self.size), key=ids.__getitem__)
                order = sorted(by_id, key=keys.__getitem__, reverse=True)  # stable: ids stay
                kept = array("i", order)
                if generation is not None and self.index_dir is not None:
                    date_order.write_order(self.index_dir, generation, kept)
            self._date_order = kept
        return self._date_order

    def _generation(self) -> list[tuple[str, int]] | None:
        """This reader's segments and their sizes (None when one is not yet on disk)."""
        if not all(saved.has_segment(segment) for segment, _ in self.leaves):
            return None
        return [
            (segment.segment().segment_id(), segment.doc_count_all()) for segment, _ in self.leaves
        ]

    def _ids(self) -> list[str]:
        """Every document's article id by number (deleted ones included)."""
        ids: list[str] = []
        for segment, offset in self.leaves:
            if saved.has_segment(segment):
                ids.extend([""] * (offset - len(ids)))
                ids.extend(saved.read_ids(segment))
        ids.extend([""] * (self.size - len(ids)))
        return ids

    def live_docnums(self) -> dict[str, int]:
        """The live document of every article id (built on first use, ~30 ms at 100,000
        articles, and kept for this reader: an annotation query's ids become bitmaps here)."""
        if self._by_id is None:
            packed = self.live.to_bytes(self.nbytes, "little")
            self._by_id = {
                article_id: docnum
                for docnum, article_id in enumerate(self._ids())
                if article_id and packed[docnum >> 3] & _BITS[docnum & 7]
            }
        return self._by_id

    def of_ids(self, ids: Iterable[str]) -> int:
        """The live documents of these article ids (ids the index does not hold: none)."""
        by_id = self.live_docnums()
        packed = bytearray(self.nbytes)
        for article_id in ids:
            docnum = by_id.get(article_id)
            if docnum is not None:
                packed[docnum >> 3] |= _BITS[docnum & 7]
        return int.from_bytes(packed, "little")

    def marked(self, mark: q.Mark, annotations: q.Annotations | None) -> int:
        """The documents an annotation predicate holds for, by the look-up `annotations`
        (none without one); cached under the look-up's version."""
        if annotations is None:
            return 0
        key = (annotations.version(), mark.kind, mark.value, mark.prefix)
        found = self._marks.get(key)
        if found is None:
            found = self.of_ids(annotations.ids(mark.kind, mark.value, mark.prefix))
            self._marks[key] = found
            if len(self._marks) > MARK_CACHE:
                self._marks.popitem(last=False)
        else:
            self._marks.move_to_end(key)
        return found

    def places(self) -> array[int]:
        """Every document's place in `date_order`, by number: what breaks ties of score."""
        if self._places is None:
            places = array("i", bytes(4 * self.size))
            for place, docnum in enumerate(self.date_order()):
                places[docnum] = place
            self._places = places
        return self._places


# Title-length digits read from segments whose saved file predates them, by segment id
# (a segment never changes): ~5 microseconds an article, paid once per process.
_TITLE_DIGITS: OrderedDict[str, list[int]] = OrderedDict()
TITLE_DIGITS_KEPT = 64


def _title_lengths_read(segment: Any) -> list[int]:
    """The binary digits of each title's length in a segment, from its length column."""
    key = segment.segment().segment_id() if saved.has_segment(segment) else None
    found = _TITLE_DIGITS.get(key) if key is not None else None
    if found is None:
        count = segment.doc_count_all()
        lengths = [segment.doc_field_length(d, "title_f", 0) or 0 for d in range(count)]
        found = saved.title_length_bits(lengths)
        if key is not None:
            _TITLE_DIGITS[key] = found
            if len(_TITLE_DIGITS) > TITLE_DIGITS_KEPT:
                _TITLE_DIGITS.popitem(last=False)
    return found


def _pubkey(moment: datetime) -> int:
    """The `pubkey` of a (naive) wall-clock time: microseconds since year 1 (schema.py)."""
    return (moment - datetime.min) // timedelta(microseconds=1)


def _bytes_of(entry: saved.Tiers) -> int:
    """Memory of a term's cached tier bitmaps, near enough."""
    return sum(tier.bit_length() for tier in entry) // 8 + 64


@dataclass(slots=True)
class Scores:
    """A bit-sliced sum of weighted bitmaps: `slices[j]` holds bit j of every score."""

    slices: list[int]

    @classmethod
    def empty(cls) -> Scores:
        return cls([])

    def add(self, bitmap: int, weight: int) -> None:
        """Add `weight` to the score of every document in `bitmap`."""
        if not bitmap or weight <= 0:
            return
        slices = self.slices
        j = 0
        while weight:
            if weight & 1:
                carry = bitmap
                k = j
                while carry:
                    while len(slices) <= k:
                        slices.append(0)
                    slices[k], carry = slices[k] ^ carry, slices[k] & carry
                    k += 1
            weight >>= 1
            j += 1

    def of(self, docnum: int) -> int:
        """The score of one document."""
        return sum(1 << j for j, s in enumerate(self.slices) if (s >> docnum) & 1)

    def top(self, candidates: int, k: int, places: array[int] | None = None) -> list[int]:
        """Up to `k` candidates with the highest scores, best first.

        `places`: what breaks ties of score, by document number (the lower first); without
        it, the higher document number goes first.
        """
        chosen = 0
        tied = candidates
        for bits in reversed(self.slices):
            higher = tied & bits
            count = (chosen | higher).bit_count()
            if count > k:
                tied = higher
            elif count == k:
                chosen |= higher
                tied = 0
                break
            else:
                chosen |= higher
                tied &= ~bits
        docs = docnums(chosen)
        if places is None:
            docs.extend(docnums(tied)[::-1][: k - len(docs)])
            return sorted(docs, key=lambda d: (self.of(d), d), reverse=True)[:k]
        docs.extend(heapq.nsmallest(k - len(docs), docnums(tied), key=places.__getitem__))
        return sorted(docs, key=lambda d: (-self.of(d), places[d]))[:k]


def _all_in(syllables: list[str], words: tuple[str, ...], prefix: bool) -> bool:
    """Whether every one of `words` is among `syllables` (the last one, with `prefix`, as
    the start of a syllable)."""
    present = set(syllables)
    *whole, last = words
    if not all(word in present for word in whole):
        return False
    return last in present or (prefix and any(s.startswith(last) for s in present))


def _as_phrase(syllables: list[str], words: tuple[str, ...], prefix: bool) -> bool:
    """Whether `words` stand side by side in their order among `syllables` (the last one,
    with `prefix`, as the start of a syllable)."""
    size = len(words)
    *whole, last = words
    for start in range(len(syllables) - size + 1):
        if syllables[start : start + size - 1] == whole:
            found = syllables[start + size - 1]
            if found == last or (prefix and found.startswith(last)):
                return True
    return False


def _in_order(syllables: list[str], words: tuple[str, ...], prefix: bool) -> bool:
    """Whether `words` stand among `syllables` in their order (the last one, with `prefix`,
    as the start of a syllable)."""
    at = 0
    last = len(words) - 1
    for index, word in enumerate(words):
        while at < len(syllables):
            syllable = syllables[at]
            at += 1
            if syllable == word or (prefix and index == last and syllable.startswith(word)):
                break
        else:
            return False
    return True


def _rarity(df: int, size: int) -> int:
    """An integer weight from a word's document frequency (BM25's idf, scaled)."""
    if df <= 0:
        return 1
    return max(1, round(2 * math.log(1 + (size - df + 0.5) / (df + 0.5))))


class Evaluator:
    """Candidates (exact) and ranking features (weighted) for one query over one reader."""

    def __init__(
        self,
        bitmaps: Bitmaps,
        lexicon: q.Lexicon,
        searcher: Any,
        annotations: q.Annotations | None = None,
    ) -> None:
        self.bm = bitmaps
        self.lexicon = lexicon
        self.searcher = searcher
        # The user's annotations, which `Mark` leaves ask (none: no article is annotated).
        self.annotations = annotations
        self.scores = Scores.empty()
        # Completions that short prefixes expanded to, for snippets to mark (field, term).
        self.expanded: set[tuple[str, str]] = set()
        # The title bitmap and weight unit of the word evaluated last (for title coverage).
        self._last_title: tuple[int, int, int] | None = None
        # Words that found almost nothing, with the archive's words a letter or two away,
        # and the one of those each is taken for (the one the other words agree with).
        self._typos: dict[str, tuple[str, list[str]]] = {}
        self.corrections: dict[str, str] = {}
        # What each child of the top-level AND matched (for a single word: itself), and the
        # near matches (`near`).
        self._matched: list[int] = []
        self._near = 0
        # The query's words with their title bitmaps and units, for `_cover`.
        self._titles: list[tuple[int, int, int]] = []
        # The words read as part of an entity's name, by node identity: their spelling there
        # and the titles writing the name's syllables side by side; and the documents where
        # they stand only inside a longer name (`_read_names`).
        self._spelt: dict[int, tuple[str, int]] = {}
        self._inside_longer = 0
        # The query's plain words in order (folded) and the documents with all of them in
        # the title, with what they weigh there (`title_order`); what reranking added.
        self._order: tuple[tuple[str, ...], bool, int, int] | None = None
        # What the same words side by side in the first sentence weigh (`rerank`).
        self._opening = 0
        self.bonus: dict[int, int] = {}

    def run(self, node: q.Node) -> int:
        """The candidate bitmap of `node`; features accumulate in `self.scores`."""
        self._order_words: tuple[tuple[str, ...], bool] | None = None
        words = node.children if isinstance(node, q.All) else (node,)
        if isinstance(node, q.All):
            self._read_names(node.children)
        plain = [c for c in words if isinstance(c, q.Word) and c.field is None]
        if plain and len(plain) == len(words):
            typed = tuple(tokens.folded_form(word.text) for word in plain)
            self._order_words = (typed, plain[-1].prefix)
        candidates = self._eval(node, positive=True, alone=True) & self.bm.live
        if not isinstance(node, q.All):
            self._matched = [candidates]
        if isinstance(node, q.All):
            self._near = self._all_but_one(node.children) & self.bm.live & ~candidates
        self._correct(words)
        for at, word in enumerate(words):
            if isinstance(word, q.Word) and word.field is None and not word.prefix:
                # Its context: where the other words are, narrowed to where it stands beside
                # the query word before or after it when the archive has that pair.
                context = self._others(at, len(words))
                for pair in (words[at - 1 : at + 1] if at else (), words[at : at + 2]):
                    together = self._together(*pair) if len(pair) == 2 else 0
                    if together & context:
                        context &= together
                self._sense(word.text, context)
        self._cover()
        if self._order_words is not None:
            units = sum(_rarity(found.bit_count(), self.bm.size) for found in self._matched)
            self._opening = W_OPENING * units
        return candidates

    def _read_names(self, words: tuple[q.Node, ...]) -> None:
        """Read runs of two or more words typed side by side that spell an entity of the
        archive as that name (`nam dinh`: the province Nam Định, not the year `năm Đinh`):
        the articles writing it so rank higher, and those words count in a title only in the
        name's own spelling (`_spelt`). The last word, still being typed, counts when it is
        already a whole word of the archive (`binh duong` reads Bình Dương before the space)."""
        plain = [
            (at, word)
            for at, word in enumerate(words)
            if isinstance(word, q.Word)
            and word.field is None
            and (not word.prefix or self._whole_word(word.text))
        ]
        if len(plain) < 2:
            return
        start = 0
        while start < len(plain) - 1:
            found = None
            for end in range(min(len(plain), start + NAME_WORDS), start + 1, -1):
                run = plain[start:end]
                if run[-1][0] - run[0][0] != len(run) - 1:
                    continue  # not side by side in the query
                folded = " ".join(tokens.folded_form(word.text) for _, word in run)
                name = self.bm.name_spelling(folded)
                if name is not None:
                    found = (run, folded, name)
                    break
            if found is None:
                start += 1
                continue
            run, folded, name = found
            spelling = tokens.exact_tokens(name)
            # The articles writing the name as the catalogue does: its syllables in its
            # spelling, side by side (whether or not their extraction listed it).
            docs = self.bm.live
            # A title has all of the name's words only where it writes the name (`Quảng
            # Nam`, not the `quảng bá ... Việt Nam` of another story: see `_cover`).
            titled = self.bm.live
            for (_, first), (_, second) in itertools.pairwise(run):
                docs &= self._together(first, second)
                titled &= self.bm.docs("title_bi", tokens.bigram(first.text, second.text))
            for (_, word), syllable in zip(run, spelling, strict=True):
                self._spelt[id(word)] = (syllable, titled)
                docs &= self.bm.docs("text", syllable)
            # Not the articles whose syllables stand so only inside a longer name they give
            # (`Bình Dương` in `Thái Bình Dương`), unless they name it too.
            longer = self.bm.in_longer_names(folded)
            if longer:
                inside = longer & ~self.bm.named(folded)
                docs &= ~inside
                self._inside_longer |= inside
            self.scores.add(docs, W_NAME * len(run) * _rarity(docs.bit_count(), self.bm.size))
            start += len(run)

    def _whole_word(self, text: str) -> bool:
        """Whether a word being typed is already one of the archive's words as it stands."""
        key, main, _, _ = self._fields(text, None)
        return self.lexicon.has(main, key)

    def _cover(self) -> None:
        """Every word of the query in the title: what a known item looks like; the more so
        when the title has few other rare syllables (a user recalling a title types its
        distinctive words)."""
        if len(self._titles) < 2:
            return
        bm = self.bm
        # A title holding the words only inside a longer name (`Thái Bình Dương` for `binh
        # duong` read as Bình Dương) is not the title of what was typed.
        covered, units, typed = bm.live & ~self._inside_longer, 0, 0
        limit = bm.size / RARE_SHARE
        for titles, unit, among in self._titles:
            covered &= titles
            units += unit
            typed += among < limit
        if not covered:
            return
        self.scores.add(covered, W_COVER * units)
        if self._order_words is not None:
            words, prefix = self._order_words
            self._order = (words, prefix, covered, W_ORDER * units)
        if typed < FOCUS_TYPED:
            return
        digits = bm.rare_in_titles()
        for count in range(typed + FOCUS_LEVELS):
            members = covered
            for j, digit in enumerate(digits):
                members &= digit if count >> j & 1 else ~digit
            if count >> len(digits):
                members = 0
            left_out = max(0, count - typed)
            self.scores.add(members, W_FOCUS * units * (FOCUS_LEVELS - left_out))

    def rerank(
        self, ranked: list[int], title: Callable[[int], str], opening: Callable[[int], str]
    ) -> list[int]:
        """`ranked` (best first) with the first ORDER_DEPTH reordered after adding W_ORDER to
        those whose title (`title(docnum)`) has every query word in the order typed (the
        last one as typed so far), and W_OPENING to those whose first sentence (of
        `opening(docnum)`: lead, then body) has the words side by side as typed; what each
        gained is kept in `bonus`. Of hits with equal scores, those whose first sentence has
        every query word come first: a news story says there what it is about."""
        head = ranked[:ORDER_DEPTH]
        if self._order is not None:
            words, prefix, covered, weight = self._order
            for docnum in head:
                if covered >> docnum & 1 and _in_order(
                    tokens.folded_tokens(title(docnum)), words, prefix
                ):
                    self.bonus[docnum] = weight
        opens: set[int] = set()
        if self._order_words is not None:
            words, prefix = self._order_words
            for docnum in head:
                said = tokens.folded_tokens(first_sentence(opening(docnum)))
                if _all_in(said, words, prefix):
                    opens.add(docnum)
                    inside = self._inside_longer >> docnum & 1  # `Thái Bình Dương`
                    if not inside and _as_phrase(said, words, prefix):
                        self.bonus[docnum] = self.bonus.get(docnum, 0) + self._opening
        if not self.bonus and not opens:
            return ranked
        at = {docnum: rank for rank, docnum in enumerate(head)}
        head.sort(key=lambda d: (-self.score_of(d), d not in opens, at[d]))
        return head + ranked[ORDER_DEPTH:]

    def score_of(self, docnum: int) -> int:
        """A document's score, reranking's bonus included."""
        return self.scores.of(docnum) + self.bonus.get(docnum, 0)

    def _correct(self, words: tuple[q.Node, ...]) -> None:
        """Take each word that found almost nothing for the close word that stands beside
        its neighbours in the query most often, else that is found with the other words
        most often (alone: the most frequent)."""
        for at, word in enumerate(words):
            if not isinstance(word, q.Word) or word.text not in self._typos:
                continue
            field, close = self._typos[word.text]
            others = self._others(at, len(words))
            before = words[at - 1] if at else None
            after = words[at + 1] if at + 1 < len(words) else None
            fits = {term: self._fit(term, field, before, after, others) for term in close}
            best = max(close, key=fits.__getitem__)
            if self.bm.docs(field, best) & others:
                self.corrections[word.text] = best

    def _others(self, at: int, count: int) -> int:
        """The documents matching every word of the query's `count` but the one at `at`
        (all of them when the query is that word alone)."""
        others = self.bm.live
        if len(self._matched) == count:
            for found in self._matched[:at] + self._matched[at + 1 :]:
                others &= found
        return others

    def _fit(
        self, term: str, field: str, before: q.Node | None, after: q.Node | None, others: int
    ) -> tuple[int, int]:
        """How well `term` fits where a misspelt word stands: the documents where it stands
        beside the word before or after, then those holding it and the other words."""
        beside = 0
        if isinstance(before, q.Word):
            beside += self._together(before, q.Word(term)).bit_count()
        if isinstance(after, q.Word):
            beside += self._together(q.Word(term), after).bit_count()
        return beside, (self.bm.docs(field, term) & others).bit_count()

    def near(self) -> int:
        """Documents that match every word of the last query run but one (none for a query
        of fewer than RELAX_WORDS words, or with anything but words, phrases and dates)."""
        return self._near

    def _all_but_one(self, children: tuple[q.Node, ...]) -> int:
        """Documents matching all of `children` but one of its words (see `near`)."""
        positive = [c for c in children if isinstance(c, q.Word | q.Phrase) and c.field is None]
        if len(positive) < RELAX_WORDS or len(self._matched) != len(children):
            return 0
        result = 0
        for skipped, child in enumerate(children):
            if child in positive:
                docs = self.bm.live
                for found in self._matched[:skipped] + self._matched[skipped + 1 :]:
                    docs &= found
                result |= docs
        return result

    def _spellings(self, key: str) -> list[str]:
        """The spellings the archive's texts use of an unaccented syllable."""
        return [s for s in tokens.accented_forms(key) if self.lexicon.has("text", s)]

    def _together(self, first: q.Node, second: q.Node) -> int:
        """The documents where two query words stand side by side (0: not two plain words)."""
        if not (isinstance(first, q.Word) and isinstance(second, q.Word)):
            return 0
        if first.field is not None or second.field is not None or first.prefix:
            return 0
        term = tokens.bigram(first.text, second.text)
        return self.bm.docs("text_bi", term) if self.lexicon.has("text_bi", term) else 0

    def _sense(self, word: str, context: int) -> None:
        """Reward the spelling of a word typed without diacritics that the other words point
        to: of its spellings the archive uses (`mua`: `mua`, `mùa`, `múa`,
        `mưa`, ...), the one most over-represented where the other words are (`mưa` beside
        `ngập`), or the most common one when the word stands alone; nothing when the archive
        does not say clearly (fewer than SENSE_SUPPORT documents of `context` hold it, or
        another spelling is over-represented nearly as much)."""
        if not tokens.is_folded(word):
            return
        key = tokens.folded_form(word)
        spellings = self._spellings(key)
        if len(spellings) < 2 or not context:
            return
        bm = self.bm
        size = max(1, bm.size)
        among = context.bit_count()
        lifts = []
        for spelling in spellings:
            docs = bm.docs("text", spelling)
            support = (docs & context).bit_count()
            expected = among * docs.bit_count() / size
            lifts.append((support / (expected + SENSE_PRIOR), support, spelling, docs))
        lifts.sort(key=lambda entry: entry[:2], reverse=True)
        (lift, support, _, docs), runner_up = lifts[0], lifts[1][0]
        if support >= SENSE_SUPPORT and lift >= SENSE_MARGIN * runner_up:
            self.scores.add(docs, W_SENSE * _rarity(bm.docs("text_f", key).bit_count(), size))

    def _eval(self, node: q.Node, positive: bool, alone: bool = False) -> int:
        if isinstance(node, q.Word):
            return self._word(node, positive, alone)
        if isinstance(node, q.Phrase):
            return self._phrase(node, positive)
        if isinstance(node, q.Not):
            return self.bm.live & ~self._eval(node.child, positive=False)
        if isinstance(node, q.Any):
            result = 0
            for child in node.children:
                result |= self._eval(child, positive)
            return result
        if isinstance(node, q.All):
            result = self.bm.live
            matched = []
            titles: list[tuple[int, int, int]] = []
            for child in node.children:
                self._last_title = None
                found = self._eval(child, positive)
                matched.append(found)
                result &= found
                if positive and isinstance(child, q.Word) and self._last_title is not None:
                    titles.append(self._last_title)
            if positive:
                self._pairs(node.children)
                if alone:  # the query's own words: `run` scores their senses and the title
                    self._matched = matched
                    self._titles = titles
            return result
        return self._leaf_docs(node)

    def _leaf_docs(self, node: q.Node) -> int:
        """Leaves matched without ranking: names, languages, dates, annotations."""
        if isinstance(node, q.Name):
            from reader.index.facets import facets_of  # it builds on this module

            return facets_of(self.bm).named(node.text, node.field)
        if isinstance(node, q.Lang):
            return self.bm.docs("language", node.code)
        if isinstance(node, q.DateSpan):
            return self.bm.published_between(node.start, node.end)
        if isinstance(node, q.Mark):
            return self.bm.marked(node, self.annotations)
        raise TypeError(f"not a query node: {node!r}")

    def _in_titles(self, key: str, title: str, found: int) -> int:
        """In how many titles a query word stands, spelt with or without diacritics (`found`:
        the titles it matched in the field `title`)."""
        if title == "title_f":
            return found.bit_count()
        return max(found.bit_count(), self.bm.docs("title_f", tokens.folded_form(key)).bit_count())

    def _fields(self, word: str, fieldname: str | None) -> tuple[str, str, str, str]:
        folded = tokens.is_folded(word)
        key = tokens.folded_form(word) if folded else tokens.exact_form(word)
        base = fieldname or "text"
        main = f"{base}_f" if folded else base
        title = ("title_f" if folded else "title") if fieldname is None else main
        return key, main, title, base

    def _word(self, word: q.Word, positive: bool, alone: bool) -> int:
        key, main, title, exact_field = self._fields(word.text, word.field)
        bm = self.bm
        if word.prefix:
            return self._prefix(key, main, title, positive, alone and word.field is None)
        tiers = bm.term(main, key)
        docs = tiers[0]
        if word.field is None and main == "text_f":
            stem = tokens.english_stem(key)
            if self.lexicon.has("en", stem):
                docs |= bm.docs("en", stem)
        if positive and docs.bit_count() < TYPO_BELOW:
            self._misspelt(word.text, key, main, found=bool(docs))
        if positive:
            unit = _rarity(docs.bit_count(), bm.size)
            scores = self.scores
            self._frequency(tiers, docs, unit)
            if word.field is None:
                spelt = self._spelt.get(id(word))
                in_title = covers = bm.docs(title, key)
                if spelt is not None:
                    syllable, titled = spelt
                    in_title = bm.docs("title", syllable) & ~self._inside_longer
                    covers = in_title & titled
                self._last_title = (covers, unit, self._in_titles(key, title, covers))
                scores.add(in_title, W_TITLE * unit)
                for short in bm.short_titles():
                    scores.add(in_title & short, W_SHORT * unit)
            if (
                main.endswith("_f")
                and self.lexicon.has(exact_field, key)
                and (word.field is not None or len(self._spellings(key)) < 2)
            ):
                # A word only spelt without diacritics (a name, an English word) ranks above
                # folded look-alikes; a Vietnamese syllable's spelling is `_sense`'s choice.
                scores.add(bm.docs(exact_field, key), W_EXACT * unit)
                if word.field is None:
                    scores.add(bm.docs("title", key), W_EXACT * unit)
        return docs

    def _misspelt(self, typed: str, key: str, main: str, found: bool) -> None:
        """Remember the archive's words one edit away from `key` (two for a long word), for
        a word that finds almost nothing: `run` picks the one meant (`corrections`). A word
        that finds nothing at all may be a letter shorter."""
        if (
            TYPO_LETTERS[0] - (not found) <= len(key) <= TYPO_LETTERS[2]
            and len(self._typos) < TYPO_WORDS
        ):
            edits = 2 if len(key) >= TYPO_LETTERS[1] else 1
            close = self.lexicon.near(main, key, edits)[:TYPO_TERMS]
            if close:
                self._typos[typed] = (main, close)

    def _frequency(self, tiers: saved.Tiers, docs: int, unit: int) -> None:
        """Score a word's documents by how often their text has it, for their length (BM25):
        per length class, each tier adds what its frequency adds to the one below it."""
        extra = docs & ~tiers[0]  # matched otherwise (an English stem): as if once
        for members, relative in self.bm.length_classes():
            below = 0.0
            for threshold, tier in zip(saved.TIERS, tiers, strict=True):
                value = _saturation(threshold, relative)
                bitmap = tier | extra if threshold == 1 else tier
                self.scores.add(bitmap & members, round(W_BODY * unit * (value - below)))
                below = value

    def _prefix(self, key: str, main: str, title: str, positive: bool, alone: bool) -> int:
        bm = self.bm
        short = len(key) <= q.SHORT_PREFIX
        docs = 0
        titles = 0
        whole = 0
        if short and alone and main.startswith("text"):
            # A lone one- or two-letter prefix: the word itself anywhere, completions in titles.
            if self.lexicon.has(main, key):
                whole = bm.docs(main, key)
            for term in self.lexicon.expand(title, key, q.SHORT_PREFIX_TERMS):
                titles |= bm.docs(title, term)
                self.expanded.add((title, term))
            docs = whole | titles
        else:
            limit = q.SHORT_PREFIX_TERMS if short else q.PREFIX_TERMS
            for term in self.lexicon.expand(main, key, limit):
                self.expanded.add((main, term))
                found = bm.docs(main, term)
                docs |= found
                if term == key:
                    whole = found
            if main != title:
                for term in self.lexicon.expand(title, key, 4):
                    titles |= bm.docs(title, term)
        if positive:
            # The word as typed scores like a complete word; completions score half as much.
            scores = self.scores
            rest = docs & ~whole
            rest_unit = max(1, _rarity(docs.bit_count(), bm.size) // 2)
            scores.add(rest, W_TEXT * rest_unit)
            scores.add(titles & rest, W_TITLE * rest_unit)
            whole_unit = 0
            if whole:
                whole_unit = _rarity(whole.bit_count(), bm.size)
                self._frequency(bm.term(main, key), whole, whole_unit)
                if main != title:
                    in_title = bm.docs(title, key)
                    scores.add(in_title, W_TITLE * whole_unit)
                    for short_titles in bm.short_titles():
                        scores.add(in_title & short_titles, W_SHORT * whole_unit)
            if main != title:
                # Title coverage counts the word as typed at its own rarity: only the word
                # itself when it is one (`tho` while typing `can tho` covers `Cần Thơ`, not
                # the `thông` of `Căn hộ ... giao thông`), its completions when it is not yet.
                typed = bm.docs(title, key)
                titles = typed if whole else titles | typed
                self._last_title = (
                    titles,
                    whole_unit or rest_unit,
                    self._in_titles(key, title, titles),
                )
        return docs

    def _phrase(self, phrase: q.Phrase, positive: bool) -> int:
        words = phrase.words
        bm = self.bm
        if phrase.field is None:
            docs = self._adjacent("text_bi", words)
            for word in words:
                if not tokens.is_folded(word):
                    docs &= bm.docs("text", tokens.exact_form(word))
        elif phrase.field == "title":
            docs = self._adjacent("title_bi", words)
        else:
            docs = bm.live
            for word in words:
                docs &= self._word(q.Word(word, phrase.field), positive=False, alone=False)
        if positive:
            unit = _rarity(docs.bit_count(), bm.size) * len(words)
            self.scores.add(docs, W_TEXT * unit)
            for a, b in itertools.pairwise(words):
                self.scores.add(bm.docs("title_bi", tokens.bigram(a, b)) & docs, W_TITLE * unit)
        return docs

    def _adjacent(self, fieldname: str, words: tuple[str, ...]) -> int:
        """Documents where each pair of consecutive syllables stands together (bigrams)."""
        docs = self.bm.live
        for a, b in itertools.pairwise(words):
            docs &= self.bm.docs(fieldname, tokens.bigram(a, b))
        return docs

    def _pairs(self, children: tuple[q.Node, ...]) -> None:
        """Reward adjacent query words that stand together (phrase sense)."""
        bm = self.bm
        for first, second in itertools.pairwise(children):
            if not (isinstance(first, q.Word) and isinstance(second, q.Word)):
                continue
            if first.field is not None or second.field is not None or first.prefix:
                continue
            term = tokens.bigram(first.text, second.text)
            if not self.lexicon.has("text_bi", term):
                continue
            together = bm.docs("text_bi", term)
            unit = _rarity(together.bit_count(), bm.size)
            self.scores.add(together, W_PAIR_TEXT * unit)
            in_title = bm.docs("title_bi", term)
            for word in (first, second):
                spelt = self._spelt.get(id(word))
                if spelt is not None:
                    in_title &= bm.docs("title", spelt[0]) & ~self._inside_longer
            self.scores.add(in_title, W_PAIR_TITLE * unit)
