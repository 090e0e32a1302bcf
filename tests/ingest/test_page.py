"""Saved news pages: what a reader sees after import, for the two real seeds and for pages
written in the same two styles about other topics."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reader.ingest.errors import IngestError
from reader.ingest.page import (
    Block,
    classify,
    detect_profile,
    drop_teasers,
    looks_like_author,
    looks_like_saved_page,
    page_hosts,
    page_lines,
    parse_breadcrumb,
    parse_published,
    parse_saved_page,
    related_list,
    split_sections,
    take_author,
    undouble,
)
from reader.ingest.page_rules import (
    Breadcrumb,
    PageRulesError,
    build_rules,
    load_rules,
    parse_rules,
)
from reader.model.article import Article

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not here")
VN = timezone(timedelta(hours=7))

CHROME = (
    "Các tin bài khác",
    "Đọc nhiều",
    "infographic",
    "[Video]",
    "Thời tiết hôm nay",
    "Xin chờ trong giây lát",
    "Phiên bản di động",
    "Bờ cõi biển đảo",
    "Multimedia",
    "http",
    "![",
)


def seed(name: str) -> str:
    return next(SEEDS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


def assert_no_chrome(article: Article) -> None:
    """No chrome text in body, lead, captions or related titles."""
    fields = [article.body, article.lead, *article.captions, *article.related_titles]
    for text in fields:
        for chrome in CHROME:
            assert chrome not in text, (chrome, text[:80])
        assert "aa" not in text.split("\n"), text[:80]


# Two pages of my own, one in each seed's style.

BLANK_STYLE_PAGE = """\
Trang chủ Thời sự
08:15 | 12/03/2023 GMT+7

Vườn rau trường học giúp học sinh Huế hiểu thêm về nông nghiệp

aa
Sáng 12/3, một trường tiểu học ở Huế khai trương khu vườn rau do chính học sinh chăm sóc.
Phố đi bộ ven sông mở cửa mỗi cuối tuầnPhố đi bộ ven sông mở cửa mỗi cuối tuần

Các em lớp bốn và lớp năm được chia nhóm, mỗi nhóm nhận một luống rau và ghi nhật ký mỗi tuần.

Vườn rau trường học giúp học sinh Huế hiểu thêm về nông nghiệp
Học sinh tưới rau trong giờ ra chơi.

Thầy hiệu trưởng cho biết rau thu hoạch sẽ được dùng cho bữa trưa bán trú của trường.

Hội chợ nông sản sạch thu hút đông khách tham quanHội chợ nông sản sạch thu hút đông khách tham quan
Đây là đoạn giới thiệu ngắn của một bài khác về hội chợ.
Minh Châu
Nguồn:

Tin bài liên quan

Nông dân trẻ học cách bán rau qua mạng

Nông dân trẻ học cách bán rau qua mạng

Một đoạn giới thiệu của bài liên quan, không phải tiêu đề.

Các tin bài khác

Một bài khác hoàn toàn không thuộc về trang này
Đọc nhiều
Thời tiết hôm nay (13/03): Trời nắng nhẹ
[Video] Một đoạn phim không liên quan
Phiên bản di động
"""

ROW_STYLE_PAGE = """\
Lễ hội diều quê được tổ chức lại sau nhiều năm gián đoạn
Người dân trong xã cùng nhau làm diều, thả diều và kể lại những câu chuyện tuổi thơ.
![]() |
Những chiếc diều sáo bay trên cánh đồng sau mùa gặt. |
Buổi sáng, hàng trăm người dân đã có mặt ở cánh đồng đầu làng để chuẩn bị cho lễ hội.
Các cụ cao tuổi hướng dẫn lớp trẻ cách vót tre và buộc sáo cho diều.
![]() |
Một cụ ông chỉ cho cháu cách buộc dây diều. |
Ban tổ chức cho biết lễ hội sẽ được duy trì hằng năm.
![]() Giới thiệu ngắn của một bài viết khác về làng nghề. |
Tin bài liên quan

Làng nghề làm diều giữ nghề truyền thống

Trẻ em vùng quê vui chơi ngày hè
Các tin bài khác

