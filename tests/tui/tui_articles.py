"""A small canonical archive for the TUI tests, written with the archive's own store."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from reader.entities.version import mark_extractor
from reader.model.article import Article, Entities
from reader.model.ids import assign_identity
from reader.store import ArchiveStore

REPO = Path(__file__).resolve().parents[2]
SAMPLE_ARCHIVE = REPO / "sample_articles"
TZ = timezone(timedelta(hours=7))
IMPORTED = datetime(2024, 1, 1, tzinfo=UTC)

CAN_THO_URL = "https://thoidai.com.vn/xuc-tien-hop-tac-can-tho-lao.html"
MARKUP_TITLE = "[bold red]x[/]"
MARKUP_BODY = "[/oops] and \x1b[31mred\x1b[0m and [link=http://evil]click[/link]"

ARTICLES = [
    Article(
        title="Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào",
        published=datetime(2022, 9, 5, 16, 33, tzinfo=TZ),
        author="Hà Vy",
        section=("Hữu nghị", "Bốn phương kết bạn"),
        source="thoidai.com.vn",
        url=CAN_THO_URL,
        lead="Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ tiếp đoàn công tác tỉnh Champasak.",
        body=(
            "Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện có buổi tiếp đoàn.\n\n"
            "Quang cảnh buổi tiếp.\n\n"
            "Hai bên trao đổi về hợp tác giáo dục, nông nghiệp và du lịch giữa Cần Thơ và Lào."
        ),
        captions=("Quang cảnh buổi tiếp.",),
        related_titles=(
            "Cần Thơ họp mặt kỷ niệm 60 năm quan hệ ngoại giao Việt Nam - Lào",
            "Một bài không có trong kho lưu trữ",
        ),
        entities=Entities(
            person=("Nguyễn Thực Hiện",), place=("Cần Thơ", "Lào"), org=("UBND TP Cần Thơ",)
        ),
    ),
    Article(
        title="Cần Thơ họp mặt kỷ niệm 60 năm quan hệ ngoại giao Việt Nam – Lào",
        published=datetime(2022, 9, 4, 9, 0, tzinfo=TZ),
        author="Minh Anh",
        section=("Hữu nghị",),
        source="thoidai.com.vn",
        lead="Cần Thơ tổ chức họp mặt kỷ niệm quan hệ hữu nghị Việt Nam - Lào.",
        body="Buổi họp mặt diễn ra tại Cần Thơ với sự tham dự của đại diện Lào.",
        entities=Entities(place=("Cần Thơ", "Lào")),
    ),
    Article(
        title="Đà Nẵng đón đoàn du khách quốc tế",
        published=datetime(2022, 8, 20, 10, 0, tzinfo=TZ),
        section=("Du lịch",),
        body="Thành phố Đà Nẵng đón đoàn du khách đầu tiên sau mùa mưa.",
        related_links=(("Cần Thơ và Lào (a link text, not the title)", CAN_THO_URL),),
        entities=Entities(place=("Đà Nẵng",)),
    ),
    Article(
        title="Hà Nội mở rộng không gian đi bộ",
        published=datetime(2022, 7, 1, 8, 0, tzinfo=TZ),
        section=("Đô thị",),
        body="Hà Nội mở rộng không gian đi bộ quanh hồ Hoàn Kiếm vào cuối tuần.",
        entities=Entities(place=("Hà Nội",)),
    ),
    Article(
        title=MARKUP_TITLE,
        published=datetime(2021, 1, 1, 12, 0, tzinfo=TZ),
        body=MARKUP_BODY,
    ),
]


def build_archive(root: Path, use_samples: bool = True, current: bool = True) -> Path:
    """Fill `root` with the bundled sample articles (when there are enough) plus the fixtures;
    `current`: marked as extracted by this reader's entity extractor (else the reader says
    the archive's entities are outdated)."""
    root.mkdir(parents=True, exist_ok=True)
    samples = sorted(SAMPLE_ARCHIVE.glob("*.md")) if use_samples else []
    if len(samples) >= 10:
        for path in samples[:40]:
            shutil.copy(path, root / path.name)
    store = ArchiveStore(root)
    for article in ARTICLES:
        store.write(assign_identity(article, IMPORTED))
    if current:
        mark_extractor(root)
    return root


def article_id(title: str) -> str:
    """The id the fixture article titled `title` is stored under."""
    for article in ARTICLES:
        if article.title == title:
            return assign_identity(article, IMPORTED).id
    raise KeyError(title)


LONG_TITLE = "Một bài viết rất dài"
LONG_START = "Mở đầu bài viết."
LONG_END = "Kết thúc bài viết."
_SENTENCES = (
    "Hai bên trao đổi về hợp tác giáo dục và du lịch.",
    "Đoàn công tác thăm khu công nghệ cao của thành phố.",
    "Thành phố sẵn sàng hỗ trợ nhà đầu tư nước ngoài.",
)


def long_article(chars: int, title: str = LONG_TITLE) -> Article:
    """An article whose body is one paragraph of about `chars` characters, from LONG_START to
    LONG_END (each said once), with its id."""
    count = chars // (sum(len(s) + 1 for s in _SENTENCES) // len(_SENTENCES))
    middle = " ".join(_SENTENCES[n % len(_SENTENCES)] for n in range(count))
    article = Article(title=title, body=f"{LONG_START} {middle} {LONG_END}")
    return assign_identity(article, IMPORTED)
