"""The gazetteer data: Vietnam's provinces before and after 2025, neighbours, countries."""

from __future__ import annotations

from reader.entities.gazetteer import gazetteer

VN_UNITS = ("vn_city", "vn_province")


def units(*statuses: str) -> set[str]:
    return {p.name for p in gazetteer().places if p.kind in VN_UNITS and p.status in statuses}


def test_sixty_three_former_provinces_and_cities():
    assert len(units("both", "former")) == 63


def test_thirty_four_current_provinces_and_cities():
    current = units("both", "current")
    assert len(current) == 34
    assert {"Huế", "Cần Thơ", "TP. Hồ Chí Minh", "An Giang"} <= current
    assert "Thừa Thiên Huế" not in current


def test_former_names_stay_known():
    assert gazetteer().find("Hậu Giang").status == "former"
    assert gazetteer().find("Bà Rịa - Vũng Tàu").kind == "vn_province"


def test_lao_cambodian_and_chinese_provinces():
    for name in ("Savannakhet", "Champasak", "Vientiane", "Luang Prabang"):
        place = gazetteer().find(name)
        assert place is not None and place.country == "Lào" and place.name == name
    assert gazetteer().find("Svay Rieng").country == "Campuchia"
    assert gazetteer().find("Vân Nam").country == "Trung Quốc"


def test_countries_in_both_languages():
    for vietnamese, english in [("Lào", "Laos"), ("Hàn Quốc", "South Korea"), ("Đức", "Germany")]:
        place = gazetteer().find(english)
        assert place is not None and place.name == vietnamese and place.is_country


def test_lookup_ignores_case_tones_and_diacritics():
    assert gazetteer().find("khánh hoà").name == "Khánh Hòa"
    assert gazetteer().find("Can Tho").name == "Cần Thơ"


def test_loaded_once():
    assert gazetteer() is gazetteer()
