"""The files an import reads: the paths named, and the folders among them walked.

- A path named on the command line is read as it is, even when it is a symbolic link.
- A folder is walked recursively in name order, skipping hidden entries and files whose
  suffix no parser handles.
- Only regular files are read: a named pipe, a socket or a device found in a folder is
  skipped (opening a pipe would wait for a writer for ever).
- A symbolic link found in a folder is followed only when it resolves inside the folder being
  imported; one that leads outside it (to `/etc/passwd`, to a private note) is skipped with a
  reason. Every file and folder is reached once: a link to what the walk reaches anyway adds
  nothing, and a link to a folder above it makes no loop.
"""

from __future__ import annotations

import os
import stat
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Found:
    """One input: a file to read (`problem` None), or why it is not read."""

    path: Path
    problem: str | None = None
    # True when the walk passes it over on purpose (a link outside, a pipe), which is not a
    # failed input.
    skipped: bool = False


def not_regular(mode: int) -> str:
    """The reason a file of this mode is not read: `not a regular file (a named pipe)`."""
    if stat.S_ISDIR(mode):
        kind = "a folder"
    elif stat.S_ISFIFO(mode):
        kind = "a named pipe"
    elif stat.S_ISSOCK(mode):
        kind = "a socket"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "a device"
    else:
        return "not a regular file"
    return f"not a regular file ({kind})"


def find_inputs(paths: Iterable[Path], suffixes: frozenset[str]) -> Iterator[Found]:
    """The inputs under `paths`, in order; `suffixes` are those a folder walk picks up."""
    for path in paths:
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            yield Found(path, _reason(exc))
            continue
        if stat.S_ISDIR(mode):
            yield from _Walk(path, suffixes).run()
        elif stat.S_ISREG(mode):
            yield Found(path)
        else:
            yield Found(path, not_regular(mode))


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


class _Walk:
    """One named folder: its own tree first, then the links found in it, each resolved once."""

    def __init__(self, top: Path, suffixes: frozenset[str]) -> None:
        self.top = top
        self.suffixes = suffixes
        self.root = os.path.realpath(top)
        # Real paths (strings: a large folder has many) of the files and folders reached.
        self.reached: set[str] = {self.root}
        self.links: deque[Path] = deque()

    def run(self) -> Iterator[Found]:
        yield from self._tree(self.top, self.root)
        while self.links:
            yield from self._link(self.links.popleft())

    def _wanted(self, name: str) -> bool:
        return Path(name).suffix.lower() in self.suffixes

    def _tree(self, shown: Path, real: str) -> Iterator[Found]:
        """The files under a folder without passing through links (those are queued), a
        folder's files before its subfolders', as `os.walk` gives them."""
        stack = [(shown, real)]
        while stack:
            folder, real_folder = stack.pop()
            try:
                with os.scandir(real_folder) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError as exc:
                yield Found(folder, f"cannot read folder: {_reason(exc)}")
                continue
            subfolders = []
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                path = folder / entry.name
                try:
                    if entry.is_symlink():
                        self.links.append(path)
                    elif entry.is_dir(follow_symlinks=False):
                        self.reached.add(os.path.join(real_folder, entry.name))
                        subfolders.append((path, os.path.join(real_folder, entry.name)))
                    elif not self._wanted(entry.name):
                        continue
                    elif entry.is_file(follow_symlinks=False):
                        self.reached.add(os.path.join(real_folder, entry.name))
                        yield Found(path)
                    else:
                        mode = entry.stat(follow_symlinks=False).st_mode
                        yield Found(path, not_regular(mode), skipped=True)
                except OSError as exc:  # gone or unreadable while the folder was listed
                    yield Found(path, _reason(exc))
            stack.extend(reversed(subfolders))

    def _link(self, link: Path) -> Iterator[Found]:
        target = os.path.realpath(link)
        try:
            mode = os.stat(target).st_mode
        except OSError as exc:
            if self._wanted(link.name):
                yield Found(link, f"symbolic link to nothing ({_reason(exc)})", skipped=True)
            return
        is_folder = stat.S_ISDIR(mode)
        if not is_folder and not self._wanted(link.name):
            return
        if os.path.commonpath([self.root, target]) != self.root:
            kind = "folder" if is_folder else "file"
            reason = f"symbolic link to a {kind} outside the imported folder"
            yield Found(link, reason, skipped=True)
        elif target in self.reached:
            return  # read by another path already
        elif is_folder:
            self.reached.add(target)
            yield from self._tree(link, target)
        elif stat.S_ISREG(mode):
            self.reached.add(target)
            yield Found(link)
        else:
            yield Found(link, not_regular(mode), skipped=True)
