"""Facet counts (issue 20): checked against a count over the archive's own files, every value's
term narrowing the query to exactly its count, and choosing it again giving the query back."""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone

import pytest
import yaml

from reader.archive import Archive
from reader.cli.main import main
from reader.config import Config
from reader.index import facet_counts
from reader.index.narrowing import Narrower, toggled
from reader.model.article import Article, Entities
from reader.model.facets import FACETS, FacetCounts
from reader.model.ids import assign_identity
from reader.store import ArchiveStore
from reader.text import tokens

ICT = timezone(timedelta(hours=7))
IMPORTED = datetime(2024, 1, 1, tzinfo=UTC)

# Values that overlap word for word (`Tuổi Trẻ` is in `Tuổi Trẻ Cuối Tuần`, `vnexpress.net`
# in `e.vnexpress.net`, `Thế giới` in `Thế giới trẻ`): a term finds both, and says so.
SOURCES = ["Tuổi Trẻ", "Tuổi Trẻ Cuối Tuần", "vnexpress.net", "e.vnexpress.net", "Thanh Niên", None]
SECTIONS = [
    ("Thể thao",),
    ("Thể thao", "Bóng đá"),
    ("Thế giới",),
    ("Thế giới", "Thế giới trẻ"),
    ("Kinh tế",),
    (),
]
PEOPLE = ["Nguyễn Thực Hiện", "Nguyễn Thị Hiền", "Lê Trung Chinh", "Donald Trump", "Park Hang-seo"]
PLACES = ["Cần Thơ", "Hà Nội", "Lào", "TP. Hồ Chí Minh", "Đà Nẵng", "Savannakhet"]
ORGS = ["UBND TP Cần Thơ", "Quốc hội", "Reuters", "VFF"]
WORDS = ["mưa lớn", "bóng đá", "kinh tế", "hợp tác", "giao thông"]
# Month ends in the article's own time zone (it is the wall clock that counts).
MOMENTS = [
    datetime(2022, 9, 30, 23, 59, tzinfo=ICT),
    datetime(2022, 10, 1, 0, 0, tzinfo=ICT),
    datetime(2022, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5))),
    datetime(2023, 1, 1, 0, 30, tzinfo=ICT),
]


def _articles(count: int = 90) -> list[Article]:
    rng = random.Random(20)
    out = []
    for number in range(count):
        words = rng.sample(WORDS, rng.randint(1, 2))
        if number < len(MOMENTS):
            published: datetime | None = MOMENTS[number]
        elif rng.random() < 0.1:
            published = None
        else:
            day = datetime(2021, 6, 1, 8, 0, tzinfo=ICT) + timedelta(days=rng.randint(0, 800))
            published = day
        out.append(
            Article(
                title=f"Bài số {number}: {' và '.join(words)}",
                body=f"Nội dung về {', '.join(words)} số {number}.",
                published=published,
                source=rng.choice(SOURCES),
                section=rng.choice(SECTIONS),
                language="en" if rng.random() < 0.2 else "vi",
                entities=Entities(
                    person=tuple(rng.sample(PEOPLE, rng.randint(0, 3))),
                    place=tuple(rng.sample(PLACES, rng.randint(0, 3))),
                    org=tuple(rng.sample(ORGS, rng.randint(0, 2))),
                ),
            )
        )
    return out


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    root = tmp_path_factory.mktemp("facets")
    store = ArchiveStore(root / "archive")
    for article in _articles():
        store.write(assign_identity(article, IMPORTED))
    built = Archive(Config(archive_dir=root / "archive", index_dir=root / "index"))
    built.sync_index()
    return built


# The oracle: the archive's files, read with a YAML parser ------------------------------------


def _files(archive: Archive) -> dict[str, dict[str, object]]:
    """Each article's front matter as written in its file (every value a string)."""
    out = {}
    for path in sorted(archive.root.glob("*.md")):
        text = path.read_text("utf-8")
        head = text.split("\n---\n", 1)[0].removeprefix("---\n")
        out[path.stem] = yaml.load(head, Loader=yaml.BaseLoader)
    return out


