"""A small archive with known entities and dates, for the facet, CLI and re-extraction tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from reader.archive import Archive
from reader.config import Config
from reader.model.article import Article, Entities
from reader.model.ids import assign_identity
from reader.store import ArchiveStore

TZ = timezone(timedelta(hours=7))
IMPORTED = datetime(2024, 1, 1, tzinfo=UTC)


def _article(title: str, day: datetime | None, entities: Entities, body: str = "") -> Article:
    return Article(
        title=title,
        body=body or f"{title}. Nội dung bài viết.",
        published=day,
        entities=entities,
    )


ARTICLES = [
    _article(
        "Cần Thơ tiếp đoàn Lào",
        datetime(2022, 9, 5, 16, 33, tzinfo=TZ),
        Entities(person=("Nguyễn Thực Hiện",), place=("Cần Thơ", "Lào"), org=("UBND TP Cần Thơ",)),
    ),
    _article(
        "Cần Thơ và Savannakhet hợp tác",
        datetime(2022, 11, 10, 9, 0, tzinfo=TZ),
        Entities(person=("Nguyễn Thực Hiện",), place=("Cần Thơ", "Savannakhet")),
    ),
    _article(
        "Hội chợ ở Cần Thơ",
        datetime(2022, 11, 20, 9, 0, tzinfo=TZ),
        Entities(place=("Cần Thơ", "Lào", "TP. Hồ Chí Minh")),
    ),
    _article(
        "Hà Nội đón khách",
        datetime(2023, 1, 2, 9, 0, tzinfo=TZ),
        Entities(person=("Nguyễn Thị Hiền",), place=("Hà Nội",)),
    ),
    _article("Một bài không ngày", None, Entities(place=("Cần Thơ",))),
]


def build(tmp_path: Path) -> Archive:
    """The archive (files written, index not built yet)."""
    root = tmp_path / "archive"
    store = ArchiveStore(root)
    for article in ARTICLES:
        store.write(assign_identity(article, IMPORTED))
    return Archive(Config(archive_dir=root, index_dir=tmp_path / "index"))


def article_id(title: str) -> str:
    for article in ARTICLES:
        if article.title == title:
            return assign_identity(article, IMPORTED).id
    raise KeyError(title)
