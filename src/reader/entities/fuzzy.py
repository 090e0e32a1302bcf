"""Edit distance and a conservative near-spelling match (`Sanvannakhet` -> `Savannakhet`)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reader.text.normalize import fold


def levenshtein(a: str, b: str, limit: int | None = None) -> int:
    """Insertions, deletions and substitutions turning `a` into `b`.

    With `limit`, the answer is exact up to `limit` and `limit + 1` means "more than that".
    """
    if abs(len(a) - len(b)) > (limit if limit is not None else len(a) + len(b)):
        return (limit or 0) + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if limit is not None and min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@lru_cache(maxsize=1 << 16)
def _folded(name: str) -> str:
    """`fold(name)`, remembered: the same known names are compared over and over."""
    return fold(name)


def allowed_distance(name: str) -> int:
    """How far a spelling may be from a known name: none below 8 letters, 1, then 2 from 12.

    Short names differ by one letter too often to guess (`Biển Hồ` is not `Biên Hòa`).
    """
    letters = len(_folded(name).replace(" ", ""))
    if letters < 8:
        return 0
    return 1 if letters < 12 else 2


def closest(name: str, known: Iterable[str]) -> str | None:
    """The one known name within the allowed distance of `name` (folded), else None.

    Two candidates at the same best distance are a tie, and a tie resolves to nothing.
    """
    limit = allowed_distance(name)
    if limit == 0:
        return None
    # Loaded when first needed: the reader's catalogue imports this module, and the
    # library's compiled parts take 3.5 MB.
    from rapidfuzz.distance import Levenshtein

    target = _folded(name)
    words = len(target.split())
    best: list[str] = []
    best_distance = limit + 1
    for candidate in known:
        if len(candidate.split()) != words:
            continue
        # RapidFuzz's bounded edit distance (C++): the same answer as `levenshtein` with
        # `limit`, ~100x faster, which matters when a name is compared with a large archive's.
        distance = Levenshtein.distance(target, _folded(candidate), score_cutoff=limit)
        if distance < best_distance:
            best, best_distance = [candidate], distance
        elif distance == best_distance and distance <= limit:
            best.append(candidate)
    return best[0] if len(best) == 1 and best_distance <= limit else None
