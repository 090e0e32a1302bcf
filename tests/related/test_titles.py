"""Linked titles match archived ones despite case, marks and small edits, but not other stories."""

from __future__ import annotations

import pytest

from reader.related.titles import title_key, title_similarity, titles_alike, titles_match

ARCHIVED = "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào"


@pytest.mark.parametrize(
    "linked",
    [
        ARCHIVED,
        ARCHIVED.upper(),
        "can tho hop mat ky niem 60 nam thiet lap quan he ngoai giao viet nam lao",
        "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam – Lào.",
        "Cần Thơ: họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam-Lào",
        "TP Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",
        "Cần Thơ họp mặt kỉ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",
        "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao…",
    ],
)
def test_same_article(linked: str) -> None:
    assert titles_match(linked, ARCHIVED)


def test_tone_placement() -> None:
    assert titles_match("Hoà bình và hợp tác", "Hòa bình và hợp tác")
    assert title_key("Hoà bình") == title_key("Hòa bình") == "hoa binh"


@pytest.mark.parametrize(
    "other",
    [
        "Cần Thơ họp mặt kỷ niệm 55 năm thiết lập quan hệ ngoại giao Việt Nam - Campuchia",
        "Cần Thơ họp mặt kỷ niệm 45 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",
        "Đà Nẵng họp mặt kỷ niệm ngày thành lập hội hữu nghị Việt Nam - Lào",
        "Khai mạc Giải bóng đá sinh viên hữu nghị Việt Nam - Lào - Campuchia",
        "Cần Thơ",
        "",
    ],
)
def test_other_stories(other: str) -> None:
    assert not titles_match(other, ARCHIVED)


def test_opening_and_closing_of_one_fair_differ() -> None:
    assert not titles_match(
        "Khai mạc Hội chợ Thương mại Việt - Lào 2022 tại Cần Thơ",
        "Bế mạc Hội chợ Thương mại Việt - Lào: hơn 300 hợp đồng, thỏa thuận được ký kết",
    )


def test_similarity_bounds() -> None:
    assert title_similarity(ARCHIVED, ARCHIVED) == 1.0
    assert title_similarity("", ARCHIVED) == 0.0


def test_titles_alike_is_the_similarity_at_a_threshold() -> None:
    """The quick bounds `titles_alike` tries first never change its answer."""
    titles = [
        ARCHIVED,
        "Cần Thơ họp mặt kỷ niệm 55 năm quan hệ Việt Nam - Lào",
        "Lào và Việt Nam: 60 năm quan hệ ngoại giao",
        "Bế mạc Hội chợ Thương mại Việt - Lào",
        "Khai mạc Hội chợ Thương mại Việt - Lào 2022 tại Cần Thơ",
        "Thơ Cần",
        "",
    ]
    for first in titles:
        for second in titles:
            for least in (0.3, 0.5, 0.86):
                expected = title_similarity(first, second) >= least
                assert titles_alike(first, second, least) == expected, (first, second, least)
