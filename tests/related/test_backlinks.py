"""Pages that link an article are found across the whole archive, not only among the articles
that resemble it: the index keeps each page's linked titles (folded) and URLs."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.archive import Archive
from reader.cli.main import main
from reader.config import Config
from reader.model.article import Article, Entities
from reader.model.ids import assign_identity
from reader.related.finder import LINKING_MAX, POOL
from reader.store import ArchiveStore
from reader.text.title_keys import link_terms, title_terms, url_term

TZ = timezone(timedelta(hours=7))
IMPORTED = datetime(2024, 1, 1, tzinfo=UTC)
SOURCE_URL = "https://thoidai.com.vn/can-tho-ky-niem-60-nam.html"
SOURCE = Article(
    title="Cần Thơ họp mặt kỷ niệm 60 năm quan hệ ngoại giao Việt Nam - Lào",
    published=datetime(2022, 9, 4, 9, 0, tzinfo=TZ),
    source="thoidai.com.vn",
    url=SOURCE_URL,
    lead="Cần Thơ tổ chức họp mặt kỷ niệm quan hệ hữu nghị Việt Nam - Lào.",
    body="Buổi họp mặt tại Cần Thơ có đại diện Lào, sinh viên Lào và lãnh đạo thành phố.",
    entities=Entities(place=("Cần Thơ", "Lào")),
)
OTHER_TITLES = tuple(f"Tin vắn thể thao số {n}: kết quả vòng loại bóng rổ" for n in range(12))


def _similar(n: int) -> Article:
    """Coverage that shares the source's words and places: these fill its candidate pool."""
    return Article(
        title=f"Cần Thơ và Lào họp mặt hữu nghị, kỷ niệm quan hệ ngoại giao (kỳ {n})",
        published=datetime(2022, 9, 1, 8, 0, tzinfo=TZ) + timedelta(hours=n),
        lead=f"Cần Thơ họp mặt kỷ niệm quan hệ hữu nghị Việt Nam - Lào, kỳ {n}.",
        body="Lãnh đạo Cần Thơ gặp sinh viên Lào tại buổi họp mặt kỷ niệm quan hệ ngoại giao.",
        entities=Entities(place=("Cần Thơ", "Lào")),
    )


def _unrelated(title: str, body: str, **links: object) -> Article:
    """A page about something else entirely (no shared words or names) that may link."""
    return Article(
        title=title,
        published=datetime(2019, 1, 1, 8, 0, tzinfo=TZ),
        lead="Giải bóng rổ học sinh khép lại với trận chung kết kịch tính.",
        body=body,
        **links,  # type: ignore[arg-type]
    )


# B lists the source's title in other case, without diacritics, with other punctuation.
LINKS_BY_TITLE = _unrelated(
    "Giải bóng rổ học sinh toàn quốc khép lại",
    "Đội chủ nhà vô địch sau ba hiệp phụ.",
    related_titles=(
        *OTHER_TITLES[:6],
        "CAN THO HOP MAT KY NIEM 60 NAM: QUAN HE NGOAI GIAO VIET NAM LAO",
    ),
)
# C links it by a changed word and cut short with an ellipsis.
LINKS_FUZZY = _unrelated(
    "Vận động viên trẻ tỏa sáng ở giải điền kinh",
    "Nhiều kỷ lục mới được xác lập.",
    related_titles=("Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",),
)
LINKS_TRUNCATED = _unrelated(
    "Bơi lội: đội tuyển trẻ giành ba huy chương vàng",
    "Các kình ngư trẻ thi đấu xuất sắc.",
    related_titles=("Cần Thơ họp mặt kỷ niệm 60 năm quan hệ…",),
)
# D links it by URL only, under a link text unlike the title.
LINKS_BY_URL = _unrelated(
    "Cờ vua: kỳ thủ nhí giành vé dự giải châu Á",
    "Ván quyết định kéo dài năm giờ.",
    related_links=(("Xem thêm", SOURCE_URL.replace("https://", "http://") + "/"),),
)
# E links a different story with nearly the same words: another anniversary.
LINKS_OTHER_STORY = _unrelated(
    "Bóng chuyền nữ giành quyền vào chung kết",
    "Trận bán kết diễn ra căng thẳng.",
    related_titles=("Cần Thơ họp mặt kỷ niệm 55 năm quan hệ ngoại giao Việt Nam - Lào",),
)
LINKERS = (LINKS_BY_TITLE, LINKS_FUZZY, LINKS_TRUNCATED, LINKS_BY_URL)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("backlinks")
    store = ArchiveStore(root / "archive")
    fillers = [_similar(n) for n in range(POOL + 20)]
    for article in (SOURCE, *fillers, *LINKERS, LINKS_OTHER_STORY):
        store.write(assign_identity(article, IMPORTED))
    opened = Archive(Config(archive_dir=root / "archive", index_dir=root / "index"))
    opened.sync_index()
    return opened


def _id(article: Article) -> str:
    return assign_identity(article, IMPORTED).id


def test_link_terms_fold_case_diacritics_and_punctuation() -> None:
    whole = title_terms(SOURCE.title)[0]
    assert whole == title_terms(LINKS_BY_TITLE.related_titles[-1])[0]
    assert title_terms("Hoà bình")[0] == title_terms("hòa-bình!")[0] == "=hoa_binh"
    assert url_term("HTTPS://ThoiDai.com.vn/a b/") == url_term("http://thoidai.com.vn/ab")
    assert len(link_terms(["x y", "X, Y"], ["https://a.vn/p", "http://a.vn/p/"])) == 2


def test_pages_linking_here_are_found_beyond_the_candidate_pool(archive: Archive) -> None:
    # The linking pages share no words or names with the source: by similarity alone they
    # would not even be candidates among the many similar articles.
    related = archive.related(_id(SOURCE), limit=POOL + 30)
    reasons = {item.id: item.reason for item in related.items}
    for linker in LINKERS:
        assert reasons.get(_id(linker)) == "links to this page", linker.title
    assert _id(LINKS_OTHER_STORY) not in reasons
    first = [item.id for item in related.items[: len(LINKERS)]]
    assert set(first) == {_id(linker) for linker in LINKERS}


def test_reader_related_json_lists_the_linking_page(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    places = ["--archive", str(archive.root), "--index", str(archive.root.parent / "index")]
    code = main([*places, "related", _id(SOURCE), "--json"])
    out, _ = capsys.readouterr()
    assert code == 0
    listed = {item["id"]: item["reason"] for item in json.loads(out)["related"]}
    assert listed[_id(LINKS_BY_TITLE)] == "links to this page"


def test_many_linking_pages_are_capped(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path / "archive")
    store.write(assign_identity(SOURCE, IMPORTED))
    for n in range(LINKING_MAX + 5):
        page = _unrelated(
            f"Bản tin số {n} về giải bóng rổ", "Kết quả.", related_titles=(SOURCE.title,)
        )
        store.write(assign_identity(page, IMPORTED))
    opened = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "index"))
    try:
        opened.sync_index()
        related = opened.related(_id(SOURCE), limit=100)
        # The pages are alike: they fold into a few items, copies listed under each.
        assert sum(1 + len(item.duplicates) for item in related.items) == LINKING_MAX
        assert {item.reason.split(";")[0] for item in related.items} == {"links to this page"}
    finally:
        opened.close()
