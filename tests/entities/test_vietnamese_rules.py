"""The Vietnamese rules, one at a time, on small sentences."""

from __future__ import annotations

import pytest

from reader.entities.vietnamese import vietnamese_mentions


def found(text: str, kind: str) -> list[str]:
    return [m.name for m in vietnamese_mentions(text) if m.kind == kind and not m.short]


def test_title_and_organisation_before_a_name():
    text = "Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện có buổi tiếp."
    assert found(text, "person") == ["Nguyễn Thực Hiện"]
    assert found(text, "org") == ["UBND TP Cần Thơ"]
    assert "Cần Thơ" in found(text, "place")


@pytest.mark.parametrize(
    "text",
    [
        "Tiếp đoàn có Phó Chủ tịch UBND tỉnh, Bí thư Tỉnh ủy và Tổng Lãnh sự.",
        "Bà Tổng Lãnh sự cảm ơn lãnh đạo thành phố.",
        "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy, Tỉnh trưởng tỉnh Champasak làm Trưởng đoàn.",
    ],
)
def test_titles_are_never_people(text: str):
    assert found(text, "person") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Buổi tiếp có ông Nguyễn Trung Nhân tham dự.", "Nguyễn Trung Nhân"),
        ("Ông Đào Chí Nghĩa phát biểu.", "Đào Chí Nghĩa"),
        ("bà Lê Thị Thanh Giang trao quà", "Lê Thị Thanh Giang"),
        ("Đại tá Cầm Bá Xuân chủ trì hội đàm.", "Cầm Bá Xuân"),
    ],
)
def test_honorifics_and_ranks_are_stripped(text: str, name: str):
    assert found(text, "person") == [name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("làm việc với bà Phimpha Keomixay, Tổng Lãnh sự", "Phimpha Keomixay"),
        (
            "do ông Vilayvong Bouddakham, Ủy viên Trung ương Đảng, làm Trưởng đoàn",
            "Vilayvong Bouddakham",
        ),
        ("Tổng Lãnh sự Hàn Quốc, ông Kim Dong-bae, phát biểu.", "Kim Dong-bae"),
        ("bạn Keo Manivanh, sinh viên năm ba, chia sẻ", "Keo Manivanh"),
    ],
)
def test_foreign_names_after_an_honorific(text: str, name: str):
    assert found(text, "person") == [name]


def test_a_given_name_alone_is_only_a_short_reference():
    mentions = vietnamese_mentions("Theo ông Hiện, hai bên sẽ hợp tác.")
    assert [(m.name, m.short) for m in mentions if m.kind == "person"] == [("Hiện", True)]


def test_family_name_needs_a_capitalised_given_name():
    assert found("Quang cảnh buổi tiếp tại Hà Nội.", "person") == []
    assert found("Quang cảnh buổi tiếp tại Hà Nội.", "place") == ["Hà Nội"]


def test_a_place_that_looks_like_a_name_stays_a_place():
    assert found("Đoàn đại biểu tỉnh Đồng Tháp sang Thái Lan.", "person") == []
    assert found("Đoàn đại biểu tỉnh Đồng Tháp sang Thái Lan.", "place") == [
        "Đồng Tháp",
        "Thái Lan",
    ]


def test_streets_and_squares_named_after_people_are_skipped():
    text = "Xe chạy trên đại lộ Võ Nguyên Giáp tới Quảng trường Hồ Chí Minh."
    assert found(text, "person") == []
    assert found(text, "place") == []


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "Liên hiệp các tổ chức hữu nghị TP Cần Thơ tổ chức họp mặt.",
            "Liên hiệp các tổ chức hữu nghị TP Cần Thơ",
        ),
        (
            "thay mặt Tổng Lãnh sự quán CHDCND Lào tại TP. Hồ Chí Minh, bà",
            "Tổng Lãnh sự quán Lào tại TP. Hồ Chí Minh",
        ),
        ("Chủ tịch Ủy ban MTTQ Việt Nam TP Cần Thơ và", "Ủy ban MTTQ Việt Nam TP Cần Thơ"),
        (
            "Phó Chủ tịch Hội hữu nghị Việt Nam - Lào TP Cần Thơ phát biểu",
            "Hội hữu nghị Việt Nam - Lào TP Cần Thơ",
        ),
        ("hội viên Hội Cựu chiến binh, các chi hội", "Hội Cựu chiến binh"),
        (
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Tháp cử chuyên gia",
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Đồng Tháp",
        ),
        ("do Trường Đại học Kỹ thuật Sông Hậu tổ chức.", "Đại học Kỹ thuật Sông Hậu"),
        ("Đại sứ quán Cuba tại Việt Nam cử đại diện", "Đại sứ quán Cuba tại Việt Nam"),
        ("Công ty TNHH Lương thực Phú An đã đóng góp", "Công ty TNHH Lương thực Phú An"),
        (
            "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam chi nhánh",
            "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam",
        ),
        ("Uỷ ban nhân dân TP. Cần Thơ quyết định", "UBND TP Cần Thơ"),
        ("Cô là giảng viên ĐH Bách khoa Hà Nội từ năm 2010.", "Đại học Bách khoa Hà Nội"),
        ("hợp tác với ĐH Uppsala và các viện", "Đại học Uppsala"),
        ("Ông là Vụ trưởng Vụ Giáo dục ĐH, phụ trách tuyển sinh.", "Vụ Giáo dục ĐH"),
    ],
)
def test_organisation_patterns(text: str, org: str):
    assert found(text, "org") == [org]


