"""One-line reasons for what the file system refuses: a full disk, a read-only folder, ...

The command line and the TUI say these instead of an error's class name: each is a condition
the user can see and fix, never a bug.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator

_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the folder is on a read-only disk",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EMFILE: "too many open files",
    errno.EIO: "the disk reported an input/output error",
}


def describe(error: OSError) -> str:
    """`error` as one line: what went wrong, then the file it happened to."""
    reason = _REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__).lower()
    where = error.filename
    if where is None:
        return reason
    return f"{reason} ({os.fsdecode(where)})"


def is_disk_full(error: BaseException) -> bool:
    """Whether `error` says the disk (or the user's quota on it) has no room left."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


@contextlib.contextmanager
def naming(where: object) -> Iterator[None]:
    """Name `where` in an OSError raised without a file name (a write that found the disk
    full), so that the user is told where."""
    try:
        yield
    except OSError as error:
        if error.filename is None and error.errno is not None:
            raise OSError(error.errno, error.strerror, str(where)) from error
        raise