def _words(text: str) -> set[str]:
    """What a field term matches on: its words, as the index keeps them (without diacritics
    when typed without any)."""
    return {
        tokens.folded_form(w) if tokens.is_folded(w) else tokens.exact_form(w)
        for w in tokens.syllables(text)
    }


def _holds(value: str, written: list[str]) -> bool:
    """An article's field (its values, `written`) has every word of `value`."""
    have: set[str] = set()
    for text in written:
        have |= _words(text) | {tokens.folded_form(w) for w in tokens.syllables(text)}
    return _words(value) <= have


def _expected(archive: Archive, ids: set[str]) -> dict[str, Counter[str]]:
    """Per facet, its values among the articles `ids`, counted over the files."""
    files = _files(archive)
    counted: dict[str, Counter[str]] = {facet: Counter() for facet in FACETS}
    sources = {str(f["source"]) for f in files.values() if f["source"] != "null"}
    sections = {s for f in files.values() for s in f["section"]}  # type: ignore[union-attr]
    for article_id in ids:
        front = files[article_id]
        source = [] if front["source"] == "null" else [str(front["source"])]
        section = list(front["section"])  # type: ignore[call-overload]
        for value in sources:
            counted["source"][value] += _holds(value, source)
        for value in sections:
            counted["section"][value] += _holds(value, section)
        published = str(front["published"])
        if published != "null":
            counted["year"][published[:4]] += 1
            counted["month"][published[:7]] += 1
        counted["language"][str(front["language"])] += 1
        for kind in ("person", "place", "org"):
            for name in front["entities"].get(kind, []):  # type: ignore[union-attr]
                counted[kind][name] += 1
    return {facet: +values for facet, values in counted.items()}


QUERIES = [
    "",
    "mưa",
    "bong da",
    "kinh te OR giao thong",
    "-hợp",
    "lang:en",
    'section:"Thể thao"',
    "date:2022",
    'place:"Cần Thơ" hop tac',
]


