"""The reader's Textual app and its one factory, `make_app`, used by the CLI and the tests.

The app composes the main screen, saves the remembered state when a screen posts
`StateChanged` (in a thread worker; the last state is written before the app exits), and runs
fetches and updates of the feed subscriptions in a thread worker, one at a time, telling the
main screen (and the feeds view while it is open) of their progress and new articles. Its
terminal driver sends a paste typed as keys as one paste (`paste.py`); the colour theme comes
from the config's `theme:` or the palette's last choice, which is remembered.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.driver import Driver
from textual.screen import Screen
from textual.theme import Theme

from reader.archive import Archive
from reader.fetch.options import FetchOptions
from reader.tui import messages as msg
from reader.tui.collector import IdleCollector
from reader.tui.commands import ReaderCommands, applies_on_main
from reader.tui.paste import paste_aware
from reader.tui.research_actions import Editor
from reader.tui.screens.main import MainScreen
from reader.tui.state import StateWriter, archive_key, default_state_path, load_state
from reader.tui.widgets.related_panel import RelatedPanel

if TYPE_CHECKING:
    # The feeds, fetch and help screens are loaded when first used (~15 ms less at start).
    from reader.tui.screens.feeds import FeedsScreen
    from reader.tui.screens.fetch import FetchFinished, FetchProgress


class ReaderApp(App[None]):
    """Search, read and follow the articles of one archive."""

    TITLE = "reader"
    CSS_PATH = ["app.tcss", "research.tcss"]
    COMMANDS = App.COMMANDS | {ReaderCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "quit", id="app.quit"),
        Binding("question_mark", "help", "keys", id="app.help"),
        Binding("tab", "focus_next", "next pane", show=False, id="app.next_pane"),
        Binding("shift+tab", "focus_previous", "previous pane", show=False, id="app.prev_pane"),
        Binding("ctrl+p", "command_palette", "commands", show=False, id="app.palette"),
    ]
    """Keys that work everywhere (q and ? not while typing in an input)."""

    def __init__(self, archive: Archive, state_path: Path, editor: Editor | None = None) -> None:
        super().__init__()
        self.archive = archive
        """The archive shown."""
        self.state_path = state_path
        """Where the UI state is remembered between launches (a section per archive)."""
        self.state_key = archive_key(archive.root)
        """This archive's section in the state file: its resolved path."""
        self.state, self._state_problem = load_state(state_path, self.state_key)
        self.state_writer = StateWriter(state_path, self.state_key)
        """Writes the state from thread workers, never an older one over a newer one."""
        self.main_screen = MainScreen(archive, self.state)
        """The one main screen."""
        self.main_screen.research.editor = editor
        self._told_clashes: set[str] = set()
        self._fetch_cancel: threading.Event | None = None
        """Set to stop the fetch that runs (None when none does)."""
        self.fetch_options: FetchOptions | None = None
        """Timeouts and limits of fetches started here (None: the defaults)."""
        self.set_keymap(dict(archive.keymap))
        self.collector = IdleCollector()
        """Full garbage collections wait for a pause in typing (a 50-130 ms stall otherwise)."""

    def get_driver_class(self) -> type[Driver]:
        """The terminal's driver, sending the keys of a paste as one paste."""
        return paste_aware(super().get_driver_class())

    def _tell_repair(self, line: str) -> None:
        """Say that a damaged index was rebuilt (called from the worker that found it, or on
        the event loop: posting a message is safe from either)."""
        self.post_message(msg.IndexRepaired(line))

    @on(msg.IndexRepaired)
    def _index_repaired(self, event: msg.IndexRepaired) -> None:
        self.notify(event.line, severity="warning", markup=False, timeout=8)

    def on_mount(self) -> None:
        self.archive.on_repair = self._tell_repair
        self.archive.keep_index_warm()
        self.collector.start()
        self.set_interval(0.5, self.collector.collect_if_idle)
        self.sub_title = str(self.archive.root)
        self._apply_theme()
        self.push_screen(self.main_screen)
        self.main_screen.research.migrate(self.state_path)
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

    def _apply_theme(self) -> None:
        """Start with the configured or remembered theme; remember the palette's choices."""
        name = self.state.theme_for(self.archive.theme)
        if name and name in self.available_themes:
            self.theme = name
        elif name:
            self.notify(
                f"theme: no theme called {name} (ctrl+p, then “theme”, lists them)",
                severity="warning",
                markup=False,
                timeout=8,
            )
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.state.theme_for(self.archive.theme):
            self.state.theme, self.state.theme_config = theme.name, self.archive.theme
            self.post_message(msg.StateChanged())

    def on_unmount(self) -> None:
        self.main_screen.work.stop_build()
        self.collector.stop()
        # However the app ends, a state handed over but not written yet (its worker may have
        # been cancelled on the way out) is written now.
        self.state_writer.write()

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

    # -- the remembered state -------------------------------------------------------------------

    def _hand_state(self) -> None:
        """Hand a copy of the state, with where the open article is scrolled, to the writer."""
        position = self.main_screen.reading.position if self.main_screen.is_mounted else None
        if position is not None:
            self.state.scroll_y = position
        self.state_writer.hand(self.state)

    @on(msg.StateChanged)
    def _state_changed(self) -> None:
        self._hand_state()
        self.run_worker(
            self._write_state,
            thread=True,
            exclusive=True,
            group="state",
            description="state",
            exit_on_error=False,
        )

    def _write_state(self) -> None:
        """Write the newest state (in a thread worker); a failure is told, never fatal."""
        problem = self.state_writer.write()
        if problem:
            self.post_message(msg.StateNotSaved(problem))

    @on(msg.StateNotSaved)
    def _state_not_saved(self, event: msg.StateNotSaved) -> None:
        self.notify(event.reason, severity="warning", markup=False)

    def flush_state(self) -> None:
        """Write the state now, on the event loop. Only on the way out: then nothing waits
        for the loop, and a worker could wait behind busy ones in the pool while the user
        waits for the terminal."""
        self._hand_state()
        problem = self.state_writer.write()
        if problem:
            self.notify(problem, severity="warning", markup=False)

    async def action_quit(self) -> None:
        self.main_screen.work.stop_build()
        self.flush_state()
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

        from reader.tui.screens.fetch import FetchUrlScreen

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
        from reader.tui.screens.fetch import run_fetch

        run_fetch(self.archive, urls, feed, cancel, self.post_message, self.fetch_options)

    # -- updating the feed subscriptions (issue 20): like a fetch, told to the feeds view ----

    def _feeds_view(self) -> FeedsScreen | None:
        """The feeds view, while it is open."""
        from reader.tui.screens.feeds import FeedsScreen

        return next((s for s in self.screen_stack if isinstance(s, FeedsScreen)), None)

    def action_update_feeds(self) -> None:
        if self._fetch_cancel is not None:
            self.notify("A fetch is already running.", markup=False, timeout=3)
            return
        self._fetch_cancel = threading.Event()
        self.main_screen.fetch_status.show_progress(0, 0, {}, None)
        view = self._feeds_view()
        if view is not None:
            view.update_started()
        self.update_worker(self._fetch_cancel)

    @work(thread=True, group="fetch", exit_on_error=False)
    def update_worker(self, cancel: threading.Event) -> None:
        """Update every feed off the event loop, telling each feed's result as it comes."""
        from reader.tui.screens.feeds import run_update

        run_update(self.archive, cancel, self.post_message, self.fetch_options)

    @on(msg.UpdateWanted)
    def _update_wanted(self) -> None:
        self.action_update_feeds()

    @on(msg.StopWanted)
    def _stop_wanted(self) -> None:
        self.action_stop_fetch()

    @on(msg.FeedDecided)
    def _feed_decided(self, event: msg.FeedDecided) -> None:
        view = self._feeds_view()
        if view is not None:
            view.feed_decided(event.update)

    def on_fetch_progress(self, event: FetchProgress) -> None:
        self.main_screen.fetch_status.show_progress(
            event.done, event.total, event.counts, event.current
        )
        view = self._feeds_view()
        if view is not None:
            view.show_progress(event.done, event.total, event.counts)

    def on_fetch_finished(self, event: FetchFinished) -> None:
        self._fetch_cancel = None
        self.main_screen.fetch_status.clear()
        counts = event.counts
        fetched, failed = counts.get("fetched", 0), counts.get("failed", 0)
        if event.error:
            self.notify(f"Fetch failed: {event.error}", severity="error", markup=False)
        elif event.offline:
            self.notify("No network: nothing could be downloaded.", severity="error", markup=False)
        elif event.feeds is not None:
            from reader.tui.screens.feeds import update_summary

            failed = any(f.error for f in event.feeds) or event.interrupted
            self.notify(
                update_summary(event), severity="warning" if failed else "information", markup=False
            )
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
            self.main_screen.articles_added(event.fetched_ids)
        view = self._feeds_view()
        if view is not None:
            view.update_finished(event)

    def command_applies(self, action: str, screen: Screen[object]) -> bool:
        """Whether the palette's `action` (`app.x` or `screen.x`) can do anything on `screen`."""
        namespace, _, name = action.partition(".")
        if namespace == "screen":
            return isinstance(screen, MainScreen) and applies_on_main(screen, name)
        if name == "stop_fetch":
            return self._fetch_cancel is not None
        if name in ("fetch_url", "fetch_feed", "update_feeds"):
            return self._fetch_cancel is None
        return True

    def action_help(self) -> None:
        from reader.tui.screens.confirm import ConfirmScreen
        from reader.tui.screens.entity import (
            ArticleList,
            CompanionList,
            EntityScreen,
            ReadingScreen,
        )
        from reader.tui.screens.feeds import FeedList, FeedsScreen
        from reader.tui.screens.help import HelpScreen
        from reader.tui.screens.highlights import HighlightsScreen
        from reader.tui.screens.lists import BookmarksScreen
        from reader.tui.screens.note import CommentScreen, NoteScreen
        from reader.tui.screens.tags import TagScreen
        from reader.tui.widgets.article_view import ArticleView
        from reader.tui.widgets.entity_sidebar import EntitySidebar
        from reader.tui.widgets.facet_panel import FacetPanel
        from reader.tui.widgets.find_bar import FindBar
        from reader.tui.widgets.reading_pane import ReadingPane
        from reader.tui.widgets.results_list import ResultsList
        from reader.tui.widgets.search_box import SearchBox

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(
            HelpScreen(
                [
                    ("Everywhere", [type(self), MainScreen]),
                    ("Search box", [SearchBox]),
                    ("Results", [ResultsList]),
                    ("Article", [ArticleView, ReadingPane]),
                    ("Find in article", [FindBar]),
                    ("Related articles", [RelatedPanel]),
                    ("Entities", [EntitySidebar]),
                    ("Facets", [FacetPanel]),
                    ("Entity view", [EntityScreen, ArticleList, CompanionList, ReadingScreen]),
                    ("Bookmarks and saved searches", [BookmarksScreen]),
                    ("Tags, note and highlights", [TagScreen, NoteScreen, HighlightsScreen]),
                    ("Questions", [CommentScreen, ConfirmScreen]),
                    ("Feeds", [FeedsScreen, FeedList]),
                ]
            )
        )


def make_app(
    archive: Archive, state_path: Path | None = None, editor: Editor | None = None
) -> ReaderApp:
    """The reader app on `archive`, remembering its state in `state_path` (default: user
    data); `editor` runs the user's editor for `E` (none: `E` says to use `reader edit`)."""
    return ReaderApp(archive, state_path or default_state_path(), editor)
