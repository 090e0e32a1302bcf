"""`extract_entities` on whole articles: bylines and chrome left out, order, the real seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.extract import body_without_byline, extract_entities, looks_like_byline
from reader.ingest.page import parse_saved_page
from reader.model.article import Article

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "entities"


def test_the_author_is_never_an_entity():
    article = Article(
        title="Cần Thơ đón đoàn Lào",
        body="Ông Nguyễn Văn Hà tiếp đoàn. Phóng viên Trần Minh Tú ghi nhận.",
        author="Trần Minh Tú",
    )
    assert extract_entities(article).person == ("Nguyễn Văn Hà",)


def test_a_byline_ending_the_body_is_not_an_entity():
    article = Article(title="Tin Cần Thơ", body="Ông Lê Văn Tám phát biểu.\nLê Hà Vy\n")
    assert extract_entities(article).person == ("Lê Văn Tám",)
    assert body_without_byline("Câu một.\nHà Vy\nNguồn:") == ("Câu một.", "Hà Vy")


def test_byline_shape():
    assert looks_like_byline("Hà Vy")
    assert looks_like_byline("Minh Anh (TTXVN)")
    assert not looks_like_byline("Ông Hiện phát biểu tại buổi lễ.")


def test_related_titles_are_not_the_article():
    article = Article(
        title="Cần Thơ họp mặt",
        body="Bà Lê Thị Thanh Giang dự họp mặt tại Cần Thơ.",
        related_titles=("Đà Nẵng đón khách Hàn Quốc",),
    )
    found = extract_entities(article)
    assert found.place == ("Cần Thơ",)
    assert found.person == ("Lê Thị Thanh Giang",)


def test_deduplicated_and_ordered_by_how_much_the_article_is_about_them():
    article = Article(
        title="Lào và TP Cần Thơ",
        lead="Đoàn tỉnh Champasak thăm TP. Cần Thơ.",
        body="Đại diện thành phố Cần Thơ và tỉnh Champasak (Lào) ký kết. Khách từ Hà Nội, "
        "Hà Nội và Hà Nội.",
        captions=("Quang cảnh tại Cần Thơ.",),
    )
    # Title and lead first, most mentioned first among them; then the body's, however often.
    assert extract_entities(article).place == ("Cần Thơ", "Lào", "Champasak", "Hà Nội")


def test_english_articles_use_the_english_rules():
    article = Article(
        title="Can Tho welcomes Lao delegation",
        body="Ms Phimpha Keomixay visited Can Tho University on Monday.",
        language="en",
    )
    found = extract_entities(article)
    assert found.person == ("Phimpha Keomixay",)
    assert "Cần Thơ" in found.place
    assert found.org == ("Can Tho University",)


def test_chrome_of_a_saved_page_is_not_read():
    page = (FIXTURES / "01-dong-thap-champasak.txt").read_text("utf-8")
    found = extract_entities(parse_saved_page(page))
    assert "Lê Văn Bình" not in found.person
    assert "Minh Châu" not in found.person
    assert "Hà Nội" not in found.place


@pytest.mark.shared
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_the_seeds_give_the_side_bar_its_people_and_places():
    first, second = sorted(SEEDS.glob("*.txt"))[:2]
    for page in (first, second):
        found = extract_entities(parse_saved_page(page.read_text("utf-8")))
        assert {"Nguyễn Thực Hiện", "Phimpha Keomixay"} <= set(found.person)
        assert {"Cần Thơ", "Lào", "Savannakhet", "Champasak"} <= set(found.place)
        assert "UBND TP Cần Thơ" in found.org
        assert not any("Cần Thơ Nguyễn" in name for name in found.person)
        assert "Hà Vy" not in found.person