@pytest.fixture(params=["article by article", "by names' counts"])
def counting(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both ways entities are counted: over the results' name lists, and name by name in
    order of their archive counts (bitmaps for frequent names, article lists for rare)."""
    if request.param == "by names' counts":
        monkeypatch.setattr(facet_counts, "DIRECT_BELOW", 0)
        monkeypatch.setattr(facet_counts, "BITMAP_FROM", 8)
    return str(request.param)


def _fresh(archive: Archive, query: str, top: int = 10) -> FacetCounts:
    with archive.index.snapshot() as snapshot:  # type: ignore[attr-defined]
        facet_counts.tables_of(snapshot.bitmaps).answers.clear()
    return archive.facets(query, top=top)


@pytest.mark.parametrize("query", QUERIES)
def test_counts_are_the_archive_files_counted(archive: Archive, query: str, counting: str) -> None:
    ids = set(archive.matching_ids(query)) if query else set(_files(archive))
    expected = _expected(archive, ids)
    found = _fresh(archive, query, top=100)
    assert found.total == len(ids) == archive.search(query, typing=False).total
    assert [group.name for group in found.groups] == list(FACETS)
    for group in found.groups:
        assert {v.label: v.count for v in group.values} == dict(expected[group.name]), group.name


@pytest.mark.parametrize("query", QUERIES)
def test_the_top_values_are_the_most_counted(archive: Archive, query: str, counting: str) -> None:
    ids = set(archive.matching_ids(query)) if query else set(_files(archive))
    expected = _expected(archive, ids)
    found = _fresh(archive, query, top=2)
    for group in found.groups:
        counts = [value.count for value in group.values if not value.chosen]
        if group.by_date:
            assert len(group.values) == len(expected[group.name])
            labels = [value.label for value in group.values]
            assert labels == sorted(labels, reverse=True)  # newest first
            continue
        assert counts == sorted(counts, reverse=True)
        assert len(group.values) == min(2, len(expected[group.name])) or any(
            value.chosen for value in group.values
        )
        for value in group.values:
            assert value.count == expected[group.name][value.label]
        if len(counts) == 2:
            unlisted = set(expected[group.name]) - {value.label for value in group.values}
            assert all(expected[group.name][label] <= counts[-1] for label in unlisted)


@pytest.mark.parametrize("query", QUERIES)
def test_each_term_narrows_to_its_count_and_choosing_again_restores(
    archive: Archive, query: str
) -> None:
    found = archive.facets(query)
    assert found.total == archive.search(query, typing=False).total
    checked = 0
    for group in found.groups:
        for value in group.values:
            if value.chosen:
                assert value.count == found.total
                assert value.term not in value.query
                continue
            assert value.term in value.query
            narrowed = archive.search(value.query, typing=False, limit=1)
            assert narrowed.total == value.count, (group.name, value.term)
            again = archive.facets(value.query)
            chosen = [v for g in again.groups for v in g.values if v.term == value.term]
            assert len(chosen) == 1 and chosen[0].chosen and chosen[0].count == value.count
            assert chosen[0].query == query  # choosing it again: the query as it was
            assert archive.toggle_facet(value.query, value.term) == query
            checked += 1
    assert checked >= 10


def test_a_chosen_name_below_the_top_ones_is_listed(archive: Archive) -> None:
    query = 'place:"Savannakhet" place:"Cần Thơ"'
    found = archive.facets(query, top=1)
    places = {value.label: value for value in found.group("place").values}
    assert places["Savannakhet"].chosen and places["Cần Thơ"].chosen
    assert places["Savannakhet"].query == 'place:"Cần Thơ"'


def test_facets_while_typing_keep_the_last_word_a_prefix(archive: Archive) -> None:
    typed = "bon"  # `bóng`, being typed
    found = archive.facets(typed, typing=True)
    assert found.total == archive.search(typed, typing=True).total > 0
    for value in found.group("source").values:
        assert value.query == f"{value.term} bon"  # the term before the word being typed
        assert archive.search(value.query, typing=True).total == value.count


@pytest.mark.parametrize(
    ("query", "prefix", "narrowed"),
    [
        ("", False, 'lang:"x"'),
        ("bong da", False, 'bong da lang:"x"'),
        ("viet n", True, 'lang:"x" viet n'),
        ("viet nam ", True, 'viet nam lang:"x"'),
        ("a OR", False, 'lang:"x" a OR'),  # after a dangling OR the term would join it
        ("OR b", False, 'OR b lang:"x"'),
        ("a NOT", False, 'lang:"x" a NOT'),
        ('a "b c', False, 'lang:"x" a "b c'),  # an unclosed quote would take the term in
        ("(a b", False, '(a b lang:"x"'),
        ("a OR b", False, 'a OR b lang:"x"'),
    ],
)
def test_a_term_goes_where_it_adds_one_condition_and_comes_out_again(
    query: str, prefix: bool, narrowed: str
) -> None:
    term = 'lang:"x"'
    assert toggled(query, term, prefix) == narrowed
    assert toggled(narrowed, term, prefix) == query


def test_a_term_typed_by_hand_is_cut_out_where_it_stands() -> None:
    narrower = Narrower('mua source:"Tuổi Trẻ" lang:vi (a OR b)', prefix=False)
    assert narrower.widened('source:"Tuổi Trẻ"') == "mua lang:vi (a OR b)"
    assert narrower.widened("lang:vi") == 'mua source:"Tuổi Trẻ" (a OR b)'
    assert narrower.widened("lang:en") == narrower.query  # not in it: unchanged
    # Inside an OR it is not a condition of the whole query: choosing it adds it.
    assert not Narrower("lang:vi OR mua", prefix=False).chosen(q_node("lang:vi"))


def q_node(term: str) -> object:
    from reader.index.narrowing import term_node

    return term_node(term)


def test_the_command_line_gives_the_same_counts(
    archive: Archive, capsys: pytest.CaptureFixture[str]
) -> None:
    options = ["--archive", str(archive.root), "--index", str(archive.config.index_dir)]
    assert main([*options, "search", "bong da", "--facets", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["facets"] == archive.facets("bong da").to_json()["facets"]
    assert printed["total"] == archive.facets("bong da").total
    assert main([*options, "search", "bong da", "--facets"]) == 0
    shown = capsys.readouterr().out
    for group in archive.facets("bong da").groups:
        for value in group.values:
            assert re.search(rf"{value.count:,}\s+{re.escape(value.term)}", shown), value.term
