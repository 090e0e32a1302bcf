"""Corpus-style plain text: title, lead, body, and the byline split off when it is clear."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from reader.ingest.errors import IngestError
from reader.ingest.plain import looks_like_byline, parse_plain_text

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "baomoi-vi-news.tar.gz"

TITLE = "Cần Thơ họp mặt kỷ niệm 60 năm quan hệ ngoại giao Việt Nam - Lào"
LEAD = "Chiều 4/9, UBND TP Cần Thơ tổ chức họp mặt kỷ niệm 60 năm Ngày thiết lập quan hệ."
P1 = "Tham dự có Tổng Lãnh sự Lào tại TP. Hồ Chí Minh và lãnh đạo các sở, ban ngành."
P2 = "Hai bên cam kết tiếp tục tăng cường hợp tác trong các lĩnh vực thế mạnh."


def test_title_lead_and_paragraphs() -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1}\n\n{P2}\n")
    assert article.title == TITLE
    assert article.lead == LEAD
    assert article.body == f"{P1}\n\n{P2}"
    assert article.author is None
    assert article.language == "vi"


@pytest.mark.parametrize("byline", ["Hà Vy", "Minh Anh", "Nguyễn Văn A (TTXVN)", "PV", "Theo VOV"])
def test_byline_on_its_own_last_line_becomes_the_author(byline: str) -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1}\n{P2}\n{byline}\n")
    assert article.author == byline
    assert article.body == f"{P1}\n\n{P2}"


def test_byline_after_the_last_sentence_of_a_one_line_body() -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1} {P2} Hồng Hạnh/Báo Tin Tức")
    assert article.author == "Hồng Hạnh/Báo Tin Tức"
    assert article.body == f"{P1} {P2}"


def test_end_of_article_mark_then_byline() -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\nHội nghị kết thúc chiều cùng ngày./. Thu Thảo")
    assert article.author == "Thu Thảo"
    assert article.body == "Hội nghị kết thúc chiều cùng ngày./."


@pytest.mark.parametrize(
    "ending",
    [
        "Hai bên cam kết tiếp tục hợp tác.",  # a sentence
        "Xem thêm:",
        "Ảnh: Reuters",
        "Nguồn: VnExpress",
        "Nhóm phóng viên",  # not capitalised name words
        "Giải đấu Euro 2016",
        "Cần Thơ và các địa phương của nước bạn Lào đã ký kết",  # too long, a clause
    ],
)
def test_doubtful_endings_stay_in_the_body(ending: str) -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1}\n{ending}")
    assert article.author is None
    assert article.body.endswith(ending)


@pytest.mark.parametrize(
    ("ending", "author"),
    [
        ("Lan Hương/Báo Tin tức", "Lan Hương/Báo Tin tức"),  # an outlet in lower case
        ("Quốc Bảo, Theo Trí Thức Trẻ", "Quốc Bảo, Theo Trí Thức Trẻ"),
        ("Hồng Quân - Ảnh: Reuters", "Hồng Quân - Ảnh: Reuters"),
        ("Thu Trang Tổng hợp", "Thu Trang Tổng hợp"),
        ("Gia Bảo (tổng hợp). Ảnh: Internet", "Gia Bảo (tổng hợp). Ảnh: Internet"),
        ("Theo Minh Đức/Báo điện tử Đồng Nai", "Theo Minh Đức/Báo điện tử Đồng Nai"),
        ("K. Ngân", "K. Ngân"),  # the initial stays with the name
    ],
)
def test_bylines_with_outlets_sources_and_credits_end_the_body(ending: str, author: str) -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1} {P2} {ending}")
    assert article.author == author
    assert article.body == f"{P1} {P2}"


def test_byline_glued_to_the_last_sentence_after_theo() -> None:
    last = "Báo cáo được công bố trên tạp chí Khoa học Đất"
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1} {last} Theo Kim Huệ/ Khoa học")
    assert article.author == "Theo Kim Huệ/ Khoa học"
    assert article.body == f"{P1} {last}"


@pytest.mark.parametrize(
    "ending",
    [
        "Theo kế hoạch, công trình sẽ hoàn thành vào cuối năm",  # a sentence after Theo
        "Theo Bộ Tài chính, mức thu sẽ giữ nguyên",
        "Các tỉnh/thành phố đều tham gia",  # a slash inside a sentence
        "Nhiều bạn đọc theo dõi Minh Đức/Báo điện tử Đồng Nai",  # lower-case theo: a clause
        "Ảnh: Reuters",  # a credit alone names no writer
        "Sở GD&ĐT Bình Định",  # an organisation ending a notice
        "Lý Sơn, Trà Vinh, Côn Đảo và Phú Quốc",  # a list of places, not a byline
    ],
)
def test_last_sentences_that_only_resemble_a_byline_stay(ending: str) -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\n{P1} {ending}")
    assert article.author is None
    assert article.body == f"{P1} {ending}"


def test_abbreviation_is_not_a_sentence_end() -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\nĐoàn đã đến thăm TP. Hồ Chí Minh")
    assert article.author is None
    assert article.body == "Đoàn đã đến thăm TP. Hồ Chí Minh"


def test_byline_never_empties_the_body() -> None:
    article = parse_plain_text(f"{TITLE}\n{LEAD}\nHà Vy")
    assert article.body == "Hà Vy"
    assert article.author is None


def test_two_lines_make_title_and_body() -> None:
    article = parse_plain_text(f"{TITLE}\n{P1}")
    assert (article.title, article.lead, article.body) == (TITLE, "", P1)


def test_english_text_is_marked_english() -> None:
    article = parse_plain_text(
        "Floods recede\nFarmers return to the fields.\nThe water that had covered the "
        "region for weeks is finally going down, officials said on Monday.\nJohn Smith"
    )
    assert article.language == "en"
    assert article.author == "John Smith"


@pytest.mark.parametrize("text", ["", "   \n\n \t\n"])
def test_empty_file(text: str) -> None:
    with pytest.raises(IngestError, match=r"^empty file$"):
        parse_plain_text(text)


def test_a_title_alone_is_not_an_article() -> None:
    with pytest.raises(IngestError, match=r"^no article text \(only a title\)$"):
        parse_plain_text(f"\n{TITLE}\n\n")


def test_byline_shapes() -> None:
    assert looks_like_byline("Huyền Anh (Tổng hợp Daily Mail)")
    assert looks_like_byline("P.Thúy")
    assert not looks_like_byline("Hà Vy.")
    assert not looks_like_byline("người dân cho biết")


@pytest.mark.shared
@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/corpus")
def test_real_corpus_bylines() -> None:
    articles = []
    with tarfile.open(CORPUS) as archive:
        for member in archive:
            if member.isfile() and member.name.endswith(".txt"):
                handle = archive.extractfile(member)
                assert handle is not None
                try:
                    articles.append(parse_plain_text(handle.read().decode("utf-8")))
                except IngestError:
                    continue
            if len(articles) >= 300:
                break
    authors = [a.author for a in articles if a.author]
    # About half the corpus ends with a byline; every split must look like a name.
    assert len(authors) > len(articles) // 3
    assert all(len(author) <= 60 and not author.endswith(".") for author in authors)
    assert all(article.body and article.title for article in articles)
