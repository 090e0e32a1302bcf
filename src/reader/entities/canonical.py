"""Canonical names: one spelling per person, place and organisation.

Spellings are unified first (NFC, tone marks on the first vowel of `oa`/`oe`/`uy` so `Hoà` is
`Hòa` and `Uỷ` is `Ủy`); places then go through the gazetteer and its aliases (`TP. Cần Thơ`,
`thành phố Cần Thơ` -> `Cần Thơ`), and a near spelling of a known foreign place resolves to
it (`Sanvannakhet` -> `Savannakhet`; never a Vietnamese name, where one letter makes another
place). Organisations go through the alias table. People are never
matched fuzzily: two names a syllable apart are two people.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from reader.entities.fuzzy import closest
from reader.entities.gazetteer import Place, gazetteer
from reader.entities.lexicon import lexicon, load_yaml
from reader.entities.syllable import is_vietnamese_syllable
from reader.entities.tokens import phrase_keys, tokenize
from reader.text.normalize import canonical_tones, nfc

_SPACES = re.compile(r"\s+")
_EDGE_MARKS = " \t\n,;:-–—\"'“”‘’()[]"


@lru_cache(maxsize=1 << 16)
def tidy(name: str) -> str:
    """NFC, one tone-mark placement, single spaces, no stray marks at either end."""
    words = _SPACES.split(nfc(name).strip(_EDGE_MARKS))
    return " ".join(canonical_tones(w) for w in words if w)


# Geographic words that stay in the name (`sông Sài Gòn`, `vịnh Bắc Bộ`, `núi Bà Đen`).
FEATURE_PREFIXES = frozenset("sông biển vịnh hồ núi đảo quần đèo hòn".split())


def strip_place_prefix(name: str) -> str:
    """`TP. Cần Thơ`, `thành phố Cần Thơ`, `tỉnh Champasak` without the administrative word
    (a geographic word is the name's own: `Sông Trí`, `Hòn Gai`)."""
    tokens = tokenize(name)
    keys = [t.key for t in tokens]
    if keys[:1] and keys[0] in FEATURE_PREFIXES:
        return name
    length, _ = lexicon().place_prefixes.longest(keys, 0)
    if length and length < len(tokens):
        if tokens[length].text == "." and length + 1 < len(tokens):
            length += 1
        return name[tokens[length].start :]
    return name


@cache
def _fuzzy_spellings() -> dict[str, Place]:
    """Every gazetteer spelling, folded, to its place."""
    return dict(gazetteer().by_folded)


def find_place(name: str, *, fuzzy: bool = True) -> Place | None:
    """The known place `name` denotes, exactly or (with `fuzzy`) by a near spelling."""
    places = gazetteer()
    found = places.find(name) or places.find(strip_place_prefix(name))
    if found is not None or not fuzzy:
        return found
    bare = strip_place_prefix(name)
    if all(is_vietnamese_syllable(w) for w in bare.replace("-", " ").split()):
        return None  # `Hòa Khánh` is not a misspelt `Hòa Thành`: only foreign names are guessed
    spellings = _fuzzy_spellings()
    match = closest(bare, spellings)
    return spellings[match] if match is not None else None


@lru_cache(maxsize=1 << 14)
def canonical_place(name: str) -> str:
    """The canonical name of a place: the gazetteer's when known, else tidied without prefix."""
    found = find_place(name)
    return found.name if found is not None else tidy(strip_place_prefix(name))


@cache
def _org_tables() -> tuple[list[tuple[tuple[str, ...], str]], dict[tuple[str, ...], str]]:
    data = load_yaml("aliases.yaml")
    words = sorted(
        ((phrase_keys(str(k)), str(v)) for k, v in data.get("org_words", {}).items()),
        key=lambda item: -len(item[0]),
    )
    names = {phrase_keys(str(k)): str(v) for k, v in data.get("org", {}).items()}
    return words, names


# A university's head however written (`Trường ĐH X`, `ĐH X`, `Trường Đại học X`): one
# organisation, named `Đại học X`.
_UNIVERSITY = re.compile(r"^(?:Trường\s+)?(?:ĐH|Đại\s+học)\s+(?=\S)", re.IGNORECASE)


@lru_cache(maxsize=1 << 14)
def canonical_org(name: str) -> str:
    """The canonical name of an organisation: usual spellings of its words, then the aliases."""
    words, names = _org_tables()
    tidied = tidy(name)
    tokens = tokenize(tidied)
    keys = [t.key for t in tokens]
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        # A hyphen written without spaces stays so (`Sở VH-TT&DL`); other words get one.
        glued = (
            i > 0
            and tokens[i].start == tokens[i - 1].end
            and "-"
            in (
                tokens[i].text,
                tokens[i - 1].text,
            )
        )
        for phrase, replacement in words:
            if tuple(keys[i : i + len(phrase)]) == phrase:
                parts.append(replacement)
                i += len(phrase)
                break
        else:
            parts.append(tokens[i].text)
            i += 1
        if glued and len(parts) > 1:
            parts[-2:] = [parts[-2] + parts[-1]]
    rebuilt = " ".join(parts).replace(" .", ".").replace(" ,", ",").replace("( ", "(")
    rebuilt = tidy(rebuilt.replace(" )", ")"))
    rebuilt = _UNIVERSITY.sub("Đại học ", rebuilt)
    return names.get(phrase_keys(rebuilt), rebuilt)


def canonical_person(name: str) -> str:
    """The canonical name of a person: tidied spelling only, never a fuzzy match."""
    return tidy(name)


def person_key(name: str) -> tuple[str, ...]:
    """What two spellings of one person's name share: the word keys."""
    return phrase_keys(tidy(name))
