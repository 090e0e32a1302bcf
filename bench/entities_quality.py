"""Entity extraction quality: precision and recall per kind against gold annotations.

    python -m bench.entities_quality [--no-baseline] [--json] [--show-errors]

`rules+known` is the same extraction with the names our rules found in the Vietnamese
articles as the archive's known names (how an import into an existing archive runs): English
articles then write Vietnamese names as the archive does (`Nguyen Thuc Hien` -> `Nguyễn Thực
Hiện`).

Gold: the saved-page fixtures in tests/fixtures/entities (a gold YAML beside each page), the two
real seed pages (gold in tests/fixtures/entities/seeds; skipped when ../shared is absent) and the
bundled sample archive's front-matter entities (hand annotations). The same gold is scored for
a plain toolkit baseline, underthesea's `ner()` (PER/LOC/ORG spans, names put through the same
canonical names as ours), when underthesea is installed; it is never a runtime dependency.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reader.entities.extract import article_pieces, extract_entities
from reader.entities.known import KnownNames
from reader.entities.quality import (
    GoldCase,
    Tally,
    archive_cases,
    page_cases,
    score,
    seed_cases,
)
from reader.ingest.page import parse_saved_page
from reader.model.article import ENTITY_KINDS, Article, Entities
from reader.model.canonical import parse_canonical

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "entities"
SEEDS = REPO.parent / "shared" / "seeds"
SAMPLE = REPO / "sample_articles"

_BASELINE_KINDS = {"PER": "person", "LOC": "place", "ORG": "org"}


def gold_cases() -> list[GoldCase]:
    """Every gold case available here: fixtures, seeds (when present), the sample archive."""
    cases = page_cases(FIXTURES, parse_saved_page)
    if SEEDS.is_dir():
        cases += seed_cases(SEEDS, FIXTURES / "seeds", parse_saved_page)
    if SAMPLE.is_dir():
        cases += archive_cases(SAMPLE, parse_canonical)
    return cases


def underthesea_extractor() -> Callable[[Article], Entities] | None:
    """underthesea's `ner()` as an extractor over the same text we read, or None."""
    try:
        from underthesea import ner
    except ImportError:
        return None

    def extract(article: Article) -> Entities:
        pieces, bylines = article_pieces(article)
        found: dict[str, list[str]] = {kind: [] for kind in ENTITY_KINDS}
        for piece in pieces:
            current: list[str] = []
            kind = ""
            for word, *_, tag in [*ner(piece), ("", "", "", "O")]:
                if tag.startswith("I-") and current and tag[2:] == kind:
                    current.append(word)
                    continue
                if current and kind in _BASELINE_KINDS:
                    found[_BASELINE_KINDS[kind]].append(" ".join(current))
                current, kind = ([word], tag[2:]) if tag.startswith("B-") else ([], "")
        found["person"] = [n for n in found["person"] if n not in bylines]
        return Entities(**{k: tuple(dict.fromkeys(v)) for k, v in found.items()})

    return extract


def report(tallies: dict[str, Tally]) -> dict[str, dict[str, float | int]]:
    return {kind: tally.as_dict() for kind, tally in tallies.items()}


def evaluate(
    cases: list[GoldCase], extractors: dict[str, Callable[[Article], Entities]]
) -> dict[str, dict]:
    """Scores per extractor, per group of cases (Vietnamese pages, English pages, each source)."""
    groups: dict[str, list[GoldCase]] = {
        "vi (all Vietnamese)": [c for c in cases if c.article.language != "en"],
        "en (all English)": [c for c in cases if c.article.language == "en"],
    }
    for source in sorted({c.group for c in cases}):
        groups[f"vi {source}"] = [
            c for c in cases if c.group == source and c.article.language != "en"
        ]
    results: dict[str, dict] = {}
    for name, extract in extractors.items():
        results[name] = {}
        for group, members in groups.items():
            if members:
                started = time.perf_counter()
                tallies = score(members, extract)
                results[name][group] = {
                    "articles": len(members),
                    "seconds": round(time.perf_counter() - started, 2),
                    **report(tallies),
                }
    return results


def print_table(results: dict[str, dict]) -> None:
    header = f"{'extractor':<12} {'group':<22} {'n':>3}"
    for kind in ENTITY_KINDS:
        header += f"  {kind + ' P':>9} {kind + ' R':>9}"
    print(header)
    for name, groups in results.items():
        for group, figures in groups.items():
            line = f"{name:<12} {group:<22} {figures['articles']:>3}"
            for kind in ENTITY_KINDS:
                line += f"  {figures[kind]['precision']:>9.3f} {figures[kind]['recall']:>9.3f}"
            print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="skip the toolkit baseline")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--show-errors", action="store_true", help="list wrong and missed names")
    args = parser.parse_args(argv)
    cases = gold_cases()
    extractors: dict[str, Callable[[Article], Entities]] = {"rules": extract_entities}
    known = KnownNames.of(extract_entities(c.article) for c in cases if c.article.language != "en")
    extractors["rules+known"] = lambda article: extract_entities(article, known)
    if not args.no_baseline:
        baseline = underthesea_extractor()
        if baseline is None:
            print("baseline: underthesea is not installed; skipped", file=sys.stderr)
        else:
            extractors["underthesea"] = baseline
    results = evaluate(cases, extractors)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print_table(results)
    if args.show_errors:
        for kind, tally in score(cases, extract_entities).items():
            print(f"\n{kind} wrong: {tally.wrong}\n{kind} missed: {tally.missed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
