"""The date order of one index generation, kept beside the index between runs.

Every answer's ties are broken by the articles' order newest first, then by id
(`Bitmaps.date_order`), so the first search of a generation needs it. Making it means reading
every article's id and sorting twice (~50 ms at 24,842 articles, a third of a first search);
reading it back takes a fraction of a millisecond. It is a cache: ORDER_FILE holds the order
of the segments named in its header, with a CRC-32 of the order; any other generation, or a
file that does not check, is a miss and the order is made again.

Layout: magic `RDO1`, the header's length (u32), the header (`segment:documents` lines,
UTF-8), the order's CRC-32 (u32), then one little-endian i32 document number per document.
A change to how the order is made must change the magic, so that kept orders are made again.
"""

from __future__ import annotations

import contextlib
import struct
import sys
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path

from reader.index.saved import write_cache_atomic

ORDER_FILE = "date-order.bin"
_MAGIC = b"RDO1"
_LENGTH = struct.Struct("<I")

Generation = Sequence[tuple[str, int]]
"""The segments of a generation in document-number order: (segment id, documents)."""


def _header(generation: Generation) -> bytes:
    return "\n".join(f"{segment}:{count}" for segment, count in generation).encode("utf-8")


def _little(order: array[int]) -> bytes:
    if sys.byteorder == "little":
        return order.tobytes()
    swapped = array("i", order)
    swapped.byteswap()
    return swapped.tobytes()


def read_order(index_dir: Path, generation: Generation, size: int) -> array[int] | None:
    """The order kept for `generation` (`size` documents), or None when there is none."""
    header = _header(generation)
    try:
        data = (index_dir / ORDER_FILE).read_bytes()
    except OSError:
        return None
    start = len(_MAGIC) + _LENGTH.size
    if data[: len(_MAGIC)] != _MAGIC or len(data) < start:
        return None
    (length,) = _LENGTH.unpack_from(data, len(_MAGIC))
    if data[start : start + length] != header:
        return None
    body = start + length + _LENGTH.size
    if len(data) != body + 4 * size:
        return None
    (crc,) = _LENGTH.unpack_from(data, start + length)
    if zlib.crc32(data[body:]) != crc:
        return None
    order = array("i")
    order.frombytes(data[body:])
    if sys.byteorder != "little":
        order.byteswap()
    return order


def write_order(index_dir: Path, generation: Generation, order: array[int]) -> None:
    """Keep `order` as the date order of `generation` (a cache: a failure is a miss later)."""
    header = _header(generation)
    body = _little(order)
    chunks = [_MAGIC, _LENGTH.pack(len(header)), header, _LENGTH.pack(zlib.crc32(body)), body]
    with contextlib.suppress(OSError):
        write_cache_atomic(index_dir / ORDER_FILE, chunks)
