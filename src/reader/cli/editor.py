"""The user's text editor, for `reader note ID` and `reader edit ID`.

It is `$VISUAL`, else `$EDITOR` (a command with arguments, `code --wait`, is split as a shell
would), else the system's `editor`, `nano` or `vi` (`notepad` on Windows). It runs in the
foreground with the terminal, on one file, and the command goes on when it exits.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from reader.cli.main import UserError

FALLBACKS = ("notepad",) if sys.platform == "win32" else ("editor", "nano", "vi")


class EditorFailed(UserError):
    """The editor could not be started, or exited with a failure."""


def editor_command() -> list[str]:
    """The editor's command line (without the file)."""
    for variable in ("VISUAL", "EDITOR"):
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            parts = shlex.split(value, posix=sys.platform != "win32")
        except ValueError:
            raise EditorFailed(f"${variable} is not a command line: {value!r}") from None
        if parts:
            return parts
    for name in FALLBACKS:
        found = shutil.which(name)
        if found:
            return [found]
    raise EditorFailed("no text editor found: set $EDITOR (for example EDITOR=nano)")


def run_editor(path: Path) -> None:
    """Open `path` in the editor and wait for it to exit.

    Raises:
        EditorFailed: it cannot be started, or it exits with a non-zero status.
    """
    command = [*editor_command(), str(path.absolute())]
    try:
        result = subprocess.run(command, check=False)
    except FileNotFoundError:
        raise EditorFailed(
            f"the editor {command[0]!r} was not found: set $VISUAL or $EDITOR"
        ) from None
    except OSError as exc:
        raise EditorFailed(f"the editor {command[0]!r} cannot be run: {exc.strerror}") from None
    if result.returncode != 0:
        raise EditorFailed(f"the editor exited with status {result.returncode}")


def can_write(folder: Path) -> str | None:
    """Why the archive `folder` cannot be written (said before an editor is opened on what
    would then not be saved), or None when it can."""
    if os.access(folder, os.W_OK):
        return None
    from reader.cli.output import shown_path

    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (AttributeError, OSError):
        read_only = False
    why = "is read-only" if read_only else "cannot be written (permission denied)"
    return f"the archive folder {shown_path(folder)} {why}: it can be read, not changed"
