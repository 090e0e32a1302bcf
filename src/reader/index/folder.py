"""The index folder: which folder the reader may write its index into and delete from.

The index is derived data, so the reader rebuilds, replaces and deletes it freely. That is only
safe in a folder the reader can prove is its own: one it created, one that was empty when first
used, or one that carries the marker file written into every index folder (`MARKER`). A folder
that holds anything else (a user's `Documents/` given as `--index` by mistake, a `~/Downloads`
named by a downloaded `reader.yaml`) is refused with a one-line reason, and nothing in it is
touched. A damaged index that lost its marker is still recognised when every file in it has a
name the index writes.

Nothing here imports Whoosh: the command line checks a folder before opening anything.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path

from reader.atomic import is_temp_name, write_text_atomic

MARKER = ".reader-index"
MARKER_TEXT = (
    "This folder holds a search index that `reader` built from an archive of articles.\n"
    "Everything in it is derived from the archive's files and can be rebuilt at any time\n"
    "(`reader index --rebuild`); the reader may replace or delete the files in this folder.\n"
)
# Kept beside the index by the archive layer: caches of one index state.
KNOWN_NAMES_FILE = "known-names.json"
SYNC_MARK_FILE = "synced.json"
# The names of the files an index folder holds: Whoosh's segments, table of contents and write
# lock (index name MAIN), the saved bitmaps and stamps, the version record and the caches.
_INDEX_FILE = re.compile(
    r"MAIN_.+|_MAIN_\d+\.toc.*|\.?(?:bitmaps|stamps|sums)-MAIN_.+"
    r"|reader-index\.json|\.reader-index\.json\.tmp|known-names\.json|synced\.json"
    r"|\.?date-order\.bin.*"
)


class IndexFolderRefused(Exception):
    """The folder named for the index is not the reader's to write: told in one line."""


def is_index_file(name: str) -> bool:
    """Whether `name` is the name of a file the index writes in its folder."""
    return name == MARKER or _INDEX_FILE.fullmatch(name) is not None or is_temp_name(name)


def is_marked(folder: Path) -> bool:
    """Whether `folder` carries the reader's marker (a regular file, not a link)."""
    try:
        return stat.S_ISREG((folder / MARKER).lstat().st_mode)
    except OSError:
        return False


def foreign_entry(folder: Path) -> str | None:
    """The name of one entry in `folder` that the index did not write, or None."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if not is_index_file(entry.name) or not entry.is_file(follow_symlinks=False):
                return entry.name
    return None


def ensure_own(folder: Path) -> None:
    """Check that `folder` is missing or the reader's, before anything in it is read, replaced
    or deleted. A folder that holds only index files (an index that lost its marker, or one
    of an earlier version) is marked now, where it can be written.

    Raises:
        IndexFolderRefused: `folder` is not a folder, or holds something the reader did not
            write there.
    """
    if not os.path.lexists(folder) or is_marked(folder):
        return
    if not folder.is_dir():
        what = "a broken symbolic link" if folder.is_symlink() else "a file, not a folder"
        raise IndexFolderRefused(f"the index folder {folder} is {what}")
    other = foreign_entry(folder)
    if other is not None:
        raise IndexFolderRefused(
            f"the index folder {folder} holds files that are not the reader's ({other!r}, ...): "
            "name an empty or new folder for the index (--index, READER_INDEX or `index:` "
            "in the config)"
        )
    with contextlib.suppress(OSError):  # a read-only index can still be read
        mark(folder)


def claim(folder: Path) -> None:
    """Make `folder` the index's before writing it: create it (and its parents) if missing
    and mark it (see `ensure_own` for what is refused)."""
    ensure_own(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if not is_marked(folder):
        mark(folder)


def mark(folder: Path) -> None:
    """Write the marker into a folder the reader has just created or found empty."""
    write_text_atomic(folder / MARKER, MARKER_TEXT)


def placement_problem(archive_dir: Path, index_dir: Path) -> str | None:
    """Why the index cannot live at `index_dir` for the archive at `archive_dir`, or None.

    Rebuilding replaces the whole index folder, so it must not hold the archive, and the
    archive's files must not be mistaken for the index's: neither folder may be the other or
    lie inside it.
    """
    archive, index = _real(archive_dir), _real(index_dir)
    if archive == index:
        return f"the index folder {index_dir} is the archive folder: give the index its own folder"
    if archive in index.parents:
        return (
            f"the index folder {index_dir} is inside the archive folder {archive_dir}: "
            "give the index a folder outside the archive"
        )
    if index in archive.parents:
        return (
            f"the archive folder {archive_dir} is inside the index folder {index_dir}: "
            "give the index a folder of its own"
        )
    return None


def _real(path: Path) -> Path:
    """`path` absolute, with the links of its existing part resolved."""
    return Path(os.path.realpath(path.expanduser()))
