"""Near-duplicate tests on shingles: an edited copy is one story, a report of the same event by
another writer is not."""

from __future__ import annotations

import random
from pathlib import Path

from reader.model.canonical import parse_canonical
from reader.related.duplicates import near_duplicate, overlap, shingles
from reader.related.quality import edited_copy

SAMPLE = Path(__file__).resolve().parents[2] / "sample_articles"


def _load(stem: str):
    [path] = SAMPLE.glob(f"{stem}*.md")
    return parse_canonical(path.read_text("utf-8"))


def _text(article) -> frozenset[int]:
    return shingles(f"{article.title}\n{article.lead}\n{article.body}")


def test_the_fair_opening_from_two_sources() -> None:
    first = _load("2022-11-10-khai-mac-hoi-cho")
    second = _load("baocantho-example-khai-mac-hoi-cho")
    assert near_duplicate(first.title, _text(first), second.title, _text(second))


def test_opening_and_closing_of_the_fair_are_two_stories() -> None:
    opening = _load("2022-11-10-khai-mac-hoi-cho")
    closing = _load("2022-11-14-be-mac-hoi-cho")
    assert not near_duplicate(opening.title, _text(opening), closing.title, _text(closing))


def test_edited_copies_are_found() -> None:
    rng = random.Random(3)
    for path in sorted(SAMPLE.glob("2022-*.md"))[:12]:
        article = parse_canonical(path.read_text("utf-8"))
        copy = edited_copy(article, rng, "copy")
        assert copy.title != article.title
        assert near_duplicate(article.title, _text(article), copy.title, _text(copy)), path.name


def test_overlap_of_nothing() -> None:
    assert overlap(frozenset(), shingles("một hai ba bốn năm")) == 0.0
