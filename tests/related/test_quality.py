"""Floors from the label-free measures (bench/related_quality.py) on a small constructed set:
the sample archive plus an edited copy of each of its dated Vietnamese articles."""

from __future__ import annotations

import random
import shutil

import pytest
from related_helpers import SAMPLE, open_archive

from reader.archive import Archive
from reader.index.similar import view
from reader.model.canonical import parse_canonical, render_canonical
from reader.related import RelatedList
from reader.related.quality import duplicate_figures, edited_copy, rare_features, topical_share

# Measured when this was written (30 pairs): recall 1.0; precision 0.97 (its two "wrong" flags
# are the sample's own pair, the fair opening from two sources); top-5 share 0.51.
RECALL_FLOOR = 0.9
PRECISION_FLOOR = 0.9
TOPICAL_FLOOR = 0.45
SMALL_RARE = 0.05
"""Rare in an archive of 75 articles: in at most 3 of them."""


@pytest.fixture(scope="module")
def with_copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, dict[str, str]]:
    root = tmp_path_factory.mktemp("copies")
    inputs = root / "in"
    inputs.mkdir()
    rng = random.Random(5)
    titles: list[tuple[str, str]] = []
    for path in sorted(SAMPLE.glob("*.md")):
        shutil.copy(path, inputs / path.name)
        article = parse_canonical(path.read_text("utf-8"))
        if path.name.startswith("20") and article.language == "vi":
            copy = edited_copy(article, rng, f"copy-{article.id}")
            copy = copy.with_changes(content_sha256=copy.compute_sha256())
            (inputs / f"{copy.id}.md").write_text(render_canonical(copy), "utf-8")
            titles.append((article.title, copy.title))
    archive = open_archive(root)
    archive.import_paths([inputs])
    ids = {a.title: s.id for s, a in archive.store.iter_articles()}
    pairs = {ids[original]: ids[copy] for original, copy in titles}
    yield archive, pairs
    archive.close()


def _lists(archive: Archive, ids: list[str]) -> dict[str, RelatedList]:
    return {i: archive.related(i) for i in ids}


def test_edited_copies_are_the_same_story(with_copies: tuple[Archive, dict[str, str]]) -> None:
    archive, pairs = with_copies
    stored = archive.store.scan()
    assert set(pairs) | set(pairs.values()) <= set(stored)
    figures = duplicate_figures(pairs, _lists(archive, [*pairs, *pairs.values()]))
    assert figures.recall >= RECALL_FLOOR, figures
    assert figures.precision >= PRECISION_FLOOR, figures


def test_top_five_share_rare_entities_or_phrases(
    with_copies: tuple[Archive, dict[str, str]],
) -> None:
    archive, pairs = with_copies
    copies = set(pairs.values())
    sources = [archive.get(i) for i in sorted(archive.store.scan()) if i not in copies]
    lists = {
        a.id: RelatedList(
            a.id,
            tuple(
                i
                for i in archive.related(a.id).items
                if i.id not in copies and i.signal != "same_story"
            ),
        )
        for a in sources
    }
    with view(archive.index) as current:
        size = current.size
        share, counted = topical_share(
            sources, lists, lambda a: rare_features(a, current.df, size, SMALL_RARE), archive.get
        )
    assert counted >= 100
    assert share >= TOPICAL_FLOOR, share


def test_copy_is_not_what_the_page_linked(with_copies: tuple[Archive, dict[str, str]]) -> None:
    archive, pairs = with_copies
    original, copy = next(iter(pairs.items()))
    assert copy not in {i.id for i in archive.related(original).items if i.signal == "linked"}
