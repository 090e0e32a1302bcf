"""The index's folder over time: create, open and check, rebuild beside and swap, recover.

An index is a folder the reader owns (`folder.py`). It records its schema version and the
archive it was built from (VERSION_FILE), and the size and checksum of each file it wrote
(`integrity.py`). A rebuild writes a complete new index beside the old one
(`.<name>.new-<pid>-<n>`) and swaps it in with two renames; a crash between them leaves
`.<name>.old-...`, which the next open puts back. Leftovers of dead processes lose their index
files on the next open.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from whoosh import index as windex

from reader.index import integrity
from reader.index.folder import claim, ensure_own, is_index_file, is_marked, mark
from reader.index.saved import has_segment, write_saved
from reader.index.schema import SCHEMA_VERSION, VERSION_FILE, build_schema
from reader.index.writing import WRITER_MB, Progress, feed, parallel_writer, use_parallel
from reader.model.article import Article

# The archive an index is built from: its id (kept in the archive directory) and its path.
ArchiveOrigin = tuple[str, str]
INDEX_NAME = "MAIN"


class IndexUnavailable(Exception):
    """The index is missing, unreadable or from another schema version."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def open_checked(index_dir: Path, create: bool, origin: ArchiveOrigin | None) -> None:
    """Make `index_dir` an index the reader can open, of the archive `origin` when given.

    Raises:
        IndexFolderRefused: `index_dir` holds files the reader did not write (see
            `reader.index.folder`); nothing in it is touched.
        IndexUnavailable: it is missing, damaged, of another version or built from another
            archive and `create` is False. With `create`, such an index is replaced by an
            empty one.
    """
    ensure_own(index_dir)
    recover_swap(index_dir)
    problem = diagnose(index_dir, origin[0] if origin else None)
    if problem is not None:
        if not create:
            raise IndexUnavailable(problem)
        claim(index_dir)
        swap_in(index_dir, build_beside(index_dir, (), None, None, origin))
    elif origin is not None:
        with contextlib.suppress(OSError, ValueError):
            if read_record(index_dir).get("archive_id") is None:
                # Built before indexes recorded their archive: adopt it.
                write_version(index_dir, origin)


def open_whoosh(index_dir: Path) -> Any:
    """Whoosh's index object over a checked folder."""
    return windex.open_dir(str(index_dir), indexname=INDEX_NAME)


def read_record(index_dir: Path) -> dict[str, Any]:
    """The index's own record (schema version, archive it was built from)."""
    value = json.loads((index_dir / VERSION_FILE).read_text("utf-8"))
    if not isinstance(value, dict):
        raise ValueError("the version record is not an object")
    return value


def diagnose(index_dir: Path, archive_id: str | None = None) -> str | None:
    """Why the index at `index_dir` cannot be used, or None when it can.

    With `archive_id`, an index recorded as built from another archive cannot be used (one
    recorded without an archive is adopted by `ArticleIndex.open`).
    """
    if not index_dir.is_dir():
        return f"no index at {index_dir}"
    try:
        if not windex.exists_in(str(index_dir), indexname=INDEX_NAME):
            return f"no index at {index_dir}"
        version_path = index_dir / VERSION_FILE
        if not version_path.is_file():
            return f"index at {index_dir} has no version record: rebuild it"
        record = read_record(index_dir)
        version = record.get("schema_version")
        if version != SCHEMA_VERSION:
            return (
                f"index at {index_dir} has schema version {version}, "
                f"this reader needs {SCHEMA_VERSION}: rebuild it"
            )
        built_from = record.get("archive_id")
        if archive_id is not None and built_from is not None and built_from != archive_id:
            where = record.get("archive_path") or "an unknown place"
            return f"index at {index_dir} was built from another archive ({where})"
        ix = windex.open_dir(str(index_dir), indexname=INDEX_NAME)
        try:
            if set(ix.schema.names()) != set(build_schema().names()):
                return f"index at {index_dir} has different fields: rebuild it"
            with ix.reader() as reader:
                reader.doc_count()
                damage = integrity.size_problem(index_dir, segment_ids(reader))
            if damage is not None:
                return f"index at {index_dir} is damaged ({damage}): rebuild it"
        finally:
            ix.close()
    except Exception as error:  # a damaged index raises anything from pickle to struct
        return f"index at {index_dir} is unreadable ({type(error).__name__}): rebuild it"
    return None


