"""The messages of the reader's TUI: facts (past tense) and requests, posted upward.

Panes post them to the main screen, and so do the thread workers of the screen's
`ArchiveWork` with their answers; screens post `StateChanged` to the app, which saves the
state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.model.article import Article
from reader.model.facets import FacetCounts
from reader.model.search import SearchResult

if TYPE_CHECKING:
    from reader.archive.feeds import FeedUpdate
    from reader.tui.widgets.related_panel import RelatedItem


@dataclass
class SearchRequested(Message):
    """The search box's text changed: run this query."""

    query: str


@dataclass
class SearchLeft(Message):
    """The user left the search box (esc or enter): the query is settled."""

    query: str


@dataclass
class ResultsReady(Message):
    """A search worker finished."""

    query: str
    sort: str
    result: SearchResult


@dataclass
class SearchFailed(Message):
    """A search worker raised; `reason` is one line for the user."""

    query: str
    reason: str


@dataclass
class ArticleChosen(Message):
    """The user asked to open an article (from results, related, bookmarks...)."""

    article_id: str


@dataclass(frozen=True, slots=True)
class ArticleRequest:
    """One request to open an article, and what to do with it once its file has been read."""

    article_id: str
    record: bool = True
    """Whether opening it is a new step in the back/forward history."""
    scroll_y: float = 0.0
    """Where to scroll once it shows."""
    query: str = ""
    """The query in the search box when it was asked for (its words are highlighted)."""
    restore: bool = False
    """Put back from the saved state: an article gone from the archive is dropped quietly."""


@dataclass
class ArticleOpened(Message):
    """The reading pane shows the article of `request` now."""

    request: ArticleRequest
    article: Article


@dataclass
class ArticleNotOpened(Message):
    """The article of `request` could not be read; `reason` is one line (None: it is gone
    and the request was a restore, so nothing is said)."""

    request: ArticleRequest
    reason: str | None


@dataclass
class EntityChosen(Message):
    """The user asked to narrow the results to one person, place or organisation."""

    kind: str
    name: str


@dataclass
class FindChanged(Message):
    """The find-in-article text changed (`submitted` when enter was pressed)."""

    needle: str
    submitted: bool = False


@dataclass
class FindClosed(Message):
    """The find bar was closed."""


@dataclass
class SyncStarted(Message):
    """The index build started (`searchable`: an index is there already, and answers while
    it is brought up to date)."""

    searchable: bool
    rebuild: bool = False


@dataclass
class SyncProgress(Message):
    """The index build got this far: `done` of `total` articles handed to the writers."""

    done: int
    total: int


@dataclass
class BuildEnded(Message):
    """The index build's process is done (the answer may wait a moment more)."""


@dataclass
class SyncFinished(Message):
    """The index is up to date (`problem` set when it could not be brought up to date).

    `summary` is `empty` (no article), `missing` (no archive folder), `not a folder`, or
    what the build did."""

    summary: str
    problem: str | None = None
    changed: bool = True


@dataclass
class FindMoved(Message):
    """The find-in-article position changed: match `position` (from 1) of `count`, and
    `more` matches beyond those counted."""

    position: int
    count: int
    more: bool = False


@dataclass
class RelatedReady(Message):
    """The related list of an article, looked up in the archive."""

    article_id: str
    items: tuple[RelatedItem, ...]


@dataclass
class EntityCountsReady(Message):
    """How many archive articles mention each entity of an article."""

    article_id: str
    counts: dict[tuple[str, str], int]


@dataclass
class TimelineReady(Message):
    """Matching articles per month for a query: ((YYYY-MM, count), ...)."""

    query: str
    counts: tuple[tuple[str, int], ...]


@dataclass
class FacetsReady(Message):
    """A worker counted the facets of the results of `query`."""

    query: str
    facets: FacetCounts


@dataclass
class PageWanted(Message):
    """The result list shows rows whose hits are not loaded: `limit` hits from `offset` of
    the answer it shows (`serial`)."""

    serial: int
    offset: int
    limit: int


@dataclass
class PageReady(Message):
    """A later page of an answer: its hits from `offset`."""

    query: str
    sort: str
    serial: int
    offset: int
    result: SearchResult


@dataclass
class StateChanged(Message):
    """Something the reader remembers changed (a bookmark, an opened article...): the app
    saves the state, off the event loop."""


@dataclass
class StateNotSaved(Message):
    """Writing the state file failed; `reason` is one line."""

    reason: str


@dataclass
class IndexRepaired(Message):
    """A damaged index found while answering was rebuilt; `line` says so."""

    line: str


@dataclass
class ArchiveCounted(Message):
    """The index holds `total` articles now (counted every few seconds)."""

    total: int


@dataclass
class EntitiesOutdated(Message):
    """The archive's entities come from an older extractor than this reader's."""


@dataclass
class FeedDecided(Message):
    """The update under way decided what one feed came to."""

    update: FeedUpdate


class UpdateWanted(Message):
    """The user asked for every feed to be updated."""


class StopWanted(Message):
    """The user asked for the update under way to stop."""
