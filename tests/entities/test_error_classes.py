"""One test per class of error seen on real news (issue 15), on sentences written for this
project: each says what the extractor must do with a kind of text, not with one article."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.byline import byline_outlets, byline_people
from reader.entities.extract import extract_entities
from reader.entities.known import KnownNames
from reader.entities.tokens import tokenize
from reader.entities.version import EXTRACTOR_VERSION, extractor_of, is_outdated, mark_extractor
from reader.model.article import Article, Entities


def found(body: str, title: str = "Tin trong ngày", **fields: object) -> Entities:
    return extract_entities(Article(title=title, body=body, **fields))


# --- a country or nationality glued to the name after it ------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "place"),
    [
        ("Hôm qua Tổng thống Pháp Jean Dupont tới thăm Hà Nội.", "Jean Dupont", "Pháp"),
        ("Thủ tướng Đức Greta Vogel phát biểu tại hội nghị.", "Greta Vogel", "Đức"),
        ("Ngoại trưởng Nga Pavel Orlov đã gặp báo chí.", "Pavel Orlov", "Nga"),
        ("Tổng thống Hàn Quốc Park Min-soo nhận lời mời.", "Park Min-soo", "Hàn Quốc"),
    ],
)
def test_a_nationality_before_a_name_is_a_place_and_the_name_a_person(
    text: str, person: str, place: str
) -> None:
    entities = found(text)
    assert person in entities.person
    assert place in entities.place
    assert not any(place in name for name in entities.person)


def test_one_person_one_entry_in_an_article() -> None:
    entities = found(
        "Tổng thống Mỹ Walter Brennan nói ông sẽ tới châu Á. Brennan cho biết chuyến đi kéo dài "
        "một tuần. Nhà lãnh đạo Triều Tiên Ri Chol-su gặp ông; Ri Chol Su nói hai bên đã hiểu nhau."
    )
    assert entities.person.count("Walter Brennan") == 1
    assert "Brennan" not in entities.person
    assert len([p for p in entities.person if p.replace("-", " ").casefold() == "ri chol su"]) == 1


def test_the_archive_resolves_a_lone_surname_and_a_hyphenated_spelling() -> None:
    known = KnownNames.of([Entities(person=("Walter Brennan", "Ri Chol Su", "Nguyễn Văn Hòa"))])
    assert known.resolve("person", "Brennan") == "Walter Brennan"
    assert known.resolve("person", "Ri Chol-su") == "Ri Chol Su"
    assert known.resolve("person", "Hòa") == "Hòa"  # a Vietnamese given name alone: never
    known.add("person", "Mary Brennan")
    known.resolved.clear()
    assert known.resolve("person", "Brennan") == "Brennan"  # two Brennans: left as written


# --- things that are not people ------------------------------------------------------------


def test_streets_in_a_list_and_after_a_house_number_are_not_people() -> None:
    entities = found(
        "Cắt điện các tuyến phố Phan Văn Trị, Lê Thánh Tông và Đinh Công Tráng. "
        "Cửa hàng ở số 45 Hoàng Quốc Việt và (12 Nguyễn Chí Thanh) cũng tạm đóng."
    )
    for street in ("Phan Văn Trị", "Lê Thánh Tông", "Đinh Công Tráng", "Hoàng Quốc Việt"):
        assert street not in entities.person
    assert "Nguyễn Chí Thanh" not in entities.person


def test_a_lunar_year_is_not_a_person() -> None:
    entities = found("Dịp Tết Mậu Tuất, người tuổi Nhâm Thìn nên cẩn trọng, năm Canh Tý cũng vậy.")
    assert entities.person == ()


def test_districts_and_oceans_are_places_not_people() -> None:
    entities = found("Mưa lớn ở Hoàng Mai và Thanh Xuân; bão trên Thái Bình Dương mạnh thêm.")
    assert {"Hoàng Mai", "Thanh Xuân", "Thái Bình Dương"} <= set(entities.place)
    assert not {"Hoàng Mai", "Thái Bình Dương"} & set(entities.person)


def test_a_country_at_the_end_of_a_name_is_part_of_the_name() -> None:
    entities = found("Bị cáo Cao Văn Mỹ khai với anh Lý Đức rằng đã nhận tiền ở xã Hòa Đức.")
    assert "Hoa Kỳ" not in entities.place and "Đức" not in entities.place


# --- organisations: lower-case words of their names, and the sentence after them ----------


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Đại diện Bộ Tài chính cho biết thuế sẽ giảm.", "Bộ Tài chính"),
        ("Ngân hàng Nhà nước vừa điều chỉnh lãi suất.", "Ngân hàng Nhà nước"),
        ("Theo Tổng cục Du lịch, lượng khách tăng.", "Tổng cục Du lịch"),
        # A body of the state is one entry however it is capitalised: its official name.
        ("Bộ Giao thông Vận tải đã trả lời cử tri.", "Bộ Giao thông vận tải"),
    ],
)
def test_an_organisation_name_goes_on_through_its_lower_case_syllables(text: str, org: str) -> None:
    assert org in found(text).org


def test_an_organisation_does_not_take_the_next_sentences_first_word() -> None:
    # Captions and paragraphs often lose their full stop: `... theo TTXVN Trong khi đó ...`.
    entities = found("Tin được TTXVN đưa ngày 2/3 theo TTXVN Trong khi đó giá dầu tăng")
    assert "TTXVN" in entities.org
    assert not any(name.endswith("Trong") for name in entities.org)


def test_latin_script_organisations_known_by_name() -> None:
    entities = found("Theo hãng tin Reuters, Samsung và Honda đều tăng giá; FIFA im lặng.")
    assert {"Reuters", "Samsung", "Honda", "FIFA"} <= set(entities.org)
    assert not {"Reuters", "Samsung", "Honda"} & set(entities.person)


def test_an_english_organisation_ending_and_an_event_ending() -> None:
    entities = found("Tập đoàn Hanseatic Holding Bank tài trợ giải Northern League năm nay.")
    assert not any("League" in name for name in (*entities.org, *entities.person))


# --- places read out of other names --------------------------------------------------------


def test_places_are_not_read_out_of_other_names() -> None:
    entities = found(
        "Bà Hồ Ngọc Lan, giảng viên tiếng Anh, được Giải thưởng Hồ Chí Minh; "
        "con trai bà là Lê Văn Vinh."
    )
    assert "TP. Hồ Chí Minh" not in entities.place
    assert "Anh" not in entities.place and "Vinh" not in entities.place
    assert "Ngọc Lan" not in entities.place


def test_a_small_commune_is_not_corrected_into_a_known_district() -> None:
    entities = found("Người dân xã Tân Thạnh Đông đã nhận gạo cứu trợ.")
    assert entities.place == ("Tân Thạnh Đông",)


def test_rivers_and_seas_keep_their_word() -> None:
    entities = found("Nước sông Sài Gòn dâng cao; tàu cá tránh bão trên biển Đông và vịnh Bắc Bộ.")
    assert "sông Sài Gòn" in entities.place
    assert "TP. Hồ Chí Minh" not in entities.place
    assert {"Biển Đông", "Vịnh Bắc Bộ"} <= set(entities.place)


# --- misses ----------------------------------------------------------------------------------


def test_foreign_people_without_a_title() -> None:
    entities = found(
        "Trận đấu khép lại khi Thomas Keller ghi bàn ở phút cuối. Sau trận, Keller nói "
        "đội đã chơi tốt. Lundqvist cho biết anh sẽ ở lại."
    )
    assert "Thomas Keller" in entities.person
    assert "Lundqvist" in entities.person
    assert "Keller" not in entities.person


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Giá dầu tăng vì căng thẳng ở Trung Đông và Syria.", {"Trung Đông", "Syria"}),
        ("Hàng Việt đã có mặt ở Qatar, California và châu Âu.", {"Qatar", "California"}),
        ("Tàu tuần tra ở biển Hoa Đông, gần Đài Loan.", {"Biển Hoa Đông", "Đài Loan"}),
    ],
)
def test_world_countries_states_regions(text: str, places: set[str]) -> None:
    assert places <= set(found(text).place)


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Đoàn công tác tới São Paulo rồi Bogotá.", {"São Paulo", "Bogotá"}),
        ("Hội chợ ở Sao Paulo và Dusseldorf thu hút khách.", {"São Paulo", "Düsseldorf"}),
    ],
)
def test_cities_spelt_with_accents_with_or_without_them(text: str, places: set[str]) -> None:
    assert places <= set(found(text).place)


def test_a_city_named_club_is_the_club_in_football_and_the_city_elsewhere() -> None:
    match = found("Sevilla thắng Valencia 2-1; tiền đạo Lukas Brandt ghi bàn ở phút cuối trận đấu.")
    assert {"Sevilla", "Valencia"} <= set(match.org) and not {"Sevilla", "Valencia"} & set(
        match.place
    )
    trip = found("Đoàn du khách Việt tham quan Sevilla và Valencia trong mười ngày.")
    assert {"Sevilla", "Valencia"} <= set(trip.place) and not set(trip.org)
    named = found("Trận đấu diễn ra ở thành phố Sevilla, đội bóng chủ nhà ghi bàn sớm.")
    assert "Sevilla" in named.place
    league = found("Valencia đánh bại Getafe, bám đuổi Real Madrid trên bảng xếp hạng La Liga.")
    assert "Valencia" in league.org


def test_a_clubs_short_names_are_one_club() -> None:
    entities = found("Man Utd hòa Man City; MU vẫn đứng trên Barca, còn Barcelona thua trận đấu.")
    assert {"Manchester United", "Manchester City", "Barcelona"} == set(entities.org)


def test_a_list_that_trails_off_is_no_address() -> None:
    """`A, B, C...`: names listed on, not a ward and its district (`Yên Hòa, Cầu Giấy.`)."""
    listed = found("Tình trạng của Minh Tâm, Văn Toàn, Xuân Trường...đều rất ổn.")
    assert "Văn Toàn" not in listed.place
    address = found("Gia đình anh ở Yên Hòa, Cầu Giấy. Anh Tuấn cho biết như vậy.")
    assert {"Yên Hòa", "Cầu Giấy"} <= set(address.place)


def test_a_district_named_among_short_names_of_people_is_a_person() -> None:
    cast = found("Ca sĩ Minh Hằng, Xuân Trường và Đông Nhi tới dự đêm nhạc.")
    assert {"Minh Hằng", "Xuân Trường", "Đông Nhi"} <= set(cast.person)
    assert "Xuân Trường" not in cast.place
    home = found("Ông Nguyễn Văn Tư, Thanh Bình, Đồng Tháp cho biết như vậy.")
    assert {"Thanh Bình", "Đồng Tháp"} <= set(home.place)


def test_a_unit_named_after_a_river_or_a_mountain_keeps_that_word() -> None:
    entities = found("Trụ sở ở phường Sông Cầu và xã Núi Voi, thuộc thị xã Kỳ Anh.")
    assert {"Sông Cầu", "Núi Voi"} <= set(entities.place)
    assert not {"Cầu", "Voi"} & set(entities.place)


def test_a_side_is_no_place_but_a_region_named_with_one_is() -> None:
    side = found("Con đường phía Tây Bắc huyện Kỳ Anh đã xuống cấp.")
    assert "Tây Bắc" not in side.place and "Kỳ Anh" in side.place
    regions = found("Miền Tây Bắc mưa lớn; bão đi về phía Nam Trung Bộ.")
    assert {"Tây Bắc", "Nam Trung Bộ"} <= set(regions.place)


def test_a_husband_or_wife_called_ong_xa_or_ba_xa_is_a_person_not_a_commune() -> None:
    entities = found("Cô khoe ảnh ông xã Lâm Quang Dũng, còn anh đăng ảnh bà xã Ngọc Trinh.")
    assert {"Lâm Quang Dũng", "Ngọc Trinh"} <= set(entities.person)
    assert not entities.place


def test_a_federal_body_is_not_cut_at_its_lower_case_bang() -> None:
    entities = found("Cục Dự trữ Liên bang Mỹ tăng lãi suất; Tòa án Liên bang Úc bác đơn.")
    assert {"Cục Dự trữ Liên bang Mỹ", "Tòa án Liên bang Úc"} <= set(entities.org)


def test_a_ministers_portfolio_is_not_part_of_a_foreign_name() -> None:
    entities = found("Bộ Trưởng Tư Pháp Jeff Sessions gặp Chủ tịch Lee Jae-yong.")
    assert {"Jeff Sessions", "Lee Jae-yong"} <= set(entities.person)
    assert not entities.org


def test_a_canal_is_no_channel() -> None:
    entities = found("Thi thể nổi trên kênh Nước Lên; kênh Đông Ba có nhiều thuyền.")
    assert not entities.org


def test_a_population_office_is_not_cut_at_dan() -> None:
    entities = found("Chi cục Dân số - Kế hoạch hóa gia đình Hà Nội cho biết tỷ lệ tăng.")
    assert "Chi cục Dân" not in entities.org
    assert any(name.startswith("Chi cục Dân số") for name in entities.org)


def test_a_hospital_written_bv_is_an_organisation() -> None:
    entities = found("Bé được chuyển từ BV Ung Bướu về BV Bạch Mai điều trị tiếp.")
    assert {"BV Ung Bướu", "BV Bạch Mai"} <= set(entities.org)
    assert not entities.person


def test_a_head_that_ends_a_word_heads_nothing() -> None:
    """`thượng viện`, `thị trường`: the last syllable is a head's word, but not a head here."""
    entities = found("Phe thiểu số tại thượng viện Charles Schumer nói thị trường Việt ổn.")
    assert "Charles Schumer" in entities.person
    assert not entities.org


