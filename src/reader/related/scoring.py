"""One score per candidate from its signals, and the reason that names the strongest one.

Every signal is scaled to 0..1 and weighed:

| signal | weight | meaning |
| --- | --- | --- |
| linked | 1.1 | the page itself links the candidate (its related titles or links) |
| links_here | 0.9 | the candidate's page links this article |
| text | 0.6 | weighted share of this article's key terms the candidate holds |
| entities | 0.4 | idf-weighted share of this article's entities the candidate names |
| time | 0.02 | closeness in publication time, a tie-breaker (decays over about two weeks) |

A page link outranks any amount of similarity (1.1 > 0.6 + 0.4 + 0.02): the page's editor
chose it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

W_LINKED = 1.1
W_LINKS_HERE = 0.9
W_TEXT = 0.6
W_ENTITIES = 0.4
W_TIME = 0.02
TIME_SCALE_DAYS = 14.0
"""Days over which closeness in time falls to 1/e."""
NAMES_SHOWN = 3
"""Names (entities or key phrases) a reason quotes at most."""


@dataclass(frozen=True, slots=True)
class Signals:
    """What ties a candidate to the article; `shared_*` are heaviest first."""

    linked: bool = False
    links_here: bool = False
    text: float = 0.0
    shared_terms: tuple[str, ...] = ()
    entities: float = 0.0
    shared_entities: tuple[str, ...] = ()
    days_apart: float | None = None


def closeness(days_apart: float | None) -> float:
    """1 for the same moment, falling with the days between; 0 when either date is unknown."""
    if days_apart is None:
        return 0.0
    return math.exp(-abs(days_apart) / TIME_SCALE_DAYS)


def contributions(signals: Signals) -> dict[str, float]:
    """Each signal's weighted part of the score."""
    return {
        "linked": W_LINKED * signals.linked,
        "links_here": W_LINKS_HERE * signals.links_here,
        "text": W_TEXT * signals.text,
        "entities": W_ENTITIES * signals.entities,
        "time": W_TIME * closeness(signals.days_apart),
    }


def _quote(names: tuple[str, ...]) -> str:
    return ", ".join(names[:NAMES_SHOWN])


def reason_for(signal: str, signals: Signals) -> str:
    """The words a reader sees for `signal`."""
    if signal == "linked":
        return "linked by the page"
    if signal == "links_here":
        return "links to this page"
    if signal == "entities" and signals.shared_entities:
        return f"shares {_quote(signals.shared_entities)}"
    if signal == "text" and signals.shared_terms:
        return f"similar text: {_quote(signals.shared_terms)}"
    return "published close in time"


def combine(signals: Signals) -> tuple[float, str, str]:
    """(score, strongest signal, reason)."""
    parts = contributions(signals)
    score = sum(parts.values())
    strongest = max(parts, key=lambda name: parts[name])
    return round(score, 4), strongest, reason_for(strongest, signals)
