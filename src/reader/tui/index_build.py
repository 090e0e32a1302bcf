"""The app's side of the index build: the child process (`index_child`) and its events.

`ChildBuild` starts the child and reads its events in the thread that calls `events()` (a
worker thread of the app); `stop()`, from any thread, ends the child and so the reading.
`BuildClock` turns the events into what the user reads: the step, how many, the time left.
Nothing here imports Textual.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from reader.tui.index_child import BuildEvent, child_command, parse_line

WRITE_SHARE = 1.5
"""Writing the index files after the last article is handed over takes about this many times
as long as handing the articles over took (measured at 3,000 articles: 0.8 to 2.1 on a busy
two-core machine; the writer processes are still working through the articles then)."""
STOP_WAIT = 2.0
"""Seconds a stopped child has to end before it is killed."""


class ChildBuild:
    """One run of the index build in a child process."""

    def __init__(self, archive_dir: Path, index_dir: Path, rebuild: bool) -> None:
        self.command = child_command(archive_dir, index_dir, rebuild)
        """What runs."""
        self._process: subprocess.Popen[str] | None = None
        self._stopped = threading.Event()

    @property
    def stopped(self) -> bool:
        """Whether `stop` was called."""
        return self._stopped.is_set()

    def events(self) -> Iterator[BuildEvent]:
        """Start the child and yield its events until it ends; a child that ends without
        saying how yields a `failed` event with its exit status and last error line."""
        with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors:
            self._process = process = subprocess.Popen(
                self.command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
                encoding="utf-8",
            )
            if self._stopped.is_set():  # stopped while starting
                self._end(process)
            told = False
            assert process.stdout is not None
            with process.stdout:
                for line in process.stdout:
                    event = parse_line(line)
                    if event is not None:
                        told = told or event.event in ("finished", "failed")
                        yield event
            status = process.wait()
            if not told and not self._stopped.is_set():
                yield BuildEvent("failed", line=_why(errors, status))

    def stop(self) -> None:
        """End the child (from any thread); the reading thread then sees its output end."""
        self._stopped.set()
        if self._process is not None:
            self._end(self._process)

    @staticmethod
    def _end(process: subprocess.Popen[str]) -> None:
        if process.poll() is not None:
            return
        with contextlib.suppress(OSError):
            process.terminate()

        def kill_late() -> None:  # off the caller's thread: stopping never waits
            try:
                process.wait(STOP_WAIT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(OSError):
                    process.kill()

        threading.Thread(target=kill_late, daemon=True).start()

    def wait_stopped(self, seconds: float) -> bool:
        """Sleep `seconds` unless stopped first; True when stopped."""
        return self._stopped.wait(seconds)


def _why(errors: IO[str], status: int) -> str:
    """A child's end in one line: its exit status and the last line it wrote to stderr."""
    errors.seek(0)
    lines = [line.strip() for line in errors.read().splitlines() if line.strip()]
    last = f": {lines[-1][:200]}" if lines else ""
    return f"the index build stopped (exit status {status}){last}"


def _seconds(value: float) -> str:
    if value < 60:
        return f"{max(1, round(value))} s"
    return f"{round(value / 60)} min"


class BuildClock:
    """What a build is doing, said for people: the step, how many, about how long is left."""

    def __init__(self, rebuild: bool = False, clock: Callable[[], float] = time.monotonic):
        self.rebuild = rebuild
        self._clock = clock
        self._started = clock()
        self._first: tuple[float, int] | None = None
        """When the first progress came, and how many were done then."""
        self._handed: float | None = None
        """When the last article was handed to the writers (the writing step began)."""
        self.done = 0
        self.total = 0

    def progress(self, done: int, total: int) -> None:
        """The build got this far."""
        now = self._clock()
        if self._first is None:
            self._first = (now, done)
        if total and done >= total and self._handed is None:
            self._handed = now
        self.done, self.total = done, total

    @property
    def writing(self) -> bool:
        """Every article is handed over: the index files are being written."""
        return self._handed is not None

    def _rate(self) -> float | None:
        """Articles handed over per second so far."""
        if self._first is None:
            return None
        start, done_then = self._first
        elapsed = (self._handed or self._clock()) - start
        count = self.done - done_then
        if elapsed < 0.3 or count <= 0:
            return None
        return count / elapsed

    def left(self) -> float | None:
        """About how many seconds are left (None while there is too little to go by)."""
        rate = self._rate()
        if rate is None or not self.total:
            return None
        handing = self.total / rate
        if self._handed is None:
            return (self.total - self.done) / rate + WRITE_SHARE * handing
        return WRITE_SHARE * handing - (self._clock() - self._handed)

    def line(self) -> str:
        """One line: the step, how many, the time left."""
        if self._first is None:
            what = "Listing the articles" if self.rebuild else "Looking for new or changed articles"
            return f"{what}…"
        left = self.left()
        if self._handed is None:
            verb = "Rebuilding the index" if self.rebuild else "Indexing"
            text = f"{verb}: {self.done:,} of {self.total:,} articles read"
        else:
            text = f"Writing the index files of {self.total:,} articles (the last step)"
        if left is None:
            return text
        if left < 1:
            return f"{text} · finishing"
        return f"{text} · about {_seconds(left)} left"
