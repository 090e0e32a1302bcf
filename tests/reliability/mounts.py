"""Real file systems for the tests that need a full disk or a read-only folder.

Root ignores file permissions, so a read-only folder is a read-only bind mount, and a full disk
is a small tmpfs. Both need the right to mount: the tests that use them are skipped without it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.strip() or 'mount failed'})")


def _umount(target: Path) -> None:
    subprocess.run(["umount", "-l", str(target)], capture_output=True, check=False)


@contextmanager
def read_only_view(folder: Path, at: Path) -> Iterator[Path]:
    """`folder` seen read-only at `at` (a read-only bind mount) for the block."""
    at.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(folder), str(at))
    try:
        _mount("-o", "remount,bind,ro", str(at))
        yield at
    finally:
        _umount(at)


@contextmanager
def small_disk(at: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. `"600k"`) mounted at `at` for the block."""
    at.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(at))
    try:
        yield at
    finally:
        _umount(at)
