"""Canonical names: aliases, spelling, near spellings, and no merging of different people."""

from __future__ import annotations

import pytest

from reader.entities.canonical import canonical_org, canonical_person, canonical_place, tidy
from reader.entities.fuzzy import closest, levenshtein


@pytest.mark.parametrize("name", ["TP Cần Thơ", "TP. Cần Thơ", "thành phố Cần Thơ", "Cần Thơ"])
def test_can_tho_spellings(name: str):
    assert canonical_place(name) == "Cần Thơ"


@pytest.mark.parametrize(
    "name",
    ["TP.HCM", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh", "TPHCM", "Sài Gòn", "Ho Chi Minh City"],
)
def test_ho_chi_minh_city_spellings(name: str):
    assert canonical_place(name) == "TP. Hồ Chí Minh"


@pytest.mark.parametrize("name", ["CHDCND Lào", "Cộng hòa Dân chủ Nhân dân Lào", "Laos", "Lào"])
def test_laos_spellings(name: str):
    assert canonical_place(name) == "Lào"


def test_tone_placement_is_unified():
    assert canonical_place("Khánh Hoà") == "Khánh Hòa"
    assert canonical_person("Lê Thị Hoà") == canonical_person("Lê Thị Hòa") == "Lê Thị Hòa"
    assert tidy("Thuỷ") == "Thủy"


def test_organisation_words_have_one_spelling():
    assert canonical_org("Uỷ ban nhân dân TP Cần Thơ") == "UBND TP Cần Thơ"
    assert canonical_org("Ủy ban nhân dân TP Cần Thơ") == "UBND TP Cần Thơ"
    assert canonical_org("Hội Hữu nghị Việt Nam - Lào") == "Hội hữu nghị Việt Nam - Lào"
    assert canonical_org("Uỷ ban Dân tộc") == "Ủy ban Dân tộc"


def test_organisation_aliases():
    assert canonical_org("Cơ quan Hợp tác Quốc tế Nhật Bản") == "JICA"
    assert canonical_org("United Nations") == "Liên hợp quốc"


@pytest.mark.parametrize("name", ["Sanvannakhet", "tỉnh Sanvannakhet", "Savanakhet", "Xavannakhet"])
def test_near_spellings_of_a_known_place_resolve(name: str):
    assert canonical_place(name) == "Savannakhet"


def test_short_names_are_not_guessed():
    assert canonical_place("Biển Hồ") == "Biển Hồ"
    assert closest("Bien Ho", ["Biên Hòa"]) is None


def test_ties_resolve_to_nothing():
    assert closest("Abcdefgh", ["Abcdefgx", "Abcdefgy"]) is None


def test_people_are_never_matched_by_spelling():
    assert canonical_person("Nguyễn Thực Hiên") == "Nguyễn Thực Hiên"
    assert canonical_person("Nguyễn Văn Hải") != canonical_person("Nguyễn Văn Hài")


def test_levenshtein():
    assert levenshtein("sanvannakhet", "savannakhet") == 1
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("abc", "abcdef", limit=1) == 2


def test_known_names_resolve_safely():
    from reader.entities.known import KnownNames
    from reader.model.article import Entities

    known = KnownNames.of(
        [
            Entities(
                person=("Nguyễn Thực Hiện", "Nguyễn Văn Hải", "Nguyễn Văn Hài"),
                place=("Savannakhet",),
                org=("Liên hiệp các tổ chức hữu nghị TP Cần Thơ",),
            )
        ]
    )
    assert known.resolve("person", "Nguyen Thuc Hien") == "Nguyễn Thực Hiện"
    assert known.resolve("person", "Nguyen Van Hai") == "Nguyen Van Hai"
    assert known.resolve("person", "Nguyễn Thực Hiên") == "Nguyễn Thực Hiên"
    assert known.resolve("place", "Sanvannakhet") == "Savannakhet"
    assert known.resolve("org", "liên hiệp các tổ chức hữu nghị TP Cần Thơ") == (
        "Liên hiệp các tổ chức hữu nghị TP Cần Thơ"
    )


def test_a_body_named_by_another_acronym_is_another_body():
    from reader.entities.known import KnownNames
    from reader.model.article import Entities

    known = KnownNames.of([Entities(org=("UBND TP Cần Thơ", "Sở GTVT TP Đà Nẵng"))])
    # Two letters apart, and as long as a foreign name that a near spelling may correct:
    # the acronym says it is the council, not the people's committee.
    assert known.resolve("org", "HĐND TP Cần Thơ") == "HĐND TP Cần Thơ"
    assert known.resolve("org", "Sở GTVT TP Đà Năng") == "Sở GTVT TP Đà Nẵng"
