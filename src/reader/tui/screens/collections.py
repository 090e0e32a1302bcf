"""The main screen's bookmark and saved-search commands: `m`, `b`, `ctrl+s`, `l`.

`m` toggles the bookmark of the article the user is looking at (the highlighted result in the
list, else the open article) and says which; the lists are modal screens (`lists.py`), whose
deletions can be undone there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.tui import messages as msg
from reader.tui.render import quoted
from reader.tui.screens.lists import BookmarksScreen, SavedSearchesScreen, SaveSearchScreen

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


class Collections:
    """Bookmarks and saved searches, for the main screen (which owns the state)."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def bookmark(self) -> None:
        """Toggle the bookmark on the highlighted result (in the list) or the open article,
        and say which article it was."""
        screen = self._screen
        article = screen.reading.article
        hit = screen.results.highlighted_hit
        if screen.focused is screen.results or article is None:
            if hit is None:
                screen.notify("Nothing to bookmark: open or highlight an article.", timeout=3)
                return
            article_id, title = hit.id, hit.title
        else:
            article_id, title = article.id, article.title
        added = screen.state.toggle_bookmark(article_id)
        verb = "Bookmarked" if added else "Bookmark removed"
        screen.notify(f"{verb}: {quoted(title)}", markup=False, timeout=3)
        self.refresh_stars()
        screen.post_message(msg.StateChanged())

    def refresh_stars(self) -> None:
        """Show the bookmarks' stars in the result list as the state has them."""
        results = self._screen.results
        results.bookmarks = set(self._screen.state.bookmarks)
        results.refresh_marks()

    def bookmarks(self) -> None:
        """The list of bookmarks; `enter` opens one."""
        screen = self._screen

        def chosen(article_id: str | None) -> None:
            self.refresh_stars()  # some may have been deleted
            if article_id:
                screen.open_article(article_id)

        screen.app.push_screen(BookmarksScreen(screen.archive, screen.state), chosen)

    def save_search(self) -> None:
        """Name the current query and keep it."""
        screen = self._screen
        query = screen.search_box.value

        def named(name: str | None) -> None:
            if name:
                screen.state.saved_searches[name] = query
                screen.post_message(msg.StateChanged())
                screen.notify(f"Saved search: {name}", markup=False, timeout=2)

        screen.app.push_screen(SaveSearchScreen(query), named)

    def saved_searches(self) -> None:
        """The saved searches with their counts; `enter` runs one."""
        screen = self._screen

        def chosen(query: str | None) -> None:
            if query is not None:
                screen.show_query(query)

        screen.app.push_screen(SavedSearchesScreen(screen.archive, screen.state), chosen)
