"""Per-segment files beside the Whoosh index: frequent terms' bitmaps, and ids with stamps.

Reading a common word's postings out of Whoosh costs about a microsecond per article; a saved
bitmap costs one slice of a memory-mapped file. Whoosh segments never change once written, so
each file stays valid until its segment is merged away (it is then deleted). A missing or
damaged file only means reading the postings again: these files are a cache, never the truth.

Both files are plain little-endian binary, never pickled (unpickling runs code), and every
length and offset is checked against the file and its segment before use; a file that fails
the check is treated as missing and written again by the next `write_saved`.

Bitmap file (`bitmaps-<segment>.bin`):
    b"RBM3", u64 documents in the segment, u64 entries, u64 bytes of bitmaps, u64 bytes of
    names; the names (UTF-8): per field, its name then its terms, one per line, fields apart
    by an empty line; per entry in that order, u64 offset, u64 document frequency, then per
    frequency tier (TIERS) the u64 length of its bitmap; then the bitmaps (segment-local
    document numbers, little-endian bytes), an entry's tiers one after the other. The
    directory is read with a few splits and one array, not a loop per entry: a
    100,000-article index has over 100,000 entries.
Stamps file (`stamps-<segment>.bin`):
    b"RST1", u64 documents, then per document (by docnum): u32 length, id (UTF-8),
    u32 length, stamp (UTF-8).
"""

from __future__ import annotations

import contextlib
import mmap
import operator
import os
import struct
import sys
import weakref
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

BITS = bytes(1 << i for i in range(8))
BITMAPS_PREFIX = "bitmaps-"
STAMPS_PREFIX = "stamps-"
SUFFIX = ".bin"
BITMAPS_MAGIC = b"RBM3"
STAMPS_MAGIC = b"RST1"
# Terms saved: in at least this many of a segment's articles and 1/share of them.
MIN_DF = 32
FIELDS = {"text_f": 200, "text": 200, "title_f": 200, "title": 200, "text_bi": 100}
# Frequency tiers: a term's bitmaps are of the documents holding it at least this many times
# (the first: at all), what ranking needs of its term frequencies.
TIERS = (1, 2, 3, 5, 8)
# Titles of at most these many syllables, saved under the pseudo-field SHORT_TITLE.
TITLE_LENGTHS = (8, 12)
SHORT_TITLE = "#short_title"
# Each title's length in syllables (at most 2 ** TITLE_BITS - 1) as binary digits: term "j"
# of the pseudo-field TITLE_LENGTH holds the documents whose length has bit j set.
TITLE_BITS = 6
TITLE_LENGTH = "#title_length"
# Lengths of the text (title, lead, body and captions) in syllables that bound the length
# classes saved under the pseudo-field BODY_LENGTH (terms "0" to "4"): ranking's length norm.
BODY_LENGTHS = (150, 300, 500, 800)
BODY_LENGTH = "#body_length"

Key = tuple[str, str]

_U32 = struct.Struct("<I")
_HEAD = struct.Struct("<4sQQQQ")
_ENTRY = struct.Struct(f"<{2 + len(TIERS)}Q")
_WIDTH = 2 + len(TIERS)
Tiers = tuple[int, ...]
"""A term's bitmaps, one per frequency tier (TIERS): `tiers[0]` holds every document."""
_STAMPS_HEAD = struct.Struct("<4sQ")


class DamagedFile(ValueError):
    """A saved file that does not hold what its header says."""


