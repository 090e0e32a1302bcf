"""One line under the search bar while the index is brought up to date (hidden otherwise)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, ProgressBar


class SyncBar(Horizontal):
    """A label and a progress bar; app.tcss hides it until the first progress."""

    def compose(self) -> ComposeResult:
        yield Label("Bringing the index up to date…", id="sync-label", markup=False)
        yield ProgressBar(id="sync-progress", show_eta=False)

    def show_progress(self, done: int, total: int) -> None:
        """Show the line with `done` of `total` article files."""
        self.display = True
        self.query_one("#sync-progress", ProgressBar).update(total=total, progress=done)
