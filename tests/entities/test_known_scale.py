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


def test_built_from_a_folded_catalogue_it_resolves_as_when_built_name_by_name() -> None:
    from reader.entities.catalog import folded_index

    rng = random.Random(11)
    entries = [(rng.choice(["place", "org", "person"]), name) for name in _names(rng, 400)]
    by_name = KnownNames()
    for kind, name in entries:
        by_name.add(kind, name)
    from_catalogue = KnownNames.of_folded(folded_index(dict.fromkeys(entries)))
    assert from_catalogue.by_kind == by_name.by_kind
    for kind, shapes in by_name.by_shape.items():  # the same keys per shape, in any order
        assert {s: sorted(k) for s, k in from_catalogue.by_shape[kind].items()} == {
            s: sorted(k) for s, k in shapes.items()
        }
    for kind, name in entries[:100]:
        typo = name[:-1] + "x"
        assert from_catalogue.resolve(kind, typo) == by_name.resolve(kind, typo)


def test_remembered_answers_follow_the_names_added_since() -> None:
    rng = random.Random(7)
    cached = KnownNames()
    for step, name in enumerate(_names(rng, 400)):
        kind = ("place", "org", "person")[step % 3]
        # The answer with remembered answers is the answer worked out afresh, every time.
        asked = [_names(rng, 1)[0], "Sanvannakhet", "Champassak Thơ", "Savannakhet Hữu nghị"]
        for question in asked:
            fresh = cached._resolve(kind, question)
            assert cached.resolve(kind, question) == fresh, (step, question)
        cached.add(kind, name)
    # A near spelling known only after its first look-up is found on the next one.
    known = KnownNames()
    assert known.resolve("place", "Sanvannakhet") == "Sanvannakhet"
    known.add("place", "Savannakhet")
    assert known.resolve("place", "Sanvannakhet") == "Savannakhet"