def test_a_list_after_one_administrative_word() -> None:
    entities = found("Lũ gây ngập các xã Phú Điền, Tân Lập và Hòa Phong của huyện miền núi.")
    assert {"Phú Điền", "Tân Lập", "Hòa Phong"} <= set(entities.place)


def test_stage_names_in_a_list_after_a_role() -> None:
    entities = found("Đêm nhạc có ca sĩ Mây Trắng, Hồng Vân và Gió Nam cùng biểu diễn.")
    assert {"Mây Trắng", "Hồng Vân", "Gió Nam"} <= set(entities.person)


def test_a_name_cut_to_a_final_initial() -> None:
    entities = found("Bị cáo Trịnh Văn K. cùng Phạm Thị H đã bị bắt.")
    assert {"Trịnh Văn K.", "Phạm Thị H"} <= set(entities.person)


def test_glued_caption_words_are_split() -> None:
    keys = [t.text for t in tokenize("xã Hòa LạcẢnh 2: Cuba.Hình 3 iPhone TP.HCM Q.Bình Thạnh")]
    assert keys[:4] == ["xã", "Hòa", "Lạc", "Ảnh"]
    assert "Cuba" in keys and "iPhone" in keys and "TP.HCM" in keys
    assert keys[-4:] == ["Q", ".", "Bình", "Thạnh"]


