"""The research folder of an archive: `<archive>/research/`, plain files beside the articles.

```
research/<id>.md       one per annotated article (`files.py`): tags, note, highlights, bookmark
research/read.txt      the articles read, one id per line, in the order first read
research/searches.yaml saved searches, `name: query`, in the order saved
research/migrated.yaml what was taken over from the reader's old state file (`migrate.py`)
research/.lock         held while one change is written (the reader's; empty)
```

The article store (`reader.store`) reads only the archive's top-level `<id>.md` files, so none
of these is ever taken for an article, and nothing that writes articles (imports, re-extraction,
index rebuilds) touches them. They are keyed by article id: an article whose file is rewritten
or re-imported finds its research again.

Every change re-reads the file it changes, under an exclusive lock (`research/.lock`, a
`flock`, held only while one change is written, so a TUI and a command line never lose each
other's change), and writes it atomically (`reader.atomic`). Reads take no lock. What is read
is kept in memory and read again only for files that changed (`snapshot`).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import yaml

from reader.atomic import is_temp_name, remove_stale_temp_files, write_text_atomic
from reader.model.ids import is_valid_id
from reader.research import files
from reader.research.files import AnnotationFormatError
from reader.research.lookup import ResearchSnapshot
from reader.research.model import Annotations

try:
    import fcntl
except ImportError:  # not POSIX: changes are still atomic, only not serialised
    fcntl = None  # type: ignore[assignment]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
RESEARCH_DIR = "research"
ANNOTATION_SUFFIX = ".md"
READ_FILE = "read.txt"
SEARCHES_FILE = "searches.yaml"
MIGRATED_FILE = "migrated.yaml"
LOCK_FILE = ".lock"
READ_HEADER = "# Articles read, one id per line, in the order first read.\n"
SEARCHES_HEADER = "# Saved searches, one per line: `name: query`, in the order saved.\n"
# Files are stat'ed again at least this often even when the folder looks unchanged (a file
# rewritten in place does not change the folder).
RECHECK_S = 2.0

Stamp = tuple[int, int, int]


class ResearchError(Exception):
    """A change that cannot be made: one line for the user."""


def _stamp(stat: os.stat_result) -> Stamp:
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


class ResearchStore:
    """Reads and writes the research folder of one archive."""

    def __init__(self, archive_root: Path) -> None:
        self.root = archive_root
        self.folder = archive_root / RESEARCH_DIR
        self._guard = threading.RLock()
        """Guards the cache of what was read."""
        self._writing = threading.RLock()
        """Held by this process's one change under way (with the folder's flock)."""
        self._depth = 0
        self._files: dict[str, tuple[Stamp, Annotations | str]] = {}
        self._read: tuple[Stamp | None, tuple[str, ...]] = (None, ())
        self._folder_stamp: tuple[int, int] | None = None
        self._checked_at = 0.0
        self._snapshot: ResearchSnapshot | None = None
        self._name = uuid.uuid4().hex[:12]
        self._versions = itertools.count(1)

    # -- paths -------------------------------------------------------------------------------

    def path_for(self, article_id: str) -> Path:
        """The annotation file of an article (refuses ids that are not safe file names)."""
        if not is_valid_id(article_id):
            raise ResearchError(f"not a valid article id: {article_id!r}")
        return self.folder / f"{article_id}{ANNOTATION_SUFFIX}"

    # -- one article -------------------------------------------------------------------------

    def get(self, article_id: str) -> Annotations:
        """An article's annotations as its file says now (empty when it has no file).

        Raises:
            AnnotationFormatError: the file is there but cannot be read.
        """
        path = self.path_for(article_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return Annotations(article_id)
        return _decode(data, path, article_id)

    def update(self, article_id: str, change: Callable[[Annotations], Annotations]) -> Annotations:
        """Apply `change` to the article's annotations as the file says now, and write the
        result (an empty result removes the file). Returns the result.

        Raises:
            AnnotationFormatError: the file cannot be read (it is left as it is).
            OSError: it cannot be written.
        """
        return self.update_many([article_id], change)[0]

    def update_many(
        self, article_ids: Iterable[str], change: Callable[[Annotations], Annotations]
    ) -> list[Annotations]:
        """`update` for several articles under one hold of the lock."""
        results = []
        with self._locked():
            for article_id in article_ids:
                before = self.get(article_id)
                after = change(before)
                if after != before:
                    self._write(after)
                results.append(after)
        return results

    def _write(self, annotations: Annotations) -> None:
        path = self.path_for(annotations.article_id)
        if annotations.is_empty:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        else:
            write_text_atomic(path, files.render(annotations))
        self._folder_stamp = None  # look again at the next snapshot

    def annotated(self) -> list[str]:
        """Ids of the articles with an annotation file (readable or not)."""
        return sorted(self._scan()[0])

    # -- read state --------------------------------------------------------------------------

    def read_ids(self) -> tuple[str, ...]:
        """The articles read, in the order first read."""
        return self._read_file()[1]

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread); returns how many changed."""
        wanted = [i for i in dict.fromkeys(article_ids) if is_valid_id(i)]
        with self._locked():
            current = self._read_file(force=True)[1]
            known = set(current)
            if read:
                new = [i for i in wanted if i not in known]
                result = (*current, *new)
                changed = len(new)
            else:
                gone = known & set(wanted)
                result = tuple(i for i in current if i not in gone)
                changed = len(gone)
            if changed:
                self._write_read(result)
        return changed

    def _write_read(self, ids: tuple[str, ...]) -> None:
        write_text_atomic(self.folder / READ_FILE, READ_HEADER + "".join(f"{i}\n" for i in ids))
        self._folder_stamp = None

    def _read_file(self, force: bool = False) -> tuple[Stamp | None, tuple[str, ...]]:
        path = self.folder / READ_FILE
        try:
            stamp = _stamp(path.stat())
        except FileNotFoundError:
            self._read = (None, ())
            return self._read
        if force or stamp != self._read[0]:
            text = path.read_bytes().decode("utf-8", "replace")
            ids = (line.strip() for line in text.splitlines())
            self._read = (stamp, tuple(dict.fromkeys(i for i in ids if is_valid_id(i))))
        return self._read

    # -- saved searches ----------------------------------------------------------------------

    def searches(self) -> dict[str, str]:
        """Saved searches, name -> query, in the order saved.

        Raises:
            AnnotationFormatError: the file cannot be read.
        """
        path = self.folder / SEARCHES_FILE
        data = _load_yaml(path)
        if data is None:
            return {}
        if not isinstance(data, dict):
            raise AnnotationFormatError(f"{path}: not a list of `name: query` lines")
        saved = {}
        for name, query in data.items():
            if not isinstance(query, str | int | float) or isinstance(query, bool):
                raise AnnotationFormatError(f"{path}: the search {name!r} is not text")
            saved[str(name)] = str(query)
        return saved

    def change_searches(self, change: Callable[[dict[str, str]], dict[str, str]]) -> dict[str, str]:
        """Apply `change` to the saved searches as the file says now and write the result."""
        with self._locked():
            before = self.searches()
            after = change(dict(before))
            if after != before:
                text = SEARCHES_HEADER + (files.dump_yaml(after) if after else "")
                write_text_atomic(self.folder / SEARCHES_FILE, text)
                self._folder_stamp = None
        return after

    # -- the migration record ----------------------------------------------------------------

    def migrations(self) -> list[dict[str, Any]]:
        """What was taken over from old state files (`migrate.py`), oldest first."""
        path = self.folder / MIGRATED_FILE
        data = _load_yaml(path)
        if data is None:
            return []
        if not isinstance(data, list):
            raise AnnotationFormatError(f"{path}: not a list of migrations")
        return [entry for entry in data if isinstance(entry, dict)]

    def record_migration(self, entry: dict[str, Any]) -> None:
        """Add one entry to the migration record (the caller holds `locked()`)."""
        entries = [*self.migrations(), entry]
        write_text_atomic(self.folder / MIGRATED_FILE, files.dump_yaml(entries))

    # -- everything, as one snapshot ---------------------------------------------------------

    def snapshot(self) -> ResearchSnapshot:
        """Every annotation and the read state as they are now, read again only where files
        changed: one `stat` of the folder when nothing did (all the files' at most every
        RECHECK_S seconds). The same snapshot object while nothing changes."""
        with self._guard:
            try:
                stat = self.folder.stat()
                folder_stamp: tuple[int, int] | None = (stat.st_mtime_ns, stat.st_ctime_ns)
            except OSError:
                folder_stamp = None
            fresh = time.monotonic() - self._checked_at < RECHECK_S
            if (
                self._snapshot is not None
                and folder_stamp is not None
                and folder_stamp == self._folder_stamp
                and fresh
            ):
                return self._snapshot
            if self._snapshot is not None and folder_stamp is None and not self._files:
                self._checked_at = time.monotonic()
                return self._snapshot  # still no folder
            changed = self._refresh()
            read_before = self._read[0]
            read = self._read_file()
            if read[0] != read_before:
                changed = True
            if self._snapshot is None or changed:
                self._snapshot = ResearchSnapshot(
                    f"{self._name}:{next(self._versions)}",
                    {i: a for i, (_, a) in self._files.items() if isinstance(a, Annotations)},
                    read[1],
                    tuple(
                        (self.folder / f"{i}{ANNOTATION_SUFFIX}", a)
                        for i, (_, a) in sorted(self._files.items())
                        if isinstance(a, str)
                    ),
                )
            # Trusted until the folder changes only once it has been still for a while: a
            # change within the same timestamp tick would not move its mtime.
            if folder_stamp is not None and time.time_ns() - folder_stamp[0] > 2_000_000_000:
                self._folder_stamp = folder_stamp
            else:
                self._folder_stamp = None
            self._checked_at = time.monotonic()
            return self._snapshot

    def for_search(self) -> PinnedSnapshot:
        """The annotations for one search: the snapshot is taken when the search first asks
        (a query without `tag:`, `note:`, `has:` or `is:` costs nothing here)."""
        return PinnedSnapshot(self)

    def _scan(self) -> tuple[dict[str, Stamp], list[str]]:
        """(stamp of every annotation file by id, names of writers' temp files)."""
        found: dict[str, Stamp] = {}
        temp: list[str] = []
        try:
            entries = os.scandir(self.folder)
        except (FileNotFoundError, NotADirectoryError):
            return found, temp
        with entries:
            for entry in entries:
                name = entry.name
                if is_temp_name(name):
                    temp.append(name)
                    continue
                stem = name[: -len(ANNOTATION_SUFFIX)]
                if not name.endswith(ANNOTATION_SUFFIX) or not is_valid_id(stem):
                    continue
                try:
                    if entry.is_file():
                        found[stem] = _stamp(entry.stat())
                except FileNotFoundError:
                    continue
        return found, temp

    def _refresh(self) -> bool:
        """Read the files that changed since the last look; True when any had."""
        stamps, temp = self._scan()
        if temp:
            remove_stale_temp_files(self.folder, names=temp)
        changed = False
        for gone in self._files.keys() - stamps.keys():
            del self._files[gone]
            changed = True
        for article_id, stamp in stamps.items():
            known = self._files.get(article_id)
            if known is not None and known[0] == stamp:
                continue
            path = self.folder / f"{article_id}{ANNOTATION_SUFFIX}"
            try:
                value: Annotations | str = _decode(path.read_bytes(), path, article_id)
            except AnnotationFormatError as exc:
                value = str(exc)
            except FileNotFoundError:
                continue
            self._files[article_id] = (stamp, value)
            changed = True
        return changed

    # -- the lock ----------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the research folder's lock (and this process's) for a block of changes."""
        with self._locked():
            yield

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._writing:
            if fcntl is None or self._depth:  # not POSIX, or held already by this thread
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self.folder / LOCK_FILE
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
            finally:
                os.close(fd)  # closing drops the flock


