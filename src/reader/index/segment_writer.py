"""A Whoosh segment writer for pre-analysed documents: the same files, a fraction of the work.

Whoosh's `SegmentWriter` runs every term through an analyzer generator, puts each posting in a
pool as a tuple, sorts the pool (spilling pickled runs to disk past its memory limit), then
writes each posting one call at a time, reading the document's field length back from disk
for each. Profiled on 2,000 articles (~870 postings each) that was ~7 ms of CPU per article.

Our text fields hold terms that `reader.text.tokens` already made, space-separated. This
writer splits them with one regular expression, counts them with `Counter`, and appends each
document number to its term's list in a dict; at the end it writes every term's postings a
block at a time through Whoosh's own codec. The segment it leaves is read by stock Whoosh
(`tests/index/test_segment_writer.py` compares it posting by posting with Whoosh's own). Any
field it does not recognise (ids, keywords, dates) goes through the field's own `index()`.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from pickle import dumps
from typing import Any

from whoosh import fields as wfields
from whoosh import formats
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import NO_MERGE, SegmentWriter

from reader.index import saved

# The pattern of Whoosh's `SpaceSeparatedTokenizer`, which every text field of ours uses.
_SPACE_PATTERN = r"[^ \t\r\n]+"
_split = re.compile(_SPACE_PATTERN).findall
_PACKED_FREQ: dict[int, bytes] = {}
# A term's statistics as `W3TermInfo.to_bytes` packs them, then its postings' extent.
_TERM_INFO = W3TermInfo._struct
_EXTENT = struct.Struct("!Qi")
# The key and value lengths before each record of the terms table.
_RECORD_LENGTHS = struct.Struct("!ii")


def _packed(freq: int) -> bytes:
    """A Frequency posting's value: the count as Whoosh packs it (cached: most are 1-3)."""
    value = _PACKED_FREQ.get(freq)
    if value is None:
        value = pack_uint(freq)
        if freq < 256:
            _PACKED_FREQ[freq] = value
    return value


_LENGTH_BYTES: dict[int | None, int] = {}


def _length_byte(length: int | None) -> int:
    """`length_to_byte`, remembered (lengths here are already quantised: a few hundred)."""
    found = _LENGTH_BYTES.get(length)
    if found is None:
        found = _LENGTH_BYTES[length] = length_to_byte(length)
    return found


def _fast_kind(field: wfields.FieldType) -> str | None:
    """ "freq" or "exists" when `field` holds space-separated terms this writer can count
    itself, else None (the field's own `index()` is used)."""
    analyzer = getattr(field, "analyzer", None)
    if (
        not field.indexed
        or field.vector
        or field.separate_spelling()
        or type(analyzer) is not RegexTokenizer
        or analyzer.expression.pattern != _SPACE_PATTERN
        or analyzer.gaps
        or getattr(field.format, "field_boost", None) != 1.0
    ):
        return None
    if type(field.format) is formats.Frequency:
        return "freq"
    if type(field.format) is formats.Existence:
        return "exists"
    return None


