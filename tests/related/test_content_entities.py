"""The "shares X" reasons quote the articles' content entities only, never their bylines."""

from __future__ import annotations

from pathlib import Path

from related_helpers import open_archive

ARTICLE = """---
title: {title}
author: {author}
language: vi
entities:
  person: [{person}]
  place: [{place}]
  org: []
---
{body}
"""

# Two articles by one writer on unrelated subjects, whose byline an older extraction listed
# among the people, among others by other writers.
PAGES = [
    (
        "Mùa lúa chín ở Quỳnh Lâm",
        "Đặng Khôi Nguyên",
        "Đặng Khôi Nguyên/Báo Nông Thôn",
        "Lúa chín vàng khắp đồng, nông dân thu hoạch sớm.",
    ),
    (
        "Giá cà phê tăng mạnh đầu mùa",
        "Đặng Khôi Nguyên",
        "Đặng Khôi Nguyên/Báo Nông Thôn",
        "Thương lái mua với giá cao hơn tuần trước.",
    ),
    ("Đội bóng đá thiếu niên giành cúp", "Lò Văn Páo", "Hà My", "Các em thi đấu rất hay."),
    ("Nghệ nhân gốm trẻ nhất làng", "Bạch Thị Nhàn", "Hà My", "Gốm được nung trong lò củi."),
    ("Mưa lớn gây ngập phố cổ", "Âu Dương Tiến", "Tú Anh", "Nước rút sau ba giờ."),
    ("Thư viện sách cũ mở cửa miễn phí", "Ninh Văn Dự", "Tú Anh", "Sách được tặng hằng tuần."),
]


def test_a_byline_listed_as_an_entity_is_never_a_shared_reason(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    for number, (title, person, author, body) in enumerate(PAGES):
        text = ARTICLE.format(title=title, author=author, person=person, place="", body=body)
        (source / f"{number}.md").write_text(text, encoding="utf-8")
    archive = open_archive(tmp_path)
    archive.import_paths([source])
    reasons = [
        item.reason
        for stored in archive.store.scan().values()
        for item in archive.related(stored.id).items
    ]
    assert all("Đặng Khôi Nguyên" not in reason for reason in reasons)


class _View:
    """The two things `_entity_weights` asks of the index: its size and who names what."""

    size = 1000

    def entity_docs(self, kind: str, name: str) -> int:
        return 0b1011  # three articles name every entity


def test_only_content_entities_weigh_in_the_shares_reason() -> None:
    from reader.model.article import Article, Entities
    from reader.related.finder import _entity_weights

    article = Article(
        title="Mùa lúa chín ở Quỳnh Lâm",
        body="Lúa chín vàng khắp đồng.",
        author="Đặng Khôi Nguyên/Báo Nông Thôn",
        entities=Entities(
            person=("Đặng Khôi Nguyên", "Lò Văn Páo"), place=("Quỳnh Lâm",), org=("Báo Nông Thôn",)
        ),
    )
    names = [name for name, _bitmap, _weight in _entity_weights(_View(), article)]
    assert sorted(names) == ["Lò Văn Páo", "Quỳnh Lâm"]
