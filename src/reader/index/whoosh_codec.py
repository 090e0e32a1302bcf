"""Every use of Whoosh's internals, in one module, for the one version it was tested with.

The reader reads and writes Whoosh's own file format (whoosh-reloaded, pinned exactly in
pyproject.toml), and for speed it reaches past Whoosh's public API in three places, all here:

- `InvertingWriter`, a segment writer for pre-analysed documents: the same files, a fraction
  of the work. Whoosh's `SegmentWriter` runs every term through an analyzer generator, puts
  each posting in a pool as a tuple, sorts the pool (spilling pickled runs to disk past its
  memory limit), then writes each posting one call at a time, reading the document's field
  length back from disk for each (~7 ms of CPU per article, profiled on 2,000 articles).
  Our text fields hold terms that `reader.text.tokens` already made, space-separated: this
  writer splits them with one regular expression, appends each document number to its term's
  list in a dict, and at the end writes every term's blocks and term info in Whoosh's format,
  byte for byte Whoosh's own (`tests/index/test_segment_writer.py`). Fields it cannot split
  (ids, keywords, dates) give their terms through the field's own `index()`; every field
  must have Frequency or Existence postings, the two formats of our schema.
- `commit_segments`: adding segments written elsewhere (by writer processes) to an index.
- `posting_blocks`: a term's postings read a block at a time (one unpickle per 128 postings
  instead of calls per posting).
- `column_strings`: a text column read in one piece (a call per value reads 25,000 ids in
  ~80 ms, one read and slicing in a few).

Importing this module with another Whoosh version fails with a one-line reason: the files
these functions write and read are only known to be right for the version they were tested
with.
"""

from __future__ import annotations

import re
import struct
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import accumulate
from pathlib import Path
from pickle import dumps
from typing import Any

import whoosh
from whoosh import columns as wcolumns
from whoosh import fields as wfields
from whoosh import formats
from whoosh.analysis.tokenizers import RegexTokenizer
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.system import pack_int, pack_uint, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import NO_MERGE, SegmentWriter

TESTED_WHOOSH = "2.7.5"
if whoosh.versionstring() != TESTED_WHOOSH:
    raise ImportError(
        f"reader needs whoosh-reloaded {TESTED_WHOOSH} (its index files are written with that "
        f"version's internals), but {whoosh.versionstring()} is installed: "
        f"pip install 'whoosh-reloaded=={TESTED_WHOOSH}'"
    )

from reader.index import saved  # noqa: E402  (after the version check)

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


def _posting_kind(field: wfields.FieldType) -> str:
    """ "freq" (Frequency postings) or "exists" (Existence postings), the two formats of
    our schema; anything else is refused rather than written wrong."""
    fmt = field.format
    if (
        field.vector
        or field.separate_spelling()
        or getattr(fmt, "field_boost", None) != 1.0
        or type(fmt) not in (formats.Frequency, formats.Existence)
    ):
        raise ValueError(f"InvertingWriter cannot write the field {field!r}")
    return "freq" if type(fmt) is formats.Frequency else "exists"


def _splits_on_spaces(field: wfields.FieldType) -> bool:
    """Whether `field` holds space-separated terms this writer can split itself."""
    analyzer: Any = getattr(field, "analyzer", None)
    if type(analyzer) is not RegexTokenizer:
        return False
    return bool(analyzer.expression.pattern == _SPACE_PATTERN and not analyzer.gaps)


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
        indexed = [(name, field) for name, field in self.schema.items() if field.indexed]
        self._kinds = {name: _posting_kind(field) for name, field in indexed}
        self._split = {name for name, field in indexed if _splits_on_spaces(field)}
        # field -> term -> [docnum, ...] ("exists") or [docnum, freq, docnum, freq, ...]; a
        # term is a str when split here, bytes when the field's own `index()` made it.
        self._terms: dict[str, dict[Any, list[int]]] = {}
        # field -> each document's length as the length column gives it back (0 if none).
        self._lengths: dict[str, array[int]] = {}
        self.postings = 0

    def finish_segment(self) -> Any:
        """Write the segment out and return it, for another process to commit."""
        return self._finalize_segment()

    def close_segment(self) -> None:
        """Close an empty segment without writing it."""
        self._close_segment()

    def _merge_segments(self, mergetype: Any, optimize: Any, merge: Any) -> list[Any]:
        """Never merge: a merge feeds old postings through the pool, which is not written."""
        kept: list[Any] = NO_MERGE(self, self.segments)
        return kept

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
        exists = self._kinds[name] == "exists"
        counts: dict[Any, int]
        if name in self._split:
            words = _split(value)
            counts = dict.fromkeys(words, 1) if exists else Counter(words)
        else:
            counts = {btext: freq for btext, freq, _, _ in field.index(value)}
        if not counts:
            return 0
        terms = self._terms.setdefault(name, {})
        if exists:
            for term in counts:
                found = terms.get(term)
                if found is None:
                    terms[term] = [docnum]
                else:
                    found.append(docnum)
        else:
            for term, freq in counts.items():
                found = terms.get(term)
                if found is None:
                    terms[term] = [docnum, freq]
                else:
                    found.append(docnum)
                    found.append(freq)
        self.postings += len(counts)
        return sum(counts.values()) if field.scorable else 0

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        if self.saved_dir is not None:
            self._write_bitmaps(self.saved_dir)
        writer = self.fieldwriter
        for name in sorted(self._terms):
            writer.start_field(name, self.schema[name])
            lengths = self._lengths.get(name, array("I"))
            exists = self._kinds[name] == "exists"
            _write_field(writer, self._terms.pop(name), exists, lengths, self.docbase)
            writer.finish_field()
        writer.close()

    def _write_bitmaps(self, folder: Path) -> None:
        count = self.docnum - self.docbase

        def lengths(name: str) -> array[int]:
            found = self._lengths.get(name, array("I"))
            found.extend([0] * (count - len(found)))
            return found

        path = saved.saved_path(folder, saved.BITMAPS_PREFIX, self.newsegment.segment_id())
        saved.write_bitmaps(
            path, count, self._frequent(count), lengths("title_f"), lengths("text_f")
        )

    def _frequent(self, count: int) -> Iterator[tuple[tuple[str, str], saved.Tiers]]:
        """The saved fields' frequent terms with their tier bitmaps, as `saved.py` writes
        them."""
        bits = saved.BITS
        nbytes = (count + 7) // 8
        base = self.docbase
        thresholds = saved.TIERS[1:]
        for name in saved.FIELDS:
            terms = self._terms.get(name)
            threshold = saved.frequent_threshold(count, name)
            if not terms or threshold is None:
                continue
            step = 1 if self._kinds[name] == "exists" else 2
            least = threshold * step
            for term in sorted(t for t, postings in terms.items() if len(postings) >= least):
                postings = terms[term]
                tiers = [bytearray(nbytes) for _ in saved.TIERS]
                found = tiers[0]
                for d in postings[0::step]:
                    d -= base
                    found[d >> 3] |= bits[d & 7]
                if step == 2:
                    for d, freq in zip(postings[0::2], postings[1::2], strict=True):
                        for threshold_, tier in zip(thresholds, tiers[1:], strict=True):
                            if freq < threshold_:
                                break
                            tier[(d - base) >> 3] |= bits[(d - base) & 7]
                yield (name, term), tuple(int.from_bytes(tier, "little") for tier in tiers)

    def _close_segment(self) -> None:
        self._terms.clear()
        super()._close_segment()


