"""The messages panes post to the main screen: facts (past tense) and requests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from reader.model.search import SearchResult

if TYPE_CHECKING:
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
class SyncProgress(Message):
    """The index sync worker got this far."""

    done: int
    total: int


@dataclass
class SyncFinished(Message):
    """The index is up to date (`problem` set when it could not be brought up to date)."""

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
    """Related titles of an article, resolved against the archive."""

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
class MoreResultsWanted(Message):
    """The result list reached its last row: fetch the next page if there is one."""
