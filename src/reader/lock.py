"""The archive lock: one writer at a time per archive, across processes.

A writer (import, fetch, index rebuild) holds an exclusive `flock` on `<archive>/.reader.lock`
and writes its pid there, so that a second writer can say whom it waits for. The kernel drops a
`flock` when its holder dies, so a lock left by a killed process is free at once; the pid it
left behind is recognised as stale (no such process, or the lock is free) and overwritten. Its
forked children share the flock and can outlive it: a lock whose recorded writer is dead is
then abandoned for a fresh lock file.

Readers (search, show, the TUI) never take the lock: `holder()` tells them, without taking
it, whether a writer is at work (the flock is held), so they can leave the index to it. A pid
left in the file names no writer unless the flock is held too: a stale file naming a live,
unrelated process does not stop readers from bringing the index up to date.

The lock file is never followed as a symbolic link: a link in its place (from a copied
archive) is replaced by a file, so the pid is never written outside the archive.

The lock is re-entrant within a process: a thread that holds it may take it again (the CLI
takes it with its own message, then the archive facade takes it again around each write);
another thread of the same process waits for it like another process would.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not POSIX: fall back to the pid in the file
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".reader.lock"
POLL_S = 0.1


class ArchiveReadOnly(Exception):
    """The archive folder cannot be written (a read-only disk or folder): told in one line."""


class ArchiveLocked(Exception):
    """Another live process holds the archive lock (raised when not waiting)."""

    def __init__(self, pid: int | None, path: Path) -> None:
        who = f"pid {pid}" if pid else "another process"
        super().__init__(f"the archive is being written by another import ({who}); lock {path}")
        self.pid = pid
        self.path = path


class _Held:
    """This process's hold on one lock file: the thread owning it, depth and file handle."""

    def __init__(self) -> None:
        self.guard = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_HELD: dict[str, _Held] = {}
_HELD_GUARD = threading.Lock()


def lock_path(archive_dir: Path) -> Path:
    """Where the lock file of an archive lives."""
    return Path(archive_dir) / LOCK_NAME


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_pid(path: Path) -> int | None:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        text = os.read(fd, 64).decode("ascii", errors="replace").strip()
    except OSError:
        return None
    finally:
        os.close(fd)
    return int(text) if text.isdigit() else None


def _flock_held(path: Path) -> bool:
    """Whether another open file holds the flock of `path` (True where flock is missing)."""
    if fcntl is None:
        return True
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        return exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK)
    finally:
        os.close(fd)  # closing drops the shared lock if it was taken
    return False


def holder(archive_dir: Path) -> int | None:
    """The pid of a live process writing the archive, or None; never takes the lock.

    A pid left in the file by a process that has died, or whose flock is not held (a stale
    file naming a live, unrelated process), counts as no holder.
    """
    path = lock_path(archive_dir)
    pid = _read_pid(path)
    if pid is None or pid == os.getpid() or not _pid_alive(pid):
        return None
    return pid if _flock_held(path) else None