class InvertingWriter(SegmentWriter):
    """A `SegmentWriter` that keeps postings per term in memory instead of a sorted pool.

    Only `add_document` and the final flush differ; deletions and the commit are Whoosh's.
    It never merges segments, and documents may not carry `_boost` keys.
    """

    def __init__(self, ix: Any, saved_dir: Path | None = None, **kwargs: Any) -> None:
        """With `saved_dir`, the segment's bitmaps file (`saved.py`) is written there too,
        from the postings in memory, sparing a reader the reading of them all again."""
        super().__init__(ix, **kwargs)
        self.saved_dir = saved_dir
        self._kinds = {name: _fast_kind(field) for name, field in self.schema.items()}
        # field -> term -> [docnum, ...] ("exists") or [docnum, freq, docnum, freq, ...].
        self._fast: dict[str, dict[str, list[int]]] = {}
        # field -> term bytes -> [(docnum, weight, value), ...] for the other fields.
        self._slow: dict[str, dict[bytes, list[tuple[int, float, bytes]]]] = {}
        # field -> each document's length as the length column gives it back (0 if none).
        self._lengths: dict[str, array[int]] = {}
        self.postings = 0

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        """Never merge: a merge feeds old postings through the pool, which is not written."""
        return NO_MERGE(self, self.segments)

    def add_reader(self, reader: Any) -> None:
        raise NotImplementedError("InvertingWriter does not merge segments")

    def add_document(self, **fields: Any) -> None:
        self._check_state()
        if any(name.endswith("_boost") for name in fields):
            raise ValueError("boosts are not supported by this writer")
        perdoc = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        local = docnum - self.docbase
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = self._index(name, field, value, docnum) if field.indexed else 0
                if field.scorable:
                    lengths = self._lengths.get(name)
                    if lengths is None:
                        lengths = self._lengths[name] = array("I")
                    if len(lengths) < local:
                        lengths.extend([0] * (local - len(lengths)))
                    lengths.append(byte_to_length(length_to_byte(length)) if length else 0)
                custom = fields.get(f"_stored_{name}", value)
                perdoc.add_field(name, field, custom if field.stored else None, length)
                column = field.column_type
                if column and custom is not None:
                    perdoc.add_column_value(name, column, field.to_column_value(custom))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _index(self, name: str, field: wfields.FieldType, value: Any, docnum: int) -> int:
        """Add the postings of one field of one document; returns the field's length."""
        kind = self._kinds[name]
        if kind is None:
            table = self._slow.setdefault(name, {})
            length = 0
            for btext, freq, weight, vbytes in field.index(value):
                length += freq
                table.setdefault(btext, []).append((docnum, weight, vbytes))
                self.postings += 1
            return length if field.scorable else 0
        words = _split(value)
        if not words:
            return 0
        terms = self._fast.setdefault(name, {})
        if kind == "exists":
            unique = set(words)
            for term in unique:
                found = terms.get(term)
                if found is None:
                    terms[term] = [docnum]
                else:
                    found.append(docnum)
            self.postings += len(unique)
            length = len(unique)
        else:
            counts = Counter(words)
            for term, freq in counts.items():
                found = terms.get(term)
                if found is None:
                    terms[term] = [docnum, freq]
                else:
                    found.append(docnum)
                    found.append(freq)
            self.postings += len(counts)
            length = len(words)
        return length if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        if self.saved_dir is not None:
            self._write_bitmaps(self.saved_dir)
        writer = self.fieldwriter
        for name in sorted(set(self._fast) | set(self._slow)):
            field = self.schema[name]
            writer.start_field(name, field)
            lengths = self._lengths.get(name, array("I"))
            if name in self._fast:
                _write_fast(writer, self._fast.pop(name), self._kinds[name], lengths, self.docbase)
            else:
                _write_slow(writer, self._slow.pop(name), lengths, self.docbase)
            writer.finish_field()
        writer.close()

    def _write_bitmaps(self, folder: Path) -> None:
        count = self.docnum - self.docbase
        titles = self._lengths.get("title_f", array("I"))
        titles.extend([0] * (count - len(titles)))
        path = saved.saved_path(folder, saved.BITMAPS_PREFIX, self.newsegment.segment_id())
        saved.write_bitmaps(path, count, self._frequent(count), titles)

    def _frequent(self, count: int) -> Iterator[tuple[tuple[str, str], int, int]]:
        """The saved fields' frequent terms with their bitmaps, as `saved.py` writes them."""
        bits = saved.BITS
        nbytes = (count + 7) // 8
        base = self.docbase
        for name in saved.FIELDS:
            terms = self._fast.get(name)
            threshold = saved.frequent_threshold(count, name)
            if not terms or threshold is None:
                continue
            step = 1 if self._kinds[name] == "exists" else 2
            least = threshold * step
            for term in sorted(t for t, postings in terms.items() if len(postings) >= least):
                postings = terms[term]
                found = bytearray(nbytes)
                often = bytearray(nbytes)
                for d in postings[0::step]:
                    d -= base
                    found[d >> 3] |= bits[d & 7]
                if step == 2:
                    for d, freq in zip(postings[0::2], postings[1::2], strict=True):
                        if freq >= saved.OFTEN:
                            d -= base
                            often[d >> 3] |= bits[d & 7]
                yield (
                    (name, term),
                    int.from_bytes(found, "little"),
                    int.from_bytes(often, "little"),
                )

    def _close_segment(self) -> None:
        self._fast.clear()
        self._slow.clear()
        super()._close_segment()


def _write_fast(
    writer: W3FieldWriter,
    terms: dict[str, list[int]],
    kind: str | None,
    lengths: array[int],
    docbase: int,
) -> None:
    """Write each term's postings (document numbers, with counts for "freq") in term order."""
    exists = kind == "exists"
    postwriter: W3PostingsWriter = writer._postwriter
    limit = postwriter._blocklimit
    level = postwriter._compression
    postings_file = writer._postfile.file
    postings_at = postings_file.tell()
    # The terms table (an OrderedHashWriter) is filled as its `add` would fill it, without
    # its per-term checks and file-position calls: terms come sorted, positions are counted.
    tindex = writer._tindex
    terms_file = tindex.dbfile.file
    terms_at = terms_file.tell()
    buckets = tindex.buckets
    positions = tindex.index
    hashfn = tindex.hashfn
    field_key = pack_ushort(writer._fieldid)
    key = b""
    for term in sorted(terms):
        postings = terms[term]
        if exists:
            docnums, counts = postings, None
        else:
            docnums, counts = postings[0::2], postings[1::2]
        encoded, info = _encode_postings(docnums, counts, lengths, docbase, limit, level)
        postings_file.write(encoded)
        value = info + _EXTENT.pack(postings_at, len(encoded))
        postings_at += len(encoded)
        key = field_key + term.encode("utf-8")
        record = _RECORD_LENGTHS.pack(len(key), len(value)) + key + value
        positions.append(terms_at)
        terms_file.write(record)
        hashed = hashfn(key)
        buckets[hashed & 255].append((hashed, terms_at))
        terms_at += len(record)
    if key:
        tindex.lastkey = key