def _write_field(
    writer: W3FieldWriter,
    terms: dict[Any, list[int]],
    exists: bool,
    lengths: array[int],
    docbase: int,
) -> None:
    """Write each term's postings (document numbers, with counts unless `exists`) in term
    order (str and UTF-8 order agree)."""
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
    # A term in one document (half of a segment's terms) is encoded by its document and count
    # alone: those of one document are encoded once.
    lone: dict[tuple[int, ...], tuple[bytes, bytes]] = {}
    lone_size = 1 if exists else 2
    for term in sorted(terms):
        postings = terms[term]
        single = tuple(postings) if len(postings) == lone_size else None
        found = lone.get(single) if single is not None else None
        if found is None:
            docnums, counts = (postings, None) if exists else (postings[0::2], postings[1::2])
            found = _encode_postings(docnums, counts, lengths, docbase, limit, level)
            if single is not None:
                lone[single] = found
        encoded, info = found
        postings_file.write(encoded)
        value = info + _EXTENT.pack(postings_at, len(encoded))
        postings_at += len(encoded)
        key = field_key + (term if isinstance(term, bytes) else term.encode("utf-8"))
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

    Every document of a scorable field's posting has a length (it holds at least this term),
    so only a field that is not scorable has none: min length None, max 0, as Whoosh keeps
    them.
    """
    total = len(docnums)
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


def commit_segments(writer: SegmentWriter, new: list[Any]) -> None:
    """Commit `writer` (holding the index lock, with its deletions) with the segments `new`
    written by other processes added to the index as they are: no merge."""
    segments = NO_MERGE(writer, writer.segments)
    writer._close_segment()
    writer._commit_toc(segments + new)
    writer._finish()


def check_open(writer: SegmentWriter) -> None:
    """Raise Whoosh's error if `writer` has been committed or cancelled."""
    writer._check_state()


def posting_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float] | None]]:
    """A term's postings as (document numbers, weights or None when all are 1), a block at a
    time, from the matcher `segment.postings(...)` gives; any other kind of matcher is read
    one posting at a time."""
    while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            matcher._read_ids()
            weights = matcher._data[1]
            ids = matcher._ids
            if isinstance(weights, float):  # the block's postings share one weight
                weights = [weights] * len(ids)
            yield ids, weights
            matcher._next_block()
    else:
        while matcher.is_active():
            yield [matcher.id()], [matcher.weight()]
            matcher.next()


def column_strings(segment: Any, fieldname: str) -> list[str]:
    """Every document's value of a text column of `segment`, by document number."""
    column = segment.schema[fieldname].column_type
    if not isinstance(column, wcolumns.VarBytesColumn) or not segment.has_column(fieldname):
        values = segment.column_reader(fieldname)  # another layout: value by value
        return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]
    dbfile, base, size = segment._perdoc._get_column_file(fieldname)
    return [
        v.decode("utf-8") for v in var_bytes_values(dbfile, base, size, segment.doc_count_all())
    ]


def var_bytes_values(dbfile: Any, base: int, size: int, count: int) -> list[bytes]:
    """The values of a `VarBytesColumn` of `count` documents written at `base` in `dbfile`:
    its lengths array read as `VarBytesColumn.Reader` reads it, its values in one read."""
    last = base + size - 1
    code = chr(dbfile.get_byte(last))
    if code == "X":  # offsets were written too, before the last three bytes
        code = chr(dbfile.get_byte(last - 2))
        last = last - 2 - count * struct.calcsize(chr(dbfile.get_byte(last - 1)))
    lengths = dbfile.get_array(last - struct.calcsize(code) * count, code, count)
    ends = list(accumulate(lengths))
    data = bytes(dbfile.get(base, ends[-1] if ends else 0))
    return [data[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
