"""The archive's entity catalogue as data: counts, name look-up, aliases and entity views.

The index builds the catalogue (`reader.index.facets`); the functions here are pure and work on
a plain mapping of (kind, canonical name) to article counts, so they are tested directly.

A name typed by a user is found the way search finds words: without diacritics it matches with
or without them (`can tho` is `Cần Thơ`), and an alias (`TP.HCM`, `CHDCND Lào`) leads to the
canonical name the archive writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import yaml

from reader.entities.canonical import canonical_org, canonical_person, canonical_place, tidy
from reader.entities.lexicon import load_yaml
from reader.entities.syllable import is_vietnamese_syllable
from reader.model.article import ENTITY_KINDS
from reader.text.normalize import fold

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Key = tuple[str, str]
"""(kind, canonical name)."""


@dataclass(frozen=True, slots=True)
class EntityCount:
    """One entity and the number of archive articles that name it."""

    kind: str
    name: str
    articles: int

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "name": self.name, "articles": self.articles}


@dataclass(frozen=True, slots=True)
class EntityArticle:
    """An article in an entity view."""

    id: str
    title: str
    published: datetime | None

    def as_json(self) -> dict[str, object]:
        published = self.published.isoformat() if self.published else None
        return {"id": self.id, "title": self.title, "published": published}


@dataclass(frozen=True, slots=True)
class EntityView:
    """One entity across the archive: its articles, months and companions."""

    kind: str
    name: str
    aliases: tuple[str, ...]
    total: int
    """Articles naming the entity (`articles` may hold only the newest of them)."""
    articles: tuple[EntityArticle, ...]
    """Newest first; undated articles last."""
    months: tuple[tuple[str, int], ...]
    """(YYYY-MM, articles) from the first month to the last, empty months included."""
    co_occurring: tuple[EntityCount, ...]
    """Entities named in the same articles, most shared articles first."""

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "name": self.name,
            "aliases": list(self.aliases),
            "total": self.total,
            "articles": [a.as_json() for a in self.articles],
            "months": [{"month": m, "articles": n} for m, n in self.months],
            "co_occurring": [c.as_json() for c in self.co_occurring],
        }


def name_key(name: str) -> str:
    """A name folded for look-up: no case, no diacritics, single spaces."""
    return " ".join(fold(name).split())


def ranked(counts: Mapping[Key, int], kind: str | None = None, top: int | None = None) -> list:
    """Entities (of `kind`, or all) by article count, then name; the first `top` of them."""
    chosen = [
        EntityCount(k, name, n) for (k, name), n in counts.items() if kind is None or k == kind
    ]
    chosen.sort(key=lambda e: (-e.articles, name_key(e.name), e.name, e.kind))
    return chosen if top is None else chosen[: max(0, top)]


def canonical_spellings(name: str, kind: str) -> list[str]:
    """What `name` becomes as a canonical name of `kind` (the alias table's answer first)."""
    spellings = []
    if kind == "place":
        spellings.append(canonical_place(name))
    elif kind == "org":
        spellings.append(canonical_org(name))
    spellings.append(canonical_person(name))
    return list(dict.fromkeys(s for s in spellings if s))


def resolve_name(
    counts: Mapping[Key, int],
    name: str,
    kind: str | None = None,
    folded: Mapping[str, Sequence[Key]] | None = None,
) -> Key | None:
    """The catalogue entry a user means by `name`, or None.

    In order: the name as written, the name through the alias table and gazetteer, then the
    same after folding case and diacritics. A name typed with diacritics keeps them (`Hiện`
    does not find `Hiền`); among several matches the most-mentioned wins. `folded` (from
    `folded_index(counts)`) saves a pass over the catalogue.
    """
    kinds = [kind] if kind else list(ENTITY_KINDS)
    tidied = tidy(name)
    if not tidied:
        return None

    def best(keys: Iterable[Key]) -> Key | None:
        found = [k for k in keys if k in counts]
        return max(found, key=lambda k: (counts[k], k[1])) if found else None

    exact = best((k, tidied) for k in kinds)
    if exact:
        return exact
    spellings = {s for k in kinds for s in [tidied, *canonical_spellings(tidied, k)]}
    via_alias = best((k, s) for k in kinds for s in spellings)
    if via_alias:
        return via_alias
    index = folded if folded is not None else folded_index(counts)
    candidates = [
        key for s in {name_key(s) for s in spellings} for key in index.get(s, ()) if key[0] in kinds
    ]
    if name_key(tidied) != tidied.casefold():
        # Typed with diacritics: they must match (case and tone placement aside).
        cased = {s.casefold() for s in spellings}
        candidates = [key for key in candidates if tidy(key[1]).casefold() in cased]
    found = best(candidates)
    if found is not None or "person" not in kinds:
        return found
    return _person_by_other_form(index, tidied, best)


def _person_by_other_form(
    index: Mapping[str, Sequence[Key]], typed: str, best: Callable[[Iterable[Key]], Key | None]
) -> Key | None:
    """A person typed another way the side-bar unifies: hyphens aside (`Kim Jong-un` for
    `Kim Jong Un`; diacritics typed must still match), or a foreign surname alone (`Trump`)
    when exactly one full name ends with it."""
    key = name_key(typed)

    def plain(text: str) -> str:
        return " ".join(text.replace("-", " ").replace("–", " ").split())

    strict = key != typed.casefold()
    same = [
        k
        for folded, keys in index.items()
        if ("-" in folded or "-" in key) and plain(folded) == plain(key)
        for k in keys
        if k[0] == "person"
        and (not strict or plain(tidy(k[1]).casefold()) == plain(typed.casefold()))
    ]
    if same:
        return best(same)
    if " " in key or is_vietnamese_syllable(key):
        return None
    ending = [
        k
        for folded, keys in index.items()
        if folded.endswith(" " + key)
        for k in keys
        if k[0] == "person"
    ]
    return ending[0] if len(ending) == 1 else None


def folded_index(counts: Iterable[Key]) -> dict[str, tuple[Key, ...]]:
    """Catalogue entries by their folded name."""
    index: dict[str, tuple[Key, ...]] = {}
    for key in counts:
        folded = name_key(key[1])
        index[folded] = (*index.get(folded, ()), key)
    return index


def aliases_of(kind: str, name: str, names: Iterable[str] = ()) -> tuple[str, ...]:
    """Other spellings of an entity: the gazetteer's and alias table's, then the archive's.

    `names` are the archive's names of the same kind; those that fold to the same letters
    (`Nguyen Thuc Hien` written by an English article) are spellings seen in the archive.
    """
    found: list[str] = []
    if kind == "place":
        found.extend(_place_spellings().get(name, ()))
    elif kind == "org":
        found.extend(_org_aliases().get(name, ()))
    key = name_key(name)
    found.extend(other for other in names if name_key(other) == key)
    return tuple(dict.fromkeys(s for s in found if s != name))


@cache
def _org_aliases() -> dict[str, list[str]]:
    """The organisation alias table's aliases by canonical name."""
    table = load_yaml("aliases.yaml").get("org", {})
    return _by_canonical((str(alias), str(canonical)) for alias, canonical in table.items())


@cache
def _place_spellings() -> dict[str, list[str]]:
    """Every gazetteer spelling and place alias, by canonical name."""
    from reader.entities.gazetteer import gazetteer_data

    spellings: list[tuple[str, str]] = []
    for group in gazetteer_data().values():
        for entry in group["entries"]:
            for spelling in entry.get("also", []):
                spellings.append((str(spelling), str(entry["name"])))
    for alias, canonical in load_yaml("aliases.yaml").get("place", {}).items():
        spellings.append((str(alias), str(canonical)))
    return _by_canonical(spellings)


def _by_canonical(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(spelling, canonical name) pairs grouped by canonical name, in their order."""
    grouped: dict[str, list[str]] = {}
    for spelling, canonical in pairs:
        grouped.setdefault(canonical, []).append(spelling)
    return grouped


def month_span(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """Every month from the first to the last key of `counts` (YYYY-MM), zeros filled in."""
    if not counts:
        return ()
    first, last = min(counts), max(counts)
    year, month = int(first[:4]), int(first[5:7])
    out: list[tuple[str, int]] = []
    while f"{year:04d}-{month:02d}" <= last:
        label = f"{year:04d}-{month:02d}"
        out.append((label, counts.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(out)
