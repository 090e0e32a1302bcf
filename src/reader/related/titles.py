"""Matching a page's related titles to archived titles: pure functions.

A page rarely copies the linked article's title exactly: case, diacritics, tone placement
(`hoà`/`hòa`), punctuation and a changed word or two differ. Titles are compared as sequences
of folded syllables; a match needs most syllables in order and the same numbers, because
`kỷ niệm 55 năm` and `kỷ niệm 60 năm` are different stories with nearly the same words.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from reader.text.title_keys import folded_syllables, quick_fold, title_key, title_words

__all__ = [
    "folded_syllables",
    "quick_fold",
    "title_key",
    "title_similarity",
    "title_words",
    "titles_alike",
    "titles_match",
]

_DIGIT = re.compile(r"\d")
_ELLIPSIS = ("…", "...")

MATCH_RATIO = 0.86
"""Least syllable-sequence similarity (0..1) for two titles to name the same article."""
TRUNCATED_MIN = 6
"""Least syllables of a title cut short with an ellipsis for it to match as a prefix."""


def title_similarity(first: str, second: str) -> float:
    """How alike two titles are, 0..1, over their folded syllable sequences."""
    a, b = title_words(first), title_words(second)
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def titles_alike(first: str, second: str, least: float) -> bool:
    """True when `title_similarity(first, second) >= least`; the cheap upper bounds of the
    similarity are tried first, and most pairs of titles fail them."""
    a, b = title_words(first), title_words(second)
    if not a or not b:
        return least <= 0.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= least
        and matcher.quick_ratio() >= least
        and matcher.ratio() >= least
    )


@lru_cache(maxsize=50_000)
def _numbers(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for w in words if _DIGIT.search(w))


def titles_match(linked: str, archived: str) -> bool:
    """True when a linked title names the archived article (see the module docstring).

    A linked title cut short with an ellipsis matches an archived title that starts with it.
    """
    a, b = title_words(linked), title_words(archived)
    if not a or not b:
        return False
    if a == b:
        return True
    if linked.rstrip().endswith(_ELLIPSIS) and len(a) >= TRUNCATED_MIN and b[: len(a)] == a:
        return True
    if _numbers(a) != _numbers(b):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= MATCH_RATIO