def _encode_postings(
    docnums: list[int],
    counts: list[int] | None,
    lengths: array[int],
    docbase: int,
    limit: int,
    level: int,
) -> tuple[bytes, bytes]:
    """One term's posting blocks as `W3PostingsWriter` writes them, and its term info (without
    its extent): the same bytes, without a method call per posting.

    Every document of a fast field's posting has a length (it holds at least this term), so
    only a field that is not scorable has none: min length None, max 0, as Whoosh keeps them.
    """
    total = len(docnums)
    if total == 1:
        return _encode_one(docnums[0], counts[0] if counts else None, lengths, docbase, level)
    chunks = [WHOOSH3_HEADER_MAGIC]
    weight_sum = 0.0
    max_weight = 0.0
    min_length: int | None = None
    max_length = 0
    have_lengths = len(lengths) > 0
    for first in range(0, total, limit):
        ids = docnums[first : first + limit]
        deltas = []
        previous = 0  # each block's ids are deltas from 0
        for docnum in ids:
            deltas.append(docnum - previous)
            previous = docnum
        if counts is None:
            weights: tuple[float, ...] | float | None = None
            values = None
            block_weight = 1.0
            weight_sum += float(len(ids))
        else:
            block_counts = counts[first : first + limit]
            block_weight = float(max(block_counts))
            weight_sum += float(sum(block_counts))
            if block_weight == 1.0:
                weights = None
            elif min(block_counts) == block_weight:
                weights = block_weight
            else:
                weights = tuple(float(c) for c in block_counts)
            values = b"".join([_packed(c) for c in block_counts])
        max_weight = max(max_weight, block_weight)
        if have_lengths:
            found = [lengths[d - docbase] for d in ids]
            low: int | None = min(found) or None
            high = max(found)
        else:
            low, high = None, 0
        if min_length is None:
            min_length = low
        elif low is not None:
            min_length = min(min_length, low)
        max_length = max(max_length, high)
        data = zlib.compress(dumps((tuple(deltas), weights, values), 2), level)
        head = dumps(
            (len(ids), ids[-1], block_weight, level, _length_byte(low), _length_byte(high)),
            2,
        )
        size = len(head) + len(data)
        chunks.append(pack_int(-size if first + limit >= total else size))
        chunks.append(head)
        chunks.append(data)
    info = _TERM_INFO.pack(
        0,
        weight_sum,
        total,
        0 if min_length is None else _length_byte(min_length),
        _length_byte(max_length),
        max_weight,
        docnums[0],
        docnums[-1],
    )
    return b"".join(chunks), info


def _encode_one(
    docnum: int, count: int | None, lengths: array[int], docbase: int, level: int
) -> tuple[bytes, bytes]:
    """`_encode_postings` for a term in one document only (most terms of a segment)."""
    if count is None or count == 1:
        weight, weights = 1.0, None
    else:
        weight = weights = float(count)
    values = None if count is None else _packed(count)
    length = lengths[docnum - docbase] if len(lengths) else 0
    low = _length_byte(length or None)
    high = _length_byte(length)
    data = zlib.compress(dumps(((docnum,), weights, values), 2), level)
    head = dumps((1, docnum, weight, level, low, high), 2)
    info = _TERM_INFO.pack(0, weight, 1, low, high, weight, docnum, docnum)
    return WHOOSH3_HEADER_MAGIC + pack_int(-(len(head) + len(data))) + head + data, info


def _write_slow(
    writer: W3FieldWriter,
    terms: dict[bytes, list[tuple[int, float, bytes]]],
    lengths: array[int],
    docbase: int,
) -> None:
    for btext in sorted(terms):
        postings = terms[btext]
        docnums = [posting[0] for posting in postings]
        weights = [posting[1] for posting in postings]
        values = [posting[2] or b"" for posting in postings]
        _write_term(writer, btext, docnums, weights, values, lengths, docbase)


def _write_term(
    writer: W3FieldWriter,
    btext: bytes,
    docnums: list[int],
    weights: list[float] | None,
    values: list[bytes] | None,
    lengths: array[int],
    docbase: int,
) -> None:
    """One term's posting list, in blocks as `W3PostingsWriter.add_posting` would cut them."""
    writer.start_term(btext)
    postings: W3PostingsWriter = writer._postwriter
    limit = postings._blocklimit
    count = len(docnums)
    for start in range(0, count, limit):
        end = min(start + limit, count)
        if start:
            postings._write_block()
        block_ids = docnums[start:end]
        postings._ids = array("I", block_ids)
        if weights is None:
            postings._weights = array("f", [1.0]) * (end - start)
            postings._maxweight = 1.0
        else:
            postings._weights = array("f", weights[start:end])
            postings._maxweight = max(weights[start:end])
        postings._values = [] if values is None else [v for v in values[start:end] if v]
        found = [lengths[d - docbase] for d in block_ids if d - docbase < len(lengths)]
        nonzero = [length for length in found if length]
        postings._minlength = min(nonzero) if nonzero else None
        postings._maxlength = max(nonzero) if nonzero else 0
    writer.finish_term()
