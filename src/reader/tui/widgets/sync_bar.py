"""One line under the search bar while the index is built: the step, how many, the time left.

Hidden otherwise. A build that finds nothing to do ends before the line shows (it waits
SHOW_AFTER seconds, or for the first article indexed); the line is redrawn every second, so
the time left moves while the index files are written, a step that reports no progress.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Label, ProgressBar

from reader.tui.index_build import BuildClock

SHOW_AFTER = 1.0
"""Seconds into a build before the line shows, when no article needed indexing yet."""


class SyncBar(Horizontal):
    """A line of what the build does, and a progress bar; app.tcss hides it until needed."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.clock: BuildClock | None = None
        """The build shown, while one runs."""
        self._ticker: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="sync-label", markup=False)
        yield ProgressBar(id="sync-progress", show_eta=False)

    def start(self, rebuild: bool) -> None:
        """A build started: show it after SHOW_AFTER seconds unless it is over by then."""
        self.clock = BuildClock(rebuild)
        self.query_one("#sync-progress", ProgressBar).update(total=None, progress=0)
        if self._ticker is not None:
            self._ticker.stop()
        self._ticker = self.set_interval(1.0, self._tick)
        self.set_timer(SHOW_AFTER, self._show_if_running)

    def _show_if_running(self) -> None:
        if self.clock is not None:
            self.display = True
            self._tick()

    def show_progress(self, done: int, total: int) -> None:
        """Show `done` of `total` articles handed to the index writers."""
        if self.clock is None:
            self.start(rebuild=False)
        assert self.clock is not None
        self.clock.progress(done, total)
        self.display = True
        bar = self.query_one("#sync-progress", ProgressBar)
        bar.update(total=None if self.clock.writing else total, progress=done)
        self._tick()

    def _tick(self) -> None:
        if self.clock is not None:
            self.query_one("#sync-label", Label).update(self.clock.line())

    @property
    def text(self) -> str:
        """What the line says now."""
        return str(self.query_one("#sync-label", Label).render())

    def finish(self) -> None:
        """The build is over: hide the line."""
        self.clock = None
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        self.display = False
