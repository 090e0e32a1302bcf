"""Per-segment files beside the Whoosh index: frequent terms' bitmaps, and ids with stamps.

Reading a common word's postings out of Whoosh costs about a microsecond per article; a saved
bitmap costs one slice of a memory-mapped file. Whoosh segments never change once written, so
each file stays valid until its segment is merged away (it is then deleted). A missing or
damaged file only means reading the postings again: these files are a cache, never the truth.

Bitmap file layout: 8 bytes little-endian length N, N bytes of a pickled directory
`{(field, term): (offset, found_length, often_length, doc_frequency)}`, then the bitmaps
(segment-local document numbers, little-endian bytes).
"""

from __future__ import annotations

import contextlib
import mmap
import os
import pickle
from pathlib import Path
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher

BITS = bytes(1 << i for i in range(8))
BITMAPS_PREFIX = "bitmaps-"
STAMPS_PREFIX = "stamps-"
# Terms saved: in at least this many of a segment's articles and 1/share of them.
MIN_DF = 32
FIELDS = {"text_f": 200, "text": 200, "title_f": 200, "title": 200, "text_bi": 100}
# "Often": occurrences of a word in one article that earn the frequency bitmap.
OFTEN = 3
# Titles of at most these many syllables, saved under the pseudo-field SHORT_TITLE.
TITLE_LENGTHS = (8, 12)
SHORT_TITLE = "#short_title"

Key = tuple[str, str]


def _unwrap(matcher: Any) -> Any:
    while not isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "child"):
        matcher = matcher.child
    return matcher


def read_postings(segment: Any, fieldname: str, text: str) -> tuple[int, int]:
    """(documents, documents with the term OFTEN times) of one segment, segment-local."""
    if (fieldname, text) not in segment:
        return 0, 0
    nbytes = (segment.doc_count_all() + 7) // 8
    found = bytearray(nbytes)
    often = bytearray(nbytes)
    any_often = False
    bits = BITS
    matcher = _unwrap(segment.postings(fieldname, text))
    if isinstance(matcher, W3LeafMatcher):
        # Block by block: one unpickle per 128 postings instead of calls per posting.
        while matcher.is_active():
            matcher._read_ids()
            weights = matcher._data[1]
            ids = matcher._ids
            for d in ids:
                found[d >> 3] |= bits[d & 7]
            if weights is not None and not isinstance(weights, float):
                for d, weight in zip(ids, weights, strict=False):
                    if weight >= OFTEN:
                        often[d >> 3] |= bits[d & 7]
                        any_often = True
            matcher._next_block()
    else:  # another codec: the generic, slower path
        while matcher.is_active():
            d = matcher.id()
            found[d >> 3] |= bits[d & 7]
            if matcher.weight() >= OFTEN:
                often[d >> 3] |= bits[d & 7]
                any_often = True
            matcher.next()
    return int.from_bytes(found, "little"), int.from_bytes(often, "little") if any_often else 0


def has_segment(segment: Any) -> bool:
    """True for segment readers that know their segment (an empty index has none)."""
    return hasattr(segment, "segment") and segment.segment() is not None


def _path(index_dir: Path, prefix: str, segment: Any, suffix: str) -> Path:
    return index_dir / f"{prefix}{segment.segment().segment_id()}{suffix}"


def _to_bytes(bitmap: int) -> bytes:
    return bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")


