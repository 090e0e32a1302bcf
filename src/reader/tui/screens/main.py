"""The main screen: search bar, results, the facets panel, the reading pane (article, find bar,
related panel) and the entity side-bar.

The screen routes: panes post messages up, the screen sets what they show (attributes and
typed methods down). The archive is read off the event loop, by `ArchiveWork` (searches, the
index build, counts, the watch for new articles) and by the reading pane (articles), both
answering with messages. Which panes show at which width is `layout.fit_panes`; what the
reader remembers is `UiState`, which the app saves when the screen posts `StateChanged`; the
bookmark and saved-search commands are `Collections`'.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input

from reader.archive import Archive
from reader.model.article import Entities
from reader.tui import messages as msg
from reader.tui.history import History, View
from reader.tui.research_actions import RESEARCH_BINDINGS, ResearchActions
from reader.tui.screens.archive_status import ArchiveStatus
from reader.tui.screens.archive_work import WATCH_SECONDS, ArchiveWork, FirstSearch
from reader.tui.screens.collections import Collections
from reader.tui.screens.layout import PaneChoice, fit_panes
from reader.tui.state import UiState
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.entity_sidebar import EntitySidebar, entity_query, narrowed_query
from reader.tui.widgets.facet_panel import FacetPanel
from reader.tui.widgets.fetch_status import FetchStatus
from reader.tui.widgets.footer import ReaderFooter
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.widgets.related_panel import RelatedPanel
from reader.tui.widgets.results_list import ResultsList
from reader.tui.widgets.results_pane import ResultsPane
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.search_box import SearchBox
from reader.tui.widgets.sync_bar import SyncBar

NO_ENTITIES = "Open an article to see who and where."


class MainScreen(Screen[None]):
    """Search, read and move through the archive."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "search", id="main.search", priority=True),
        Binding("left_square_bracket,alt+left", "back", "back", id="main.back"),
        Binding(
            "right_square_bracket,alt+right", "forward", "forward", show=False, id="main.forward"
        ),
        Binding("r", "toggle_results", "results", id="main.results"),
        Binding("e", "toggle_entities", "entities", id="main.entities"),
        Binding("g", "toggle_facets", "facets", show=False, id="main.facets"),
        Binding("ctrl+f", "find", "find", id="main.find"),
        Binding("m", "bookmark", "bookmark", id="main.bookmark"),
        Binding("b", "bookmarks", "bookmarks", show=False, id="main.bookmarks"),
        Binding("s", "toggle_sort", "sort", show=False, id="main.sort"),
        Binding("ctrl+s", "save_search", "save search", show=False, id="main.save_search"),
        Binding("l", "saved_searches", "saved searches", show=False, id="main.saved_searches"),
        Binding("F", "feeds", "feeds", show=False, id="main.feeds"),
        *RESEARCH_BINDINGS,
    ]
    """Keys that work in every pane (except while typing in an input)."""

    def __init__(self, archive: Archive, state: UiState) -> None:
        super().__init__()
        self.archive = archive
        """The archive searched and read."""
        self.state = state
        """The remembered state; the app saves it when told `StateChanged`."""
        self.history = History()
        """Views for back/forward."""
        self.searchable = False
        """True once there is an index to search (it may still be brought up to date)."""
        self.work = ArchiveWork(archive, self)
        """The screen's look-ups in the archive (thread workers answering with messages)."""
        self.choice = PaneChoice()
        """The side panels the user asked for with `e` and `r`."""
        self.collections = Collections(self)
        self.research = ResearchActions(self)
        """Tags, notes, highlights, citations and read state (`research_actions.py`)."""
        """The bookmark and saved-search commands."""
        self.status = ArchiveStatus(self)
        """What the screen says of the archive and its index build."""

    def compose(self) -> ComposeResult:
        yield SearchBar(id="topbar")
        yield SyncBar(id="sync")
        with Horizontal(id="body"):
            yield ResultsPane(id="results-pane")
            yield FacetPanel(id="facets")
            yield ReadingPane(self.archive, id="reading")
            yield EntitySidebar(id="entities")
        yield FetchStatus(id="fetch-status", markup=False)
        yield ReaderFooter()

    # -- panes -------------------------------------------------------------------------------

    @property
    def search_bar(self) -> SearchBar:
        return self.query_one("#topbar", SearchBar)

    @property
    def search_box(self) -> SearchBox:
        return self.search_bar.search_box

    @property
    def results_pane(self) -> ResultsPane:
        return self.query_one("#results-pane", ResultsPane)

    @property
    def results(self) -> ResultsList:
        return self.results_pane.results

    @property
    def reading(self) -> ReadingPane:
        return self.query_one("#reading", ReadingPane)

    @property
    def article_view(self) -> ArticleView:
        return self.reading.article_view

    @property
    def related(self) -> RelatedPanel:
        return self.reading.related

    @property
    def entities(self) -> EntitySidebar:
        return self.query_one("#entities", EntitySidebar)

    @property
    def facets(self) -> FacetPanel:
        return self.query_one("#facets", FacetPanel)

    @property
    def fetch_status(self) -> FetchStatus:
        return self.query_one("#fetch-status", FetchStatus)

    @property
    def sync_bar(self) -> SyncBar:
        return self.query_one("#sync", SyncBar)

    @property
    def sort(self) -> str:
        return self.state.sort

    # -- start-up: bring the index up to date -------------------------------------------------

    def on_mount(self) -> None:
        self.entities.show(self.entities.entities, note=NO_ENTITIES)
        self.results_pane.set_archive(self.archive.root)
        self._apply_layout()
        self.results.focus()
        query = self.state.query
        self.search_box.searches = self.state.searches
        self.search_box.value = query
        self.search_box.cursor_position = len(query)
        # After the first frame: the worker imports and opens the index, which would hold the
        # interpreter's lock while the first screen is still being drawn.
        self.call_after_refresh(self._first_sync, query)

    def on_unmount(self) -> None:
        self.work.stop_build()

    def _first_sync(self, query: str) -> None:
        self.results.page_rows = self.results_pane.page_size()
        self.work.sync(first=FirstSearch(query, self.sort, self.results.page_rows))

    # The index build and the watch on the archive: `ArchiveStatus` says what happens.

    @on(msg.SyncStarted)
    def _sync_started(self, event: msg.SyncStarted) -> None:
        self.status.build_started(event.searchable, event.rebuild)

    @on(msg.SyncProgress)
    def _sync_progress(self, event: msg.SyncProgress) -> None:
        self.sync_bar.show_progress(event.done, event.total)

    @on(msg.BuildEnded)
    def _build_ended(self) -> None:
        self.sync_bar.finish()

    @on(msg.SyncFinished)
    def _sync_finished(self, event: msg.SyncFinished) -> None:
        self.status.build_finished(event)

    @on(msg.ArchiveCounted)
    def _archive_counted(self, event: msg.ArchiveCounted) -> None:
        self.status.counted(event.total)

    @on(msg.EntitiesOutdated)
    def _entities_outdated(self) -> None:
        self.status.entities_outdated()

    def become_searchable(self) -> None:
        """There is an index: searches run from now on; the first time, the open article is
        put back and the watches start."""
        if self.searchable:
            return
        self.searchable = True
        self._restore()
        self.set_interval(WATCH_SECONDS, self.work.count_articles)
        self.work.check_entities()

    def _restore(self) -> None:
        """Put back the open article from the saved state (the query is back already)."""
        state = self.state
        self.history.push(View(state.query, None))
        if state.article_id:  # dropped quietly if it is gone from the archive since
            self.open_article(state.article_id, record=True, scroll_y=state.scroll_y, restore=True)
        else:
            state.article_id, state.scroll_y = None, 0.0

    # -- searching -----------------------------------------------------------------------------

    def _search(self, query: str) -> None:
        """Run `query`: its first page of hits."""
        self.results.page_rows = self.results_pane.page_size()
        self.work.search(query, self.sort, self.results.page_rows)

    @on(msg.SearchRequested)
    def _search_requested(self, event: msg.SearchRequested) -> None:
        self.state.query = event.query
        if self.focused is self.search_box and not self.results_pane.display:
            self.choice.choose_results(True)  # the user is typing: show what the query finds
            self._apply_layout()
        if self.searchable:
            self._search(event.query)

    @on(msg.ResultsReady)
    def _results_ready(self, event: msg.ResultsReady) -> None:
        if event.query != self.search_box.value or event.sort != self.sort:
            return
        result = event.result
        previous = self.results.result
        same_query = previous is not None and previous.query == event.query
        keep = self.results.highlighted_id if same_query else None
        self.results.show(result, keep_highlight=keep)
        self.research.mark_rows([hit.id for hit in result.hits])
        self.search_bar.show_found(event.query, result, self.sort, self.has_class("narrow"))
        if not same_query:
            self.work.count_months_after_pause(event.query)
            self._count_facets(event.query, typed=self.focused is self.search_box)

    @on(msg.PageWanted)
    def _page_wanted(self, event: msg.PageWanted) -> None:
        shown = self.results.result
        if shown is not None and shown.query == self.search_box.value:
            self.work.page(shown.query, self.sort, event.serial, event.offset, event.limit)

    @on(msg.PageReady)
    def _page_ready(self, event: msg.PageReady) -> None:
        if event.query == self.search_box.value and event.sort == self.sort:
            self.results.add_page(event.serial, event.offset, event.result)
            self.research.mark_rows([hit.id for hit in event.result.hits])

    @on(msg.TimelineReady)
    def _timeline_ready(self, event: msg.TimelineReady) -> None:
        if event.query == self.search_box.value:
            self.results_pane.timeline.show(event.counts)

    def _count_facets(self, query: str, typed: bool = False) -> None:
        """Count the facets of `query` when they show: at once, or once typing pauses."""
        if not self.facets.display or not self.searchable:
            return
        if typed:
            self.work.count_facets_after_pause(query)
        else:
            self.work.count_facets(query)

    @on(msg.FacetsReady)
    def _facets_ready(self, event: msg.FacetsReady) -> None:
        if event.query == self.search_box.value:
            self.facets.show(event.facets)

    @on(FacetPanel.Chosen)
    def _facet_chosen(self, event: FacetPanel.Chosen) -> None:
        """Narrow the query by a facet's term, or widen it again: in the search box."""
        query = self.archive.toggle_facet(self.search_box.value, event.term, typing=True)
        self.set_query(query)
        self.history.push(View(query, self._article_id))
        self._remember_search(query)

    @on(msg.SearchFailed)
    def _search_failed(self, event: msg.SearchFailed) -> None:
        if event.query == self.search_box.value:
            self.search_bar.set_status(f"search failed: {event.reason}")

    @on(msg.SearchLeft)
    def _search_left(self, event: msg.SearchLeft) -> None:
        self.history.push(View(event.query, self._article_id))
        self._remember_search(event.query)
        if self.results.display and self.results.hit_count:
            self.results.focus()
        else:
            self.article_view.focus()

    def _remember_search(self, query: str) -> None:
        """Keep `query` for `up` in the search box."""
        if self.state.remember_search(query):
            self.post_message(msg.StateChanged())

    def set_query(self, query: str) -> None:
        """Put `query` in the search box (which runs it)."""
        self.search_box.value = query
        self.search_box.cursor_position = len(query)
        if not self.searchable:
            return
        self.state.query = query

    def show_query(self, query: str) -> None:
        """Search for `query` as a new view, with the results shown and focused."""
        self.set_query(query)
        self.history.push(View(query, self._article_id))
        self.choice.choose_results(True)
        self._apply_layout()
        self.results.focus()

    def refresh_results(self) -> None:
        """Run the current query again (the archive has new articles)."""
        if self.searchable:
            self._search(self.search_box.value)
            self.work.count_months(self.search_box.value)
            self._count_facets(self.search_box.value)

    def articles_added(self, article_ids: list[str]) -> None:
        """New articles are in the archive: search again, and look the related list up again
        (a linked title may be in the archive now; the first of `article_ids` it holds is
        highlighted)."""
        self.status.forget_count()  # counted again without telling: the fetch told already
        self.refresh_results()
        self.related.reload(keep=article_ids)

    def action_toggle_sort(self) -> None:
        self.state.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"Sorted by {self.sort}.", markup=False, timeout=2)
        if self.searchable:
            self._search(self.search_box.value)

    def action_rebuild_index(self) -> None:
        """Build the whole index again, once the user agrees (it takes a while on a large
        archive; searching goes on meanwhile)."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.work.sync(rebuild=True)

        question = (
            "Build the search index of the whole archive again? "
            "It reads every article (about a minute per 10,000); searching goes on meanwhile."
        )
        from reader.tui.screens.confirm import ConfirmScreen

        self.app.push_screen(ConfirmScreen(question), answered)

    # -- articles -----------------------------------------------------------------------------

    @property
    def _article_id(self) -> str | None:
        article = self.reading.article
        return article.id if article else None

    @on(msg.ArticleChosen)
    def _article_chosen(self, event: msg.ArticleChosen) -> None:
        self.open_article(event.article_id)

    def open_article(
        self, article_id: str, record: bool = True, scroll_y: float = 0.0, restore: bool = False
    ) -> None:
        """Open an article: the reading pane reads it off the event loop and tells
        `ArticleOpened` once it shows. `record`: a new history step; `restore`: from the saved
        state (an article gone from the archive since is dropped quietly)."""
        query = self.search_box.value
        self.reading.open(msg.ArticleRequest(article_id, record, scroll_y, query, restore))

    @on(msg.ArticleOpened)
    def _article_opened(self, event: msg.ArticleOpened) -> None:
        request, article = event.request, event.article
        if request.record:
            self.history.push(View(request.query, article.id))
        if not request.restore:
            self._remember_search(request.query)
        self.state.article_id = article.id
        self.research.opened(article)
        self.choice.results = None
        self._apply_layout()
        self.article_view.focus()
        self.entities.show(article.entities)
        self.work.count_entities(article.id, article.entities)
        self.post_message(msg.StateChanged())

    @on(msg.ArticleNotOpened)
    def _article_not_opened(self, event: msg.ArticleNotOpened) -> None:
        if event.reason is not None:
            self.notify(event.reason, severity="warning", markup=False)
        else:  # restored from the saved state, gone from the archive since
            self.state.article_id, self.state.scroll_y = None, 0.0

    def close_article(self) -> None:
        self.reading.clear()
        self.state.article_id = None
        self.entities.show(Entities(), note=NO_ENTITIES)
        self._apply_layout()

    @on(RelatedPanel.SearchTitle)
    def _search_title(self, event: RelatedPanel.SearchTitle) -> None:
        self.show_query(event.query)

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
        """Narrow the results to the entity: its term is added to the query."""
        query = narrowed_query(self.search_box.value, entity_query(event.kind, event.name))
        self.show_query(query)

    def action_find(self) -> None:
        self.reading.open_find()

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
        else:  # the article shown is the one wanted: one still being read is not
            self.reading.cancel_open()

    def action_back(self) -> None:
        self._go(self.history.back())

    def action_forward(self) -> None:
        self._go(self.history.forward())

    # -- bookmarks and saved searches (`Collections`) ----------------------------------------

    def action_bookmark(self) -> None:
        self.collections.bookmark()

    def action_bookmarks(self) -> None:
        self.collections.bookmarks()

    def action_save_search(self) -> None:
        self.collections.save_search()

    def action_saved_searches(self) -> None:
        self.collections.saved_searches()

    def action_research(self, command: str, *arguments: str) -> None:
        """A research command (`research_actions.ResearchActions`): tag, note, cite..."""
        self.research.run(command, *arguments)

    def action_feeds(self) -> None:
        """The feeds view; enter there searches a feed's articles."""
        from reader.tui.screens.feeds import FeedsScreen

        def chosen(query: str | None) -> None:
            if query is not None:
                self.show_query(query)

        self.app.push_screen(FeedsScreen(self.archive), chosen)

    # -- which panes show ---------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._apply_layout()

    def _apply_layout(self) -> None:
        panes = fit_panes(self.size.width, self.reading.article is not None, self.choice)
        self.set_class(panes.narrow, "narrow")
        self.set_class(panes.wide, "wide")
        self.set_class(panes.reading, "reading")
        self.results_pane.display = panes.results
        self.reading.display = panes.article
        self.entities.display = panes.entities
        if panes.facets and not self.facets.display:
            self.facets.display = True
            self._count_facets(self.search_box.value)
        self.facets.display = panes.facets
        focused = self.focused
        if focused is not None and not focused.display:
            self.article_view.focus()

    def action_toggle_entities(self) -> None:
        self.choice.choose_entities(not self.entities.display)
        self._apply_layout()
        if self.entities.display:
            self.entities.focus()

    def action_toggle_facets(self) -> None:
        self.choice.choose_facets(not self.facets.display)
        self._apply_layout()
        if self.facets.display:
            self.facets.focus()
        elif self.choice.facets:
            why = (
                "No room for the facets beside an open article: widen the terminal."
                if self.has_class("narrow") and self.reading.article is not None
                else "The facets show beside the results: r shows them."
            )
            self.notify(why, markup=False, timeout=3)

    def action_toggle_results(self) -> None:
        self.choice.choose_results(not self.results_pane.display)
        self._apply_layout()
        if self.results_pane.display:
            self.results.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # `/` is a priority binding so that keys typed right after it in one burst (a fast
        # typist, tmux) already reach the box; inside an input it is just a slash.
        return not (action == "focus_search" and isinstance(self.focused, Input))

    def action_focus_search(self) -> None:
        """To the search box with its query selected: what is typed next is a new search
        (`→` or `end` keep the query to add to it)."""
        self.set_focus(self.search_box)
        self.search_box.select_all()

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted outside any input goes into the search box: a paste is never a
        command."""
        event.stop()
        self.set_focus(self.search_box)
        self.search_bar.take_paste(event.text)
