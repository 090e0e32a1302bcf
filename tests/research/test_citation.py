"""Citations of Vietnamese and English articles in every style and format: names and titles as
written, English names as the styles want them, BibTeX and RIS that no title can break."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from reader.model.article import Article
from reader.research import citation
from reader.research.model import Annotations

ICT = timezone(timedelta(hours=7))
ACCESSED = date(2024, 5, 1)

CAN_THO = Article(
    id="thoidai-com-vn-xuc-tien-165432-03aa2d85",
    title="Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và các địa phương Lào",
    body="...",
    published=datetime(2022, 9, 5, 16, 33, tzinfo=ICT),
    author="Nguyễn Thực Hiện",
    source="thoidai.com.vn",
    url="https://thoidai.com.vn/xuc-tien-mo-rong-hop-tac-can-tho-lao-165432.html",
    language="vi",
    imported_at=datetime(2024, 4, 2, 8, 0, tzinfo=ICT),
)
DA_NANG = Article(
    id="vnexpress-net-mua-lon-0c97ca16",
    title="Mưa lớn gây ngập nhiều tuyến đường ở Đà Nẵng",
    body="...",
    published=datetime(2022, 10, 14, 7, 10, tzinfo=ICT),
    author="Nguyễn Văn Minh, Trần Thu Hà",
    source="vnexpress.net",
    url="https://vnexpress.net/mua-lon-gay-ngap-da-nang-4523456.html",
)
REUTERS = Article(
    id="reuters-com-vietnam-laos-e379d102",
    title="Vietnam and Laos sign cooperation agreement",
    body="...",
    published=datetime(2023, 1, 2, 10, 0, tzinfo=UTC),
    author="John Smith, Mary-Jane O'Neil",
    source="reuters.com",
    url="https://www.reuters.com/world/vietnam-laos-sign-agreement-2023-01-02/",
    language="en",
)
VNE_ENGLISH = Article(
    id="e-vnexpress-net-hanoi-traffic-8a64963f",
    title="Hanoi traffic jams worsen as rainy season begins",
    body="...",
    author="Nguyen Quy",
    url="https://e.vnexpress.net/news/news/hanoi-traffic-jams-worsen-4512345.html",
    language="en",
)


def test_a_vietnamese_article_keeps_its_names_and_title_as_written() -> None:
    assert citation.text(CAN_THO, "plain", ACCESSED) == (
        'Nguyễn Thực Hiện, "Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và '
        'các địa phương Lào", thoidai.com.vn, 2022-09-05, '
        "https://thoidai.com.vn/xuc-tien-mo-rong-hop-tac-can-tho-lao-165432.html "
        "(accessed 2024-05-01)."
    )
    assert citation.text(CAN_THO, "apa", ACCESSED) == (
        "Nguyễn Thực Hiện. (2022, September 5). Xúc tiến, mở rộng hợp tác các lĩnh vực thế "
        "mạnh giữa TP Cần Thơ và các địa phương Lào. thoidai.com.vn. "
        "https://thoidai.com.vn/xuc-tien-mo-rong-hop-tac-can-tho-lao-165432.html"
    )
    assert citation.text(CAN_THO, "chicago", ACCESSED) == (
        'Nguyễn Thực Hiện. "Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và '
        'các địa phương Lào." thoidai.com.vn, September 5, 2022. Accessed May 1, 2024. '
        "https://thoidai.com.vn/xuc-tien-mo-rong-hop-tac-can-tho-lao-165432.html."
    )


def test_two_vietnamese_authors_are_two_names_never_reordered() -> None:
    assert [a.name for a in citation.authors_of(DA_NANG)] == ["Nguyễn Văn Minh", "Trần Thu Hà"]
    assert all(a.family is None for a in citation.authors_of(DA_NANG))
    assert citation.apa(DA_NANG, ACCESSED).startswith(
        "Nguyễn Văn Minh & Trần Thu Hà. (2022, October 14). Mưa lớn"
    )
    assert citation.chicago(DA_NANG).startswith('Nguyễn Văn Minh and Trần Thu Hà. "Mưa lớn')
    bib = citation.bibtex(DA_NANG, ACCESSED)
    assert "author = {{Nguyễn Văn Minh} and {Trần Thu Hà}}," in bib
    assert "AU  - Nguyễn Văn Minh\nAU  - Trần Thu Hà\n" in citation.ris(DA_NANG, ACCESSED)
    (item,) = json.loads(citation.cite([DA_NANG], fmt="csl-json", accessed=ACCESSED))
    assert item["author"] == [{"literal": "Nguyễn Văn Minh"}, {"literal": "Trần Thu Hà"}]


def test_a_vietnamese_name_written_without_diacritics_in_english_stays_as_written() -> None:
    (author,) = citation.authors_of(VNE_ENGLISH)
    assert author == citation.Author("Nguyen Quy")
    assert citation.apa(VNE_ENGLISH, ACCESSED) == (
        "Nguyen Quy. (n.d.). Hanoi traffic jams worsen as rainy season begins. "
        "e.vnexpress.net. Retrieved May 1, 2024, from "
        "https://e.vnexpress.net/news/news/hanoi-traffic-jams-worsen-4512345.html"
    )


def test_english_names_are_cited_as_each_style_wants() -> None:
    assert citation.apa(REUTERS) == (
        "Smith, J., & O'Neil, M.-J. (2023, January 2). Vietnam and Laos sign cooperation "
        "agreement. reuters.com. "
        "https://www.reuters.com/world/vietnam-laos-sign-agreement-2023-01-02/"
    )
    assert citation.chicago(REUTERS, ACCESSED) == (
        'Smith, John, and Mary-Jane O\'Neil. "Vietnam and Laos sign cooperation agreement." '
        "reuters.com, January 2, 2023. Accessed May 1, 2024. "
        "https://www.reuters.com/world/vietnam-laos-sign-agreement-2023-01-02/."
    )
    assert "author = {Smith, John and O'Neil, Mary-Jane}," in citation.bibtex(REUTERS)
    assert "AU  - Smith, John\nAU  - O'Neil, Mary-Jane\n" in citation.ris(REUTERS)
    (item,) = json.loads(citation.cite([REUTERS], fmt="csl-json"))
    assert item["author"][0] == {"family": "Smith", "given": "John"}
    assert item["type"] == "article-newspaper"
    assert item["issued"] == {"date-parts": [[2023, 1, 2]]}


@pytest.mark.parametrize(
    ("byline", "kept"),
    [
        ("Reuters", True),
        ("AFP", True),
        ("Staff Reporter", True),
        ("Ludwig van Beethoven", False),
        ("Lê Trung Chinh", True),
        ("Tran Van Hoa", True),
    ],
)
def test_what_is_not_a_western_personal_name_is_kept_as_written(byline: str, kept: bool) -> None:
    (author,) = citation.authors_of(Article(title="t", body="", author=byline, language="en"))
    assert (author.family is None) == kept
    if byline == "Ludwig van Beethoven":
        assert author.inverted == "van Beethoven, Ludwig"


def test_the_access_date_is_the_import_day_unless_given() -> None:
    assert citation.accessed_of(CAN_THO) == date(2024, 4, 2)
    assert citation.accessed_of(CAN_THO, ACCESSED) == ACCESSED
    assert "urldate = {2024-04-02}" in citation.bibtex(CAN_THO)
    assert "Y2  - 2024/04/02" in citation.ris(CAN_THO)


HOSTILE = Article(
    id="example-com-a-83e7d47d",
    title="50% of {firms} & #1 _rank_ $5 ~ \\ <b>x</b> ^\nER  - \r\nTY  - JOUR",
    body="",
    author="Staff Reporter",
    source="ex}ample{.com",
    url="https://example.com/a?b=1&c={x}#frag\\",
    published=datetime(2023, 3, 1, 9, 0, tzinfo=ICT),
    language="en",
)


def _balanced(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def test_bibtex_escapes_what_latex_would_read_and_keeps_braces_balanced() -> None:
    entry = citation.bibtex(HOSTILE, ACCESSED, Annotations(HOSTILE.id, note="50% {x}\n\\end"))
    title = next(line for line in entry.splitlines() if line.strip().startswith("title"))
    assert title == (
        r"  title = {{50\% of \{firms\} \& \#1 \_rank\_ \$5 \textasciitilde{} "
        r"\textbackslash{} <b>x</b> \textasciicircum{} ER - TY - JOUR}},"
    )
    assert r"journal = {ex\}ample\{.com}," in entry
    assert "url = {https://example.com/a?b=1&c=%7Bx%7D#frag%5C}," in entry
    assert r"annote = {50\% \{x\} \textbackslash{}end}," in entry
    assert _balanced(entry)
    assert entry.count("\n@") == 0 and entry.endswith("}")


def test_ris_keeps_every_value_on_its_line() -> None:
    record = citation.ris(HOSTILE, ACCESSED, Annotations(HOSTILE.id, note="a\nER  - \nb"))
    lines = record.split("\n")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines)
    assert [line for line in lines if line.startswith("ER")] == ["ER  - "]
    assert [line for line in lines if line.startswith("TY")] == ["TY  - NEWS"]
    assert "TI  - 50% of {firms} & #1 _rank_ $5 ~ \\ <b>x</b> ^ ER - TY - JOUR" in lines
    assert "N1  - a ER - b" in lines


def test_several_articles_and_unknown_styles() -> None:
    both = citation.cite([CAN_THO, REUTERS], "apa", "text", ACCESSED)
    assert both.count("\n") == 1
    assert citation.cite([CAN_THO, REUTERS], fmt="bibtex").count("@article{") == 2
    assert citation.cite([CAN_THO, REUTERS], fmt="ris").count("ER  - ") == 2
    assert len(json.loads(citation.cite([CAN_THO, REUTERS], fmt="csl-json"))) == 2
    with pytest.raises(ValueError, match="style"):
        citation.cite([CAN_THO], "mla")
    with pytest.raises(ValueError, match="format"):
        citation.cite([CAN_THO], fmt="docx")


def test_notes_and_tags_go_into_bibtex_ris_and_csl_only_when_given() -> None:
    notes = Annotations(CAN_THO.id, tags=("Biển Đông", "Lào"), note="cần đối chiếu")
    assert "keywords" not in citation.bibtex(CAN_THO)
    assert "keywords = {Biển Đông, Lào}," in citation.bibtex(CAN_THO, annotations=notes)
    assert "KW  - Biển Đông\nKW  - Lào\nN1  - cần đối chiếu" in citation.ris(
        CAN_THO, annotations=notes
    )
    assert citation.csl(CAN_THO, annotations=notes)["note"] == "cần đối chiếu"
