"""Removing articles with undo: a trash folder inside the archive, `<archive>/trash/`.

Removing an article moves its files, never copies or deletes them: the article file, its raw
pages and its annotations go to `trash/<id>/` (`trash/<id>~2/` when that is taken), under
the names they had in the archive (`<id>.md`, `<id>.raw.html`, `research/<id>.md`), with
`removed.yaml` saying what was removed, when, and its title. Restoring moves them back (an
article id names its newest entry; `<id>~2` an older one); only emptying the trash deletes
anything. The article store reads only the archive's top level, so
nothing in the trash is an article until it is restored.

Every move is a rename within the archive's file system that never replaces a file (a hard
link then an unlink, or a rename after checking), and the article file moves first: where it
is says where the rest belongs. `removed.yaml` says which way a move was going (`state:
removing`, `removed`, `restoring`), so a removal or restoration cut short by a crash is
completed the next time the trash is looked at, and no file is ever lost or left behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from reader.atomic import write_text_atomic
from reader.model.ids import is_valid_id
from reader.research import files
from reader.research.model import now
from reader.research.store import ANNOTATION_SUFFIX, RESEARCH_DIR, ResearchError

TRASH_DIR = "trash"
MANIFEST = "removed.yaml"
RAW_SUFFIXES = (".raw.html", ".raw.txt")
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class TrashEntry:
    """One removed article in the trash."""

    name: str
    """Its folder in `trash/` (what `restore` and `empty` take)."""
    article_id: str
    title: str
    removed: datetime | None
    files: tuple[str, ...]
    """Its files, as paths relative to the archive folder."""


def article_files(article_id: str) -> tuple[str, ...]:
    """Every file an article may have, relative to the archive folder."""
    return (
        f"{article_id}.md",
        *(f"{article_id}{suffix}" for suffix in RAW_SUFFIXES),
        f"{RESEARCH_DIR}/{article_id}{ANNOTATION_SUFFIX}",
    )


def _fsync_directory(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _move(source: Path, target: Path) -> None:
    """Move `source` to `target` without ever replacing a file there.

    Raises:
        FileExistsError: `target` exists.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOTSUP):
            raise
        # A file system without hard links: rename, having checked the name is free.
        if os.path.lexists(target):
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
        os.rename(source, target)
    else:
        os.unlink(source)
    _fsync_directory(target.parent)
    _fsync_directory(source.parent)