def create(index_dir: Path, origin: ArchiveOrigin | None) -> None:
    index_dir.mkdir(parents=True, exist_ok=True)
    mark(index_dir)
    windex.create_in(str(index_dir), build_schema(), indexname=INDEX_NAME).close()
    write_version(index_dir, origin)


def write_version(index_dir: Path, origin: ArchiveOrigin | None) -> None:
    record: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    if origin is not None:
        record["archive_id"], record["archive_path"] = origin
    tmp = index_dir / f".{VERSION_FILE}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(record, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / VERSION_FILE)


def segment_ids(reader: Any) -> list[str]:
    """The ids of the segments `reader` reads (none for an empty index)."""
    return [leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if has_segment(leaf)]


def build_beside(
    index_dir: Path,
    items: Iterable[tuple[Article, str]],
    total: int | None,
    progress: Progress | None,
    origin: ArchiveOrigin | None = None,
) -> Path:
    """Build a complete index in a temporary directory next to `index_dir`."""
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    remove_dead_builds(index_dir)
    fresh = index_dir.parent / f".{index_dir.name}.new-{os.getpid()}-{time.monotonic_ns()}"
    create(fresh, origin)
    ix = windex.open_dir(str(fresh), indexname=INDEX_NAME)
    try:
        parallel = use_parallel(total)
        writer = (
            parallel_writer(ix, fresh, total)
            if parallel
            else ix.writer(limitmb=WRITER_MB, compound=False)
        )
        count = feed(writer, items, progress, replace=False)
        writer.commit()
        with ix.reader() as reader:
            write_saved(fresh, reader)
            integrity.record(fresh, segment_ids(reader), prune=True)
        if progress is not None:
            progress(count)
    except BaseException:
        ix.close()
        remove_index_folder(fresh)
        raise
    ix.close()
    return fresh


def swap_in(index_dir: Path, fresh: Path) -> None:
    """Replace the index at `index_dir` by `fresh`. Whatever the old folder held that the index
    did not write (a README, a user's note) is moved into the new one, so that the only files
    deleted are the old index's own."""
    old = index_dir.parent / f".{index_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    if index_dir.exists():
        ensure_own(index_dir)
        for entry in index_dir.iterdir():
            if not is_index_file(entry.name) or not entry.is_file() or entry.is_symlink():
                os.replace(entry, fresh / entry.name)
        os.replace(index_dir, old)
    os.replace(fresh, index_dir)
    remove_index_folder(old)


def remove_index_folder(folder: Path) -> None:
    """Delete the index files in `folder`, then the folder if that left it empty: never a file
    the index did not write, whatever the folder's name says."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if is_index_file(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    with contextlib.suppress(OSError):
        folder.rmdir()


def recover_swap(index_dir: Path) -> None:
    """Put back the old index if a swap was interrupted between its two renames, then remove
    what killed rebuilds left beside the index."""
    if not index_dir.parent.is_dir():
        return
    if not index_dir.exists():
        olds = sorted(index_dir.parent.glob(f".{index_dir.name}.old-*"))
        if olds and is_marked(olds[-1]):
            with contextlib.suppress(OSError):
                os.replace(olds[-1], index_dir)
    remove_dead_builds(index_dir)


def remove_dead_builds(index_dir: Path) -> None:
    """Delete what `.<index>.new-<pid>-*` and `.<index>.old-<pid>-*` of processes no longer
    running hold of an index."""
    for kind in ("new", "old"):
        for leftover in index_dir.parent.glob(f".{index_dir.name}.{kind}-*"):
            pid_text = leftover.name.rsplit(f".{kind}-", 1)[1].split("-", 1)[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid() and not alive(int(pid_text)):
                remove_index_folder(leftover)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True
