"""Which panes of the main screen show at which width: a pure function of the terminal's
width, whether an article is open, and what the user asked for with `e`, `r` and `g`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

NARROW_WIDTH = 110
"""Below this many columns the side panels fold away."""
WIDE_WIDTH = 180
"""From this many columns the panels get wider."""

SidePanel = Literal["results", "entities", "facets"]


@dataclass
class PaneChoice:
    """What the user asked for; None leaves a panel to what fits the width."""

    results: bool | None = None
    """Show (True) or hide (False) the results."""
    entities: bool | None = None
    """Show (True) or hide (False) the entity side-bar."""
    facets: bool = False
    """Show the facets beside the results (hidden until asked for)."""
    last: SidePanel = "results"
    """The side panel asked for last: it wins when both do not fit."""

    def choose_results(self, shown: bool) -> None:
        """The user asked for the results to show (or to hide)."""
        self.results = shown
        self.last = "results"

    def choose_entities(self, shown: bool) -> None:
        """The user asked for the entity side-bar to show (or to hide)."""
        self.entities = shown
        self.last = "entities"

    def choose_facets(self, shown: bool) -> None:
        """The user asked for the facets panel to show (or to hide)."""
        self.facets = shown
        self.last = "facets"


@dataclass(frozen=True, slots=True)
class Panes:
    """The panes to show, and the screen's width classes."""

    narrow: bool
    wide: bool
    reading: bool
    """An article is open."""
    results: bool
    article: bool
    """The reading pane (article, find bar, related panel)."""
    entities: bool
    facets: bool
    """The facets panel, beside the results."""


def fit_panes(width: int, reading: bool, choice: PaneChoice) -> Panes:
    """The panes for a screen `width` columns wide."""
    narrow = width < NARROW_WIDTH
    show_entities = choice.entities if choice.entities is not None else not narrow
    show_results = choice.results if choice.results is not None else not (narrow and reading)
    if narrow and reading and show_results and show_entities:
        # Three panes do not fit: the side panel asked for last wins over the other one.
        show_results = choice.last != "entities"
        show_entities = not show_results
    # The facets go with the results, and fold away where an article leaves no room.
    show_facets = choice.facets and show_results and not (narrow and reading)
    if show_facets and show_entities and reading and width < WIDE_WIDTH:
        show_facets = choice.last == "facets"
        show_entities = not show_facets
    return Panes(
        narrow=narrow,
        wide=width >= WIDE_WIDTH,
        reading=reading,
        results=show_results,
        # At 80 columns an empty reading pane would halve the results for nothing.
        article=reading or not (narrow and show_results),
        entities=show_entities,
        facets=show_facets,
    )
