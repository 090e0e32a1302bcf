"""The main screen's bookmark and saved-search actions (the lists themselves are in lists.py)."""

from __future__ import annotations

from reader.tui.history import View
from reader.tui.screens.lists import BookmarksScreen, SavedSearchesScreen, SaveSearchScreen


class CollectionActions:
    """Mixed into the main screen: bookmarks (`m`, `b`) and saved searches (`ctrl+s`, `l`)."""

    # -- bookmarks and saved searches ---------------------------------------------------------

    def action_bookmark(self) -> None:
        """Toggle the bookmark on the highlighted result (in the list) or the open article."""
        article_id = self._article_id
        if self.focused is self.results or article_id is None:
            article_id = self.results.highlighted_id
        if article_id is None:
            return
        if article_id in self.state.bookmarks:
            self.state.bookmarks.remove(article_id)
            self.notify("Bookmark removed.", markup=False, timeout=2)
        else:
            self.state.bookmarks.insert(0, article_id)
            self.notify("Bookmarked.", markup=False, timeout=2)
        self.results.bookmarks = set(self.state.bookmarks)
        self.results.refresh_marks()
        self.app.save_state()  # type: ignore[attr-defined]

    def action_bookmarks(self) -> None:
        def chosen(article_id: str | None) -> None:
            self.results.bookmarks = set(self.state.bookmarks)  # some may have been deleted
            self.results.refresh_marks()
            if article_id:
                self.open_article(article_id)

        screen = BookmarksScreen(self.archive, self.state)
        self.app.push_screen(screen, chosen)

    def action_save_search(self) -> None:
        query = self.search_box.value

        def named(name: str | None) -> None:
            if name:
                self.state.saved_searches[name] = query
                self.app.save_state()  # type: ignore[attr-defined]
                self.notify(f"Saved search: {name}", markup=False, timeout=2)

        self.app.push_screen(SaveSearchScreen(query), named)

    def action_saved_searches(self) -> None:
        def chosen(query: str | None) -> None:
            if query is not None:
                self.set_query(query)
                self.history.push(View(query, self._article_id))
                self._results_pref = True
                self._last_pane = "results"
                self._apply_layout()
                self.results.focus()

        self.app.push_screen(SavedSearchesScreen(self.archive, self.state), chosen)
