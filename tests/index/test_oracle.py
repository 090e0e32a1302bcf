"""The engine matches exactly what Whoosh's own searcher matches, for any archive and query.

Small random archives (words with and without diacritics, English words, authors, dates,
languages, entities) and random queries in the query language (words typed with or without
diacritics, a prefix being typed, phrases, fields, NOT, OR, parentheses, dates, languages and
entity fields): the set of documents the engine finds must be the set Whoosh's searcher finds
for the same query translated by `whoosh_oracle`. Ranking may differ and is not compared.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reader.index import ArticleIndex, facets
from reader.index import query as q
from reader.index.engine import Evaluator, Scores
from reader.model.article import Article, Entities
from reader.research.lookup import ResearchSnapshot
from reader.research.model import Annotations, Highlight
from reader.text.normalize import fold

sys.path.insert(0, str(Path(__file__).parent))

from whoosh_oracle import translate

ICT = timezone(timedelta(hours=7))
SYLLABLES = [
    "hợp", "tác", "hữu", "nghị", "cần", "thơ", "thở", "cạn", "đà", "nẵng", "việt", "nam",
    "năm", "lào", "mưa", "mua", "ngập", "bão", "báo", "hà", "nội", "tĩnh", "tỉnh", "thổ",
]  # fmt: skip
ENGLISH = ["election", "elections", "council", "voters", "region", "the"]
PEOPLE = ["Donald Trump", "Ivanka Trump", "Nguyễn Xuân Phúc", "Kim Jong-un"]
PLACES = ["Cần Thơ", "Hà Nội", "Đà Nẵng", "TP. Hồ Chí Minh"]


@st.composite
def articles(draw: st.DrawFn) -> list[Article]:
    count = draw(st.integers(min_value=1, max_value=14))
    made = []
    for n in range(count):
        english = draw(st.booleans())
        words = ENGLISH if english else SYLLABLES
        title = " ".join(draw(st.lists(st.sampled_from(words), min_size=1, max_size=5)))
        body = " ".join(draw(st.lists(st.sampled_from(words), min_size=0, max_size=14)))
        day = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=60)))
        made.append(
            Article(
                id=f"a-{n:02d}",
                title=title,
                body=body,
                language="en" if english else "vi",
                author=draw(st.sampled_from([None, "Hà Vy", "Linh An"])),
                published=None
                if day is None
                else datetime(2022, 8, 1, tzinfo=ICT) + timedelta(days=day),
                entities=Entities(
                    person=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))),
                    place=tuple(draw(st.lists(st.sampled_from(PLACES), max_size=2, unique=True))),
                ),
            )
        )
    return made


def _typed(word: str, folded: bool) -> str:
    return fold(word) if folded else word


@st.composite
def queries(draw: st.DrawFn) -> str:
    """A query a user could type, built from pieces of the query language."""
    vocabulary = st.sampled_from([*SYLLABLES, *ENGLISH])
    piece = st.one_of(
        st.builds(_typed, vocabulary, st.booleans()),
        st.builds(lambda w: f"-{fold(w)}", vocabulary),
        st.builds(lambda a, b: f'"{a} {b}"', vocabulary, vocabulary),
        st.builds(lambda w: f"title:{fold(w)}", vocabulary),
        st.builds(lambda w: f"author:{w}", st.sampled_from(["ha", "vy", "linh", "Hà"])),
        st.builds(lambda a, b: f"({a} OR {b})", vocabulary, vocabulary),
        st.builds(lambda w: f"NOT {w}", vocabulary),
        st.sampled_from(["date:2022-08", "date:2022-08-10..2022-09-05", "date:2022", "lang:en"]),
        st.builds(lambda n: f'person:"{n}"', st.sampled_from([*PEOPLE, "trump", "ivanka"])),
        st.builds(lambda n: f'place:"{n}"', st.sampled_from([*PLACES, "hcm", "can tho"])),
    )
    parts = draw(st.lists(piece, min_size=1, max_size=4))
    text = " ".join(parts)
    if draw(st.booleans()):  # still typing the last word: a prefix of it
        word = draw(vocabulary)
        return f"{text} {fold(word)[: draw(st.integers(min_value=1, max_value=len(word)))]}"
    return f"{text} "  # every word finished


FIXED_ARCHIVE = [
    Article(id="en-1", title="Council elections", body="Voters elect the council", language="en"),
    Article(id="en-2", title="Election day", body="The region votes", language="en"),
    Article(
        id="vi-1",
        title="Hợp tác hữu nghị",
        body="Thành phố Cần Thơ và Hà Nội",
        published=datetime(2022, 9, 5, 16, 33, tzinfo=ICT),
        entities=Entities(place=("Cần Thơ", "Hà Nội"), person=("Donald Trump",)),
    ),
    Article(
        id="vi-2",
        title="Cần thở",
        body="Mưa ngập, bão số 2",
        published=datetime(2022, 8, 31, 23, 59, tzinfo=ICT),
        entities=Entities(person=("Ivanka Trump",), place=("TP. Hồ Chí Minh",)),
    ),
]
FIXED_QUERIES = [
    "election ",
    "elections council ",
    "h",
    "ha n",
    "hop tac huu ",
    '"can tho" ',
    '"cần thơ" ',
    'title:"hop tac" ',
    "person:trump ",
    'person:"Donald Trump" ',
    "place:hcm ",
    "date:2022-09 ",
    "date:..2022-08-31 ",
    "-mua ",
    "NOT (bao OR bão) ",
    "lang:en vote",
]


@example(archive=FIXED_ARCHIVE, typed=FIXED_QUERIES)
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(archive=articles(), typed=st.lists(queries(), min_size=4, max_size=8))
def test_the_engine_matches_what_whoosh_matches(
    tmp_path_factory: object, archive: list[Article], typed: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("oracle")  # type: ignore[attr-defined]
    with ArticleIndex.open(folder / "ix") as index:
        index.update([(article, "1") for article in archive])

        with index.snapshot() as snapshot:
            searcher, bitmaps, lexicon = snapshot.searcher, snapshot.bitmaps, snapshot.lexicon
            catalogue = facets.facets_of(bitmaps)
            reader = snapshot.reader
            for text in typed:
                node = q.parse(text)
                if node is None:
                    continue
                found = Evaluator(bitmaps, lexicon, searcher).run(node)
                engine = {reader.stored_fields(d)["id"] for d in _numbers(found)}
                query = translate(node, lexicon, catalogue)
                whoosh = {reader.stored_fields(d)["id"] for d in searcher.docs_for_query(query)}
                assert engine == whoosh, (text, node)


def _numbers(bitmap: int) -> list[int]:
    return [n for n in range(bitmap.bit_length()) if bitmap >> n & 1]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=(1 << 40) - 1), st.integers(0, 300)),
        max_size=12,
    ),
    st.integers(min_value=1, max_value=12),
)
def test_the_bit_sliced_scores_are_plain_sums(adds: list[tuple[int, int]], k: int) -> None:
    """Each document's score is the sum of the weights of the bitmaps it is in, and the top
    k are the k highest (ties: the higher document number first)."""
    scores = Scores.empty()
    for bitmap, weight in adds:
        scores.add(bitmap, weight)
    plain = [sum(w for b, w in adds if b >> d & 1 and w > 0) for d in range(40)]
    assert [scores.of(d) for d in range(40)] == plain
    candidates = (1 << 40) - 1
    expected = sorted(range(40), key=lambda d: (plain[d], d), reverse=True)[:k]
    assert scores.top(candidates, k) == expected


# The user's annotations: not in the index, asked of a look-up handed to each search -------

TAGS = ["Biển Đông", "lào", "Kinh tế", "covid-19"]
ANNOTATION_PIECES = [
    "tag:bien-dong",
    'tag:"Biển Đông"',
    "tag:lao",
    "tag:Lào",
    "tag:covid-19",
    "note:hop",
    'note:"hợp tác"',
    "note:mưa",
    "has:notes",
    "has:highlights",
    "has:tags",
    "is:read",
    "is:unread",
    "is:bookmarked",
    "-tag:lao",
    "NOT is:read",
    "(tag:lao OR is:bookmarked)",
]


@st.composite
def research(draw: st.DrawFn, ids: list[str]) -> ResearchSnapshot:
    """Random annotations of some of `ids` (and of ids the index does not hold)."""
    found = {}
    for article_id in [*ids, "gone-1"]:
        if not draw(st.booleans()):
            continue
        note = " ".join(draw(st.lists(st.sampled_from(SYLLABLES), max_size=4)))
        comments = draw(st.lists(st.sampled_from(["hợp tác", "mưa lớn", ""]), max_size=2))
        found[article_id] = Annotations(
            article_id,
            tags=tuple(draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True))),
            note=note,
            highlights=tuple(Highlight("q", 1, None, c) for c in comments),
            bookmarked=datetime(2024, 5, 1, tzinfo=ICT) if draw(st.booleans()) else None,
        )
    read = draw(st.lists(st.sampled_from([*ids, "gone-2"]), unique=True))
    return ResearchSnapshot("v1", found, tuple(read))


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(archive=articles(), data=st.data())
def test_annotation_queries_match_what_whoosh_matches_on_the_same_ids(
    tmp_path_factory: object, archive: list[Article], data: st.DataObject
) -> None:
    """`tag:`, `note:`, `has:` and `is:` alone and mixed with words, fields, dates, OR and
    NOT: the engine's matches are Whoosh's for the same query with each annotation leaf
    read as the ids the look-up gives, also after some articles were indexed again (their
    old documents deleted, their ids on new ones)."""
    folder = tmp_path_factory.mktemp("oracle-notes")  # type: ignore[attr-defined]
    ids = [a.id for a in archive]
    looked_up = data.draw(research(ids))
    with ArticleIndex.open(folder / "ix") as index:
        index.update([(article, "1") for article in archive])
        again = data.draw(st.lists(st.sampled_from(archive), unique_by=lambda a: a.id))
        if again:
            index.update([(a.with_changes(title=f"{a.title} mới"), "2") for a in again])
        typed = []
        for _ in range(6):
            marks = data.draw(st.lists(st.sampled_from(ANNOTATION_PIECES), min_size=1, max_size=3))
            other = data.draw(queries())
            joiner = data.draw(st.sampled_from([" ", " OR "]))
            typed.append(joiner.join([*marks, other.strip()]) + " ")
        with index.snapshot() as snapshot:
            searcher, bitmaps, lexicon = snapshot.searcher, snapshot.bitmaps, snapshot.lexicon
            catalogue = facets.facets_of(bitmaps)
            reader = snapshot.reader
            for text in typed:
                node = q.parse(text)
                if node is None:
                    continue
                found = Evaluator(bitmaps, lexicon, searcher, looked_up).run(node)
                engine = {reader.stored_fields(d)["id"] for d in _numbers(found)}
                query = translate(node, lexicon, catalogue, looked_up)
                whoosh = {reader.stored_fields(d)["id"] for d in searcher.docs_for_query(query)}
                assert engine == whoosh, (text, node)
