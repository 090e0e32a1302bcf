"""The English rules: honorifics, organisation words, the gazetteer, plain capitalised names."""

from __future__ import annotations

from reader.entities.english import english_mentions


def found(text: str, kind: str) -> list[str]:
    return [m.name for m in english_mentions(text) if m.kind == kind]


def test_person_after_honorific_and_title():
    text = "Mr Nguyen Thuc Hien met Ms Phimpha Keomixay and President John Smith."
    assert found(text, "person") == ["Nguyen Thuc Hien", "Phimpha Keomixay", "John Smith"]


def test_people_s_committee_names_the_vietnamese_organisation():
    text = "Vice Chairman of the Can Tho City People's Committee Nguyen Thuc Hien spoke."
    assert found(text, "org") == ["UBND TP Cần Thơ"]
    assert found(text, "person") == ["Nguyen Thuc Hien"]


def test_organisations_by_their_words():
    text = (
        "Officials from the Ministry of Foreign Affairs, Harvard University and the "
        "Can Tho Union of Friendship Organisations met WHO experts."
    )
    assert found(text, "org") == [
        "Ministry of Foreign Affairs",
        "Harvard University",
        "Can Tho Union of Friendship Organisations",
        "WHO",
    ]


def test_places_from_the_gazetteer_without_diacritics():
    text = "Flights link Da Nang, Ho Chi Minh City and Savannakhet Province with Laos."
    assert found(text, "place") == ["Đà Nẵng", "TP. Hồ Chí Minh", "Savannakhet", "Lào"]


def test_sentence_starters_and_months_are_not_names():
    text = "The visit ended in March. However, Monday Morning was calm."
    assert found(text, "person") == []


def test_two_plain_capitalised_words_are_a_person():
    assert found("The captain, Erik Lindqvist, said so.", "person") == ["Erik Lindqvist"]
