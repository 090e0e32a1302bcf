"""Command palette entries (`ctrl+p`): the app's actions by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

COMMANDS: list[tuple[str, str, str]] = [
    ("Rebuild the index", "screen.rebuild_index", "Build the search index again from the files"),
    ("Toggle sort: date / relevance", "screen.toggle_sort", "Newest first or best match first"),
    ("Toggle the entity panel", "screen.toggle_entities", "Show or hide people, places, orgs"),
    ("Toggle the results panel", "screen.toggle_results", "Show or hide the result list"),
    ("Bookmarks", "screen.bookmarks", "List bookmarked articles"),
    ("Bookmark this article", "screen.bookmark", "Add or remove a bookmark"),
    ("Save this search", "screen.save_search", "Name the current query"),
    ("Saved searches", "screen.saved_searches", "Saved searches with hit counts"),
    ("Find in article", "screen.find", "Search the open article"),
    ("Back", "screen.back", "Previous view"),
    ("Forward", "screen.forward", "Next view"),
    ("Fetch a URL…", "app.fetch_url", "Download a web page into the archive"),
    ("Fetch a feed…", "app.fetch_feed", "Download the new items of an RSS or Atom feed"),
    ("Stop fetching", "app.stop_fetch", "Stop the running fetch after the pages under way"),
    ("Keys", "app.help", "Every key of every pane"),
]
"""(name, action, help) of each palette command."""


class ReaderCommands(Provider):
    """The reader's actions for the command palette."""

    async def discover(self) -> Hits:
        for name, action, help_text in COMMANDS:
            yield DiscoveryHit(name, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in COMMANDS:
            score = matcher.match(name)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(name),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
