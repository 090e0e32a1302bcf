"""The bundled sample archive (`sample_articles/`): well-formed, canonical, and rich enough.

The sample archive is what `reader` shows when run from the repository root, and what the search,
related-articles and entity tests lean on, so these checks pin down both its format and the
features it is meant to exercise.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from reader.model.article import Article
from reader.model.canonical import parse_canonical, render_canonical
from reader.model.ids import is_valid_id
from reader.text.normalize import canonical_tones, nfc

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "sample_articles"
SAMPLE_FILES = sorted(SAMPLE_DIR.glob("*.md"))

# Titles that sample articles link to ("Tin bài liên quan", read-also lines) but that are not in
# the archive: a related list must show them as unresolved, never crash or guess.
EXTERNAL_TITLES = {
    "Đồng Tháp và Champasak ký biên bản ghi nhớ hợp tác giai đoạn mới",
    "Thanh niên Việt Nam - Lào giao lưu tại Viêng Chăn",
    "Quảng Nam khẩn trương khắc phục hậu quả mưa lũ",
    "Giá gạo xuất khẩu tăng nhẹ trong tháng 11",
    "Vietnam's rice exports set a record in 2022",
    "Hà Nội tổ chức Lễ hội ẩm thực ASEAN",
    "Đồng bào Khmer Cần Thơ rộn ràng đón Tết Chôl Chnăm Thmây",
    "Vietnam extends e-visa validity to 90 days",
}

_NON_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """How a linked title is matched to an archive title.

    Case, punctuation and the old/new tone placement (`hoá`/`hóa`) do not count.
    """
    words = _NON_WORD.split(unicodedata.normalize("NFC", title).casefold())
    return " ".join(canonical_tones(w) for w in words if w)


def _load(path: Path) -> tuple[str, Article]:
    text = path.read_text(encoding="utf-8")
    return text, parse_canonical(text)


@pytest.fixture(scope="module")
def archive() -> dict[str, Article]:
    return {path.stem: _load(path)[1] for path in SAMPLE_FILES}


def test_archive_has_enough_articles() -> None:
    assert len(SAMPLE_FILES) >= 40


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.stem[:40])
def test_file_is_canonical(path: Path) -> None:
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), "no byte-order mark"
    assert b"\r" not in raw, "LF line endings only"
    text = raw.decode("utf-8")
    article = parse_canonical(text)
    assert render_canonical(article) == text, "file must round-trip byte for byte"
    assert is_valid_id(article.id)
    assert article.id == path.stem
    assert article.content_sha256 == article.compute_sha256()
    assert article.imported_at is not None
    assert article.title and article.body
    assert article.language in ("vi", "en")
    assert nfc(text) == text, "text must be NFC"


def test_ids_and_titles_are_unique(archive: dict[str, Article]) -> None:
    ids = [a.id for a in archive.values()]
    assert len(set(ids)) == len(ids)
    keys = [title_key(a.title) for a in archive.values()]
    assert len(set(keys)) == len(keys)


def test_both_languages(archive: dict[str, Article]) -> None:
    languages = [a.language for a in archive.values()]
    assert languages.count("vi") >= 30
    assert languages.count("en") >= 5


def test_spans_at_least_four_months(archive: dict[str, Article]) -> None:
    dates = sorted(a.published for a in archive.values() if a.published is not None)
    first, last = dates[0], dates[-1]
    months = (last.year - first.year) * 12 + (last.month - first.month)
    assert months >= 4
    assert len({(d.year, d.month) for d in dates}) >= 5
    assert any(a.published is None for a in archive.values()), "some pages carry no time"
    vietnamese = [a.published for a in archive.values() if a.language == "vi" and a.published]
    assert all(
        d.utcoffset() is not None and d.utcoffset().total_seconds() == 7 * 3600 for d in vietnamese
    )


def test_related_titles_resolve(archive: dict[str, Article]) -> None:
    by_key = {title_key(a.title): a.id for a in archive.values()}
    external = {title_key(t) for t in EXTERNAL_TITLES}
    assert not external & set(by_key), "an 'external' title is in the archive"
    resolved = unresolved = 0
    for article in archive.values():
        for title in article.related_titles:
            key = title_key(title)
            if key in external:
                unresolved += 1
                continue
            assert key in by_key, f"{article.id}: related title not in archive: {title!r}"
            assert by_key[key] != article.id, f"{article.id} links to itself"
            resolved += 1
    assert resolved >= 40
    assert unresolved >= 5
    inexact = [
        t
        for a in archive.values()
        for t in a.related_titles
        if title_key(t) in by_key and t not in {b.title for b in archive.values()}
    ]
    assert inexact, "some links differ from their target title in case or punctuation"


def test_entities_are_annotated(archive: dict[str, Article]) -> None:
    for article in archive.values():
        text = "\n".join((article.title, article.lead, article.body, *article.captions))
        for kind in ("person", "place", "org"):
            names = article.entities.of_kind(kind)
            assert len(set(names)) == len(names), f"{article.id}: duplicate {kind}"
        if article.language == "vi":
            for name in article.entities.person:
                assert name in text, f"{article.id}: {name!r} is not named in the article"
    counts: dict[str, int] = {}
    for article in archive.values():
        for name in article.entities.person + article.entities.place + article.entities.org:
            counts[name] = counts.get(name, 0) + 1
    for recurring in (
        "Cần Thơ",
        "Lào",
        "Đà Nẵng",
        "Nguyễn Thị Thanh Hương",
        "Phạm Minh Khôi",
        "Liên hiệp các tổ chức hữu nghị TP Cần Thơ",
        "Đại học Kỹ thuật Sông Hậu",  # Trường Đại học, Trường ĐH, ĐH: one university
    ):
        assert counts.get(recurring, 0) >= 4, recurring


def _text(article: Article) -> str:
    return "\n".join((article.title, article.lead, article.body))


def test_archive_exercises_search_features(archive: dict[str, Article]) -> None:
    articles = list(archive.values())
    words = [set(re.findall(r"\w+", _text(a).lower())) for a in articles]
    # `hữu nghị` as one word, and `hữu` ... `nghị` apart.
    assert sum("hữu nghị" in _text(a).lower() for a in articles) >= 2
    assert any(
        {"hữu", "nghị"} <= w and "hữu nghị" not in _text(a).lower()
        for a, w in zip(articles, words, strict=True)
    )
    assert any("Đà Nẵng" in _text(a) for a in articles)
    # `cạn` without `cần`, and both together.
    assert any("cạn" in w and "cần" not in w for w in words)
    assert any({"cạn", "cần"} <= w for w in words)
    # Old and new tone placement both occur.
    assert any("hoà" in w for w in words) and any("hòa" in w for w in words)
    assert any("thuỷ" in w for w in words) and any("thủy" in w for w in words)
    assert any(a.language == "en" and "Mekong Delta" in _text(a) for a in articles)
    # Markup-like text that must be shown inertly.
    assert any("[bold red]x[/]" in a.title and "[/oops]" in a.body for a in articles)


def test_near_duplicate_pair(archive: dict[str, Article]) -> None:
    def shingles(text: str) -> set[tuple[str, ...]]:
        tokens = re.findall(r"\w+", text.lower())
        return {tuple(tokens[i : i + 3]) for i in range(len(tokens) - 2)}

    articles = [a for a in archive.values() if a.language == "vi"]
    best = 0.0
    pair: tuple[Article, Article] | None = None
    for i, a in enumerate(articles):
        sa = shingles(a.lead + " " + a.body)
        for b in articles[i + 1 :]:
            sb = shingles(b.lead + " " + b.body)
            score = len(sa & sb) / len(sa | sb)
            if score > best:
                best, pair = score, (a, b)
    assert pair is not None and best >= 0.6
    assert pair[0].source != pair[1].source
    assert pair[0].content_sha256 != pair[1].content_sha256
