"""End to end: the installed `reader` command in tmux, driven by keys, read with capture-pane."""

from __future__ import annotations

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
from tui_articles import build_archive

TMUX = shutil.which("tmux")
READER = shutil.which("reader", path=str(Path(sys.executable).parent)) or shutil.which("reader")

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


def _keys(session: str, *keys: str) -> None:
    subprocess.run(_tmux(session, "send-keys", "-t", session, *keys), check=True)


def test_search_and_open_an_article_in_tmux(tmp_path: Path) -> None:
    archive = build_archive(tmp_path / "archive", use_samples=False)
    session = f"reader-e2e-{uuid.uuid4().hex[:8]}"
    # The environment goes in the command itself: a tmux server does not pass on its client's.
    user_dirs = " ".join(
        f"{name}={shlex.quote(str(tmp_path / name.lower()))}"
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")
    )
    command = (
        f"env {user_dirs} TERM=xterm-256color {shlex.quote(READER or 'reader')} "
        f"--archive {shlex.quote(str(archive))} --index {shlex.quote(str(tmp_path / 'index'))}"
    )
    new_session = _tmux(session, "new-session", "-d", "-s", session, "-x", "120", "-y", "40")
    subprocess.run([*new_session, command], check=True, env={**os.environ, "TMUX": ""})
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