def _try_flock(fd: int) -> bool:
    """Take the exclusive flock without blocking; False when another process has it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return False
        if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
            return True  # a file system without flock: the pid check below decides
        raise
    return True


def _same_file(fd: int, path: Path) -> bool:
    """True while `path` still names the file open as `fd`."""
    try:
        ours, now = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (ours.st_dev, ours.st_ino) == (now.st_dev, now.st_ino)


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    with contextlib.suppress(OSError):
        os.fsync(fd)


class ArchiveLock:
    """The writer lock of one archive directory.

    Args:
        archive_dir: the archive; created if missing.
        wait: wait for another writer to finish (True) or raise `ArchiveLocked` at once.
        on_wait: called once, with the holder's pid (or None), when the lock is busy and
            `wait` is True.
        timeout: seconds to wait at most before raising `ArchiveLocked` (None: no limit).
        index_only: the holder writes the index, not the archive: on a read-only archive,
            which no import can be writing, it goes on without the lock instead of raising
            `ArchiveReadOnly`.
    """

    def __init__(
        self,
        archive_dir: Path,
        *,
        wait: bool = True,
        on_wait: Callable[[int | None], None] | None = None,
        timeout: float | None = None,
        index_only: bool = False,
    ) -> None:
        self.path = lock_path(archive_dir)
        self.wait = wait
        self.on_wait = on_wait
        self.timeout = timeout
        self.index_only = index_only
        self.stale_pid: int | None = None
        self._held: _Held | None = None

    def _state(self) -> _Held:
        key = str(self.path.parent.resolve() / LOCK_NAME)
        with _HELD_GUARD:
            return _HELD.setdefault(key, _Held())

    def acquire(self) -> None:
        """Take the lock (see the class for waiting); re-entrant within one thread."""
        held = self._state()
        deadline = None if self.timeout is None else time.monotonic() + self.timeout
        if not held.guard.acquire(blocking=False):
            if not self.wait:
                raise ArchiveLocked(os.getpid(), self.path)
            self._notify(os.getpid())
            if not held.guard.acquire(timeout=-1 if deadline is None else self.timeout or 0):
                raise ArchiveLocked(os.getpid(), self.path)
        if held.depth:
            held.depth += 1
            self._held = held
            return
        try:
            held.fd = self._take_file(deadline)
        except ArchiveReadOnly:
            held.guard.release()
            if self.index_only:
                return  # nothing held: `release` has nothing to give back
            raise
        except BaseException:
            held.guard.release()
            raise
        held.depth = 1
        self._held = held

    def _take_file(self, deadline: float | None) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        notified = False
        while True:
            fd = self._open_file()
            try:
                taken = _try_flock(fd)
                if taken and not _same_file(fd, self.path):
                    # The holder removed the file as it let go: lock the new one instead.
                    os.close(fd)
                    continue
                left = _read_pid(self.path)
                alive = left is not None and left != os.getpid() and _pid_alive(left)
                if taken and (fcntl is not None or not alive):
                    if left is not None and left != os.getpid():
                        self.stale_pid = left
                    _write_pid(fd)
                    return fd
                if not taken and left is not None and not alive and _same_file(fd, self.path):
                    # The writer that wrote its pid here is dead, yet the flock is held: by
                    # children it forked (worker processes outliving a killed rebuild). They
                    # share its lock but do not write the archive; move on to a fresh file.
                    self.stale_pid = left
                    os.unlink(self.path)
                    os.close(fd)
                    continue
                if not self.wait or (deadline is not None and time.monotonic() >= deadline):
                    raise ArchiveLocked(left, self.path)
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)
            if not notified:
                self._notify(left)
                notified = True
            time.sleep(POLL_S)

    def _open_file(self) -> int:
        """Open (or create) the lock file, never through a symbolic link.

        Raises:
            ArchiveReadOnly: the archive folder cannot be written.
        """
        links = 0
        while True:
            try:
                return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
            except OSError as exc:
                if exc.errno == errno.ELOOP and links < 3:
                    # A link where the lock file belongs: remove the link, not what it names.
                    links += 1
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(self.path)
                    continue
                if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    raise ArchiveReadOnly(
                        f"the archive folder {self.path.parent} is read-only "
                        f"({(exc.strerror or 'refused').lower()}): it can be read and searched, "
                        "not written"
                    ) from None
                raise

    def _notify(self, pid: int | None) -> None:
        if self.on_wait is not None:
            self.on_wait(pid)

    def release(self) -> None:
        """Give the lock back and remove the file (a waiter then locks a fresh one)."""
        held = self._held
        if held is None:
            return
        self._held = None
        held.depth -= 1
        if held.depth == 0 and held.fd is not None:
            fd, held.fd = held.fd, None
            with contextlib.suppress(OSError):
                if _same_file(fd, self.path):
                    os.unlink(self.path)
            if fcntl is not None:
                with contextlib.suppress(OSError):
                    fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        held.guard.release()

    def __enter__(self) -> ArchiveLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


@contextlib.contextmanager
def archive_lock(
    archive_dir: Path,
    *,
    wait: bool = True,
    on_wait: Callable[[int | None], None] | None = None,
    timeout: float | None = None,
    index_only: bool = False,
) -> Iterator[ArchiveLock]:
    """`with archive_lock(dir):` hold the writer lock of an archive for the block."""
    lock = ArchiveLock(
        archive_dir, wait=wait, on_wait=on_wait, timeout=timeout, index_only=index_only
    )
    lock.acquire()
    try:
        yield lock
    finally:
        lock.release()
