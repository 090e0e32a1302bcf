"""Facets on a small archive: counts, listing, entity views and months from the index."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from entity_archive import ARTICLES, article_id, build

from reader.archive import Archive, ArchiveError
from reader.index.facets import month_of
from reader.index.schema import entity_entries, entity_lines
from reader.model.article import Entities


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    archive = build(tmp_path)
    archive.sync_index()
    yield archive
    archive.close()


def test_names_round_trip_through_the_column() -> None:
    article = ARTICLES[0]
    assert entity_entries(entity_lines(article).encode()) == [
        ("person", "Nguyễn Thực Hiện", "nguyen thuc hien"),
        ("place", "Cần Thơ", "can tho"),
        ("place", "Lào", "lao"),
        ("org", "UBND TP Cần Thơ", "ubnd tp can tho"),
    ]
    assert entity_entries(b"") == []
    assert month_of(0 + 1) == "0001-01"


def test_counts_and_listing_as_written(archive: Archive) -> None:
    counts = archive.entity_counts({"place": ["Cần Thơ", "Lào", "Nowhere"], "person": []})
    assert counts == {("place", "Cần Thơ"): 4, ("place", "Lào"): 2, ("place", "Nowhere"): 0}
    top = archive.top_entities(top=3)
    assert [(e.kind, e.name, e.articles) for e in top] == [
        ("place", "Cần Thơ", 4),
        ("place", "Lào", 2),
        ("person", "Nguyễn Thực Hiện", 2),
    ]
    orgs = archive.top_entities("org")
    assert [e.name for e in orgs] == ["UBND TP Cần Thơ"]


def test_entity_view_by_folded_name(archive: Archive) -> None:
    view = archive.entity_view("can tho")
    assert (view.kind, view.name, view.total) == ("place", "Cần Thơ", 4)
    titles = [a.title for a in view.articles]
    assert titles == [
        "Hội chợ ở Cần Thơ",
        "Cần Thơ và Savannakhet hợp tác",
        "Cần Thơ tiếp đoàn Lào",
        "Một bài không ngày",
    ]
    assert view.months == (("2022-09", 1), ("2022-10", 0), ("2022-11", 2))
    companions = {(c.kind, c.name): c.articles for c in view.co_occurring}
    assert companions[("person", "Nguyễn Thực Hiện")] == 2
    assert companions[("place", "Lào")] == 2
    assert ("place", "Cần Thơ") not in companions
    assert view.co_occurring[0].articles == 2
    assert view.as_json()["months"][0] == {"month": "2022-09", "articles": 1}


def test_entity_view_through_aliases_and_limits(archive: Archive) -> None:
    view = archive.entity_view("TP.HCM", limit=1)
    assert view.name == "TP. Hồ Chí Minh"
    assert "TP.HCM" in view.aliases
    assert archive.entity_view("can tho", limit=1).articles[0].title == "Hội chợ ở Cần Thơ"
    assert archive.entity_view("Nguyễn Thị Hiền", kind="person").total == 1
    with pytest.raises(ArchiveError):
        archive.entity_view("Nguyễn Thị Hiến")
    with pytest.raises(ArchiveError):
        archive.entity_view("can tho", kind="person")


def test_person_queries_stay_accent_insensitive(archive: Archive) -> None:
    assert archive.search('person:"nguyen thuc hien"').total == 2
    assert archive.search('place:"Cần Thơ"').total == 4


def test_month_counts_match_date_queries(archive: Archive) -> None:
    months = archive.month_counts("")
    assert months[0] == ("2022-09", 1) and months[-1] == ("2023-01", 1)
    assert len(months) == 5
    for month, count in months:
        assert archive.search(f"date:{month}", limit=1).total == count
    narrowed = dict(archive.month_counts('place:"can tho"'))
    assert narrowed == {"2022-09": 1, "2022-10": 0, "2022-11": 2, "2022-12": 0, "2023-01": 0}


def test_catalogue_follows_edits(archive: Archive) -> None:
    path = archive.store.path_for(article_id("Hà Nội đón khách"))
    article = archive.get(article_id("Hà Nội đón khách"))
    archive.store.write(article.with_changes(entities=Entities(place=("Cần Thơ",))))
    path.touch()
    archive.sync_index()
    assert archive.entity_counts({"place": ["Cần Thơ", "Hà Nội"]}) == {
        ("place", "Cần Thơ"): 5,
        ("place", "Hà Nội"): 0,
    }
    assert archive.month_counts('place:"Cần Thơ"')[-1] == ("2023-01", 1)


def test_known_names_come_from_the_index(archive: Archive) -> None:
    known = archive.known_names()
    assert known.resolve("person", "Nguyen Thuc Hien") == "Nguyễn Thực Hiện"
    assert known.resolve("place", "Savanakhet") == "Savannakhet"
