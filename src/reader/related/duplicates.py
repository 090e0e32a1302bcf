"""Near-duplicate tests: the same story re-published or imported from two sources.

Texts are compared by their sets of syllable shingles (runs of `SHINGLE` folded syllables,
hashed). Two versions of one story keep most runs even when a few sentences are reworded,
dropped or moved; two reports of one event by different writers share few. A reworded title
is allowed: when titles are alike, less shingle overlap is enough.
"""

from __future__ import annotations

from reader.related.titles import folded_syllables, title_words, titles_alike

SHINGLE = 4
"""Syllables per shingle."""
SAME_TEXT = 0.55
"""Least shingle overlap (see `overlap`) for a near-duplicate whatever the titles."""
SAME_TEXT_WITH_TITLE = 0.35
"""Least shingle overlap for a near-duplicate when the titles are alike."""
ALIKE_TITLES = 0.5
"""Least title similarity (titles.title_similarity) for titles to count as alike."""
MIN_SHINGLES = 8
"""Texts with fewer shingles than this are too short to call duplicates on text alone."""


def shingles(text: str, size: int = SHINGLE) -> frozenset[int]:
    """Hashes of every run of `size` consecutive folded syllables of `text`."""
    words = folded_syllables(text)
    if len(words) < size:
        return frozenset({hash(tuple(words))}) if words else frozenset()
    return frozenset(hash(tuple(words[i : i + size])) for i in range(len(words) - size + 1))


def overlap(first: frozenset[int], second: frozenset[int]) -> float:
    """Shared shingles over the smaller set's size (containment), 0..1.

    The smaller set: an excerpt of a story (a shorter re-publication, or a text cut to the
    same length from a shifted start) still counts as the story.
    """
    if not first or not second:
        return 0.0
    return len(first & second) / min(len(first), len(second))


def near_duplicate(
    title_a: str, shingles_a: frozenset[int], title_b: str, shingles_b: frozenset[int]
) -> bool:
    """True when two articles are one story (see the module docstring)."""
    if min(len(shingles_a), len(shingles_b)) < MIN_SHINGLES:
        return (
            title_words(title_a) == title_words(title_b) and overlap(shingles_a, shingles_b) > 0.8
        )
    shared = overlap(shingles_a, shingles_b)
    if shared >= SAME_TEXT:
        return True
    return shared >= SAME_TEXT_WITH_TITLE and titles_alike(title_a, title_b, ALIKE_TITLES)