class Trash:
    """The trash folder of one archive."""

    def __init__(self, archive_root: Path) -> None:
        self.root = archive_root
        self.folder = archive_root / TRASH_DIR

    # -- the manifest ------------------------------------------------------------------------

    def _manifest(self, entry: Path) -> dict[str, Any] | None:
        try:
            data = yaml.load((entry / MANIFEST).read_bytes().decode("utf-8"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return None
        return data if isinstance(data, dict) else None

    def _write_manifest(self, entry: Path, data: dict[str, Any]) -> None:
        write_text_atomic(entry / MANIFEST, files.dump_yaml(data))

    # -- removing ----------------------------------------------------------------------------

    def remove(self, article_id: str, title: str = "") -> TrashEntry:
        """Move an article's files into a new entry of the trash.

        Raises:
            ResearchError: the archive has no article file with this id.
            OSError: a file could not be moved (what moved is completed or put back by the
                next look at the trash).
        """
        if not is_valid_id(article_id) or not (self.root / f"{article_id}.md").is_file():
            raise ResearchError(f"no article with id {article_id!r}")
        present = [p for p in article_files(article_id) if (self.root / p).is_file()]
        entry = self._new_entry(article_id)
        data = {
            "article": article_id,
            "title": title,
            "removed": now(),
            "files": present,
            "state": "removing",
        }
        self._write_manifest(entry, data)
        for relative in present:  # the article file first
            with contextlib.suppress(FileNotFoundError):
                _move(self.root / relative, entry / relative)
        self._write_manifest(entry, {**data, "state": "removed"})
        return self._entry(entry, {**data, "state": "removed"})

    def _new_entry(self, article_id: str) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        for number in range(1, 10_000):
            name = article_id if number == 1 else f"{article_id}~{number}"
            entry = self.folder / name
            try:
                entry.mkdir()
            except FileExistsError:
                continue
            return entry
        raise ResearchError(f"the trash holds too many copies of {article_id!r}; empty it")

    # -- looking -----------------------------------------------------------------------------

    def entries(self) -> list[TrashEntry]:
        """What the trash holds, the most recently removed first (a removal or restoration
        cut short is completed first)."""
        found = []
        for entry in self._entry_dirs():
            data = self._settle(entry)
            if data is not None:
                found.append(self._entry(entry, data))
        epoch = datetime.min.replace(tzinfo=now().tzinfo)
        found.sort(key=lambda e: (e.removed or epoch, e.name), reverse=True)
        return found

    def _entry_dirs(self) -> Iterator[Path]:
        try:
            names = sorted(os.listdir(self.folder))
        except (FileNotFoundError, NotADirectoryError):
            return
        for name in names:
            path = self.folder / name
            if not name.startswith(".") and path.is_dir() and not path.is_symlink():
                yield path

    def _entry(self, entry: Path, data: dict[str, Any]) -> TrashEntry:
        article_id = str(data.get("article") or entry.name.split("~")[0])
        removed = data.get("removed")
        return TrashEntry(
            name=entry.name,
            article_id=article_id,
            title=str(data.get("title") or ""),
            removed=removed if isinstance(removed, datetime) else None,
            files=tuple(p for p in article_files(article_id) if (entry / p).is_file()),
        )

    def find(self, name_or_id: str) -> Path:
        """The newest entry of an article id, or with a `~` (`<id>~2`), the entry of that
        name.

        Raises:
            ResearchError: there is none.
        """
        by_name = "~" in name_or_id
        for entry in self.entries():  # newest first
            if (entry.name if by_name else entry.article_id) == name_or_id:
                return self.folder / entry.name
        raise ResearchError(f"nothing called {name_or_id!r} in the trash")

    # -- restoring ---------------------------------------------------------------------------

    def restore(self, name_or_id: str) -> TrashEntry:
        """Move a removed article's files back where they were.

        Raises:
            ResearchError: no such entry, or a file of the same name is in the archive again
                (an article imported again since): nothing is moved.
        """
        entry = self.find(name_or_id)
        data = self._manifest(entry) or {}
        found = self._entry(entry, data)
        taken = [p for p in found.files if os.path.lexists(self.root / p)]
        if taken:
            raise ResearchError(
                f"{taken[0]} is in the archive again; remove it first to restore {found.name}"
            )
        self._write_manifest(entry, {**data, "state": "restoring"})
        self._put_back(entry, found.article_id)
        return found

    def _put_back(self, entry: Path, article_id: str) -> None:
        """Move every file of the entry back (the article file first), then drop the entry."""
        for relative in article_files(article_id):
            source = entry / relative
            if source.is_file():
                _move(source, self.root / relative)
        self._drop(entry)

    def _drop(self, entry: Path) -> None:
        """Remove an entry that holds no article file any more."""
        with contextlib.suppress(FileNotFoundError):
            (entry / MANIFEST).unlink()
        for folder in (entry / RESEARCH_DIR, entry):
            with contextlib.suppress(FileNotFoundError, OSError):
                folder.rmdir()

    def _settle(self, entry: Path) -> dict[str, Any] | None:
        """Complete a removal or restoration cut short; the entry's manifest, None when
        nothing is left of it."""
        data = self._manifest(entry)
        if data is None:
            if not any(entry.iterdir()):
                with contextlib.suppress(OSError):
                    entry.rmdir()
                return None
            return {}  # files without a manifest: listed, never deleted by a settle
        state = data.get("state")
        article_id = str(data.get("article") or "")
        if state == "removed" or not is_valid_id(article_id):
            return data
        article = f"{article_id}.md"
        in_trash = (entry / article).is_file()
        if state == "removing" and in_trash:
            for relative in data.get("files") or ():
                if isinstance(relative, str) and relative in article_files(article_id):
                    with contextlib.suppress(FileNotFoundError, FileExistsError):
                        _move(self.root / relative, entry / relative)
            data = {**data, "state": "removed"}
            self._write_manifest(entry, data)
            return data
        # Removing, but the article never left; or restoring: everything goes back.
        if in_trash and os.path.lexists(self.root / article):
            return data  # an article of that id is back meanwhile: keep the entry as it is
        try:
            self._put_back(entry, article_id)
        except FileExistsError:
            return data
        return None

    # -- emptying ----------------------------------------------------------------------------

    def empty(self, name_or_id: str | None = None) -> int:
        """Delete entries for good: one (by name, or the newest of an article id), or all.
        Returns how many."""
        targets = [self.find(name_or_id)] if name_or_id else list(self._entry_dirs())
        count = 0
        for entry in targets:
            if name_or_id is None and self._settle(entry) is None:
                continue  # it was a restoration cut short: now restored
            shutil.rmtree(entry)
            count += 1
        return count
