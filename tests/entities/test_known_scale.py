"""KnownNames looks for near spellings among few candidates: same answers as a full scan."""

from __future__ import annotations

import random

from reader.entities.fuzzy import closest
from reader.entities.known import KnownNames

WORDS = ["Savannakhet", "Champasak", "Cần", "Thơ", "Hội", "Hữu", "nghị", "Sở", "Tài", "chính"]


def _names(rng: random.Random, count: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3))) for _ in range(count)]


def test_near_spellings_match_a_full_scan() -> None:
    rng = random.Random(5)
    known = KnownNames()
    for name in _names(rng, 300):
        known.add("place", name)
    singles = [names[0] for names in known.by_kind["place"].values() if len(names) == 1]
    for name in [*_names(rng, 200), "Sanvannakhet", "Champassak", "Savannakhet Hữu"]:
        expected = closest(name, singles)
        found = closest(name, known._near_candidates("place", name))
        assert found == expected, name
    assert known.resolve("place", "Sanvannakhet") == "Savannakhet"