def _write_bitmaps(path: Path, segment: Any) -> None:
    directory: dict[Key, tuple[int, int, int, int]] = {}
    blobs: list[bytes] = []
    offset = 0

    def keep(key: Key, found: int, often: int) -> None:
        nonlocal offset
        first, second = _to_bytes(found), _to_bytes(often)
        directory[key] = (offset, len(first), len(second), found.bit_count())
        blobs.extend((first, second))
        offset += len(first) + len(second)

    count = segment.doc_count_all()
    for fieldname, share in FIELDS.items():
        if fieldname not in segment.schema:
            continue
        threshold = max(MIN_DF, count // share)
        for term, info in segment.iter_field(fieldname):
            if info.doc_frequency() >= threshold:
                text = term.decode("utf-8")
                keep((fieldname, text), *read_postings(segment, fieldname, text))
    lengths = [segment.doc_field_length(d, "title_f", 0) for d in range(count)]
    for limit in TITLE_LENGTHS:
        short = bytearray((count + 7) // 8)
        for docnum, length in enumerate(lengths):
            if 0 < length <= limit:
                short[docnum >> 3] |= BITS[docnum & 7]
        keep((SHORT_TITLE, str(limit)), int.from_bytes(short, "little"), 0)
    head = pickle.dumps(directory, protocol=pickle.HIGHEST_PROTOCOL)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(len(head).to_bytes(8, "little"))
        handle.write(head)
        for blob in blobs:
            handle.write(blob)
    os.replace(tmp, path)


def _read_stamps(segment: Any) -> tuple[list[str], list[str]]:
    """(ids, stamps) of every document of a segment, deleted ones included, by docnum."""
    ids = [_decode(v) for v in segment.column_reader("id")]
    stamps = [_decode(v) for v in segment.column_reader("stamp")]
    return ids, stamps


def _decode(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def write_saved(index_dir: Path, reader: Any) -> None:
    """Write the files of every segment that lacks them; delete those of merged segments."""
    keep = set()
    for segment, _ in reader.leaf_readers():
        if not has_segment(segment):
            continue
        stamps = _path(index_dir, STAMPS_PREFIX, segment, ".pickle")
        bitmaps = _path(index_dir, BITMAPS_PREFIX, segment, ".bin")
        keep.update((stamps.name, bitmaps.name))
        if not stamps.exists():
            tmp = stamps.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(_read_stamps(segment), protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, stamps)
        if not bitmaps.exists():
            _write_bitmaps(bitmaps, segment)
    for prefix in (BITMAPS_PREFIX, STAMPS_PREFIX):
        for stale in index_dir.glob(f"{prefix}*"):
            if stale.name not in keep:
                with contextlib.suppress(OSError):  # still mapped by a reader elsewhere
                    stale.unlink()


class SavedBitmaps:
    """The saved bitmaps of one segment, read lazily from a memory map."""

    def __init__(self, index_dir: Path | None, segment: Any) -> None:
        self.directory: dict[Key, tuple[int, int, int, int]] = {}
        self._map: mmap.mmap | None = None
        self._base = 0
        if index_dir is None or not has_segment(segment):
            return
        path = _path(index_dir, BITMAPS_PREFIX, segment, ".bin")
        try:
            with open(path, "rb") as handle:
                size = int.from_bytes(handle.read(8), "little")
                if size > os.fstat(handle.fileno()).st_size - 8:
                    raise ValueError(f"{path.name}: truncated")
                self.directory = pickle.loads(handle.read(size))
                self._map = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            self._base = 8 + size
        except Exception:  # missing or damaged (unpickling raises many types): a cache miss
            self.directory, self._map = {}, None

    def __bool__(self) -> bool:
        return self._map is not None

    def get(self, key: Key) -> tuple[int, int] | None:
        """(documents, documents with the term often) when saved, else None."""
        entry = self.directory.get(key)
        if entry is None or self._map is None:
            return None
        offset, first, second, _ = entry
        start = self._base + offset
        view = self._map
        found = int.from_bytes(view[start : start + first], "little")
        often = int.from_bytes(view[start + first : start + first + second], "little")
        return found, often

    def frequencies(self, fieldname: str) -> dict[str, int]:
        """Saved terms of a field with their document frequencies in this segment."""
        return {text: e[3] for (name, text), e in self.directory.items() if name == fieldname}


def segment_stamps(index_dir: Path, reader: Any) -> dict[str, str]:
    """Every live document's id and stamp, from the per-segment files where they exist."""
    result: dict[str, str] = {}
    for segment, _ in reader.leaf_readers():
        if not has_segment(segment):
            continue
        try:
            path = _path(index_dir, STAMPS_PREFIX, segment, ".pickle")
            ids, stamps = pickle.loads(path.read_bytes())
        except Exception:  # missing or damaged (unpickling raises many types): a cache miss
            ids, stamps = _read_stamps(segment)
        if segment.has_deletions():
            result.update(
                (i, s)
                for n, (i, s) in enumerate(zip(ids, stamps, strict=False))
                if not segment.is_deleted(n)
            )
        else:
            result.update(zip(ids, stamps, strict=False))
    return result