def read_postings(segment: Any, fieldname: str, text: str, wanted: int = len(TIERS)) -> Tiers:
    """The term's bitmaps of the first `wanted` frequency tiers (TIERS) in one segment,
    segment-local."""
    from reader.index.whoosh_codec import posting_blocks

    if (fieldname, text) not in segment:
        return (0,) * wanted
    nbytes = (segment.doc_count_all() + 7) // 8
    tiers = [bytearray(nbytes) for _ in TIERS[:wanted]]
    found = tiers[0]
    higher = list(zip(TIERS[1:], tiers[1:], strict=False))
    bits = BITS
    for ids, weights in posting_blocks(segment.postings(fieldname, text)):
        for d in ids:
            found[d >> 3] |= bits[d & 7]
        if higher and weights is not None:
            for d, weight in zip(ids, weights, strict=False):
                if weight >= 2:
                    _mark(higher, d, weight)
    return tuple(int.from_bytes(tier, "little") for tier in tiers)


def _mark(higher: list[tuple[int, bytearray]], docnum: int, frequency: float) -> None:
    """Set `docnum` in every tier bitmap whose threshold `frequency` reaches."""
    for threshold, tier in higher:
        if frequency < threshold:
            return
        tier[docnum >> 3] |= BITS[docnum & 7]


def body_length_class(length: int) -> int:
    """The BODY_LENGTHS class of a text of `length` syllables (0 to len(BODY_LENGTHS))."""
    for index, limit in enumerate(BODY_LENGTHS):
        if length <= limit:
            return index
    return len(BODY_LENGTHS)


def title_length_bits(lengths: Sequence[int]) -> list[int]:
    """Bitmaps of the binary digits of each document's title length (TITLE_BITS of them,
    longer titles counted as the longest length they can hold)."""
    top = (1 << TITLE_BITS) - 1
    clipped = bytes(min(length, top) for length in lengths)
    out = []
    for bit in range(TITLE_BITS):
        # One character per document, the last document first: an int in base 2.
        table = bytes(0x31 if value >> bit & 1 else 0x30 for value in range(256))
        digits = clipped.translate(table)[::-1]
        out.append(int(digits, 2) if digits else 0)
    return out


def has_segment(segment: Any) -> bool:
    """True for segment readers that know their segment (an empty index has none)."""
    return hasattr(segment, "segment") and segment.segment() is not None


def _path(index_dir: Path, prefix: str, segment: Any) -> Path:
    return saved_path(index_dir, prefix, segment.segment().segment_id())


def saved_path(index_dir: Path, prefix: str, segment_id: str) -> Path:
    """Where the saved file of kind `prefix` of the segment `segment_id` lives."""
    return index_dir / f"{prefix}{segment_id}{SUFFIX}"


def _to_bytes(bitmap: int) -> bytes:
    return bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")


