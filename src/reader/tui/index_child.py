"""The index build the TUI runs in a child process: `python -m reader.tui.index_child`.

A large build forks writer processes, which only the main thread of a process may do (a
thread of the app may not: the child would copy its locks held). In the app's worker thread
the build was one process, about four times slower than `reader index`; run here, as the main
thread of its own process, it is the same build as `reader index`, at the same speed, while
the app stays free to draw and to search what is already indexed.

The child reads the archive through the facade and tells its progress as one JSON object per
line on stdout (`BuildEvent` reads them back in the app):

    {"event": "progress", "done": 250, "total": 3000}
    {"event": "repair", "line": "index rebuilt: ..."}
    {"event": "finished", "added": 3000, "updated": 0, "removed": 0, "problems": 0,
     "deferred": null, "rebuilt_because": null}
    {"event": "failed", "reason": "..."}

It ends when the build ends, or when its stdout is closed (the app quit): the next progress
line then fails to be written. Nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROGRESS_EVERY = 0.1
"""Seconds between two progress lines at most."""


@dataclass(frozen=True, slots=True)
class BuildEvent:
    """One line of the child's output, read back."""

    event: str
    """`progress`, `repair`, `finished` or `failed`."""
    done: int = 0
    total: int = 0
    line: str = ""
    """What a `repair` or a `failed` event says."""
    report: tuple[tuple[str, Any], ...] = ()
    """What `finished` says: added, updated, removed, problems, deferred, rebuilt_because."""

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.report)


def parse_line(text: str) -> BuildEvent | None:
    """The event of one output line; None for a line that is not one of ours."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("event"), str):
        return None
    event = data["event"]
    if event == "progress":
        return BuildEvent(event, done=int(data.get("done", 0)), total=int(data.get("total", 0)))
    if event in ("repair", "failed"):
        return BuildEvent(event, line=str(data.get("line") or data.get("reason") or ""))
    if event == "finished":
        return BuildEvent(event, report=tuple((k, v) for k, v in data.items() if k != "event"))
    return None


def child_command(archive_dir: Path, index_dir: Path, rebuild: bool) -> list[str]:
    """The command line that runs the build of `archive_dir` into `index_dir`: this Python,
    this module and the two folders (after `--`, so that a folder named `-x` is a folder),
    never anything read from an article; no shell reads it."""
    options = ["--rebuild"] if rebuild else []
    folders = [str(archive_dir), str(index_dir)]
    return [sys.executable, "-m", "reader.tui.index_child", *options, "--", *folders]


def _say(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _throttled(say: Callable[[dict[str, Any]], None]) -> Callable[[int, int], None]:
    """A progress callback that tells at most every PROGRESS_EVERY seconds (and the end)."""
    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY or done >= total:
            last = now
            say({"event": "progress", "done": done, "total": total})

    return progress


def build(archive_dir: Path, index_dir: Path, rebuild: bool) -> int:
    """Bring the index up to date (or rebuild it), telling the progress on stdout."""
    from reader.archive import Archive
    from reader.config import Config

    try:
        archive = Archive(Config(archive_dir=archive_dir, index_dir=index_dir))
        archive.on_repair = lambda line: _say({"event": "repair", "line": line})
        progress = _throttled(_say)
        report = archive.rebuild_index(progress) if rebuild else archive.sync_index(progress)
    except (BrokenPipeError, KeyboardInterrupt):
        raise
    except Exception as exc:  # told to the app in one line; it keeps reading the old index
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        _say({"event": "failed", "reason": reason})
        return 1
    _say(
        {
            "event": "finished",
            "added": report.added,
            "updated": report.updated,
            "removed": report.removed,
            "problems": len(report.problems),
            "deferred": report.deferred,
            "rebuilt_because": report.rebuilt_because,
        }
    )
    archive.close()
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reader.tui.index_child")
    parser.add_argument("archive", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    try:
        return build(args.archive, args.index, args.rebuild)
    except (BrokenPipeError, KeyboardInterrupt):
        return 1  # the app has gone: nothing to tell


if __name__ == "__main__":
    sys.exit(main())
