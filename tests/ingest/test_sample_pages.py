"""Raw saved pages of sample articles parse to exactly the sample article.

Each `tests/fixtures/pages/<id>.txt` is a saved copy of the page of `sample_articles/<id>.md`,
with the site chrome the reader must drop: breadcrumbs, the `aa` font control, read-also lines
(a title printed twice), teaser blocks, `Tin bài liên quan`, `Các tin bài khác`, `Đọc nhiều`,
video, infographic and weather lists. Two layouts, after the two real seeds:

- "000": breadcrumb and time lines, title, `aa`, paragraphs separated by blank lines, captions
  after a line repeating the title, author line before `Nguồn:`; no lead set apart.
- "001": title, lead, paragraphs one per line, `![]() |` rows followed by `caption |` rows,
  `![]() teaser |` rows; no breadcrumb, time or author.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.model.article import Article
from reader.model.canonical import parse_canonical
from reader.model.ids import assign_identity

ROOT = Path(__file__).resolve().parents[2]
PAGES_DIR = ROOT / "tests" / "fixtures" / "pages"
SAMPLE_DIR = ROOT / "sample_articles"
PAGES = sorted(PAGES_DIR.glob("*.txt"))

COMPARED = (
    "title",
    "published",
    "author",
    "section",
    "source",
    "lead",
    "body",
    "captions",
    "related_titles",
)


def _style(text: str) -> str:
    return "000" if "\naa\n" in text else "001"


def _expected(page: Path) -> Article:
    return parse_canonical((SAMPLE_DIR / f"{page.stem}.md").read_text(encoding="utf-8"))


def _fields(article: Article) -> dict[str, object]:
    return {name: getattr(article, name) for name in COMPARED}


def test_fixture_set() -> None:
    assert len(PAGES) >= 12
    styles = [_style(p.read_text(encoding="utf-8")) for p in PAGES]
    assert styles.count("000") >= 4
    assert styles.count("001") >= 4
    for page in PAGES:
        assert (SAMPLE_DIR / f"{page.stem}.md").is_file(), page.name


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem[:48])
def test_saved_page_parses_to_sample_article(page: Path) -> None:
    from reader.ingest.page import parse_saved_page

    expected = _expected(page)
    parsed = parse_saved_page(page.read_text(encoding="utf-8"))
    assert _fields(parsed) == _fields(expected)
    assert parsed.id == ""
    assert parsed.content_sha256 == ""
    assert parsed.imported_at is None
    # Importing the page again finds the archived article: same id, same content hash.
    again = assign_identity(parsed, datetime(2026, 11, 1, 9, tzinfo=UTC))
    assert again.id == expected.id
    assert again.content_sha256 == expected.content_sha256