# --- bylines and photo credits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "people", "outlets"),
    [
        ("Minh Khôi (Theo Daily Mail)", ["Minh Khôi"], ["Daily Mail"]),
        ("Thanh Trúc (Tổng hợp)", ["Thanh Trúc"], []),
        ("Lan Chi(TH)", ["Lan Chi"], []),
        ("Hải Đăng/VOV.VN", ["Hải Đăng"], ["VOV.VN"]),
        ("CTV Phạm Tuệ", ["Phạm Tuệ"], []),
        ("Ảnh: Vũ Khoa/TTXVN", ["Vũ Khoa"], ["TTXVN"]),
        ("Bảo An - Hữu Tâm", ["Bảo An", "Hữu Tâm"], []),
        ("PV", [], []),
        # Bylines that end the body (the importer takes them off it).
        ("Lan Hương/Báo Tin tức", ["Lan Hương"], ["Báo Tin tức"]),
        ("Theo Kim Huệ/ Khoa học", ["Kim Huệ"], ["Khoa học"]),
        ("Quốc Bảo, Theo Trí Thức Trẻ", ["Quốc Bảo"], ["Trí Thức Trẻ"]),
        ("Thu Trang Tổng hợp", ["Thu Trang"], []),
        ("Theo Minh Đức tổng hợp/Nhịp sống", ["Minh Đức"], ["Nhịp sống"]),
        ("Gia Bảo (tổng hợp). Ảnh: Internet", ["Gia Bảo"], []),
        ("Tin, ảnh: Hồng Sơn (từ Viêng Chăn, Lào)", ["Hồng Sơn"], []),
        ("Ngọc Hà/VOV – Tây Nguyên", ["Ngọc Hà"], ["VOV", "Tây Nguyên"]),
        ("K. Ngân", ["K. Ngân"], []),
    ],
)
def test_byline_people_and_outlets(byline: str, people: list[str], outlets: list[str]) -> None:
    assert byline_people(byline) == people
    assert byline_outlets(byline) == outlets


def test_bylines_and_photo_credits_are_never_content_entities() -> None:
    entities = found(
        "Ông Trần Quốc Bảo thăm trường. (Ảnh: Đỗ Minh Tâm/TTXVN)\nBuổi lễ diễn ra ấm cúng.",
        author="Lê Hạnh Dung/Báo Nông Thôn",
    )
    assert entities.person == ("Trần Quốc Bảo",)
    assert "Báo Nông Thôn" not in entities.org and "TTXVN" not in entities.org


# --- the side-bar's order, and re-extraction -------------------------------------------------


