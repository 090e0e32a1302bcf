"""One test per class of error seen in English articles, on sentences written for this project:
organisations cut at a hyphen or taken as people, places side by side taken as a person, titles
that are not one word, and names with no evidence of being a person."""

from __future__ import annotations

import pytest

from reader.entities.english import english_mentions
from reader.entities.extract import extract_entities
from reader.model.article import Article, Entities


def found(text: str, kind: str) -> list[str]:
    return [m.name for m in english_mentions(text) if m.kind == kind]


def article(body: str) -> Entities:
    return extract_entities(Article(title="News of the day", body=body, language="en"))


# --- an organisation keeps its hyphenated words and reads back to its capitalised start ------


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "She chairs the Osaka Korea-Japan Culture Foundation, which met on Monday.",
            "Osaka Korea-Japan Culture Foundation",
        ),
        (
            "Members of the Hokkaido Laos-Japan Friendship Association arrived.",
            "Hokkaido Laos-Japan Friendship Association",
        ),
        (
            "Grants came from the Nordic Anglo-Thai Trade Union last year.",
            "Nordic Anglo-Thai Trade Union",
        ),
    ],
)
def test_an_organisation_keeps_hyphenated_words_and_its_start(text: str, org: str) -> None:
    assert found(text, "org") == [org]
    assert found(text, "person") == []


def test_a_hyphenated_pair_of_places_outside_an_organisation_is_two_places() -> None:
    text = "The Cambodia-Thailand Border Market 2021 opened on Sunday."
    assert found(text, "place") == ["Campuchia", "Thái Lan"]
    assert found(text, "person") == []


# --- a capitalised name after an organisation cue is an organisation -------------------------


@pytest.mark.parametrize(
    ("text", "org"),
    [
        ("The new clinic, funded by Hoshino Medica, opens in May.", "Hoshino Medica"),
        ("The prize is sponsored by Bellweather Dairy this year.", "Bellweather Dairy"),
        ("He is now the chairman of Tanaka Seimitsu and lives abroad.", "Tanaka Seimitsu"),
        ("She was CEO of Greenleaf Robotics before the merger.", "Greenleaf Robotics"),
    ],
)
def test_a_name_after_an_organisation_cue_is_an_organisation(text: str, org: str) -> None:
    assert found(text, "org") == [org]
    assert found(text, "person") == []


def test_a_cue_does_not_make_an_organisation_of_a_titled_or_known_name() -> None:
    text = "The hall was funded by Mr Sato Hiroshi and a gift from Nguyen Van Tam."
    assert found(text, "person") == ["Sato Hiroshi", "Nguyen Van Tam"]
    assert found(text, "org") == []


def test_a_named_scholarship_is_an_organisation() -> None:
    text = "The Lotus River Scholarship will offer 20 awards."
    assert found(text, "org") == ["Lotus River Scholarship"]


@pytest.mark.parametrize(
    ("text", "org"),
    [
        (
            "He opened the Hai Phong Department of Science and Technology office.",
            "Hai Phong Department of Science and Technology",
        ),
        (
            "The event is at the Da Lat Conference and Expo Centre this week.",
            "Da Lat Conference and Expo Centre",
        ),
    ],
)
def test_an_organisation_with_and_in_its_name_is_one(text: str, org: str) -> None:
    assert org in found(text, "org")


def test_and_between_two_organisations_still_separates_them() -> None:
    text = "Leaders of the Ministry of Health and Vietnam Airlines met."
    assert found(text, "org") == ["Ministry of Health", "Vietnam Airlines"]


# --- a person needs evidence ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Associate Professor Tran Minh Khoa opened the lab.", "Tran Minh Khoa"),
        ("Former President Alma Reyes sent a letter.", "Alma Reyes"),
        ("Striker Somsak Phommachanh scored twice.", "Somsak Phommachanh"),
        ("Yesterday Ingrid Halvorsen said the talks had ended.", "Ingrid Halvorsen"),
        ("The report by Oskar Brandt, a soil scientist at the institute, is out.", "Oskar Brandt"),
        ("Tomas Kowalczyk, who runs the farm, disagreed.", "Tomas Kowalczyk"),
    ],
)
def test_a_person_with_evidence(text: str, person: str) -> None:
    assert found(text, "person") == [person]


def test_a_title_word_is_not_part_of_the_name() -> None:
    assert found("Goalkeeper Phan Van Loc saved a penalty.", "person") == ["Phan Van Loc"]


def test_two_capitalised_words_with_no_evidence_are_no_person() -> None:
    text = "Visitors praised Golden Lotus for its service."
    assert found(text, "person") == []
    assert article(text).person == ()


def test_a_name_is_a_person_where_the_article_gives_evidence_elsewhere() -> None:
    entities = article(
        "Halvard Stenberg opened the gallery in 2010. Years later Halvard Stenberg said it "
        "was the best decision of his life."
    )
    assert entities.person == ("Halvard Stenberg",)


# --- two places side by side are places, not a person ---------------------------------------


def test_two_places_side_by_side_are_no_person() -> None:
    text = "Traders from Hokkaido Japan and Yunnan China came to the market."
    assert found(text, "person") == []
    assert "Nhật Bản" in found(text, "place")
    assert "Trung Quốc" in found(text, "place")


# --- a place written before a lower-case place word -----------------------------------------


def test_a_name_before_a_lower_case_place_word_is_a_place() -> None:
    text = "Tourists crowded Bai Sao beach and the An Giang market."
    assert found(text, "place") == ["Bai Sao", "An Giang"]
    assert found(text, "person") == []


def test_an_article_word_that_starts_a_place_name_is_kept() -> None:
    assert found("Rice came from Can Tho and An Giang.", "place") == ["Cần Thơ", "An Giang"]
