"""Extraction quality against the gold annotations must not fall below measured floors.

Floors sit a little under the figures measured when they were set (see bench.entities_quality
for the full report): a drop below one means a change made extraction worse.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.extract import extract_entities
from reader.entities.quality import archive_cases, page_cases, score, seed_cases
from reader.ingest.page import parse_saved_page
from reader.model.canonical import parse_canonical

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "entities"
SEEDS = REPO.parent / "shared" / "seeds"
SAMPLE = REPO / "sample_articles"

# (precision, recall) floors per kind on Vietnamese pages.
VI_FLOORS = {"person": (0.95, 0.95), "place": (0.95, 0.90), "org": (0.90, 0.90)}
# English rules are simpler; these floors only guard against regressions.
EN_FLOORS = {"person": (0.75, 0.75), "place": (0.90, 0.90), "org": (0.60, 0.60)}


def check(tallies: dict, floors: dict) -> None:
    for kind, (precision, recall) in floors.items():
        tally = tallies[kind]
        assert tally.precision >= precision, (kind, tally.as_dict(), tally.wrong)
        assert tally.recall >= recall, (kind, tally.as_dict(), tally.missed)


def test_fixtures_are_annotated():
    cases = page_cases(FIXTURES, parse_saved_page)
    assert len(cases) >= 10


def test_vietnamese_fixture_pages():
    cases = [c for c in page_cases(FIXTURES, parse_saved_page) if c.article.language == "vi"]
    check(score(cases, extract_entities), VI_FLOORS)


def test_english_fixture_pages():
    cases = [c for c in page_cases(FIXTURES, parse_saved_page) if c.article.language == "en"]
    assert cases
    check(score(cases, extract_entities), EN_FLOORS)


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_real_seed_pages():
    cases = seed_cases(SEEDS, FIXTURES / "seeds", parse_saved_page)
    assert len(cases) == 2
    check(score(cases, extract_entities), {k: (0.95, 0.95) for k in VI_FLOORS})


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="no sample archive")
def test_sample_archive_hand_annotations():
    cases = [c for c in archive_cases(SAMPLE, parse_canonical) if c.article.language == "vi"]
    if not cases:
        pytest.skip("the sample archive has no annotated Vietnamese articles")
    check(score(cases, extract_entities), VI_FLOORS)
