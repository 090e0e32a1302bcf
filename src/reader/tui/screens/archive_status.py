"""What the main screen says of its archive: the index build, an empty or missing archive,
articles imported elsewhere, entities from an older extractor.

A part of the main screen (it sets what the panes show; the screen routes the messages):
`ArchiveWork` builds the index and counts the archive in workers, and this says what came of
it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.tui import messages as msg
from reader.tui.widgets.results_pane import building_text, missing_text

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen

REEXTRACT = (
    "The people, places and organisations of this archive come from an older version of the "
    "reader. Update them from a shell: reader --archive {root} entities --reextract"
)


class ArchiveStatus:
    """The main screen's word on its archive and index."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen
        self.known_total: int | None = None
        """Articles in the index when last counted (None: not counted yet, or count again
        without telling, the reader itself having changed the archive)."""

    def build_started(self, searchable: bool, rebuild: bool) -> None:
        """The index build started: the sync bar shows it; with no index to search yet, the
        result list says so."""
        screen = self._screen
        screen.sync_bar.start(rebuild)
        if searchable:
            screen.become_searchable()
        elif not screen.searchable:
            screen.results_pane.show_message(building_text())
            screen.search_bar.set_status("building the index…")

    def build_finished(self, event: msg.SyncFinished) -> None:
        """The build is over (or there was nothing to build)."""
        screen = self._screen
        screen.sync_bar.finish()
        if event.problem:
            screen.notify(event.problem, severity="warning", markup=False)
        if event.summary == "empty":
            self._say("no articles", "Nothing to read yet: import some articles first.")
            screen.results_pane.show_empty_archive(screen.archive.root)
            return
        if event.summary in ("missing", "not a folder"):
            self._say("no archive folder", "Nothing to read: the archive folder is not there.")
            screen.results_pane.show_message(missing_text(screen.archive.root, event.summary))
            return
        screen.results_pane.show_results()
        if screen.focused is None:  # the list was hidden while the index was built
            screen.results.focus()
        screen.become_searchable()
        self.forget_count()  # the reader's own build: counted again without telling
        shown = screen.results.result
        if event.changed or shown is None or shown.query != screen.search_box.value:
            screen.refresh_results()

    def _say(self, status: str, reading: str) -> None:
        self._screen.search_bar.set_status(status)
        self._screen.reading.clear(reading)

    def forget_count(self) -> None:
        """Count the archive again without telling (the reader itself changed it)."""
        self.known_total = None

    def counted(self, total: int) -> None:
        """The index holds `total` articles: more than last time is told, and shown."""
        known, self.known_total = self.known_total, total
        if known is None or total == known:
            return
        if total > known:
            added = total - known
            noun = "article" if added == 1 else "articles"
            self._screen.notify(f"{added:,} new {noun} in the archive", markup=False, timeout=5)
        self._screen.refresh_results()
        self._screen.related.reload()

    def entities_outdated(self) -> None:
        """Say, once, that the archive's entities are old and how to update them."""
        text = REEXTRACT.format(root=self._screen.archive.root)
        self._screen.notify(text, title="Entities", severity="warning", markup=False, timeout=20)
