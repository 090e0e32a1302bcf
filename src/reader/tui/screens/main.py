"""The main screen: search box, results, article with related panel, entity side-bar.

The screen routes messages between panes and runs the index work in thread workers; the
panes only show what they are given (messages up, attributes down).
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Label, ProgressBar, Static

from reader.archive import Archive, ArchiveError
from reader.model.article import Entities
from reader.tui import messages as msg
from reader.tui.highlight import query_words
from reader.tui.history import History, View
from reader.tui.screens.collections import CollectionActions
from reader.tui.screens.index_work import (
    MIN_PAGE,
    PAGE_MARGIN,
    RESULT_PAGE,
    IndexWork,
    entity_query,
)
from reader.tui.screens.panes import FindActions, PaneLayout
from reader.tui.state import UiState
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entity_sidebar import EntitySidebar
from reader.tui.widgets.fetch_status import FetchStatus
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.related_panel import RelatedPanel
from reader.tui.widgets.results_list import ROW_LINES, ResultsList
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.timeline import Timeline


class MainScreen(PaneLayout, FindActions, IndexWork, CollectionActions, Screen[None]):
    """Search, read and move through the archive."""

    BINDINGS: list[BindingType] = [
        Binding("slash", "focus_search", "search", id="main.search", priority=True),
        Binding("left_square_bracket,alt+left", "back", "back", id="main.back"),
        Binding(
            "right_square_bracket,alt+right", "forward", "forward", show=False, id="main.forward"
        ),
        Binding("r", "toggle_results", "results", id="main.results"),
        Binding("e", "toggle_entities", "entities", id="main.entities"),
        Binding("ctrl+f", "find", "find", id="main.find"),
        Binding("m", "bookmark", "bookmark", id="main.bookmark"),
        Binding("b", "bookmarks", "bookmarks", show=False, id="main.bookmarks"),
        Binding("s", "toggle_sort", "sort", show=False, id="main.sort"),
        Binding("ctrl+s", "save_search", "save search", show=False, id="main.save_search"),
        Binding("l", "saved_searches", "saved searches", show=False, id="main.saved_searches"),
    ]
    """Keys that work in every pane (except while typing in an input)."""

    def __init__(self, archive: Archive, state: UiState) -> None:
        super().__init__()
        self.archive = archive
        """The archive searched and read."""
        self.state = state
        """The remembered state; the app saves it."""
        self.history = History()
        """Views for back/forward."""
        self.ready = False
        """True once the index is up to date and searches can run."""
        self._entities_pref: bool | None = None
        self._results_pref: bool | None = None
        self._last_pane = "results"

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Label("/", id="search-prompt", markup=False)
            yield SearchBox(id="search")
            yield Static("", id="status", markup=False)
        with Horizontal(id="sync"):
            yield Label("Bringing the index up to date…", id="sync-label", markup=False)
            yield ProgressBar(id="sync-progress", show_eta=False)
        with Horizontal(id="body"):
            with Vertical(id="results-pane"):
                yield Timeline(id="timeline")
                yield ResultsList(id="results")
                yield Static("", id="empty", markup=False)
            with Vertical(id="reading"):
                yield ArticleView(id="article")
                yield FindBar(id="find")
                yield RelatedPanel(id="related")
            yield EntitySidebar(id="entities")
        yield FetchStatus(id="fetch-status", markup=False)
        yield Footer()

    # -- panes -------------------------------------------------------------------------------

    @property
    def search_box(self) -> SearchBox:
        return self.query_one("#search", SearchBox)

    @property
    def results(self) -> ResultsList:
        return self.query_one("#results", ResultsList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def related(self) -> RelatedPanel:
        return self.query_one("#related", RelatedPanel)

    @property
    def entities(self) -> EntitySidebar:
        return self.query_one("#entities", EntitySidebar)

    @property
    def find_bar(self) -> FindBar:
        return self.query_one("#find", FindBar)

    @property
    def fetch_status(self) -> FetchStatus:
        return self.query_one("#fetch-status", FetchStatus)

    @property
    def sort(self) -> str:
        return self.state.sort

    def page_size(self) -> int:
        """Hits to fetch per page: the rows the list has room for, and a few more."""
        height = self.results.scrollable_content_region.height
        if not height:
            return RESULT_PAGE
        return max(MIN_PAGE, height // ROW_LINES + PAGE_MARGIN)

    # -- start-up: bring the index up to date -------------------------------------------------

    def on_mount(self) -> None:
        self.query_one("#results-pane").border_title = "Results"
        self.find_bar.display = False
        self.query_one("#empty").display = False
        self.related.show((), "Open an article to see related coverage.")
        self.entities.show(self.entities.entities, note="Open an article to see who and where.")
        self._apply_layout()
        self.results.focus()
        query = self.state.query
        self.search_box.value = query
        self.search_box.cursor_position = len(query)
        # After the first frame: the worker imports and opens the index, which would hold the
        # interpreter's lock while the first screen is still being drawn.
        self.call_after_refresh(lambda: self.sync_index(first=(query, self.sort, self.page_size())))

    @on(msg.SyncProgress)
    def _sync_progress(self, event: msg.SyncProgress) -> None:
        self.query_one("#sync").display = True
        self.query_one("#sync-progress", ProgressBar).update(total=event.total, progress=event.done)

    @on(msg.SyncFinished)
    def _sync_finished(self, event: msg.SyncFinished) -> None:
        self.query_one("#sync").display = False
        if event.problem:
            self.notify(event.problem, severity="warning", markup=False)
        if event.summary == "empty":
            self._show_empty()
            return
        first_time = not self.ready
        self.ready = True
        self.timeline_months = None  # the archive may span other months now
        shown = self.results.result
        if event.changed or shown is None or shown.query != self.search_box.value:
            self.run_search(self.search_box.value, self.sort, self.page_size())
        if first_time:
            self._restore()

    def _show_empty(self) -> None:
        empty = self.query_one("#empty", Static)
        empty.update(
            f"The archive {self.archive.root} is empty.\n\n"
            "Add articles from a shell with:\n\n    reader import PATH...\n\n"
            "(files or folders of saved pages, text, Markdown, HTML or JSON)."
        )
        empty.display = True
        self.results.display = False
        self.query_one("#status", Static).update("no articles")
        self.article_view.show(None, [], "Nothing to read yet: import some articles first.")

    def _restore(self) -> None:
        """Put back the open article from the saved state (the query is back already)."""
        state = self.state
        self.history.push(View(state.query, None))
        if state.article_id and self._exists(state.article_id):
            self.open_article(state.article_id, record=True, scroll_y=state.scroll_y)
        else:  # gone from the archive since (or never here): nothing to say about it
            state.article_id, state.scroll_y = None, 0.0

    def _exists(self, article_id: str) -> bool:
        try:
            return self.archive.store.exists(article_id)
        except ValueError:  # not an id this archive could hold
            return False

    # -- searching -----------------------------------------------------------------------------

    @on(msg.SearchRequested)
    def _search_requested(self, event: msg.SearchRequested) -> None:
        self.state.query = event.query
        if self.focused is self.search_box and not self.query_one("#results-pane").display:
            self._results_pref = True  # the user is typing: show what the query finds
            self._last_pane = "results"
            self._apply_layout()
        if self.ready:
            self.run_search(event.query, self.sort, self.page_size())

    @on(msg.ResultsReady)
    def _results_ready(self, event: msg.ResultsReady) -> None:
        if event.query != self.search_box.value or event.sort != self.sort:
            return
        result = event.result
        self.results.read_ids = set(self.state.read)
        self.results.bookmarks = set(self.state.bookmarks)
        previous = self.results.result
        same_query = previous is not None and previous.query == event.query
        keep = self.results.highlighted_id if same_query else None
        self.results.show(result, keep_highlight=keep)
        order = "newest first" if self.sort == "date" else "best match"
        if not event.query.strip():
            order = "newest first"
        status = f"{result.count_line()} · {result.took_ms:.0f} ms"
        if not self.has_class("narrow"):
            status += f" · {order}"
        # A fixed-width status: no re-layout of the screen on each keystroke.
        self.query_one("#status", Static).update(status, layout=False)
        if not same_query:
            self.count_months_after_pause(event.query)

    @on(msg.MoreResultsWanted)
    def _more_results(self) -> None:
        shown = self.results.result
        if shown is not None and shown.query == self.search_box.value:
            self.run_search(shown.query, self.sort, len(shown.hits) + self.page_size())

    @on(msg.TimelineReady)
    def _timeline_ready(self, event: msg.TimelineReady) -> None:
        if event.query == self.search_box.value:
            self.query_one("#timeline", Timeline).show(event.counts)

    @on(msg.SearchFailed)
    def _search_failed(self, event: msg.SearchFailed) -> None:
        if event.query == self.search_box.value:
            self.query_one("#status", Static).update(f"search failed: {event.reason}")

    @on(msg.SearchLeft)
    def _search_left(self, event: msg.SearchLeft) -> None:
        self.history.push(View(event.query, self._article_id))
        if self.results.display and self.results.hit_count:
            self.results.focus()
        else:
            self.article_view.focus()

    def set_query(self, query: str) -> None:
        """Put `query` in the search box (which runs it)."""
        self.search_box.value = query
        self.search_box.cursor_position = len(query)
        if not self.ready:
            return
        self.state.query = query

    # -- articles -----------------------------------------------------------------------------

    @property
    def _article_id(self) -> str | None:
        article = self.article_view.article
        return article.id if article else None

    @on(msg.ArticleChosen)
    def _article_chosen(self, event: msg.ArticleChosen) -> None:
        self.open_article(event.article_id)

    def open_article(self, article_id: str, record: bool = True, scroll_y: float = 0.0) -> None:
        """Show an article, mark it read, and look up its related list and entity counts."""
        try:
            article = self.archive.get(article_id)
        except ArchiveError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        if record:
            self.history.push(View(self.search_box.value, article_id))
        self.find_bar.action_close()
        self.article_view.show(article, query_words(self.search_box.value), scroll_y=scroll_y)
        self.state.article_id = article_id
        if article_id not in self.state.read:
            self.state.read.append(article_id)
            self.results.read_ids.add(article_id)
            self.results.refresh_marks()
        self._results_pref = None
        self._apply_layout()
        self.article_view.focus()
        self.related.show((), "Looking up related articles…")
        self.entities.show(article.entities)
        self.related.load(self.archive, article)
        self.count_entities(article)
        self.app.save_state()  # type: ignore[attr-defined]

    def close_article(self) -> None:
        self.article_view.show(None, [])
        self.state.article_id = None
        self.related.show((), "Open an article to see related coverage.")
        self.entities.show(Entities(), note="Open an article to see who and where.")
        self._apply_layout()

    @on(msg.RelatedReady)
    def _related_ready(self, event: msg.RelatedReady) -> None:
        if event.article_id == self._article_id:
            self.related.show(event.items, "No related articles in the archive.")

    @on(RelatedPanel.SearchTitle)
    def _search_title(self, event: RelatedPanel.SearchTitle) -> None:
        self.set_query(event.query)
        self.history.push(View(event.query, self._article_id))
        self._results_pref = True
        self._last_pane = "results"
        self._apply_layout()
        self.results.focus()

    @on(msg.EntityCountsReady)
    def _entity_counts(self, event: msg.EntityCountsReady) -> None:
        if event.article_id == self._article_id:
            self.entities.set_counts(event.counts)

    @on(EntitySidebar.Opened)
    def _entity_opened(self, event: EntitySidebar.Opened) -> None:
        from reader.tui.screens.entity import EntityScreen

        def narrowed(chosen: tuple[str, str] | None) -> None:
            if chosen:
                self.post_message(msg.EntityChosen(*chosen))

        self.app.push_screen(EntityScreen(self.archive, event.kind, event.name), narrowed)

    @on(msg.EntityChosen)
    def _entity_chosen(self, event: msg.EntityChosen) -> None:
        query = entity_query(event.kind, event.name)
        self.set_query(query)
        self.history.push(View(query, self._article_id))
        self._results_pref = True
        self._last_pane = "results"
        self._apply_layout()
        self.results.focus()

    # -- history ------------------------------------------------------------------------------

    def _go(self, view: View | None) -> None:
        if view is None:
            self.notify("No further history.", markup=False, timeout=2)
            return
        if view.query != self.search_box.value:
            self.set_query(view.query)
        if view.article_id and view.article_id != self._article_id:
            self.open_article(view.article_id, record=False)
        elif view.article_id is None:
            self.close_article()
            self.results.focus()

    def action_back(self) -> None:
        self._go(self.history.back())

    def action_forward(self) -> None:
        self._go(self.history.forward())

    # -- index ------------------------------------------------------------------------------

    def action_rebuild_index(self) -> None:
        self.query_one("#sync").display = True
        self.sync_index(rebuild=True)

    def refresh_results(self) -> None:
        """Run the current query again (the archive has new articles)."""
        self.timeline_months = None
        if self.ready:
            self.run_search(self.search_box.value, self.sort, self.page_size())
            self.count_months(self.search_box.value)

    def action_toggle_sort(self) -> None:
        self.state.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"Sorted by {self.sort}.", markup=False, timeout=2)
        if self.ready:
            self.run_search(self.search_box.value, self.sort, self.page_size())
