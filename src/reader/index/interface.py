"""What the archive asks of its search index: the one boundary between the two.

`reader.archive.Archive` (the facade the command line and the TUI call) talks to its index only
through these methods. `ArticleIndex` implements them over a Whoosh index on this machine, with
its bitmap engine; an archive that outgrows one laptop (a newsroom's tens of millions of
articles) could be served by another implementation, a search server, without the facade, the
command line or the TUI changing. Everything here is plain data in and out: articles
(`reader.model.article`), answers (`reader.model.search`, `reader.entities.catalog`,
`reader.related`), ids, stamps and names.

Promises every implementation keeps:

- Articles are added or replaced by id with a stamp (the caller's "version" of the file);
  `stamps()` gives back exactly what the index holds, so a caller can tell what to send again.
- Reads see a consistent generation: a search, a count and the page of hits it returns come from
  one generation; `generation()` names it and changes with every write.
- Matching is exact, ranking is the engine's: `search(...).total` counts every article matching
  the query; ties of score are broken by date, then id, so one archive always gives one order.
- Nothing it raises is a bug the user can cause: a busy index raises `IndexBusy`, a missing or
  damaged one `IndexUnavailable` (the archive rebuilds it from its files, the source of truth).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from reader.entities.catalog import EntityView
    from reader.index.query import Annotations
    from reader.model.article import Article
    from reader.model.facets import FacetCounts
    from reader.model.search import SearchResult
    from reader.related import PageLinks, RelatedList

Progress = Any
"""Called with the number of articles written so far."""


class BulkWriter(Protocol):
    """Articles added one by one during a large import, committed together."""

    count: int
    """Articles queued so far."""

    def add(self, article: Article, stamp: str) -> None:
        """Queue one article (replacing the one of the same id, if any)."""
        ...

    def commit(self) -> int:
        """Write what was queued; returns how many articles."""
        ...

    def cancel(self) -> None:
        """Drop what was queued; the index stays as it was."""
        ...


class SearchIndex(Protocol):
    """The search index of one archive, as the archive facade uses it."""

    # Searching and counting

    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        sort: str = "relevance",
        offset: int = 0,
        prefix: bool = True,
        annotations: Annotations | None = None,
    ) -> SearchResult:
        """One page of the articles matching `query` (the query language of the README),
        with the exact count; `prefix`: the last word is still being typed. `annotations`:
        the user's tags, notes, highlights, bookmarks and read state, which `tag:`, `note:`,
        `has:` and `is:` ask about; they are not in the index (they change without it), so
        each search is handed their current version (without: no article has any)."""
        ...

    def matching_ids(
        self, query: str, annotations: Annotations | None = None, prefix: bool = False
    ) -> list[str]:
        """The ids of every article matching `query` (all of them for an empty query),
        newest first: what an export or a dossier writes (no page, no snippets)."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts: articles, date range, articles per language, size on disk."""
        ...

    # Facets and entity views

    def entity_counts(self) -> Mapping[tuple[str, str], int]:
        """Articles per (kind, canonical name)."""
        ...

    def entity_view(self, name: str, kind: str | None = None, limit: int = 50) -> EntityView | None:
        """One entity's newest articles, months and companions."""
        ...

    def month_counts(self, query: str = "") -> tuple[tuple[str, int], ...]:
        """Articles matching `query` per month, every month of the archive."""
        ...

    def facets(
        self,
        query: str = "",
        *,
        top: int = 10,
        prefix: bool = False,
        annotations: Annotations | None = None,
    ) -> FacetCounts:
        """Counts of the results of `query` by source, section, year, month and language, and
        the `top` people, places and organisations, each value with the query term that
        narrows to it; a value's count is what the query with that term added finds."""
        ...

    def known_names(self) -> Mapping[str, Sequence[tuple[str, str]]]:
        """The catalogue's entries by folded name."""
        ...

    # More like this

    def more_like(
        self, article: Article, limit: int = 10, page_links: PageLinks | None = None
    ) -> RelatedList:
        """Articles related to `article`, with the reason for each."""
        ...

    # Writing

    def update(
        self,
        items: Iterable[tuple[Article, str]],
        progress: Progress | None = None,
        total: int | None = None,
    ) -> int:
        """Add or replace articles by id, each with its stamp; returns how many."""
        ...

    def bulk(self, total: int | None = None) -> BulkWriter | None:
        """A writer for a large import that indexes articles as they arrive (about `total`
        of them, when known); None when this index cannot write that way here (the caller
        indexes what it stored afterwards)."""
        ...

    def delete(self, ids: Iterable[str]) -> int:
        """Remove articles by id; returns how many were there."""
        ...

    def rebuild(
        self,
        items: Iterable[tuple[Article, str]],
        total: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Replace the whole index by one of `items`, readers answering meanwhile."""
        ...

    # What it holds

    def stamps(self) -> dict[str, str]:
        """Every article id with the stamp it was written with."""
        ...

    def ids_with(self, fieldname: str, value: str) -> list[str]:
        """Ids of the articles whose `url` or `sha` is `value` (duplicate look-ups)."""
        ...

    def generation(self) -> str:
        """A name for what the index holds now; it changes with every write."""
        ...

    def check(self) -> list[str]:
        """Problems found in the index (empty when sound)."""
        ...

    def verify(self) -> str | None:
        """Why the index's stored data is not what it wrote, reading all of it; None if it is
        (for when a read has failed: a damaged index is rebuilt, a sound one means a bug)."""
        ...

    def repair_saved(self, thorough: bool = True) -> int:
        """Write again what the index keeps to answer faster and found damaged."""
        ...

    def keep_warm(self) -> None:
        """From now on, prepare each new generation for its first queries in the background
        (an app's index: a one-shot command need not)."""
        ...

    def close(self) -> None:
        """Release what the index holds open."""
        ...