def test_entities_the_article_is_about_come_first() -> None:
    entities = found(
        "Ông Đoàn Văn Phúc dự lễ. Ông Lưu Minh Trí phát biểu. Lưu Minh Trí nói thêm về dự án. "
        "Cuối buổi, ông Lưu Minh Trí cảm ơn khách.",
        title="Ông Hà Quang Vũ nhận bằng khen",
    )
    assert entities.person == ("Hà Quang Vũ", "Lưu Minh Trí", "Đoàn Văn Phúc")


def test_the_archive_records_its_extractor(tmp_path: Path) -> None:
    assert extractor_of(tmp_path) is None and is_outdated(tmp_path)
    mark_extractor(tmp_path)
    assert extractor_of(tmp_path) == EXTRACTOR_VERSION and not is_outdated(tmp_path)
    (tmp_path / ".reader-entities.json").write_text("not json", "utf-8")
    assert extractor_of(tmp_path) is None


def test_an_archive_re_extracted_before_version_7_is_told_to_re_extract(tmp_path: Path) -> None:
    assert EXTRACTOR_VERSION == 7
    for old in (1, 2, 3, 4, 5, 6):
        (tmp_path / ".reader-entities.json").write_text(f'{{"extractor": {old}}}\n', "utf-8")
        assert extractor_of(tmp_path) == old and is_outdated(tmp_path)


def test_numbered_districts_keep_their_word() -> None:
    entities = found("Cháy nhà ở Q.3, lan sang quận 10 và phường 7.")
    assert {"quận 3", "quận 10", "phường 7"} <= set(entities.place)


def test_a_list_introduced_after_the_administrative_word() -> None:
    entities = found("Tỉnh có 3 xã gồm: Phú Thịnh, Hòa Khánh và Tân Lộc được công nhận.")
    assert {"Phú Thịnh", "Hòa Khánh", "Tân Lộc"} <= set(entities.place)


def test_a_country_named_as_an_owner_or_a_sea_of_a_province() -> None:
    entities = found(
        "Thủy thủ trên tàu Panama gặp nạn ở vùng biển Quảng Ngãi; học sinh học tiếng Pháp."
    )
    assert {"Panama", "Quảng Ngãi"} <= set(entities.place)
    assert "Pháp" not in entities.place  # a language


def test_the_archive_does_not_correct_a_vietnamese_place_into_another() -> None:
    known = KnownNames.of([Entities(place=("Ninh Thuận", "Savannakhet"))])
    assert known.resolve("place", "Bình Thuận") == "Bình Thuận"
    assert known.resolve("place", "Sanvannakhet") == "Savannakhet"


def test_the_entity_view_finds_a_person_by_the_forms_the_side_bar_unifies() -> None:
    from reader.entities.catalog import resolve_name

    counts = {("person", "Walter Brennan"): 4, ("person", "Ri Chol Su"): 2, ("place", "Huế"): 3}
    assert resolve_name(counts, "Brennan") == ("person", "Walter Brennan")
    assert resolve_name(counts, "Ri Chol-su") == ("person", "Ri Chol Su")
    counts[("person", "Mary Brennan")] = 1
    assert resolve_name(counts, "Brennan") is None  # two of them: no guess


def test_the_archive_resolves_a_given_name_without_its_family_name() -> None:
    known = KnownNames.of([Entities(person=("Phùng Quốc Khánh", "Lê Văn Thắng"))])
    assert known.resolve("person", "Quốc Khánh") == "Phùng Quốc Khánh"
    assert known.resolve("person", "Văn Thắng") == "Văn Thắng"  # `Văn` is also a family name
    restored = KnownNames.from_json(known.to_json())
    assert restored.resolve("person", "Quốc Khánh") == "Phùng Quốc Khánh"


def test_a_foreign_name_misspelt_once_is_one_person() -> None:
    entities = found(
        "Thống đốc bang Roderick Hallström tiếp đoàn. Sau đó, Roderick Hallstrom tiễn khách. "
        "Ông Nguyễn Văn Hòa và ông Nguyễn Văn Hoà dự."
    )
    assert [p for p in entities.person if p.startswith("Roderick")] == ["Roderick Hallström"]
    assert "Hallström" not in entities.place and "Roderick Hallström" not in entities.place


def test_a_school_named_after_a_person_then_its_teacher() -> None:
    entities = found(
        "Hiệu trưởng trường THPT Chu Văn An Đặng Thị Thu Hà cho biết; "
        "bệnh nhân được đưa tới Bệnh viện Hữu nghị Việt Tiệp."
    )
    assert "Trường THPT Chu Văn An" in entities.org
    assert "Đặng Thị Thu Hà" in entities.person
    assert "Chu Văn An" not in entities.person
    assert "Bệnh viện Hữu nghị Việt Tiệp" in entities.org


# --- an outlet or company typed by the word before it (tờ, báo, kênh, hãng, theo) -----------


def test_a_name_after_an_outlet_word_is_an_organisation_not_a_person() -> None:
    entities = found(
        "Tờ Zeitblatt cho hay cầu thủ sẽ ở lại. Theo Northwind Herald, thương vụ đã xong. "
        "Kênh truyền hình Telecanal Sur và báo Đời Sống Mới cũng đưa tin; hãng xe Hàn Quốc "
        "Korumo giảm giá."
    )
    assert {"Zeitblatt", "Northwind Herald", "Telecanal Sur", "Đời Sống Mới", "Korumo"} <= set(
        entities.org
    )
    assert not any("Zeitblatt" in p for p in entities.person)
    assert "Hàn Quốc" in entities.place


def test_an_outlet_word_does_not_type_a_place_a_person_or_half_a_word() -> None:
    entities = found(
        "Hôm qua báo Mỹ đưa tin ông Lâm sẽ tới. Lời thông báo Minh Hoa sẽ về khiến khán giả vui. "
        "Cũng theo Alice, chưa có cách chữa. Bà Alice Brandt cho biết như vậy."
    )
    assert entities.org == ()
    assert "Hoa Kỳ" in entities.place


# --- one organisation, two forms: an abbreviation the article defines -----------------------


