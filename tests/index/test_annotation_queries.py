"""`tag:`, `note:`, `has:` and `is:`: how they parse, and how the index answers them with the
look-up it is handed (the annotations are never in the index)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta, timezone
from pathlib import Path

from reader.index import ArticleIndex
from reader.index import query as q
from reader.model.article import Article

ICT = timezone(timedelta(hours=7))


def test_annotation_fields_parse_to_mark_leaves() -> None:
    assert q.parse("tag:lao ") == q.Mark("tag", "lao")
    assert q.parse('tag:"Biển Đông" ') == q.Mark("tag", "Biển Đông")
    assert q.parse("note:hop ") == q.Mark("note", "hop")
    assert q.parse('note:"hợp tác" ') == q.Mark("note", "hợp tác")
    assert q.parse("has:notes ") == q.Mark("has", "notes")
    assert q.parse("has:note ") == q.Mark("has", "notes")
    assert q.parse("has:highlights ") == q.Mark("has", "highlights")
    assert q.parse("is:read ") == q.Mark("is", "read")
    assert q.parse("is:bookmarked ") == q.Mark("is", "bookmarked")


def test_is_unread_is_not_is_read() -> None:
    assert q.parse("is:unread ") == q.Not(q.Mark("is", "read"))
    assert q.parse("-is:unread ") == q.Not(q.Not(q.Mark("is", "read")))


def test_a_tag_being_typed_is_a_prefix_and_a_finished_one_is_not() -> None:
    assert q.parse("mua tag:bi") == q.All((q.Word("mua"), q.Mark("tag", "bi", prefix=True)))
    assert q.parse("tag:bi ") == q.Mark("tag", "bi")
    assert q.parse("tag:bi", prefix_last=False) == q.Mark("tag", "bi")
    assert q.parse("-tag:bi") == q.Not(q.Mark("tag", "bi"))


def test_marks_combine_with_everything_else() -> None:
    assert q.parse("tag:lao OR is:bookmarked mua date:2022 ") == q.All(
        (
            q.Any((q.Mark("tag", "lao"), q.Mark("is", "bookmarked"))),
            q.Word("mua"),
            q.DateSpan(datetime(2022, 1, 1), datetime(2023, 1, 1)),
        )
    )
    assert q.has_marks(q.parse("mua NOT (has:notes OR lao) "))
    assert not q.has_marks(q.parse("mua lao "))
    assert not q.has_words(q.parse("tag:lao is:unread "))  # newest first


def test_values_has_and_is_do_not_take_are_read_as_words() -> None:
    assert q.parse("has:cats ") == q.All((q.Word("has"), q.Word("cats")))
    assert q.parse("is:good ") == q.All((q.Word("is"), q.Word("good")))
    assert q.parse('tag:"" ') is None  # nothing to ask
    assert q.parse("note:!! ") is None


class Lookup:
    """A look-up over fixed id sets, counting what it is asked."""

    def __init__(self, name: str, sets: dict[tuple[str, str], set[str]]) -> None:
        self.name = name
        self.sets = sets
        self.asked: list[tuple[str, str, bool]] = []

    def version(self) -> str:
        return self.name

    def ids(self, kind: str, value: str, prefix: bool) -> Collection[str]:
        self.asked.append((kind, value, prefix))
        return self.sets.get((kind, value), set())


def _index(tmp_path: Path) -> ArticleIndex:
    index = ArticleIndex.open(tmp_path / "ix")
    day = datetime(2022, 9, 1, tzinfo=ICT)
    index.update(
        [
            (Article(id="a", title="Mưa lớn", body="mưa ngập", published=day), "1"),
            (Article(id="b", title="Lào", body="hợp tác", published=day + timedelta(1)), "1"),
            (Article(id="c", title="Bão", body="bão số 2", published=day + timedelta(2)), "1"),
        ]
    )
    return index


def test_the_index_answers_marks_with_the_ids_it_is_handed(tmp_path: Path) -> None:
    lookup = Lookup("1", {("tag", "lao"): {"a", "b", "not-indexed"}, ("is", "read"): {"a"}})
    with _index(tmp_path) as index:

        def ids(text: str) -> list[str]:
            found = index.search(text, prefix=False, annotations=lookup)
            return sorted(h.id for h in found.hits)

        assert ids("tag:lao") == ["a", "b"]
        assert ids("tag:lao mua") == ["a"]
        assert ids("tag:lao -mua") == ["b"]
        assert ids("is:unread") == ["b", "c"]
        assert ids("is:unread OR bao") == ["b", "c"]
        assert ids("tag:lao date:2022-09-02") == ["b"]
        assert ids("has:notes") == []
        # Without a look-up no article has any annotation.
        assert index.search("tag:lao", prefix=False).total == 0
        assert index.search("is:unread", prefix=False).total == 3


def test_an_answer_depending_on_annotations_is_cached_under_their_version(
    tmp_path: Path,
) -> None:
    first = Lookup("1", {("tag", "lao"): {"a"}})
    later = Lookup("2", {("tag", "lao"): {"a", "c"}})
    with _index(tmp_path) as index:
        assert index.search("tag:lao", annotations=first).total == 1
        assert index.search("tag:lao", annotations=first).total == 1
        assert first.asked == [("tag", "lao", True)]  # the second answer was cached
        assert index.search("tag:lao", annotations=later).total == 2
        # An answer that asks no annotation does not ask the look-up at all.
        index.search("mua", annotations=later)
        assert later.asked == [("tag", "lao", True)]


def test_matching_ids_lists_every_match_newest_first_without_a_page(tmp_path: Path) -> None:
    lookup = Lookup("1", {("tag", "lao"): {"a", "c"}})
    with _index(tmp_path) as index:
        assert index.matching_ids("") == ["c", "b", "a"]
        assert index.matching_ids("tag:lao", lookup) == ["c", "a"]
        assert index.matching_ids("tag:lao") == []
        assert index.matching_ids("mua OR bao") == ["c", "a"]
        for text in ("mua", "-mua", "tag:lao OR hop", "date:2022-09-02.."):
            found = index.search(text, limit=10, sort="date", prefix=False, annotations=lookup)
            assert index.matching_ids(text, lookup) == [h.id for h in found.hits], text
