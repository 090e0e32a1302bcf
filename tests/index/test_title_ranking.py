"""The known-item features of ranking: how many rare syllables a title holds (bit-sliced,
checked against a plain count) and a remembered title typed in its order."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.index import ArticleIndex, engine, saved
from reader.model.article import Article
from reader.text import tokens

TITLES = [
    "Khánh thành cầu Rồng",
    "Cầu Rồng phun lửa đêm khai mạc lễ hội pháo hoa quốc tế",
    "Tin giáo dục số một",
    "Tin giáo dục số hai",
    "Tin y tế số ba",
    "Tin y tế số bốn và năm",
    "Giá lúa tăng cao ở Cần Thơ",
    "",
]


def test_title_length_digits_are_each_titles_length_in_binary() -> None:
    lengths = [0, 1, 5, 12, 63, 200]
    digits = saved.title_length_bits(lengths)
    assert len(digits) == saved.TITLE_BITS
    for docnum, length in enumerate(lengths):
        read = sum(1 << j for j, digit in enumerate(digits) if digit >> docnum & 1)
        assert read == min(length, (1 << saved.TITLE_BITS) - 1)


def test_rare_syllables_per_title_match_a_plain_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "RARE_SHARE", 4)  # a syllable in 2 of 8 titles is common
    articles = [
        Article(title=title, body="Nội dung bài viết.", id=f"a{n}")
        for n, title in enumerate(TITLES)
    ]
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.update([(article, "1") for article in articles])
        with index.snapshot() as snapshot:
            digits = snapshot.bitmaps.rare_in_titles()
            reader = snapshot.reader
            titles = {
                d: tokens.folded_tokens(reader.stored_fields(d)["title"])
                for d in range(len(TITLES))
            }
    document_frequency: dict[str, int] = {}
    for syllables in titles.values():
        for syllable in set(syllables):
            document_frequency[syllable] = document_frequency.get(syllable, 0) + 1
    limit = len(TITLES) / 4
    for docnum, syllables in titles.items():
        expected = sum(1 for s in syllables if document_frequency[s] < limit)
        read = sum(1 << j for j, digit in enumerate(digits) if digit >> docnum & 1)
        assert read == expected, (docnum, syllables)


def test_a_remembered_title_ranks_above_one_that_holds_the_same_words_among_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "RARE_SHARE", 8)  # rare: in fewer than 1 title in 8
    filler = [
        Article(
            title=f"Tin tức giáo dục và đào tạo trong ngày số {n}",
            body="Buổi họp diễn ra sáng nay.",
            id=f"f{n}",
        )
        for n in range(80)
    ]
    # Both titles long, the words in the same order and side by side: only the other rare
    # syllables of the crowded title tell them apart (the ids would put it first).
    remembered = Article(
        title="Tin tức giáo dục và đào tạo trong ngày: khánh thành cầu Rồng",
        body="Cây cầu mới bắc qua sông Hàn.",
        id="z-remembered",
    )
    crowded = Article(
        title="Lễ hội pháo hoa đêm qua: khánh thành cầu Rồng phun lửa ven sông Hàn",
        body="Cây cầu mới bắc qua sông Hàn.",
        id="a-crowded",
    )
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.update([(a, "1") for a in [crowded, remembered, *filler]])
        for typed in ("khanh thanh cau rong", "khánh thành cầu Rồng"):
            ids = [hit.id for hit in index.search(typed, limit=5).hits]
            assert ids[:2] == ["z-remembered", "a-crowded"], typed


def test_a_title_typed_in_its_order_ranks_above_the_same_words_in_another(
    tmp_path: Path,
) -> None:
    filler = [
        Article(title=f"Tin y tế số {n}", body="Buổi họp diễn ra sáng nay.", id=f"f{n}")
        for n in range(80)
    ]
    # The words typed stand apart in both titles (no pair side by side tells them apart).
    first = Article(title="Giá lúa và gạo tăng", body="Thị trường nông sản.", id="z-first")
    second = Article(title="Tăng giá lúa và gạo", body="Thị trường nông sản.", id="a-second")
    with ArticleIndex.open(tmp_path / "ix") as index:
        index.update([(a, "1") for a in [second, first, *filler]])
        for typed, expected in (
            ("lua tang", ["z-first", "a-second"]),
            ("tang gao", ["a-second", "z-first"]),
        ):
            ids = [hit.id for hit in index.search(typed, limit=5).hits]
            assert ids[:2] == expected, typed