def write_cache_atomic(path: Path, chunks: list[bytes]) -> None:
    """Write beside `path` under a name of this process, then rename over it (no fsync: a
    cache the index checks when it reads it)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _lengths(segment: Any, count: int, fieldname: str) -> list[int]:
    # An article whose field has no word has no length at all (None, not 0).
    return [segment.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]


def frequent_threshold(count: int, fieldname: str) -> int | None:
    """The document frequency from which a term of `fieldname` has its bitmap saved, in a
    segment of `count` documents (None: the field has none saved)."""
    share = FIELDS.get(fieldname)
    return None if share is None else max(MIN_DF, count // share)


def _write_bitmaps(path: Path, segment: Any) -> None:
    count = segment.doc_count_all()

    def frequent() -> Iterator[tuple[Key, Tiers]]:
        for fieldname in FIELDS:
            if fieldname not in segment.schema:
                continue
            threshold = frequent_threshold(count, fieldname)
            for term, info in segment.iter_field(fieldname):
                if threshold is not None and info.doc_frequency() >= threshold:
                    text = term.decode("utf-8")
                    yield (fieldname, text), read_postings(segment, fieldname, text)

    write_bitmaps(
        path,
        count,
        frequent(),
        _lengths(segment, count, "title_f"),
        _lengths(segment, count, "text_f"),
    )


def write_bitmaps(
    path: Path,
    count: int,
    frequent: Iterable[tuple[Key, Tiers]],
    title_lengths: Sequence[int],
    text_lengths: Sequence[int],
) -> None:
    """Write the bitmaps file of a segment of `count` documents: its frequent terms (in
    FIELDS order, then term order) with their tier bitmaps, then the short-title and the
    title-length bitmaps from each title's length in syllables (0 when it has none) and the
    length-class bitmaps from each text's."""
    groups: list[tuple[str, list[str]]] = []
    numbers: list[bytes] = []
    blobs: list[bytes] = []
    offset = 0
    empty = (0,) * (len(TIERS) - 1)

    def keep(key: Key, tiers: Tiers) -> None:
        nonlocal offset
        field, term = key
        if not groups or groups[-1][0] != field:
            groups.append((field, []))
        groups[-1][1].append(term)
        parts = [_to_bytes(tier) for tier in tiers]
        numbers.append(_ENTRY.pack(offset, tiers[0].bit_count(), *map(len, parts)))
        blobs.extend(parts)
        offset += sum(map(len, parts))

    for key, tiers in frequent:
        keep(key, tiers)
    for limit in TITLE_LENGTHS:
        short = bytearray((count + 7) // 8)
        for docnum, length in enumerate(title_lengths):
            if 0 < length <= limit:
                short[docnum >> 3] |= BITS[docnum & 7]
        keep((SHORT_TITLE, str(limit)), (int.from_bytes(short, "little"), *empty))
    for bit, digit in enumerate(title_length_bits(title_lengths)):
        keep((TITLE_LENGTH, str(bit)), (digit, *empty))
    classes = [bytearray((count + 7) // 8) for _ in range(len(BODY_LENGTHS) + 1)]
    for docnum, length in enumerate(text_lengths):
        classes[body_length_class(length)][docnum >> 3] |= BITS[docnum & 7]
    for index, members in enumerate(classes):
        keep((BODY_LENGTH, str(index)), (int.from_bytes(members, "little"), *empty))
    names = "\n\n".join("\n".join((field, *terms)) for field, terms in groups).encode("utf-8")
    head = _HEAD.pack(BITMAPS_MAGIC, count, len(numbers), offset, len(names))
    write_cache_atomic(path, [head, names, *numbers, *blobs])


class Directory:
    """Where each saved term's bitmaps are in a bitmaps file: its numbers (offset, document
    frequency, one length per tier), by field and term (an index into one array, not an
    object per entry). A field's terms are read on its first look-up (a search needs a few of
    the fields). An entry larger than the segment or pointing past the bitmaps (`limits`:
    bytes of a bitmap, documents, bytes of bitmaps) is not found, nor are the terms of a
    field that lists one twice."""

    def __init__(
        self,
        groups: dict[str, tuple[int, str]],
        numbers: array[int],
        limits: tuple[int, int, int] = (0, 0, 0),
    ) -> None:
        self.groups = groups  # field: (number of its first entry, its terms one per line)
        self.numbers = numbers
        self.limits = limits
        self._fields: dict[str, dict[str, int]] = {}

    def terms(self, fieldname: str) -> dict[str, int]:
        """A field's saved terms with the number of each one's entry."""
        found = self._fields.get(fieldname)
        if found is None:
            at, text = self.groups.get(fieldname, (0, ""))
            names = text.split("\n") if text else []
            found = dict(zip(names, range(at, at + len(names)), strict=True))
            if len(found) != len(names):
                found = {}
            self._fields[fieldname] = found
        return found

    def find(self, key: Key) -> tuple[int, ...] | None:
        """(offset, then the length of each tier's bitmap) of a saved term, or None."""
        at = self.terms(key[0]).get(key[1])
        if at is None:
            return None
        at *= _WIDTH
        entry = self.numbers[at : at + _WIDTH]
        nbytes, documents, blob_bytes = self.limits
        lengths = entry[2:]
        if max(lengths) > nbytes or entry[1] > documents or entry[0] + sum(lengths) > blob_bytes:
            return None
        return (entry[0], *lengths)

    def frequencies(self, fieldname: str) -> dict[str, int]:
        numbers = self.numbers
        return {term: numbers[_WIDTH * at + 1] for term, at in self.terms(fieldname).items()}

    def __len__(self) -> int:
        return len(self.numbers) // _WIDTH

    def saved_keys(self) -> list[Key]:
        return [(field, term) for field in self.groups for term in self.terms(field)]


def _parse_bitmaps(
    data: bytes | mmap.mmap, documents: int, thorough: bool = True
) -> tuple[Directory, int]:
    """The directory of a bitmap file and where its bitmaps start; raises DamagedFile.

    Without `thorough`, entries are not checked against the segment's size here (half the
    time at a segment of 12,000 articles) but when looked up (`Directory.find`)."""
    size = len(data)
    if size < _HEAD.size:
        raise DamagedFile("shorter than its header")
    magic, count, entries, blob_bytes, name_bytes = _HEAD.unpack_from(data, 0)
    if magic != BITMAPS_MAGIC:
        raise DamagedFile("not a bitmaps file of this version")
    if count != documents:
        raise DamagedFile(f"made for {count} documents, the segment has {documents}")
    start = _HEAD.size + name_bytes + entries * _ENTRY.size
    if start + blob_bytes != size:
        raise DamagedFile(f"{size} bytes, the header accounts for {start + blob_bytes}")
    try:
        text = bytes(data[_HEAD.size : _HEAD.size + name_bytes]).decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedFile(f"names garbled ({error})") from None
    groups: dict[str, tuple[int, str]] = {}
    at = 0
    for group in text.split("\n\n") if text else ():
        field, _, terms = group.partition("\n")
        if field in groups or not terms:
            raise DamagedFile(f"field {field!r} is listed twice or without terms")
        groups[sys.intern(field)] = (at, terms)
        at += terms.count("\n") + 1
    if at != entries:
        raise DamagedFile(f"{at} names for {entries} entries")
    numbers = array("Q")
    numbers.frombytes(data[_HEAD.size + name_bytes : start])
    if sys.byteorder == "big":
        numbers.byteswap()
    nbytes = (documents + 7) // 8
    directory = Directory(groups, numbers, (nbytes, documents, blob_bytes))
    if entries and thorough:
        if not all(directory.terms(field) for field in groups):  # empty: a term repeated
            raise DamagedFile("directory repeats a term")
        lengths = [numbers[k::_WIDTH] for k in range(2, _WIDTH)]
        if max(map(max, lengths)) > nbytes or max(numbers[1::_WIDTH]) > documents:
            raise DamagedFile("an entry is larger than the segment")
        ends = numbers[0::_WIDTH]
        for column in lengths:
            ends = array("Q", map(operator.add, ends, column))
        if max(ends) > blob_bytes:
            raise DamagedFile("an entry points past the bitmaps")
    return directory, start


def read_ids(segment: Any) -> list[str]:
    """The article id of every document of a segment, deleted ones included, by docnum."""
    from reader.index.whoosh_codec import column_strings

    return column_strings(segment, "id")


def _read_stamps(segment: Any) -> tuple[list[str], list[str]]:
    """(ids, stamps) of every document of a segment, deleted ones included, by docnum."""
    from reader.index.whoosh_codec import column_strings

    return column_strings(segment, "id"), column_strings(segment, "stamp")


def _write_stamps(
    path: Path, segment: Any, known: tuple[list[str], list[str]] | None = None
) -> None:
    """Write the stamps file of `segment` (from its columns, unless `known` has them)."""
    ids, stamps = known or _read_stamps(segment)
    chunks = [_STAMPS_HEAD.pack(STAMPS_MAGIC, len(ids))]
    for article_id, stamp in zip(ids, stamps, strict=True):
        for text in (article_id, stamp):
            raw = text.encode("utf-8")
            chunks.append(_U32.pack(len(raw)) + raw)
    write_cache_atomic(path, chunks)


def _parse_stamps(data: bytes, documents: int) -> tuple[list[str], list[str]]:
    """(ids, stamps) of a stamps file; raises DamagedFile."""
    if len(data) < _STAMPS_HEAD.size:
        raise DamagedFile("shorter than its header")
    magic, count = _STAMPS_HEAD.unpack_from(data, 0)
    if magic != STAMPS_MAGIC:
        raise DamagedFile("not a stamps file")
    if count != documents:
        raise DamagedFile(f"made for {count} documents, the segment has {documents}")
    pos = _STAMPS_HEAD.size
    ids: list[str] = []
    stamps: list[str] = []
    try:
        for _ in range(count):
            for out in (ids, stamps):
                (length,) = _U32.unpack_from(data, pos)
                end = pos + 4 + length
                if end > len(data):
                    raise DamagedFile("cut short")
                out.append(data[pos + 4 : end].decode("utf-8"))
                pos = end
    except (struct.error, UnicodeDecodeError) as error:
        raise DamagedFile(f"cut short or garbled ({error})") from None
    if pos != len(data):
        raise DamagedFile("bytes past the last document")
    return ids, stamps


def _problem(path: Path, segment: Any, thorough: bool = True) -> str | None:
    """Why the saved file at `path` cannot be used for `segment`, or None when it can.

    Without `thorough`, only its header is read and checked against its size (~0.1 s less per
    open at 100,000 articles than parsing every file): damage past the header is then found
    when the file is used (it counts as missing there) and by the thorough check.
    """
    documents = segment.doc_count_all()
    try:
        if not thorough:
            _check_header(path, documents)
        elif path.name.startswith(BITMAPS_PREFIX):
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size == 0:
                    raise DamagedFile("empty")
                with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
                    _parse_bitmaps(view, documents)
        else:
            _parse_stamps(path.read_bytes(), documents)
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        return error.strerror or type(error).__name__
    except DamagedFile as error:
        return str(error)
    return None


def _check_header(path: Path, documents: int) -> None:
    """Raise DamagedFile unless the file's header is its kind's, for `documents` documents,
    and the file is at least as long as the header says."""
    bitmaps = path.name.startswith(BITMAPS_PREFIX)
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        head = handle.read(_HEAD.size if bitmaps else _STAMPS_HEAD.size)
    if bitmaps:
        if len(head) < _HEAD.size:
            raise DamagedFile("shorter than its header")
        magic, count, entries, blob_bytes, name_bytes = _HEAD.unpack(head)
        least = _HEAD.size + name_bytes + entries * _ENTRY.size + blob_bytes
    else:
        if len(head) < _STAMPS_HEAD.size:
            raise DamagedFile("shorter than its header")
        magic, count = _STAMPS_HEAD.unpack(head)
        least = _STAMPS_HEAD.size + count * 2 * _U32.size
    if magic != (BITMAPS_MAGIC if bitmaps else STAMPS_MAGIC):
        raise DamagedFile("not a saved file of its kind")
    if count != documents:
        raise DamagedFile(f"made for {count} documents, the segment has {documents}")
    if size < least:
        raise DamagedFile(f"{size} bytes, the header needs at least {least}")


def check_saved(index_dir: Path, reader: Any) -> list[str]:
    """A line for every saved file that exists but is damaged (a missing one is fine)."""
    problems = []
    for segment, _ in reader.leaf_readers():
        if not has_segment(segment):
            continue
        for prefix in (STAMPS_PREFIX, BITMAPS_PREFIX):
            path = _path(index_dir, prefix, segment)
            problem = _problem(path, segment)
            if problem is not None and problem != "missing":
                problems.append(f"{path}: damaged saved file ({problem}); `reader index` redoes it")
    return problems


def write_saved(index_dir: Path, reader: Any, *, prune: bool = True, thorough: bool = True) -> int:
    """Write the files of every segment that lacks them or whose file is damaged (only its
    header checked, without `thorough`; see `_problem`).

    With `prune`, files of segments no longer in the index are deleted (only a writer that has
    just committed should prune: a reader's view may be older than the index on disk).
    Returns how many files were written.
    """
    keep: set[str] = set()
    written = 0
    for segment, _ in reader.leaf_readers():
        if not has_segment(segment):
            continue
        stamps = _path(index_dir, STAMPS_PREFIX, segment)
        bitmaps = _path(index_dir, BITMAPS_PREFIX, segment)
        keep.update((stamps.name, bitmaps.name))
        if _problem(stamps, segment, thorough) is not None:
            _write_stamps(stamps, segment)
            written += 1
        if _problem(bitmaps, segment, thorough) is not None:
            _write_bitmaps(bitmaps, segment)
            written += 1
    if prune:
        for prefix in (BITMAPS_PREFIX, STAMPS_PREFIX):
            for stale in index_dir.glob(f"{prefix}*"):
                if stale.name not in keep:
                    with contextlib.suppress(OSError):  # still mapped by a reader elsewhere
                        stale.unlink()
    return written


class SavedBitmaps:
    """The saved bitmaps of one segment, each read from the file when asked for.

    The file is mapped only while its directory is read: bitmaps are then read with `pread`,
    so what the process has read stays in the page cache, not in its resident memory (a
    mapped page counts there once touched, and searches touch every frequent term's pages).
    """

    def __init__(self, index_dir: Path | None, segment: Any) -> None:
        self.directory = Directory({}, array("Q"))
        self._fd: int | None = None
        self._base = 0
        if index_dir is None or not has_segment(segment):
            return
        path = _path(index_dir, BITMAPS_PREFIX, segment)
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:  # missing: a cache miss
            return
        try:
            with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as view:
                self.directory, self._base = _parse_bitmaps(
                    view, segment.doc_count_all(), thorough=False
                )
        except (OSError, ValueError):  # empty or damaged: a cache miss
            os.close(fd)
            return
        self._fd = fd
        # Closed when this object goes (it lives as long as its searcher's Bitmaps).
        weakref.finalize(self, os.close, fd)

    def __bool__(self) -> bool:
        return self._fd is not None

    def get(self, key: Key, tiers: int = len(TIERS)) -> Tiers | None:
        """The term's bitmaps of the first `tiers` frequency tiers when saved, else None."""
        entry = self.directory.find(key)
        if entry is None or self._fd is None:
            return None
        offset, *lengths = entry
        del lengths[tiers:]
        data = memoryview(os.pread(self._fd, sum(lengths), self._base + offset))
        found = []
        at = 0
        for length in lengths:
            found.append(int.from_bytes(data[at : at + length], "little"))
            at += length
        return tuple(found)

    def frequencies(self, fieldname: str) -> dict[str, int]:
        """Saved terms of a field with their document frequencies in this segment."""
        return self.directory.frequencies(fieldname)


def segment_stamps(index_dir: Path, reader: Any) -> dict[str, str]:
    """Every live document's id and stamp, from the per-segment files where they exist."""
    result: dict[str, str] = {}
    for segment, _ in reader.leaf_readers():
        if not has_segment(segment):
            continue
        try:
            path = _path(index_dir, STAMPS_PREFIX, segment)
            ids, stamps = _parse_stamps(path.read_bytes(), segment.doc_count_all())
        except (OSError, DamagedFile):  # missing or damaged: read the columns instead
            ids, stamps = _read_stamps(segment)
            with contextlib.suppress(OSError):  # and mend the file for next time
                _write_stamps(path, segment, (ids, stamps))
        if segment.has_deletions():
            result.update(
                (i, s)
                for n, (i, s) in enumerate(zip(ids, stamps, strict=False))
                if not segment.is_deleted(n)
            )
        else:
            result.update(zip(ids, stamps, strict=False))
    return result
