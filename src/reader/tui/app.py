"""The reader's Textual app and its one factory, `make_app`, used by the CLI and the tests."""

from __future__ import annotations

import threading
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from reader.archive import Archive
from reader.fetch.options import FetchOptions
from reader.tui.collector import IdleCollector
from reader.tui.commands import ReaderCommands
from reader.tui.screens.fetch import FetchFinished, FetchProgress, FetchUrlScreen, run_fetch
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.state import UiState, archive_key, default_state_path, load_state, save_state
from reader.tui.widgets.related_panel import RelatedPanel


class ReaderApp(App[None]):
    """Search, read and follow the articles of one archive."""

    TITLE = "reader"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: list[BindingType] = [
        Binding("q", "quit", "quit", id="app.quit"),
        Binding("question_mark", "help", "keys", id="app.help"),
        Binding("tab", "focus_next", "next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "focus_previous", "previous pane", show=False, id="app.prev_pane"),
        Binding("ctrl+p", "command_palette", "commands", show=False, id="app.palette"),
    ]
    """Keys that work everywhere (q and ? not while typing in an input)."""

    def __init__(self, archive: Archive, state_path: Path) -> None:
        super().__init__()
        self.archive = archive
        """The archive shown."""
        self.state_path = state_path
        """Where the UI state is remembered between launches (a section per archive)."""
        self.state_key = archive_key(archive.root)
        """This archive's section in the state file: its resolved path."""
        self.state, self._state_problem = load_state(state_path, self.state_key)
        self.main_screen = MainScreen(archive, self.state)
        """The one main screen."""
        self._told_clashes: set[str] = set()
        self._fetch_cancel: threading.Event | None = None
        """Set to stop the fetch that runs (None when none does)."""
        self.fetch_options: FetchOptions | None = None
        """Timeouts and limits of fetches started here (None: the defaults)."""
        self.set_keymap(dict(archive.config.keymap))
        self.collector = IdleCollector()
        """Full garbage collections wait for a pause in typing (a 50-130 ms stall otherwise)."""

    def _tell_repair(self, line: str) -> None:
        """Say that a damaged index was rebuilt (called from the worker that found it)."""
        try:
            self.call_from_thread(self.notify, line, severity="warning", markup=False, timeout=8)
        except RuntimeError:  # called on the app's own thread
            self.notify(line, severity="warning", markup=False, timeout=8)

    def on_mount(self) -> None:
        self.archive.on_repair = self._tell_repair
        self.collector.start()
        self.set_interval(0.5, self.collector.collect_if_idle)
        self.sub_title = str(self.archive.root)
        self.push_screen(self.main_screen)
        if self._state_problem:
            self.notify(self._state_problem, severity="warning", markup=False, timeout=8)
        if self._keymap:
            from reader.tui.keys import unknown_ids

            unknown = unknown_ids(self._keymap)
            if unknown:
                self.notify(
                    f"keymap: no key binding has the id {', '.join(unknown)} (see ? for keys)",
                    severity="warning",
                    markup=False,
                    timeout=8,
                )

    def on_unmount(self) -> None:
        self.collector.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    def handle_bindings_clash(self, clashed_bindings: set[Binding], node: DOMNode) -> None:
        """A key the keymap gave to two bindings of one pane: say which, once."""
        names = ", ".join(sorted(b.id or b.action for b in clashed_bindings))
        if names not in self._told_clashes:
            self._told_clashes.add(names)
            self.notify(f"keymap: {names} now share a key", severity="warning", markup=False)

    def save_state(self) -> None:
        """Write the remembered state; a failure is told, never fatal."""
        state: UiState = self.state
        article = self.main_screen.article_view.article if self.main_screen.is_mounted else None
        if article is not None:
            state.scroll_y = float(self.main_screen.article_view.scroll_y)
        try:
            save_state(self.state_path, state, self.state_key)
        except OSError as exc:
            self.notify(
                f"Could not save the reader's state: {exc}", severity="warning", markup=False
            )

    async def action_quit(self) -> None:
        self.save_state()
        if self._fetch_cancel is not None:
            self._fetch_cancel.set()  # stop between two pages; what finished is kept
        self.exit()

    # -- fetching (issue 7): the palette asks for URLs, a thread worker downloads them -----------

    def action_fetch_url(self) -> None:
        self._ask_fetch(feed=False)

    def action_fetch_feed(self) -> None:
        self._ask_fetch(feed=True)

    def _ask_fetch(self, feed: bool) -> None:
        if self._fetch_cancel is not None:
            self.notify("A fetch is already running.", markup=False, timeout=3)
            return

        def chosen(urls: list[str] | None) -> None:
            if urls:
                self._start_fetch(urls, feed)

        self.push_screen(FetchUrlScreen(feed), chosen)

    def _start_fetch(self, urls: list[str], feed: bool) -> None:
        self._fetch_cancel = threading.Event()
        self.main_screen.fetch_status.show_progress(0, len(urls), {}, None)
        self.fetch_worker(urls, feed, self._fetch_cancel)

    def on_related_panel_fetch_page(self, event: RelatedPanel.FetchPage) -> None:
        """`f` on a related title not in the archive: fetch its page like a palette fetch."""
        if self._fetch_cancel is not None:
            self.notify("A fetch is already running.", markup=False, timeout=3)
            return
        self.notify(f"Fetching “{event.title}”…", markup=False, timeout=3)
        self._start_fetch([event.url], feed=False)

    def action_stop_fetch(self) -> None:
        if self._fetch_cancel is None:
            self.notify("No fetch is running.", markup=False, timeout=2)
            return
        self._fetch_cancel.set()
        self.notify("Stopping after the pages under way…", markup=False, timeout=3)

    @work(thread=True, group="fetch", exit_on_error=False)
    def fetch_worker(self, urls: list[str], feed: bool, cancel: threading.Event) -> None:
        """Download off the event loop; the app stays usable and hears of progress."""
        run_fetch(self.archive, urls, feed, cancel, self.post_message, self.fetch_options)

    def on_fetch_progress(self, event: FetchProgress) -> None:
        self.main_screen.fetch_status.show_progress(
            event.done, event.total, event.counts, event.current
        )

    def on_fetch_finished(self, event: FetchFinished) -> None:
        self._fetch_cancel = None
        self.main_screen.fetch_status.clear()
        counts = event.counts
        fetched, failed = counts.get("fetched", 0), counts.get("failed", 0)
        if event.error:
            self.notify(f"Fetch failed: {event.error}", severity="error", markup=False)
        elif event.offline:
            self.notify("No network: nothing could be downloaded.", severity="error", markup=False)
        else:
            noun = "article" if fetched == 1 else "articles"
            summary = (
                f"Fetched {fetched} new {noun} · {counts.get('duplicate', 0)} already in the "
                f"archive · {failed} failed"
            )
            self.notify(summary, severity="warning" if failed else "information", markup=False)
        for problem in event.problems if not event.offline else ():
            self.notify(problem, severity="warning", markup=False, timeout=8)
        if fetched:
            self.main_screen.refresh_results()
            # A linked title may now be in the archive: the one fetched stays highlighted.
            self.main_screen.related.reload(keep=event.fetched_ids)

    def action_help(self) -> None:
        from reader.tui.widgets.article_view import ArticleView
        from reader.tui.widgets.entity_sidebar import EntitySidebar
        from reader.tui.widgets.find_bar import FindBar
        from reader.tui.widgets.results_list import ResultsList
        from reader.tui.widgets.search_box import SearchBox

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(
            HelpScreen(
                [
                    ("Everywhere", type(self)),
                    ("Main screen", MainScreen),
                    ("Search box", SearchBox),
                    ("Results", ResultsList),
                    ("Article", ArticleView),
                    ("Find in article", FindBar),
                    ("Related", RelatedPanel),
                    ("Entities", EntitySidebar),
                ]
            )
        )


def make_app(archive: Archive, state_path: Path | None = None) -> ReaderApp:
    """The reader app on `archive`, remembering its state in `state_path` (default: user data)."""
    return ReaderApp(archive, state_path or default_state_path())
