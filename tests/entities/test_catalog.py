"""The catalogue's pure functions: ranking, name look-up, aliases, month spans."""

from __future__ import annotations

from reader.entities.catalog import (
    EntityCount,
    aliases_of,
    folded_index,
    month_span,
    ranked,
    resolve_name,
)

COUNTS = {
    ("place", "Cần Thơ"): 34,
    ("place", "Lào"): 30,
    ("place", "TP. Hồ Chí Minh"): 5,
    ("person", "Nguyễn Thực Hiện"): 3,
    ("person", "Nguyễn Thị Hiền"): 2,
    ("person", "Nguyễn Thị Hiến"): 1,
    ("org", "UBND TP Cần Thơ"): 8,
}


def test_ranked_by_count_then_name_and_filtered_by_kind() -> None:
    assert ranked(COUNTS, top=2) == [
        EntityCount("place", "Cần Thơ", 34),
        EntityCount("place", "Lào", 30),
    ]
    people = ranked(COUNTS, kind="person")
    assert [p.name for p in people] == ["Nguyễn Thực Hiện", "Nguyễn Thị Hiền", "Nguyễn Thị Hiến"]
    assert ranked(COUNTS, top=0) == []


def test_resolve_as_written_and_without_diacritics() -> None:
    assert resolve_name(COUNTS, "Cần Thơ") == ("place", "Cần Thơ")
    assert resolve_name(COUNTS, "can tho") == ("place", "Cần Thơ")
    assert resolve_name(COUNTS, "  NGUYEN   thuc hien ") == ("person", "Nguyễn Thực Hiện")
    assert resolve_name(COUNTS, "can tho", kind="org") is None
    assert resolve_name(COUNTS, "nobody") is None
    assert resolve_name(COUNTS, "") is None


def test_diacritics_typed_are_kept() -> None:
    assert resolve_name(COUNTS, "Nguyễn Thị Hiến") == ("person", "Nguyễn Thị Hiến")
    assert resolve_name(COUNTS, "nguyễn thị hiền") == ("person", "Nguyễn Thị Hiền")
    # Folded, both names match: the more mentioned one wins.
    assert resolve_name(COUNTS, "nguyen thi hien") == ("person", "Nguyễn Thị Hiền")


def test_resolve_through_the_alias_table() -> None:
    assert resolve_name(COUNTS, "TP.HCM") == ("place", "TP. Hồ Chí Minh")
    assert resolve_name(COUNTS, "Thành phố Hồ Chí Minh") == ("place", "TP. Hồ Chí Minh")
    assert resolve_name(COUNTS, "CHDCND Lào") == ("place", "Lào")
    assert resolve_name(COUNTS, "thành phố Cần Thơ") == ("place", "Cần Thơ")
    index = folded_index(COUNTS)
    assert resolve_name(COUNTS, "tp.hcm", folded=index) == ("place", "TP. Hồ Chí Minh")


def test_aliases_from_tables_and_from_the_archive() -> None:
    hcm = aliases_of("place", "TP. Hồ Chí Minh")
    assert "TP.HCM" in hcm and "Sài Gòn" in hcm and "TP. Hồ Chí Minh" not in hcm
    assert "CHDCND Lào" in aliases_of("place", "Lào")
    seen = aliases_of("person", "Nguyễn Thực Hiện", ["Nguyễn Thực Hiện", "Nguyen Thuc Hien"])
    assert seen == ("Nguyen Thuc Hien",)


def test_month_span_fills_the_gaps() -> None:
    assert month_span({}) == ()
    assert month_span({"2022-11": 2, "2023-02": 1}) == (
        ("2022-11", 2),
        ("2022-12", 0),
        ("2023-01", 0),
        ("2023-02", 1),
    )
