"""Facet counts as plain data: what the index returns for a query and the CLI and TUI show.

For the results of one query: how many of them have each source, section, year, month and
language, and name each of the most-named people, places and organisations. Each value
carries the query-language term that narrows the query to it (`source:"VnExpress"`,
`place:"Cần Thơ"`, `date:2022-09`, `lang:en`) and the query text after choosing it: the
term added, or removed again when the query already has it. A value's count is exactly the
number of results the query with its term added finds (`search(value.query).total`).

No Whoosh here: the TUI imports these types.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FACETS = ("source", "section", "year", "month", "language", "person", "place", "org")
"""Every facet, in the order they are shown."""
BY_DATE = frozenset(("year", "month"))
"""Facets listed by date, newest first, every value the results have; the others are
listed by count, most first."""


@dataclass(frozen=True, slots=True)
class FacetValue:
    """One value of a facet among a query's results."""

    label: str
    """As shown: `VnExpress`, `Thể thao`, `2022-09`, `en`, `Cần Thơ`."""
    count: int
    """Results with this value: what the query with `term` added finds."""
    term: str
    """The query-language term for this value: `source:"VnExpress"`."""
    chosen: bool
    """The query already has `term` among its conditions (then `count` is the total)."""
    query: str
    """The query after choosing this value: `term` added, or removed when `chosen`."""

    def to_json(self) -> dict[str, Any]:
        return {
            "value": self.label,
            "count": self.count,
            "term": self.term,
            "chosen": self.chosen,
            "query": self.query,
        }


@dataclass(frozen=True, slots=True)
class FacetGroup:
    """One facet: its values among the results."""

    name: str
    """One of FACETS."""
    values: tuple[FacetValue, ...]

    @property
    def by_date(self) -> bool:
        """Listed by date (newest first, all of them) rather than by count."""
        return self.name in BY_DATE

    def to_json(self) -> list[dict[str, Any]]:
        return [value.to_json() for value in self.values]


@dataclass(frozen=True, slots=True)
class FacetCounts:
    """The facets of one query's results."""

    query: str
    total: int
    """Results of the query (what `search(query).total` counts)."""
    groups: tuple[FacetGroup, ...]
    """One per facet of FACETS, in that order (a facet no result has: no values)."""
    took_ms: float = 0.0

    def group(self, name: str) -> FacetGroup:
        """The facet called `name` (one of FACETS); KeyError for another name."""
        for group in self.groups:
            if group.name == name:
                return group
        raise KeyError(name)

    def chosen(self) -> tuple[FacetValue, ...]:
        """The values whose terms the query already has."""
        return tuple(value for group in self.groups for value in group.values if value.chosen)

    def to_json(self) -> dict[str, Any]:
        """`{query, total, took_ms, facets: {name: [{value, count, term, chosen, query}]}}`."""
        return {
            "query": self.query,
            "total": self.total,
            "took_ms": round(self.took_ms, 2),
            "facets": {group.name: group.to_json() for group in self.groups},
        }