def test_an_abbreviation_defined_in_brackets_is_its_organisation() -> None:
    entities = found(
        "Tổng công ty Đường sắt Phương Nam (VTPN) cho biết tàu đã cập cảng. Sau đó VTPN "
        "cũng cho hay sẽ bồi thường. Liên minh châu Âu (EU) hoan nghênh; EU sẽ hỗ trợ."
    )
    assert entities.org.count("Tổng công ty Đường sắt Phương Nam") == 1
    assert "VTPN" not in entities.org
    assert entities.org.count("EU") == 1
    assert "Liên minh châu Âu" not in entities.org


def test_an_organisation_keeps_its_country_as_written() -> None:
    entities = found("Người phát ngôn Bộ Ngoại giao Mỹ nói hôm qua.")
    assert "Bộ Ngoại giao Mỹ" in entities.org


# --- parties, and bodies written in lower case before their unit -----------------------------


def test_a_party_is_an_organisation() -> None:
    entities = found(
        "Hội nghị của Đảng Cộng sản Cuba đã bế mạc. Nghị sĩ đảng Bảo thủ cầm quyền phản đối, "
        "còn đảng PVV của ông Henk Blom thì ủng hộ. Đảng và Nhà nước luôn quan tâm."
    )
    assert {"Đảng Cộng sản Cuba", "Đảng Bảo thủ", "PVV"} <= set(entities.org)
    assert not any(o.startswith("Đảng và") for o in entities.org)


def test_a_lower_case_body_before_its_unit_is_an_organisation() -> None:
    entities = found(
        "Công an thị xã Thuận Phong đã vào cuộc. Hồ sơ được chuyển sang viện kiểm sát nhân dân "
        "huyện Nhơn Trạch; nạn nhân nằm ở bệnh viện đa khoa tỉnh Bình Dương."
    )
    assert {
        "Công an thị xã Thuận Phong",
        "Viện kiểm sát nhân dân huyện Nhơn Trạch",
        "Bệnh viện đa khoa tỉnh Bình Dương",
    } <= set(entities.org)


# --- people: glued next sentence, an age, person nouns, lists that a full name starts -------


def test_a_foreign_name_stops_before_a_glued_next_sentence() -> None:
    entities = found(
        "Đội bóng ký với HLV Marco Pellan Sáng nay (ngày 6.2), HLV Marco Pellan gặp đội. "
        "Ông Lý Văn Thọ ký hợp đồng với HLV Marco Pellan Ông bầu Trần Anh Dũng tới thăm."
    )
    assert "Marco Pellan" in entities.person
    assert not any(p.endswith(("Sáng", "Ông")) for p in entities.person)


def test_a_foreign_name_given_an_age_is_a_person() -> None:
    entities = found("Đội hình trẻ gồm Kovalski (23 tuổi) và Brandao, 21 tuổi, cùng nhiều người.")
    assert {"Kovalski", "Brandao"} <= set(entities.person)


def test_person_nouns_type_the_name_after_them_in_either_spelling() -> None:
    entities = found(
        "Nghệ sỹ Hải Yên hài hước nhận xét. Anh khoe ảnh với đồng đội Torvaldo. "
        "Người đồng cấp Ai Cập Karim Fathy cũng dự."
    )
    assert {"Hải Yên", "Torvaldo", "Karim Fathy"} <= set(entities.person)
    assert "Ai Cập" in entities.place


def test_a_list_begun_by_a_full_name_goes_on_with_people() -> None:
    entities = found("Cuộc khẩu chiến giữa Hồ Ngọc Hân và Minh Hằng vẫn chưa dứt.")
    assert {"Hồ Ngọc Hân", "Minh Hằng"} <= set(entities.person)


# --- companies named in lower case over long stretches; names cut at lower case -------------


def test_a_company_reads_on_through_its_lines_of_business() -> None:
    entities = found(
        "Công ty trách nhiệm hữu hạn thương mại và xuất nhập khẩu Minh Khang đã nộp phạt. "
        "Công ty cổ phần Anh Quân và Công ty Nhựa Trường Thịnh cũng bị kiểm tra."
    )
    assert {
        "Công ty trách nhiệm hữu hạn thương mại và xuất nhập khẩu Minh Khang",
        "Công ty cổ phần Anh Quân",  # the legal form as written
        "Công ty Nhựa Trường Thịnh",
    } <= set(entities.org)
    assert entities.person == ()


def test_an_organisation_name_cut_at_its_lower_case_words_is_left_out() -> None:
    entities = found("Cục Thương mại điện tử và Công ty Sản xuất thiết bị y tế Rhenmed đã ký.")
    assert "Cục Thương mại" not in entities.org
    assert "Công ty Sản xuất" not in entities.org


# --- foreign names with no cue: confirmed by the article ------------------------------------


def test_lone_foreign_names_are_people_when_the_article_confirms_them() -> None:
    entities = found(
        "Đội chủ nhà thắng nhờ các bàn của Kovacic (12') và Dellano (70'). "
        "Kovacic, Brennig và Ostaro ở lại sân lâu nhất. Tiền vệ Rafael Quintero nghỉ trận này. "
        "Quintero và Mordent ôm nhau ăn mừng."
    )
    assert {"Kovacic", "Dellano", "Brennig", "Ostaro", "Mordent"} <= set(entities.person)
    assert "Rafael Quintero" in entities.person and "Quintero" not in entities.person


def test_foreign_names_without_a_confirmed_person_stay_out() -> None:
    entities = found(
        "Ông Lê Văn Toàn từng đến Old Berrow, Fenwick kể lại. "  # an apposition, not a list
        "Cửa hàng bán các thương hiệu như Zarelo, Bruvino và Ralph Loren. "  # brands
        "Kovacic ghi bàn cho đội khách."
    )
    assert not {"Old Berrow", "Zarelo", "Bruvino"} & set(entities.person)


