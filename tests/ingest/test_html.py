"""HTML import with trafilatura: the article and its metadata, none of the page chrome."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from reader.ingest.errors import IngestError
from reader.ingest.html import parse_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def read(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def test_vietnamese_article_with_metadata() -> None:
    article = parse_html(read("thoidai-article.html"))
    assert article.title == "Cần Thơ mở rộng hợp tác với các địa phương Lào"
    assert article.published is not None
    assert article.published.isoformat() == "2022-09-05T16:33:00+07:00"
    assert article.author == "Hà Vy"
    assert article.section == ("Hữu nghị",)
    assert article.source == "Thời Đại"
    assert article.language == "vi"
    assert article.body.startswith("Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ")
    assert article.body.count("\n\n") == 3  # four paragraphs


def test_vietnamese_chrome_stays_out_of_the_body() -> None:
    body = parse_html(read("thoidai-article.html")).body
    for chrome in ("Trang chủ", "Đọc nhiều", "Giá vàng", "Giấy phép", "quảng cáo"):
        assert chrome not in body
    assert "Cần Thơ mở rộng hợp tác" not in body  # the heading is the title, not a paragraph


def test_english_article_without_a_date_gets_none() -> None:
    article = parse_html(read("river-news-article.html"), url="https://www.rivernews.example/a/1")
    assert article.title == "Flood waters recede in the Mekong Delta"
    assert article.published is None
    assert article.source == "rivernews.example"
    assert article.url == "https://www.rivernews.example/a/1"
    assert article.language == "en"
    for chrome in ("Sign in", "Copyright", "newsletter", "Sport"):
        assert chrome not in article.body
    assert "2,000 hectares of rice" in article.body


def test_copyright_year_is_not_taken_for_a_date() -> None:
    article = parse_html(read("river-news-article.html"))
    assert article.published is None
    today = date.today()
    assert article.published not in (today, today - timedelta(days=1))


def test_time_element_gives_a_date() -> None:
    html = read("river-news-article.html").replace(
        '<div id="content">',
        '<div id="content"><time datetime="2021-10-04T08:15:00+00:00">4 October 2021</time>',
    )
    published = parse_html(html).published
    assert published is not None and published.date() == date(2021, 10, 4)


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Empty</title></head>"
        "<body><nav><a href='/'>Home</a></nav></body></html>",
        "",
        "<html><body></body></html>",
    ],
)
def test_page_without_article_text(html: str) -> None:
    with pytest.raises(IngestError, match=r"^no article text found in HTML$"):
        parse_html(html)
