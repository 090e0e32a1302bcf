"""The gazetteer: known places by name, plus the place aliases, loaded once.

Two data files: `world.json`, generated from maintained packages by
`bench/entities_gazetteer.py` (every country and world region in Vietnamese and English, US
states, large cities, Vietnam's districts), and `gazetteer.yaml`, written by hand, whose
entries win where both name a place (canonical names, Vietnamese exonyms, old spellings).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reader.entities.lexicon import load_yaml
from reader.entities.tokens import phrase_keys
from reader.entities.trie import PhraseTrie
from reader.text.normalize import fold

COUNTRY = "country"


@dataclass(frozen=True, slots=True)
class Place:
    """A known place: its canonical name, kind, country and (for Vietnam) status."""

    name: str
    kind: str
    country: str | None = None
    status: str | None = None

    @property
    def is_country(self) -> bool:
        return self.kind == COUNTRY


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Places by name: a token trie for running text and a folded index for English."""

    places: tuple[Place, ...]
    trie: PhraseTrie
    by_folded: dict[str, Place]
    by_name: dict[str, Place]

    def find(self, name: str) -> Place | None:
        """The place called `name` (any known spelling, case and tone placement ignored)."""
        found = self.trie.get(phrase_keys(name))
        if found is not None:
            return found
        folded = " ".join(fold(name).split())
        if folded != " ".join(name.casefold().split()):
            # Written with diacritics: they must match (`Phú Điền` is no `Phủ Điền`).
            return None
        return self.by_folded.get(folded)


def _entries(data: dict) -> list[Place]:
    places = []
    for group in data.values():
        for entry in group["entries"]:
            places.append(
                Place(
                    name=str(entry["name"]),
                    kind=str(entry["kind"]),
                    country=entry.get("country", group.get("country")),
                    status=entry.get("status", group.get("status")),
                )
            )
    return places


DATA_FILES = ("gazetteer.yaml", "world.json")


def gazetteer_data() -> dict:
    """The groups of every data file, the hand-written ones first (first entries win)."""
    data: dict = {}
    for name in DATA_FILES:
        for group, value in load_yaml(name).items():
            data.setdefault(group, value)
    return data


# A final y after a consonant is written i as well (`Hoa Kì`, `Mĩ`), and a final i is written
# y (`Thụy Sỹ`): the same syllable either way.
_Y_AS_I = {"y": "i", "ý": "í", "ỳ": "ì", "ỷ": "ỉ", "ỹ": "ĩ", "ỵ": "ị"}
_I_AS_Y = {i: y for y, i in _Y_AS_I.items()}
_VOWELS = frozenset("aăâeêioôơuưyáàảãạíìỉĩịúùủũụ")


def _other_final(key: str, table: dict[str, str]) -> str:
    """The syllable `key` with a final y or i after a consonant written the other way, as
    `table` maps it (`kỳ` -> `kì`, `sĩ` -> `sỹ`)."""
    if len(key) < 2 or key[-1] not in table or key[-2] in _VOWELS or not key.isalpha():
        return key
    return key[:-1] + table[key[-1]]


def _add_spelt(trie: PhraseTrie, keys: tuple[str, ...], place: Place) -> None:
    if trie.get(keys) is None:
        trie.add(keys, place)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, parsed and cached for the life of the process."""
    data = gazetteer_data()
    aliases = load_yaml("aliases.yaml").get("place", {})
    trie = PhraseTrie()
    by_folded: dict[str, Place] = {}
    by_name: dict[str, Place] = {}
    places = _entries(data)

    def add(spelling: str, place: Place) -> None:
        keys = phrase_keys(spelling)
        for table in (_Y_AS_I, _I_AS_Y):
            other = tuple(_other_final(key, table) for key in keys)
            if other != keys:
                _add_spelt(trie, other, place)
        # A name joined by a hyphen is the same written with a dash (`Bà Rịa – Vũng Tàu`).
        for dash in ("-", "–", "—") if "-" in keys else ("-",):
            spelt = tuple(dash if key == "-" else key for key in keys)
            if trie.get(spelt) is None:
                trie.add(spelt, place)
        by_folded.setdefault(" ".join(fold(spelling).split()), place)

    for place in places:
        by_name.setdefault(place.name, place)
    hand = set(load_yaml(DATA_FILES[0]))
    for generated in (False, True):
        for name, group in data.items():
            if (name not in hand) != generated:
                continue
            for entry in group["entries"]:
                place = by_name[str(entry["name"])]
                for spelling in [entry["name"], *entry.get("also", [])]:
                    add(str(spelling), place)
        if not generated:  # the aliases count as hand-written spellings
            for alias, canonical in aliases.items():
                aliased = by_name.get(str(canonical))
                if aliased is None:
                    raise ValueError(
                        f"aliases.yaml: {alias!r} names an unknown place {canonical!r}"
                    )
                add(str(alias), aliased)
    return Gazetteer(tuple(places), trie, by_folded, by_name)