def test_a_company_keeps_its_legal_form_as_written_and_its_short_form_is_the_same() -> None:
    entities = found(
        "Công ty cổ phần Đầu tư Hòa Khánh (Công ty ĐTHK) ký hợp đồng. Sau đó Công ty ĐTHK "
        "thuê thêm đất. Công ty CP Minh Tâm và Công ty cổ phần Minh Tâm là một."
    )
    assert entities.org == ("Công ty cổ phần Đầu tư Hòa Khánh", "Công ty CP Minh Tâm")


# --- addresses: streets and wards named after people ----------------------------------------


def test_streets_after_house_numbers_of_every_shape_are_not_people() -> None:
    entities = found(
        "Mất điện từ số nhà 3 đến số nhà 41 Ngõ 15 Trần Văn Khải, ngách 15/22 Phạm Ngọc Sơn, "
        "số nhà 7 và 9 Lý Đình Cẩn. Cửa hàng Bình Minh:14 Đỗ Hữu Vị cũng tạm nghỉ."
    )
    for street in ("Trần Văn Khải", "Phạm Ngọc Sơn", "Lý Đình Cẩn", "Đỗ Hữu Vị"):
        assert street not in entities.person


def test_a_ward_before_its_district_is_a_place_not_a_person() -> None:
    entities = found(
        "Cắt điện toàn bộ ngõ 40 - Lương Hòa - Thanh Xuân. Khu tập thể Mai Lộc, Cầu Giấy, "
        "Hà Nội cũng bị ảnh hưởng, cả số nhà 9 Phường Lê Hạnh."
    )
    assert not {"Lương Hòa", "Mai Lộc", "Lê Hạnh"} & set(entities.person)
    assert {"Lương Hòa", "Mai Lộc", "Thanh Xuân", "Cầu Giấy"} <= set(entities.place)


def test_a_date_an_account_number_or_a_unit_number_is_no_house_number() -> None:
    entities = found(
        "Sáng 12-4, Lê Văn Tính (30 tuổi) bị bắt. Số tài khoản: 0011002643148 Ngân hàng Hòa Phát. "
        "Tổ công tác của Đội CSGT số 2, Phòng Cảnh sát giao thông Hà Nội có mặt."
    )
    assert "Lê Văn Tính" in entities.person
    assert "Ngân hàng Hòa Phát" in entities.org


# --- words glued to a name: a title-case word, a title, a business, a horoscope -------------


def test_a_name_does_not_take_the_first_syllable_of_the_next_word() -> None:
    entities = found(
        "Thủ tướng cùng Đoàn Cấp cao Việt Nam tới Berlin. Lịch cắt điện Đà Nẵng Chi tiết "
        "như sau. Ông Lê Văn Thục Cụ thể, ông kể lại."
    )
    assert not {"Đoàn Cấp", "Đà Nẵng Chi", "Lê Văn Thục Cụ"} & set(entities.person)
    assert "Lê Văn Thục" in entities.person


def test_a_head_of_department_title_and_a_household_business_are_not_people() -> None:
    entities = found(
        "Theo kết luận, bà Trịnh Thị Vân, Trưởng Bộ môn Toán của trường bị phê bình. Hộ kinh "
        "doanh Lê Văn Tùng và hộ kinh doanh cá thể Đào Minh Khoa bị phạt."
    )
    assert "Trịnh Thị Vân" in entities.person
    assert not {"Trưởng Bộ", "Lê Văn Tùng", "Đào Minh Khoa"} & set(entities.person)


def test_horoscope_terms_are_not_people() -> None:
    entities = found(
        "Năm nay người tuổi Ngọ xung Thái Tuế, Bính Hỏa là Tài Tinh của Tý Thủy, lại gặp hung "
        "tinh Quan Phù, Câu Giảo."
    )
    assert entities.person == ()


def test_codes_of_law_the_press_and_a_line_up_are_not_organisations() -> None:
    entities = found(
        "Theo Bộ Luật hình sự và Bộ luật Dân sự 2015, báo cáo được gửi. Báo chí Hàn Quốc "
        "đưa tin. Đội hình Benfica: Varela, Costa."
    )
    assert entities.org == ("Benfica",)  # the club is one; its line-up is not


# --- organisations: police fields, joined names, their own place names, addresses ----------


def test_a_police_unit_keeps_its_field_and_its_defined_code() -> None:
    entities = found(
        "Phòng CSĐT tội phạm về kinh tế và chức vụ (PC46) Công an tỉnh Hòa Bình cho biết đã "
        "phối hợp với Cục CSĐT tội phạm về môi trường (C49) Bộ Công an."
    )
    assert "Phòng CSĐT tội phạm về kinh tế và chức vụ" in entities.org
    assert "Cục CSĐT tội phạm về môi trường" in entities.org
    assert not {"Phòng CSĐT", "Cục CSĐT", "PC46", "C49"} & set(entities.org)


def test_names_joined_by_a_hyphen_or_an_ampersand_are_one_name_as_written() -> None:
    entities = found(
        "Sở LĐ-TB&XH tỉnh Kon Tum và Tập đoàn Halden & Moser ký kết; Trường Đại học Nhật - "
        "Việt tuyển sinh, cùng Bệnh viện Việt Nam-Cuba Đồng Hới."
    )
    assert {
        "Sở LĐ-TB&XH tỉnh Kon Tum",
        "Tập đoàn Halden & Moser",
        "Đại học Nhật - Việt",
        "Bệnh viện Việt Nam-Cuba Đồng Hới",
    } <= set(entities.org)


def test_an_organisation_keeps_its_own_name_for_a_city_and_stops_at_its_address() -> None:
    entities = found(
        "Công ty Cấp nước Sài Gòn tăng giá. Công ty Hòa Bình Việt Nam xã Tân Phú đóng cửa. "
        "Bộ Nội vụ gửi UBND các tỉnh Gia Lai và Kon Tum công văn."
    )
    assert "Công ty Cấp nước Sài Gòn" in entities.org
    assert "Công ty Hòa Bình Việt Nam" in entities.org
    assert not any(name.startswith("UBND") for name in entities.org)
    assert {"Gia Lai", "Kon Tum", "Tân Phú"} <= set(entities.place)