@pytest.mark.parametrize(
    "text",
    [
        "Hội nghị diễn ra tại hội trường.",
        "Bộ đội biên phòng tuần tra.",
        "Lãnh đạo các sở, ban ngành tham dự.",
        "Hội đã tổ chức nhiều hoạt động.",
    ],
)
def test_common_nouns_that_start_like_organisations(text: str):
    assert found(text, "org") == []


def test_organisation_stops_before_the_person_after_it():
    text = "Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện"
    assert "Cần Thơ Nguyễn Thực Hiện" not in found(text, "person")
    assert found(text, "org") == ["UBND TP Cần Thơ"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ký kết với tỉnh Sanvannakhet", "Savannakhet"),
        ("đến thăm thủ đô Viêng Chăn", "Vientiane"),
        ("tại TP.HCM", "TP. Hồ Chí Minh"),
        ("ở huyện Thới Lai", "Thới Lai"),
        ("người dân miền Trung", "miền Trung"),
    ],
)
def test_places_by_prefix_gazetteer_and_alias(text: str, place: str):
    assert found(text, "place") == [place]


def test_a_country_that_is_also_a_word_is_not_read_at_a_sentence_start():
    assert found("Anh cho biết sẽ trở lại.", "place") == []
    assert found("Sinh viên đến từ Anh và Pháp.", "place") == ["Anh", "Pháp"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Hội nghị thượng đỉnh diễn ra tại Lausanne, Thụy Sĩ hôm thứ Hai.", "Lausanne"),
        ("Chuyến bay khởi hành từ Stavanger (Na Uy) lúc 6 giờ sáng.", "Stavanger"),
        ("Nhà máy mới (Eindhoven, Hà Lan) sẽ hoạt động từ tháng 5.", "Eindhoven"),
        ("Cô sinh ra ở Boulder, bang Colorado, Mỹ.", "Boulder"),
    ],
)
def test_a_foreign_place_no_list_knows_is_placed_by_the_known_place_after_it(text: str, place: str):
    assert found(text, "place")[0] == place


def test_a_bare_name_before_a_country_in_brackets_is_not_made_a_place():
    """Without a word that places it, the country is a player's or a company's."""
    assert found("Ronaldo (Bồ Đào Nha) ghi bàn thắng thứ hai.", "place") == ["Bồ Đào Nha"]


@pytest.mark.parametrize("text", ["Anh sang Thụy Sỹ du học.", "Anh sang Thụy Sĩ du học."])
def test_a_final_i_or_y_spells_the_same_place(text: str):
    assert found(text, "place") == ["Thụy Sĩ"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ngoại trưởng Syria Walid al-Moualem cho biết hôm qua.", "Walid al-Moualem"),
        ("Huấn luyện viên Louis van Gaal rời sân sớm.", "Louis van Gaal"),
        ("Ông Staffan de Mistura triệu tập hội nghị.", "Staffan de Mistura"),
    ],
)
def test_a_foreign_name_goes_on_after_its_lower_case_particles(text: str, person: str):
    assert found(text, "person") == [person]


@pytest.mark.parametrize(
    ("text", "org", "person"),
    [
        (
            "Tổng thư ký Liên hợp quốc Antonio Guterres phát biểu.",
            "Liên hợp quốc",
            "Antonio Guterres",
        ),
        ("Tổng giám đốc WHO Tedros Adhanom phát biểu.", "WHO", "Tedros Adhanom"),
    ],
)
def test_a_body_named_by_its_head_alone_does_not_take_in_its_officials_name(
    text: str, org: str, person: str
):
    assert (found(text, "org"), found(text, "person")) == ([org], [person])


def test_a_body_named_by_its_head_alone_still_reads_on_to_its_country():
    assert found("Bộ trưởng Bộ Quốc Phòng Nga cho biết.", "org") == ["Bộ Quốc Phòng Nga"]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Bộ trưởng Công an Tô Lâm phát biểu.", "Tô Lâm"),
        ("Bộ trưởng Nông nghiệp và Phát triển nông thôn Lê Văn Hòa thăm đồng.", "Lê Văn Hòa"),
        ("Thứ trưởng Y tế Trần Văn Bình cho biết.", "Trần Văn Bình"),
    ],
)
def test_a_ministers_portfolio_written_without_bo_is_part_of_the_title(text: str, person: str):
    assert (found(text, "person"), found(text, "org"), found(text, "place")) == ([person], [], [])


@pytest.mark.parametrize(
    "text", ["Đoàn Việt Nam giành 5 huy chương vàng.", "Từ Hàn Quốc, nữ ca sĩ gửi lời cảm ơn."]
)
def test_a_family_name_word_before_a_country_of_two_syllables_is_no_person(text: str):
    assert found(text, "person") == []


def test_a_country_of_one_syllable_is_still_a_given_name():
    assert found("Chị Hà Anh và anh Hoàng Đức cùng tới.", "person") == ["Hà Anh", "Hoàng Đức"]


@pytest.mark.parametrize("text", ["Xét tuyển ngành Ngôn ngữ Anh năm nay.", "Cô dạy tiếng Nhật."])
def test_a_country_named_as_a_language_is_no_place(text: str):
    assert found(text, "place") == []
