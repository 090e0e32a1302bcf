"""The archive's identity: an id kept in its folder, which its index records.

An index copied from another archive, or left by one that was moved, is then recognised when
it is opened and rebuilt instead of answering for the wrong articles.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from reader.atomic import temp_prefix

ARCHIVE_ID_FILE = ".reader-archive-id"
_ARCHIVE_ID = re.compile(r"[0-9a-f]{32}")


def archive_origin(root: Path) -> tuple[str, str] | None:
    """(archive id, resolved path) for the index to record; None while there is no archive,
    or when a read-only archive has no id yet.

    The id is written once, atomically (a new name hard-linked into place, so two processes
    starting at once agree on one id); an unreadable id is replaced.
    """
    path = root / ARCHIVE_ID_FILE
    if not root.is_dir():
        return None
    for _ in range(3):
        try:
            text = path.read_text("ascii").strip()
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError):
            text = "damaged"
        if _ARCHIVE_ID.fullmatch(text):
            return text, str(root.resolve())
        try:
            fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), dir=root)
        except OSError:  # a read-only archive: its index cannot record it
            return None
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(os.urandom(16).hex() + "\n")  # 128 random bits
            if text:
                os.replace(tmp_name, path)
            else:
                with contextlib.suppress(FileExistsError):
                    os.link(tmp_name, path)
        except OSError:
            return None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp_name)
    return None