def test_a_name_joined_by_a_dash_is_one_place() -> None:
    entities = found("Du khách tới Bà Rịa – Vũng Tàu rồi ra Thừa Thiên – Huế trong một tuần.")
    assert {"Bà Rịa - Vũng Tàu", "Thừa Thiên Huế"} <= set(entities.place)
    assert not {"Bà Rịa", "Vũng Tàu", "Thừa Thiên"} & set(entities.place)


def test_a_national_body_reads_on_in_lower_case_to_its_country() -> None:
    entities = found(
        "Tổng công ty Đầu tư phát triển hạ tầng giao thông Việt Nam (VPD) sẽ mời thầu. Tàu "
        "của Trung tâm cứu hộ đường thủy Việt Nam đã tới nơi. Hiệp hội các nhà nhập khẩu rau quả "
        "Việt Nam cho biết giá giảm. Bộ Y tế cảnh báo người dân Việt Nam. Bảng giá do Bộ Tài "
        "chính ban hành đang có hiệu lực."
    )
    assert {
        "Tổng công ty Đầu tư phát triển hạ tầng giao thông Việt Nam",
        "Trung tâm cứu hộ đường thủy Việt Nam",
        "Hiệp hội các nhà nhập khẩu rau quả Việt Nam",
        "Bộ Y tế",
        "Bộ Tài chính",
    } <= set(entities.org)
    assert not {"Tổng công ty Đầu tư", "Trung tâm", "Hiệp hội"} & set(entities.org)
    assert not any(name.startswith(("Bộ Y tế ", "Bộ Tài chính ")) for name in entities.org)


def test_a_list_of_places_stops_at_a_word_or_a_numbered_unit() -> None:
    entities = found(
        "Mất điện ở xã Yên Thái, Cấp nước Đồng Lạc và xã Phú Đông, Cụm 7 thị trấn Kim Bài; "
        "các xã Tân Lập, Tân Hòa và Phú Lâm không bị ảnh hưởng."
    )
    assert {"Yên Thái", "Phú Đông", "Tân Lập", "Tân Hòa", "Phú Lâm"} <= set(entities.place)
    assert not {"Cấp", "Cụm"} & set(entities.place)


def test_a_city_written_two_ways_inside_a_name_is_one_organisation_as_first_written() -> None:
    entities = found(
        "Công an TP.HCM vừa bắt hai đối tượng. Theo Công an TP Hồ Chí Minh, hai người này "
        "đã khai nhận. Sở Y tế Đà Nẵng và Sở Y tế TP Đà Nẵng là một; Đại sứ quán Mỹ và Đại "
        "sứ quán Hoa Kỳ cũng vậy."
    )
    assert entities.org.count("Công an TP.HCM") == 1
    assert not any("Hồ Chí Minh" in name for name in entities.org)
    assert len([name for name in entities.org if name.startswith("Sở Y tế")]) == 1
    assert len([name for name in entities.org if name.startswith("Đại sứ quán")]) == 1
    assert "Đại sứ quán Mỹ" in entities.org


def test_a_body_cut_at_its_lower_case_words_is_the_whole_one_or_none() -> None:
    entities = found(
        "Ông Hà, Trưởng trạm, Ban Quản lý rừng đặc dụng Tân Phú, bị kỷ luật. Sau đó Ban Quản "
        "lý cử người kiểm tra. Ban Quản lý dự án giao thông 3 mời thầu. Ngân hàng Nhà nước "
        "và Ngân hàng Nhà nước chi nhánh Lâm Đồng họp."
    )
    assert "Ban Quản lý rừng đặc dụng Tân Phú" in entities.org
    assert "Ban Quản lý" not in entities.org
    assert "Ngân hàng Nhà nước" in entities.org


def test_a_brand_alone_and_with_its_head_is_one_organisation() -> None:
    entities = found(
        "Tập đoàn xây dựng Korvex vừa trúng thầu; Korvex sẽ khởi công tháng sau. Theo R&M "
        "Global Ratings, nợ công giảm, R&M cho biết. Công ty TNHH Du lịch sinh thái Bến Ngự "
        "mở tour; đại diện Công ty Bến Ngự nói. Ủy ban kỷ luật UEFA đã họp. UEFA chưa lên tiếng."
    )
    orgs = set(entities.org)
    assert "Korvex" not in orgs and "Tập đoàn xây dựng Korvex" in orgs
    assert "R&M" not in orgs and "R&M Global Ratings" in orgs
    assert "Công ty Bến Ngự" not in orgs
    assert "UEFA" in orgs  # a committee of a body is not the body


def test_a_place_spelt_with_i_for_a_final_y_is_that_place() -> None:
    entities = found("Sản phẩm đạt tiêu chuẩn Hoa Kì sẽ bán ở Mĩ Tho và cho người Mĩ.")
    assert {"Hoa Kỳ", "Mỹ Tho"} <= set(entities.place)
    assert not entities.person


def test_a_country_written_with_a_lower_case_last_syllable_is_that_country() -> None:
    entities = found(
        "Ông Tom Reid, Hội Tim mạch Anh quốc, cho biết hàng Trung quốc và sâm Hàn quốc tràn "
        "về; ông đến Anh Quốc hôm qua. Anh em ông vẫn ở nhà."
    )
    assert {"Anh", "Trung Quốc", "Hàn Quốc"} <= set(entities.place)
    assert "Hội Tim mạch Anh quốc" in entities.org
    assert "Quốc" not in entities.person


def test_a_country_named_foreign_word_before_one_more_is_a_first_name_or_a_brand() -> None:
    entities = found(
        "Jordan Mills, nhà phân tích ở London, nhận định giá dầu sẽ tăng. Thủ tướng Israel "
        "Avi Golan cũng dự. Người phát ngôn hãng hàng không Kenya Airways xác nhận."
    )
    assert "Jordan Mills" in entities.person
    assert "Jordan" not in entities.place
    assert "Israel" in entities.place and "Avi Golan" in entities.person
    assert any(name.endswith("Kenya Airways") for name in entities.org)


