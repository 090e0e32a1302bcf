"""End to end: the installed `reader` command in tmux, driven by keys, read with capture-pane."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from tui_articles import LONG_TITLE, article_id, build_archive, long_article

from reader.archive import Archive
from reader.config import Config
from reader.store import ArchiveStore
from reader.tui.state import UiState, archive_key, save_state

TMUX = shutil.which("tmux")
READER = shutil.which("reader", path=str(Path(sys.executable).parent)) or shutil.which("reader")

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"

pytestmark = pytest.mark.skipif(not (TMUX and READER), reason="needs tmux and the reader command")


def _tmux(session: str, *args: str) -> list[str]:
    """A tmux command on a server of the test's own (its own socket, so no user's env leaks)."""
    return [TMUX or "tmux", "-L", session, *args]


def _capture(session: str) -> str:
    """The visible screen, or "" once the session has ended (the app quit)."""
    args = _tmux(session, "capture-pane", "-t", session, "-p")
    done = subprocess.run(args, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else ""


def _wait_for(session: str, check: Callable[[str], bool], timeout: float = 10.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if check(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"screen never matched; last screen:\n{screen}")


def _wait_for_no_build(root: Path, timeout: float = 20.0) -> None:
    """Wait until no index build runs on the archive at `root` (the reader's child process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["pgrep", "-f", f"reader.tui.index_child -- {root}"], capture_output=True, text=True
        )
        if not found.stdout.strip():
            return
        time.sleep(0.1)
    raise AssertionError("the index build never ended")


def _keys(session: str, *keys: str) -> None:
    subprocess.run(_tmux(session, "send-keys", "-t", session, *keys), check=True)


def _start(session: str, tmp_path: Path, archive: Path, index: Path) -> None:
    """The reader on `archive` in a new detached session, its user folders in `tmp_path`."""
    # The environment goes in the command itself: a tmux server does not pass on its client's.
    # COLUMNS and LINES go: a terminal size in the environment wins over the pane's (pytest-
    # xdist's workers have COLUMNS=80), and the reader would lay out for 80 columns.
    user_dirs = " ".join(
        f"{name}={shlex.quote(str(tmp_path / name.lower()))}"
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    )
    command = (
        f"env -u COLUMNS -u LINES {user_dirs} TERM=xterm-256color "
        f"{shlex.quote(READER or 'reader')} "
        f"--archive {shlex.quote(str(archive))} --index {shlex.quote(str(index))}"
    )
    new_session = _tmux(session, "new-session", "-d", "-s", session, "-x", "120", "-y", "40")
    subprocess.run([*new_session, command], check=True, env={**os.environ, "TMUX": ""})


def test_search_and_open_an_article_in_tmux(tmp_path: Path) -> None:
    archive = build_archive(tmp_path / "archive", use_samples=False)
    session = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    _start(session, tmp_path, archive, tmp_path / "index")
    try:
        _wait_for(session, lambda s: "articles ·" in s)
        _keys(session, "/")
        _keys(session, "da nang")
        _wait_for(session, lambda s: "1 article ·" in s and "Đà Nẵng đón đoàn" in s)
        _keys(session, "Enter")  # leaves the box for the results
        time.sleep(0.3)
        _keys(session, "Enter")  # opens the highlighted result
        screen = _wait_for(session, lambda s: "mùa mưa." in s and "20/08/2022" in s)
        assert "Du lịch" in screen
        _keys(session, "q")
        _wait_for(session, lambda s: "article" not in s)
        assert (tmp_path / "xdg_data_home" / "reader" / "state.json").is_file()
    finally:
        subprocess.run(_tmux(session, "kill-server"), capture_output=True)


def _running(session: str) -> bool:
    """Whether the session (the reader in it) is still there."""
    done = subprocess.run(_tmux(session, "has-session", "-t", session), capture_output=True)
    return done.returncode == 0


def test_q_quits_at_once_from_a_huge_article_in_tmux(tmp_path: Path) -> None:
    """A 3 MB one-paragraph article, opened from the bookmarks (so it is never indexed, which
    would take longer than the test), does not hold up `q`. The process itself ends once the
    worker looking up the related list is done: that reads the whole text (about 1 s here)."""
    root = build_archive(tmp_path / "archive", use_samples=False)
    index = tmp_path / "index"
    with contextlib.closing(Archive(Config(archive_dir=root, index_dir=index))) as archive:
        archive.sync_index()
    huge = long_article(3_000_000)
    state = UiState(article_id=article_id(CAN_THO_LAO))
    save_state(tmp_path / "xdg_data_home" / "reader" / "state.json", state, archive_key(root))
    session = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    _start(session, tmp_path, root, index)
    try:
        _wait_for(session, lambda s: "16:33 05/09/2022" in s)  # restored
        _wait_for_no_build(root)  # the check for changed files is over: nothing indexes it
        ArchiveStore(root).write(huge)
        with contextlib.closing(Archive(Config(archive_dir=root, index_dir=index))) as other:
            other.set_bookmark(huge.id)  # as `reader bookmark` would, from another window
        _keys(session, "b")
        _wait_for(session, lambda s: LONG_TITLE in s)
        _keys(session, "Enter")
        time.sleep(0.5)  # the old view froze here, laying out the paragraph
        _keys(session, "q")
        pressed = time.monotonic()
        _wait_for(session, lambda s: not s.strip(), timeout=30)  # the terminal is given back
        left = time.monotonic() - pressed
        while _running(session) and time.monotonic() - pressed < 30:
            time.sleep(0.05)
        ended = time.monotonic() - pressed
    finally:
        subprocess.run(_tmux(session, "kill-server"), capture_output=True)
    assert left < 1.5, f"the reader left the screen {left:.1f} s after q"
    assert ended < 5, f"the reader's process ended {ended:.1f} s after q"


def test_slash_and_pastes_in_tmux(tmp_path: Path) -> None:
    """The real terminal path: `/` is typed into the box; a paste that arrives as keys
    (tmux's send-keys, a terminal without bracketed paste) and a bracketed paste both land
    in the box whole, and none of their letters runs a command (`e` would hide the entity
    panel, `q` would quit)."""
    archive = build_archive(tmp_path / "archive", use_samples=False)
    session = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    _start(session, tmp_path, archive, tmp_path / "index")
    try:
        _wait_for(session, lambda s: "articles ·" in s and "Entities" in s)
        _keys(session, "/")
        _keys(session, "ngay 5/9")
        _wait_for(session, lambda s: "/ ngay 5/9" in s)
        _keys(session, "Escape")  # the results have the keys now
        time.sleep(0.3)
        # One send-keys: the letters, an Enter, more letters, as one burst of keys.
        _keys(session, "da nang", "Enter", "eq")
        screen = _wait_for(session, lambda s: "ngay 5/9 da nang eq" in s)
        assert "Entities" in screen, "e did not hide the entity panel"
        assert _running(session), "q did not quit"
        # A bracketed paste of two lines (tmux pastes it bracketed: the app asked for that).
        subprocess.run(_tmux(session, "set-buffer", "-b", "p", "hà nội\nđà nẵng\n"), check=True)
        _keys(session, "Escape")
        subprocess.run(_tmux(session, "paste-buffer", "-p", "-b", "p", "-t", session), check=True)
        _wait_for(session, lambda s: "hà nội đà nẵng" in s)
        assert _running(session)
    finally:
        subprocess.run(_tmux(session, "kill-server"), capture_output=True)