Một tin khác ở cuối trang
Multimedia
![[Video] Clip ngắn](https://thoidai.com.vn/stores/images/clip.jpg)
[Video] Clip ngắn
"""


# The real seeds.


@pytest.mark.shared
@needs_seeds
class TestSeed000:
    """The page with breadcrumb, time, blank-line paragraphs and doubled titles."""

    @pytest.fixture(scope="class")
    def article(self) -> Article:
        return parse_saved_page(seed("000"))

    def test_header_fields(self, article: Article) -> None:
        assert article.title == (
            "Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và các địa phương Lào"
        )
        assert article.published == datetime(2022, 9, 5, 16, 33, tzinfo=VN)
        assert article.published is not None
        assert article.published.utcoffset() == timedelta(hours=7)
        assert article.section == ("Hữu nghị", "Bốn phương kết bạn")
        assert article.author == "Hà Vy"
        assert article.source == "thoidai.com.vn"
        assert article.language == "vi"
        assert article.lead == ""
        assert (article.id, article.content_sha256, article.imported_at) == ("", "", None)

    def test_body(self, article: Article) -> None:
        paragraphs = article.body.split("\n\n")
        assert paragraphs[0].startswith("Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ")
        assert paragraphs[-1].startswith("Bên cạnh đó, tổ chức các Đoàn công tác")
        assert paragraphs[-1].endswith("thương mại…")
        assert len(paragraphs) == 8
        assert any(p.startswith("Năm 2009, Cần Thơ ký Bản ghi nhớ") for p in paragraphs)
        assert article.title not in article.body
        assert "Hà Vy" not in article.body
        assert "Nguồn:" not in article.body
        # Teasers of the "read also" blocks after the body are not body.
        assert "Chiều ngày 24/8" not in article.body
        assert "Ngày 27/8" not in article.body
        assert "Tối ngày 4/9" not in article.body
        # Teasers under "Tin bài liên quan" are not body either.
        assert "Đánh dấu chặng đường" not in article.body

    def test_captions(self, article: Article) -> None:
        assert article.captions == (
            "Quang cảnh buổi tiếp.",
            "Ông Nguyễn Thực Hiện, Phó Chủ tịch UBND TP Cần Thơ, tặng quà lưu niệm cho bà "
            "Phimpha Keomixay, Tổng lãnh sự Lào tại TP. Hồ Chí Minh.",
            "Lãnh đạo UBND TP Cần Thơ cùng các sở, ngành liên quan chụp ảnh lưu niệm cùng Đoàn "
            "Tổng lãnh sự Lào tại TP. Hồ Chí Minh.",
        )
        assert "Quang cảnh buổi tiếp." not in article.body

    def test_related_titles(self, article: Article) -> None:
        assert article.related_titles == (
            "Thúc đẩy hợp tác, quan hệ hữu nghị giữa Đà Nẵng với các địa phương Hàn Quốc",
            "Tăng cường hợp tác giữa các địa phương, làm sâu sắc hơn quan hệ Việt Nam - Lào",
            "TP Cần Thơ và tỉnh Champasak (Lào) đẩy mạnh hợp tác đa lĩnh vực",
            "Đồng Tháp - Champasak (Lào): Tiếp tục hợp tác trên nhiều lĩnh vực",
            "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào",
            "Khởi công Ký túc xá quốc tế 550 tỷ đồng, công bố thành lập 4 trường thành viên",
            "Hơn 500 thương hiệu trong nước và quốc tế hội tụ tại sự kiện “Cần Thơ Mega Sale 2026”",
            "Cần Thơ tiếp nhận 2 dự án do FHI 360 tài trợ",
        )

    def test_nothing_after_other_news(self, article: Article) -> None:
        assert_no_chrome(article)
        everything = "\n".join([article.body, *article.captions, *article.related_titles])
        assert "Đại hội XIV" not in everything
        assert "Học sinh Mỹ" not in everything

    def test_sniffed_as_saved_page(self) -> None:
        assert looks_like_saved_page(seed("000"))


@pytest.mark.shared
@needs_seeds
class TestSeed001:
    """The page with title, lead, `![]() |` image rows and no time or byline."""

    @pytest.fixture(scope="class")
    def article(self) -> Article:
        return parse_saved_page(seed("001"))

    def test_header_fields(self, article: Article) -> None:
        assert article.title == (
            "Cần Thơ họp mặt kỷ niệm 60 năm thiết lập quan hệ ngoại giao Việt Nam - Lào"
        )
        assert article.lead.startswith("Đây là hoạt động thể hiện sâu sắc")
        assert article.lead.endswith("mối quan hệ Việt Nam - Lào.")
        assert article.published is None
        assert article.author is None
        assert article.section == ()
        assert article.source == "thoidai.com.vn"
        assert article.language == "vi"

    def test_body(self, article: Article) -> None:
        paragraphs = article.body.split("\n\n")
        starts = [
            "Tham dự buổi họp mặt",
            "Cách đây 60 năm",
            "Phát biểu tại buổi họp mặt",
            "Theo ông Nguyễn Thực Hiện",
            "Về phía TP Cần Thơ",
            "Bên cạnh đó, TP và các địa phương",
            "Phó Chủ tịch UBND TP Cần Thơ tin tưởng",
            "Tại buổi họp mặt, bà Phimpha Keomixay",
            "Bà Tổng lãnh sự mong muốn",
        ]
        assert [p[: len(s)] for p, s in zip(paragraphs, starts, strict=True)] == starts
        assert paragraphs[-1].endswith("đã ký Bản ghi nhớ hợp tác.")
        assert article.lead not in article.body
        # Teaser rows after the body are not body.
        assert "Campuchia" not in article.body
        assert "Ngày 1/8" not in article.body

    def test_captions(self, article: Article) -> None:
        assert len(article.captions) == 6
        assert article.captions[0].startswith("Ông Nguyễn Trung Nhân - Chủ tịch Ủy ban MTTQ")
        assert article.captions[3] == (
            "Ông Nguyễn Thực Hiện - Phó Chủ tịch UBND TP Cần Thơ phát biểu tại buổi họp mặt."
        )
        assert article.captions[-1] == "Biểu diễn các tiết mục văn nghệ đặc sắc tại buổi họp mặt."
        assert not any(c.endswith("|") for c in article.captions)
        assert not any("Campuchia" in c or "Chiều ngày 24/8" in c for c in article.captions)
        assert not any(c in article.body for c in article.captions)

    def test_related_titles(self, article: Article) -> None:
        assert article.related_titles == (
            "Cần Thơ tăng cường hợp tác với Đức trong phát triển giáo dục nghề nghiệp",
            "Thanh niên - trụ cột vun đắp quan hệ đặc biệt Việt Nam - Lào trong kỷ nguyên mới",
            "Thắt chặt quan hệ Việt Nam - Hoa Kỳ qua chương trình giao lưu hữu nghị tại Cần Thơ",
        )

    def test_no_chrome(self, article: Article) -> None:
        assert_no_chrome(article)
        assert "Lữ đoàn 171" not in "\n".join(article.related_titles)

    def test_sniffed_as_saved_page(self) -> None:
        assert looks_like_saved_page(seed("001"))


@pytest.mark.shared
@needs_seeds
@pytest.mark.parametrize("name", ["000", "001"])
def test_seed_nfd_and_crlf_give_the_same_article(name: str) -> None:
    text = seed(name)
    expected = parse_saved_page(text)
    assert parse_saved_page(unicodedata.normalize("NFD", text)) == expected
    assert parse_saved_page(text.replace("\n", "\r\n")) == expected


# Pages of my own in the seeds' styles.


def test_blank_line_style_page_about_another_topic() -> None:
    article = parse_saved_page(BLANK_STYLE_PAGE)
    assert article.title == "Vườn rau trường học giúp học sinh Huế hiểu thêm về nông nghiệp"
    assert article.published == datetime(2023, 3, 12, 8, 15, tzinfo=VN)
    assert article.section == ("Thời sự",)
    assert article.author == "Minh Châu"
    assert article.source == "thoidai.com.vn"
    assert article.lead == ""
    assert article.body.split("\n\n") == [
        "Sáng 12/3, một trường tiểu học ở Huế khai trương khu vườn rau do chính học sinh chăm sóc.",
        "Các em lớp bốn và lớp năm được chia nhóm, mỗi nhóm nhận một luống rau và ghi nhật ký "
        "mỗi tuần.",
        "Thầy hiệu trưởng cho biết rau thu hoạch sẽ được dùng cho bữa trưa bán trú của trường.",
    ]
    assert article.captions == ("Học sinh tưới rau trong giờ ra chơi.",)
    assert article.related_titles == (
        "Phố đi bộ ven sông mở cửa mỗi cuối tuần",
        "Hội chợ nông sản sạch thu hút đông khách tham quan",
        "Nông dân trẻ học cách bán rau qua mạng",
    )
    assert_no_chrome(article)


def test_row_style_page_about_another_topic() -> None:
    article = parse_saved_page(ROW_STYLE_PAGE)
    assert article.title == "Lễ hội diều quê được tổ chức lại sau nhiều năm gián đoạn"
    assert article.lead.startswith("Người dân trong xã cùng nhau làm diều")
    assert article.published is None
    assert article.author is None
    assert article.source == "thoidai.com.vn"
    assert len(article.body.split("\n\n")) == 3
    assert article.lead not in article.body
    assert article.body.endswith("lễ hội sẽ được duy trì hằng năm.")
    assert article.captions == (
        "Những chiếc diều sáo bay trên cánh đồng sau mùa gặt.",
        "Một cụ ông chỉ cho cháu cách buộc dây diều.",
    )
    assert article.related_titles == (
        "Làng nghề làm diều giữ nghề truyền thống",
        "Trẻ em vùng quê vui chơi ngày hè",
    )
    assert "làng nghề" not in article.body
    assert_no_chrome(article)


def test_both_styles_are_sniffed_and_plain_text_is_not() -> None:
    assert looks_like_saved_page(BLANK_STYLE_PAGE)
    assert looks_like_saved_page(ROW_STYLE_PAGE)
    plain = (
        "Hà Nội mở thêm tuyến xe buýt điện\n"
        "Tuyến mới nối trung tâm với khu đô thị phía tây.\n"
        "Tuyến xe chạy từ 5 giờ sáng đến 10 giờ tối, mỗi chuyến cách nhau 15 phút.\n"
    )
    assert not looks_like_saved_page(plain)
    assert not looks_like_saved_page("")


def test_page_without_breadcrumb_time_or_related_list() -> None:
    page = (
        "Thư viện lưu động đến với trẻ em vùng cao\n"
        "\n"
        "Chiếc xe chở hơn hai nghìn cuốn sách đã đi qua năm bản trong tháng này.\n"
        "\n"
        "Các thầy cô mong chương trình sẽ được mở rộng sang năm sau.\n"
        "\n"
        "Các tin bài khác\n"
        "Tin không liên quan\n"
    )
    article = parse_saved_page(page)
    assert article.title == "Thư viện lưu động đến với trẻ em vùng cao"
    assert article.published is None
    assert article.section == ()
    assert article.author is None
    assert article.related_titles == ()
    assert article.body.endswith("mở rộng sang năm sau.")
    assert "Tin không liên quan" not in article.body


def test_nfd_and_crlf_pages_read_the_same() -> None:
    expected = parse_saved_page(BLANK_STYLE_PAGE)
    assert parse_saved_page(unicodedata.normalize("NFD", BLANK_STYLE_PAGE)) == expected
    assert parse_saved_page(BLANK_STYLE_PAGE.replace("\n", "\r\n")) == expected
    assert unicodedata.is_normalized("NFC", expected.body)


def test_whitespace_inside_fields_is_normalised() -> None:
    page = "  Lớp  học\u00a0bơi   miễn phí  \n\nTrẻ em   được học bơi\tmiễn phí suốt mùa hè.\n"
    article = parse_saved_page(page)
    assert article.title == "Lớp học bơi miễn phí"
    assert article.body == "Trẻ em được học bơi miễn phí suốt mùa hè."


def test_title_only_page_has_no_article() -> None:
    with pytest.raises(IngestError, match=r"^no article text found$"):
        parse_saved_page("Trang chủ Hữu nghị\n08:00 | 01/01/2024 GMT+7\n\nChỉ có tiêu đề\n\naa\n")


def test_empty_and_chrome_only_pages_are_refused() -> None:
    with pytest.raises(IngestError, match="empty page"):
        parse_saved_page(" \n\n ")
    with pytest.raises(IngestError, match="no article title found"):
        parse_saved_page("Trang chủ Hữu nghị\nCác tin bài khác\n")


def test_title_and_one_paragraph_keep_the_paragraph_as_body() -> None:
    article = parse_saved_page("Cầu mới thông xe\nCây cầu nối hai bờ sông đã thông xe sáng nay.\n")
    assert article.body == "Cây cầu nối hai bờ sông đã thông xe sáng nay."
    assert article.lead == ""


def test_weather_article_keeps_its_title() -> None:
    page = "Thời tiết hôm nay (02/02): Nam Bộ nắng nóng\n\nNhiệt độ cao nhất lên tới 35 độ.\n"
    article = parse_saved_page(page)
    assert article.title.startswith("Thời tiết hôm nay")
    assert article.body == "Nhiệt độ cao nhất lên tới 35 độ."


def test_english_page_is_marked_english() -> None:
    page = (
        "City opens a new river park\n\n"
        "The park was opened on Sunday and it has a long walking path by the water.\n"
    )
    assert parse_saved_page(page).language == "en"


# Helpers.


def test_page_lines_clean_and_squash() -> None:
    assert page_lines("a  b\r\nc\u200b d\r\n") == ["a b", "c d", ""]


def test_page_hosts_in_order() -> None:
    text = "![x](https://thoidai.com.vn/a.jpg) ![y](http://CDN.Example.org/b) ![z](https://thoidai.com.vn/c)"
    assert page_hosts(text) == ["thoidai.com.vn", "cdn.example.org"]


def test_undouble() -> None:
    assert undouble("Một tiêu đề dàiMột tiêu đề dài") == "Một tiêu đề dài"
    assert undouble("Một tiêu đề dài Một tiêu đề dài") == "Một tiêu đề dài"
    assert undouble("aa") is None
    assert undouble("hà hà") is None
    assert undouble("Một câu bình thường không lặp lại.") is None


def test_split_sections() -> None:
    known = ("Hữu nghị", "Bốn phương kết bạn", "Bốn phương")
    assert split_sections("Hữu nghị Bốn phương kết bạn", known) == (
        "Hữu nghị",
        "Bốn phương kết bạn",
    )
    assert split_sections("Mục lạ chưa biết", known) == ("Mục lạ chưa biết",)
    assert split_sections("Hữu nghị Mục con lạ", known) == ("Hữu nghị", "Mục con lạ")
    assert split_sections("", known) == ()


def test_parse_breadcrumb() -> None:
    crumb = Breadcrumb(prefixes=("Trang chủ",), sections=("Thời sự", "Quốc tế"))
    assert parse_breadcrumb("Trang chủ Thời sự Quốc tế", crumb) == ("Thời sự", "Quốc tế")
    assert parse_breadcrumb("Trang chủ > Kinh tế > Thị trường", crumb) == ("Kinh tế", "Thị trường")
    assert parse_breadcrumb("Trang chủ", crumb) == ()
    assert parse_breadcrumb("Trang chủng loại mới", crumb) is None
    assert parse_breadcrumb("Một dòng bình thường", crumb) is None


def test_parse_published() -> None:
    rules = load_rules().common
    assert parse_published("16:33 | 05/09/2022 GMT+7", rules) == datetime(
        2022, 9, 5, 16, 33, tzinfo=VN
    )
    assert parse_published("07:05 | 31/12/2021", rules) == datetime(2021, 12, 31, 7, 5)
    assert parse_published("16:33 | 31/02/2022 GMT+7", rules) is None
    assert parse_published("Ngày 5/9, lúc 16:33", rules) is None
    thoidai = load_rules().for_profile(load_rules().profiles[0])
    assert parse_published("07:05 | 31/12/2021", thoidai) == datetime(2021, 12, 31, 7, 5, tzinfo=VN)


def test_looks_like_author() -> None:
    assert looks_like_author("Hà Vy")
    assert not looks_like_author("Đây là một câu trọn vẹn.")
    assert not looks_like_author("Một dòng có quá nhiều chữ để có thể là tên của một tác giả bài")


def test_take_author_needs_a_source_marker() -> None:
    blocks = [
        Block("para", "Đoạn văn.", 0),
        Block("para", "Hà Vy", 1),
        Block("source", "Nguồn:", 2),
    ]
    assert take_author(blocks) == ("Hà Vy", [Block("para", "Đoạn văn.", 0)])
    assert take_author(blocks[:2]) == (None, blocks[:2])


def test_drop_teasers_only_in_the_trailing_run() -> None:
    blocks = [
        Block("para", "Đoạn mở đầu.", 0),
        Block("related", "Tin đọc thêm", 2),
        Block("para", "Đoạn thân bài ngay sau.", 3),
        Block("related", "Tin cuối trang", 5),
        Block("para", "Giới thiệu tin cuối trang.", 6),
        Block("related", "Tin cuối cùng", 7),
        Block("para", "Giới thiệu tin cuối cùng.", 8),
    ]
    assert drop_teasers(blocks) == [blocks[0], blocks[1], blocks[2], blocks[3], blocks[5]]


def test_classify_captions_after_title_and_image_rows() -> None:
    rules = load_rules().common
    lines = ["Tiêu đề", "Chú thích ảnh.", "![]() |", "Ảnh thứ hai. |", "Đoạn văn.", "", "Nguồn:"]
    assert [(b.kind, b.text) for b in classify(lines, "Tiêu đề", rules)] == [
        ("caption", "Chú thích ảnh."),
        ("caption", "Ảnh thứ hai."),
        ("para", "Đoạn văn."),
        ("source", "Nguồn:"),
    ]


def test_related_list_skips_repeats_and_teasers() -> None:
    rules = load_rules().common
    lines = [
        "Tin A dài hơn",
        "",
        "Tin A dài hơn",
        "Giới thiệu A.",
        "Tin B",
        "Tin C",
        "Tin C",
        "Giới thiệu C.",
    ]
    assert related_list(lines, rules) == ["Tin A dài hơn", "Tin B", "Tin C"]


# The rules file.


def test_bundled_rules_load_and_are_cached() -> None:
    rules = load_rules()
    assert rules is load_rules()
    assert [p.source for p in rules.profiles] == ["thoidai.com.vn"]
    assert "Bốn phương kết bạn" in rules.profiles[0].rules.breadcrumb.sections


def test_detect_profile_by_host_or_markers() -> None:
    rules = load_rules()
    assert detect_profile([], ["img.thoidai.com.vn"], rules) is rules.profiles[0]
    assert (
        detect_profile(["Phiên bản di động", "Tin bài liên quan"], [], rules) is rules.profiles[0]
    )
    assert detect_profile(["Tin bài liên quan"], ["example.org"], rules) is None


def test_a_new_site_is_a_data_change() -> None:
    rules = parse_rules(
        """
version: 1
common:
  related_heading: [{exact: Related}]
  drop: [{regex: '^!\\[.*\\]\\(https?://'}]
profiles:
  - name: river
    source: river-news.example
    detect: {hosts: [river-news.example]}
    utc_offset: '+02:00'
    end_of_article: [{exact: Most popular}]
    drop: [{exact: Share this}, {regex: '^Advertisement'}]
    published:
      - regex: '^Posted (?P<day>\\d+)\\.(?P<month>\\d+)\\.(?P<year>\\d{4})
          (?P<hour>\\d+):(?P<minute>\\d+)$'
    breadcrumb: {prefixes: [Home], sections: [Local, Rivers]}
"""
    )
    page = (
        "Home Local Rivers\n"
        "Posted 3.4.2024 09:30\n"
        "![logo](https://river-news.example/logo.png)\n"
        "Boats return to the old harbour\n"
        "\n"
        "Share this\n"
        "The harbour reopened on Wednesday after two years of repairs to the quay.\n"
        "Advertisement: buy a boat\n"
        "Related\n"
        "Fishing season starts early\n"
        "Most popular\n"
        "Something else entirely\n"
    )
    article = parse_saved_page(page, rules)
    assert article.source == "river-news.example"
    assert article.section == ("Local", "Rivers")
    assert article.published == datetime(2024, 4, 3, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    assert article.title == "Boats return to the old harbour"
    assert (
        article.body == "The harbour reopened on Wednesday after two years of repairs to the quay."
    )
    assert article.related_titles == ("Fishing season starts early",)
    assert article.language == "en"
    assert looks_like_saved_page(page, rules)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 2\n", "version"),
        ("version: 1\ncommon: {drop: [{exact: a, prefix: b}]}\n", "exactly one"),
        ("version: 1\ncommon: {drop: [{regex: '('}]}\n", "bad regex"),
        ("version: 1\ncommon: {published: [{regex: '^(?P<year>\\d+)$'}]}\n", "missing named"),
        ("version: 1\nprofiles: [{name: x, detect: {}}]\n", "hosts or markers"),
        ("version: 1\nprofiles: [{name: x, detect: {hosts: [a]}, utc_offset: 'soon'}]\n", "UTC"),
        ("version: 1\ncommon: [1, 2]\n", "mapping"),
        ("version: 1\ncommon: !!python/object/apply:os.system [echo hi]\n", "YAML"),
        ("version: [\n", "YAML"),
    ],
)
def test_malformed_rules_are_refused_with_a_reason(text: str, problem: str) -> None:
    with pytest.raises(PageRulesError, match=problem):
        parse_rules(text)


def test_build_rules_refuses_non_mapping() -> None:
    with pytest.raises(PageRulesError, match="mapping"):
        build_rules(["not", "rules"])