def test_a_name_typed_as_a_work_is_no_entity_where_it_is_written_again() -> None:
    entities = found(
        "Chương trình The Voyage mùa đầu khép lại. Nhà sản xuất The Voyage lên tiếng; giám "
        "khảo The Voyage là Lan Chi. Phim Người Gác Đêm ra rạp, đạo diễn Người Gác Đêm nói. "
        "Người dẫn chương trình Mark Dolan hỏi, Mark Dolan cười."
    )
    assert not {"The Voyage", "Người Gác Đêm"} & set(entities.org + entities.person)
    assert "Mark Dolan" in entities.person


def test_a_province_after_a_national_body_names_its_chapter_a_commune_its_address() -> None:
    entities = found(
        "Hội hữu nghị Việt Nam - Campuchia tỉnh An Giang tổ chức gặp mặt. "
        "Công ty TNHH Minh Phát Việt Nam xã Hòa Lạc bị phạt."
    )
    assert "Hội hữu nghị Việt Nam - Campuchia tỉnh An Giang" in entities.org
    assert "Công ty TNHH Minh Phát Việt Nam" in entities.org


def test_a_title_abbreviation_before_a_name_makes_a_person() -> None:
    entities = found("Theo LS Vinh, quy định này chưa rõ. KTS Ileana Moraru cho biết thêm.")
    assert "Vinh" not in entities.place
    assert "Ileana Moraru" in entities.person


def test_a_legal_document_ends_an_organisation_and_is_none() -> None:
    entities = found(
        "Trong đó Bộ Xây dựng nêu rõ Nghị định 12/2015 của Chính phủ. Doanh nghiệp làm "
        "theo Công văn 4512/2016 của Sở Công Thương."
    )
    assert "Bộ Xây dựng" in entities.org
    assert not [o for o in entities.org if "Nghị" in o or "Công văn" in o]


def test_a_sentence_opening_adverb_after_an_abbreviated_prefix_is_no_place() -> None:
    entities = found("Xe được lắp bộ kit Alpha-X. Hiện hãng Beta Works chưa công bố giá.")
    assert "Hiện" not in entities.place


def test_a_landmark_head_makes_the_foreign_name_after_it_no_person() -> None:
    entities = found("Ông gọi điện cho các nghị sĩ tại Đồi Rushmore để thuyết phục họ.")
    assert not [p for p in entities.person if "Rushmore" in p]


def test_an_organisation_cut_after_one_syllable_is_whole_or_none() -> None:
    entities = found("Tỉnh muốn thành lập Trường ĐH Hàng hải tại đây, ông nói.")
    assert not [o for o in entities.org if o.endswith(" Hàng")]


def test_university_heads_written_three_ways_are_one_organisation() -> None:
    entities = found(
        "Trường ĐH Nông Lâm tuyển sinh. Đại học Nông Lâm có 20 ngành. "
        "Trường Đại học Nông Lâm công bố điểm."
    )
    assert [o for o in entities.org if "Nông Lâm" in o] == ["Đại học Nông Lâm"]


def test_a_media_cue_in_a_list_of_varieties_is_no_broadcaster() -> None:
    entities = found("Nông dân trồng các giống lúa như OM 6976, Đài Hương 5 và Jasmine.")
    assert not [o for o in entities.org if "Hương" in o]


def test_a_country_after_an_occupation_is_its_nationality_after_a_word_of_address_a_name() -> None:
    entities = found(
        "Nhiều sinh viên Lào đang học tại đây. Các nhà khoa học Pháp đã chỉ ra điều đó. "
        "Bà Nga cho biết bà Nga sẽ về quê. Theo LS Mỹ, vụ việc chưa rõ."
    )
    assert {"Lào", "Pháp"} <= set(entities.place)
    assert not {"Nga", "Mỹ"} & set(entities.place)


# --- national bodies whose names go on in lower case ----------------------------------------


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Phó Thủ tướng đề nghị Bộ Giao thông vận tải rà soát quy định.", "Bộ Giao thông vận tải"),
        ("Đoàn của Ủy ban An toàn giao thông quốc gia làm việc tại tỉnh.", None),
        ("Bộ Nông nghiệp và Phát triển Nông thôn vừa ban hành văn bản.", None),
        ("Sau đó Bộ Thông tin và Truyền thông cấp phép cho hai doanh nghiệp.", None),
    ],
)
def test_a_national_body_is_read_whole_whatever_the_case_of_its_last_words(
    text: str, org: str | None
) -> None:
    """The rules stop at the first lower-case word (`Ủy ban An toàn`) or run on into the
    verb after the name (`Bộ Thông tin và Truyền thông cấp phép`): a body of the state is
    known by name, written either way."""
    (name,) = found(text).org
    assert name.casefold() in text.casefold(), name
    assert org is None or name == org
    assert len(name.split()) >= 5, name  # not cut at its first lower-case word
    assert not any(name.endswith(f" {verb}") for verb in ("rà", "làm", "vừa", "cấp")), name


def test_a_foreign_ministry_keeps_its_country_after_a_source_cue() -> None:
    entities = found("Theo Bộ Tài chính Mỹ, lệnh trừng phạt có hiệu lực ngay.")
    assert entities.org == ("Bộ Tài chính Mỹ",)


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("Chủ tịch tỉnh yêu cầu Sở Tài chính báo cáo trước ngày 10.", "Sở Tài chính"),
        ("Tiền đạo người Bỉ cập bến Chelsea với giá kỷ lục.", "Chelsea"),
    ],
)
def test_a_word_ending_in_a_skipped_prefix_prefixes_nothing(text: str, org: str) -> None:
    """`cầu` (bridge) and `bến` (wharf) name what follows them, but not as the last syllable
    of `yêu cầu` (to request) or `cập bến` (to dock, to join)."""
    assert org in found(text).org