class PinnedSnapshot:
    """The research store's snapshot, taken on first use and then kept: one search sees one
    version of the annotations (`reader.index.query.Annotations`)."""

    def __init__(self, store: ResearchStore) -> None:
        self._store = store
        self._snapshot: ResearchSnapshot | None = None

    def _taken(self) -> ResearchSnapshot:
        if self._snapshot is None:
            self._snapshot = self._store.snapshot()
        return self._snapshot

    def version(self) -> str:
        return self._taken().version()

    def ids(self, kind: str, value: str, prefix: bool) -> frozenset[str]:
        return self._taken().ids(kind, value, prefix)


def _load_yaml(path: Path) -> Any:
    """The YAML document in `path` (None when there is no file), read with a safe loader."""
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError:
        raise AnnotationFormatError(f"{path}: not UTF-8 text") from None
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise AnnotationFormatError(f"{path}: malformed YAML{where}") from None
    except (ValueError, OverflowError, RecursionError) as exc:
        raise AnnotationFormatError(f"{path}: a value cannot be read ({exc})") from None


def _decode(data: bytes, path: Path, article_id: str) -> Annotations:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise AnnotationFormatError(f"{path}: not UTF-8 text") from None
    try:
        return files.parse(text, article_id)
    except AnnotationFormatError as exc:
        raise AnnotationFormatError(f"{path}: {exc}") from None
