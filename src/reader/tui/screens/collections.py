"""The main screen's bookmark and saved-search commands: `m`, `b`, `ctrl+s`, `l`.

`m` toggles the bookmark of the article the user is looking at (the highlighted result in the
list, else the open article) and says which; the lists are modal screens (`lists.py`), whose
deletions can be undone there. All of it lives in the archive's research folder.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.tui.render import quoted

if TYPE_CHECKING:
    from reader.tui.screens.main import MainScreen


class Collections:
    """Bookmarks and saved searches, for the main screen, kept in the archive's research
    folder (through `ResearchActions`' jobs, off the event loop)."""

    def __init__(self, screen: MainScreen) -> None:
        self._screen = screen

    def bookmark(self) -> None:
        """Toggle the bookmark on the highlighted result (in the list) or the open article,
        and say which article it was."""
        screen = self._screen
        research = screen.research
        target = research.target("bookmark")
        if target is None or not research.writable():
            return
        archive = screen.archive

        def done(added: bool) -> None:
            verb = "Bookmarked" if added else "Bookmark removed"
            screen.notify(f"{verb}: {quoted(target.title)}", markup=False, timeout=3)
            research.changed(target.article_id, bookmarked=added)

        research.jobs.run(
            screen, lambda: archive.toggle_bookmark(target.article_id), done, "Bookmarking"
        )

    def bookmarks(self) -> None:
        """The list of bookmarks; `enter` opens one."""
        screen = self._screen

        def chosen(article_id: str | None) -> None:
            screen.research.mark_rows(screen.results.loaded_ids())  # some may be deleted
            if article_id:
                screen.open_article(article_id)

        from reader.tui.screens.lists import BookmarksScreen

        screen.app.push_screen(BookmarksScreen(screen.archive, screen.research.jobs), chosen)

    def save_search(self) -> None:
        """Name the current query and keep it."""
        screen = self._screen
        query = screen.search_box.value
        archive = screen.archive
        if not screen.research.writable():
            return

        def named(name: str | None) -> None:
            if name:
                screen.research.jobs.run(
                    screen,
                    lambda: archive.save_search(name, query),
                    lambda _: screen.notify(f"Saved search: {name}", markup=False, timeout=2),
                    "Saving the search",
                )

        from reader.tui.screens.lists import SaveSearchScreen

        screen.app.push_screen(SaveSearchScreen(query), named)

    def saved_searches(self) -> None:
        """The saved searches with their counts; `enter` runs one."""
        screen = self._screen

        def chosen(query: str | None) -> None:
            if query is not None:
                screen.show_query(query)

        from reader.tui.screens.lists import SavedSearchesScreen

        screen.app.push_screen(SavedSearchesScreen(screen.archive, screen.research.jobs), chosen)
