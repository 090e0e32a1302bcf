"""What the index wrote, so that damage to its files is found instead of crashing a search.

Whoosh's files carry no checksums: a truncated, garbled or deleted segment file surfaces as
whatever error its decoder happens to raise (a struct error, an unpickling error, a None),
often only when one query touches the damaged part. Segments never change once written, so
after each commit the index records, per segment, every file's size and CRC-32
(`sums-<segment>.json`, beside the segment). Sizes are compared on every open (one `stat` per
file); checksums when a read has failed, to tell a damaged index (rebuilt from the archive)
from a bug (reported as one).
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Iterable
from pathlib import Path

RECORD_PREFIX = "sums-"
RECORD_SUFFIX = ".json"
_CHUNK = 1 << 20


def record_path(index_dir: Path, segment_id: str) -> Path:
    """Where the record of one segment's files lives."""
    return index_dir / f"{RECORD_PREFIX}{segment_id}{RECORD_SUFFIX}"


def _segment_files(index_dir: Path, segment_id: str) -> list[Path]:
    return sorted(index_dir.glob(f"{segment_id}.*"))


def _crc32(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def _read(index_dir: Path, segment_id: str) -> dict[str, tuple[int, int]] | None:
    """The recorded (size, crc) of each file of a segment; None without a usable record."""
    try:
        files = json.loads(record_path(index_dir, segment_id).read_text("utf-8"))["files"]
        return {str(name): (int(size), int(crc)) for name, (size, crc) in files.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def record(index_dir: Path, segment_ids: Iterable[str], *, prune: bool = False) -> int:
    """Write the record of every segment in `segment_ids` that has none; returns how many.

    With `prune`, records of other segments (merged away) are deleted: only a writer that
    has just committed should prune, as for the saved bitmaps.
    """
    written = 0
    keep = set()
    for segment_id in segment_ids:
        path = record_path(index_dir, segment_id)
        keep.add(path.name)
        if _read(index_dir, segment_id) is not None:
            continue
        files = {
            p.name: [p.stat().st_size, _crc32(p)] for p in _segment_files(index_dir, segment_id)
        }
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"files": files}), "utf-8")
        os.replace(tmp, path)
        written += 1
    if prune:
        for stale in index_dir.glob(f"{RECORD_PREFIX}*{RECORD_SUFFIX}"):
            if stale.name not in keep:
                with contextlib.suppress(OSError):
                    stale.unlink()
    return written


def size_problem(index_dir: Path, segment_ids: Iterable[str]) -> str | None:
    """The first recorded file that is missing or not of its recorded size, or None."""
    for segment_id in segment_ids:
        recorded = _read(index_dir, segment_id)
        for name, (size, _) in (recorded or {}).items():
            try:
                actual = os.stat(index_dir / name).st_size
            except OSError:
                return f"{name} is missing"
            if actual != size:
                return f"{name} has {actual} bytes, {size} were written"
    return None


def checksum_problem(index_dir: Path, segment_ids: Iterable[str]) -> str | None:
    """The first recorded file whose content is not what was written, or None.

    Reads every file of the index: called only when a read has already failed.
    """
    problem = size_problem(index_dir, segment_ids := list(segment_ids))
    if problem is not None:
        return problem
    for segment_id in segment_ids:
        for name, (_, crc) in (_read(index_dir, segment_id) or {}).items():
            try:
                if _crc32(index_dir / name) != crc:
                    return f"{name} is not what was written"
            except OSError as error:
                return f"{name} cannot be read ({error.strerror or type(error).__name__})"
    return None
