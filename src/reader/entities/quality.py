"""Scoring extracted entities against gold annotations: precision and recall per kind.

A gold case is an Article and the names a careful reader lists for it. Names are compared by
their canonical form (so a gold `TP Cần Thơ` and an extracted `Cần Thơ` agree), ignoring case.
Gold cases come from three places: saved-page fixtures with a gold YAML beside each, the real
seed pages (gold kept in the fixtures folder, text read from the shared folder), and the sample
archive, whose front-matter `entities` are hand annotations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from reader.entities.canonical import canonical_org, canonical_person, canonical_place
from reader.model.article import ENTITY_KINDS, Article, Entities

Extractor = Callable[[Article], Entities]

_CANONICAL: dict[str, Callable[[str], str]] = {
    "person": canonical_person,
    "place": canonical_place,
    "org": canonical_org,
}


@dataclass(frozen=True, slots=True)
class GoldCase:
    """One annotated article: where it came from, the article, the gold names per kind."""

    name: str
    group: str
    article: Article
    gold: dict[str, tuple[str, ...]]


@dataclass(slots=True)
class Tally:
    """True positives, false positives and false negatives of one kind, with the misses."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def comparable(kind: str, name: str) -> str:
    """The form two names of one kind are compared in."""
    return _CANONICAL[kind](name).casefold()


def score(cases: Iterable[GoldCase], extract: Extractor) -> dict[str, Tally]:
    """Precision and recall per kind of `extract` over `cases`."""
    tallies = {kind: Tally() for kind in ENTITY_KINDS}
    for case in cases:
        found = extract(case.article)
        for kind in ENTITY_KINDS:
            gold = {comparable(kind, n) for n in case.gold.get(kind, ())}
            got = {comparable(kind, n) for n in found.of_kind(kind)}
            tally = tallies[kind]
            tally.tp += len(gold & got)
            tally.fp += len(got - gold)
            tally.fn += len(gold - got)
            tally.wrong.extend(f"{case.name}: {n}" for n in sorted(got - gold))
            tally.missed.extend(f"{case.name}: {n}" for n in sorted(gold - got))
    return tallies


def read_gold(path: Path) -> dict[str, tuple[str, ...]]:
    """A gold file: a mapping with `person`, `place` and `org` lists (safe YAML)."""
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return {kind: tuple(str(n) for n in data.get(kind) or ()) for kind in ENTITY_KINDS}


def page_cases(
    folder: Path, parse: Callable[[str], Article], group: str = "fixtures"
) -> list[GoldCase]:
    """Saved-page fixtures: every `NAME.txt` in `folder` with a `NAME.yaml` gold beside it."""
    cases = []
    for page in sorted(folder.glob("*.txt")):
        gold_path = page.with_suffix(".yaml")
        if gold_path.exists():
            article = parse(page.read_text("utf-8"))
            cases.append(GoldCase(page.stem, group, article, read_gold(gold_path)))
    return cases


def seed_cases(seeds: Path, gold_folder: Path, parse: Callable[[str], Article]) -> list[GoldCase]:
    """The real seed pages in `seeds` that have a gold file of the same stem in `gold_folder`."""
    cases = []
    for gold_path in sorted(gold_folder.glob("*.yaml")):
        page = seeds / f"{gold_path.stem}.txt"
        if page.exists():
            article = parse(page.read_text("utf-8"))
            cases.append(GoldCase(gold_path.stem, "seeds", article, read_gold(gold_path)))
    return cases


def archive_cases(folder: Path, parse: Callable[[str], Article]) -> list[GoldCase]:
    """Articles of an archive folder whose front matter lists entities (hand annotations)."""
    cases = []
    for file in sorted(folder.glob("*.md")):
        article = parse(file.read_text("utf-8"))
        if article.entities:
            gold = {kind: article.entities.of_kind(kind) for kind in ENTITY_KINDS}
            bare = article.with_changes(entities=Entities())
            cases.append(GoldCase(file.stem, "sample", bare, gold))
    return cases
