"""Command palette entries (`ctrl+p`): the app's actions by name, each with its key.

A command that cannot do anything where the palette was opened is not offered: bookmarking
or finding with no article open, back with no history, stopping a fetch when none runs, the
main screen's commands from another screen. The key shown is the binding's, with the user's
keymap applied.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.tui.keys import key_of

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp
    from reader.tui.screens.main import MainScreen


def applies_on_main(screen: MainScreen, action: str) -> bool:
    """Whether the main screen's `action` can do anything now."""
    has_article = screen.reading.article is not None
    if action == "bookmark":
        return has_article or screen.results.highlighted_id is not None
    if action == "find":
        return has_article
    if action == "back":
        return screen.history.position > 0
    if action == "forward":
        return screen.history.position < len(screen.history.entries) - 1
    if action in ("save_search", "toggle_sort"):
        return screen.searchable
    if action.startswith("research("):  # research('tag'), research('cite', 'apa')
        return screen.research.applies(action.split("'")[1])
    return True


def _research(name: str, command: str, says: str, binding: str | None = None) -> Command:
    """A palette entry of `ResearchActions` (`research_actions.py`)."""
    return Command(name, f"screen.research({command})", says, binding)


class Command(NamedTuple):
    """One palette entry."""

    name: str
    action: str
    """`screen.<action>` (the main screen's) or `app.<action>`."""
    help: str
    binding: str | None = None
    """The id of the binding that runs it too, whose key is shown."""


RESEARCH_COMMANDS = [
    _research("Tag…", "'tag'", "Add or remove tags (-name removes)", "main.tag"),
    _research(
        "Tag every result…", "'tag_all'", "All results of the query, after asking", "main.tag_all"
    ),
    _research("Note…", "'note'", "Write the article's note", "main.note"),
    _research("Note in $EDITOR", "'note_in_editor'", "Write the note in your own editor"),
    _research("Tags", "'tags'", "Every tag with its count; enter searches it", "main.tags"),
    _research("Edit the article", "'edit'", "Its file in $EDITOR, indexed again", "main.edit"),
    _research(
        "Highlight this paragraph…", "'highlight'", "At the top of the view", "main.highlight"
    ),
    _research("Highlights and note", "'highlights'", "Go to or remove one", "main.highlights"),
    _research("Copy citation (APA)", "'cite', 'apa'", "To the clipboard", "main.cite"),
    _research("Copy citation (Chicago)", "'cite', 'chicago'", "To the clipboard"),
    _research("Copy citation (plain)", "'cite', 'plain'", "To the clipboard"),
    _research("Copy link", "'copy_link'", "The article's web address"),
    _research("Copy id", "'copy_id'", "The article's id in the archive"),
    _research("Mark unread", "'mark_unread'", "Show it as not read", "main.mark_unread"),
    _research("Next unread article", "'next_unread'", "In the result list", "main.next_unread"),
    _research("Move to the trash", "'remove'", "The article, after asking", "main.remove"),
    _research("Undo the move to the trash", "'restore'", "Put it back", "main.restore"),
]
"""Tags, notes, highlights, citations and read state."""

COMMANDS: list[Command] = [
    Command(
        "Toggle sort: date / relevance", "screen.toggle_sort", "Newest or best first", "main.sort"
    ),
    Command(
        "Toggle the entity panel", "screen.toggle_entities", "People, places, orgs", "main.entities"
    ),
    Command("Toggle the results panel", "screen.toggle_results", "The result list", "main.results"),
    Command(
        "Toggle the facets panel",
        "screen.toggle_facets",
        "Results by source, section, date, language, people, places, orgs",
        "main.facets",
    ),
    Command("Bookmarks", "screen.bookmarks", "List bookmarked articles", "main.bookmarks"),
    Command(
        "Bookmark this article", "screen.bookmark", "Add or remove a bookmark", "main.bookmark"
    ),
    Command("Save this search", "screen.save_search", "Name the current query", "main.save_search"),
    Command(
        "Saved searches", "screen.saved_searches", "With their hit counts", "main.saved_searches"
    ),
    *RESEARCH_COMMANDS,
    Command("Find in article", "screen.find", "Search the open article", "main.find"),
    Command("Back", "screen.back", "Previous view", "main.back"),
    Command("Forward", "screen.forward", "Next view", "main.forward"),
    Command("Feeds", "screen.feeds", "Subscriptions: unread counts, errors", "main.feeds"),
    Command("Update all feeds", "app.update_feeds", "Download every subscription's new items"),
    Command("Fetch a URL…", "app.fetch_url", "Download a web page into the archive"),
    Command("Fetch a feed…", "app.fetch_feed", "Download the new items of an RSS or Atom feed"),
    Command("Stop fetching", "app.stop_fetch", "Stop the running fetch after the pages under way"),
    Command("Keys", "app.help", "Every key of every pane, and the search syntax", "app.help"),
    Command("Rebuild the index", "screen.rebuild_index", "Build the whole search index again"),
]
"""The reader's palette commands."""


class ReaderCommands(Provider):
    """The reader's actions for the command palette."""

    def _offered(self) -> Iterator[tuple[Command, Content]]:
        """The commands that apply now, each with its name and key as shown."""
        app: ReaderApp = self.app  # type: ignore[assignment]
        for command in COMMANDS:
            if not app.command_applies(command.action, self.screen):
                continue
            key = key_of(app, command.binding) if command.binding else ""
            shown = Content(command.name)
            if key:
                shown = shown.append(Content.styled(f"  {key}", "$text-muted"))
            yield command, shown

    async def discover(self) -> Hits:
        for command, shown in self._offered():
            run = partial(self.app.run_action, command.action)
            yield DiscoveryHit(shown, run, text=command.name, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, shown in self._offered():
            score = matcher.match(command.name)
            if score > 0:
                highlighted = matcher.highlight(command.name)
                key = shown[len(command.name) :]
                yield Hit(
                    score,
                    highlighted.append(key),
                    partial(self.app.run_action, command.action),
                    text=command.name,
                    help=command.help,
                )
