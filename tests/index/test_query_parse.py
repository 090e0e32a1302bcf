"""Query parsing: each syntax element, and odd input that must never raise."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.index import query as q


def test_words_are_anded_and_the_last_is_a_prefix() -> None:
    assert q.parse("can tho") == q.All((q.Word("can"), q.Word("tho", prefix=True)))
    assert q.parse("can tho ") == q.All((q.Word("can"), q.Word("tho")))
    assert q.parse("can tho", prefix_last=False) == q.All((q.Word("can"), q.Word("tho")))


def test_or_binds_tighter_than_the_implicit_and() -> None:
    assert q.parse("a b OR c d ") == q.All(
        (q.Word("a"), q.Any((q.Word("b"), q.Word("c"))), q.Word("d"))
    )


def test_not_and_minus_exclude() -> None:
    assert q.parse("lao NOT mua ") == q.All((q.Word("lao"), q.Not(q.Word("mua"))))
    assert q.parse("lao -mua") == q.All((q.Word("lao"), q.Not(q.Word("mua"))))


def test_quoted_phrase() -> None:
    assert q.parse('"hữu nghị" lao ') == q.All((q.Phrase(("hữu", "nghị")), q.Word("lao")))


def test_unbalanced_quote_reads_to_the_end() -> None:
    assert q.parse('"huu nghi') == q.Phrase(("huu", "nghi"))


def test_field_prefixes() -> None:
    assert q.parse("title:lao ") == q.Word("lao", "title")
    assert q.parse("author:vy ") == q.Word("vy", "author")
    assert q.parse('section:"hữu nghị"') == q.Phrase(("hữu", "nghị"), "section")
    assert q.parse('person:"Nguyễn Thực Hiện"') == q.Name("person", "Nguyễn Thực Hiện")
    assert q.parse("place:hue") == q.Name("place", "hue")
    assert q.parse("org:asean") == q.Name("org", "asean")
    assert q.parse("source:thoidai ") == q.Word("thoidai", "source")
    assert q.parse("lang:EN") == q.Lang("en")


def test_unknown_field_prefix_is_read_as_words() -> None:
    assert q.parse("foo:bar ") == q.All((q.Word("foo"), q.Word("bar")))


def test_dates() -> None:
    assert q.parse("date:2022") == q.DateSpan(datetime(2022, 1, 1), datetime(2023, 1, 1))
    assert q.parse("date:2022-09") == q.DateSpan(datetime(2022, 9, 1), datetime(2022, 10, 1))
    assert q.parse("date:2022-09-01..2022-09-30") == q.DateSpan(
        datetime(2022, 9, 1), datetime(2022, 10, 1)
    )
    assert q.parse("date:2022-12..") == q.DateSpan(datetime(2022, 12, 1), None)


def test_bad_date_is_searched_as_words() -> None:
    assert q.parse("date:2022-13 ") == q.Phrase(("2022", "13"))
    assert q.parse("date:soon ") == q.Word("soon")


def test_parentheses_group_and_unbalanced_ones_are_tolerated() -> None:
    assert q.parse("(a OR b) c ") == q.All((q.Any((q.Word("a"), q.Word("b"))), q.Word("c")))
    assert q.parse("(a b") == q.All((q.Word("a"), q.Word("b", prefix=True)))
    assert q.parse("a) b ") == q.All((q.Word("a"), q.Word("b")))


def test_dangling_operators_are_dropped() -> None:
    assert q.parse("lao OR") == q.Word("lao")
    assert q.parse("OR lao ") == q.Word("lao")
    assert q.parse("lao NOT") == q.Word("lao")
    assert q.parse("NOT") is None
    assert q.parse("-") is None
    assert q.parse("") is None
    assert q.parse("   ") is None


def test_huge_input_is_bounded() -> None:
    node = q.parse("viet nam " * 5000)
    assert node is not None
    assert len(list(q.leaves(node))) <= q.MAX_LEAVES


def test_hyphenated_word_is_a_phrase() -> None:
    assert q.parse("covid-19 ") == q.Phrase(("covid", "19"))


def test_highlight_terms_skip_negated_words() -> None:
    marks = q.highlight_terms(q.parse("can -tho viet n"))
    assert marks.folded == {"can", "viet"}
    assert marks.folded_prefixes == {"n"}


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_never_raises(text: str) -> None:
    node = q.parse(text)
    if node is not None:
        q.highlight_terms(node)
        q.has_words(node)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"',
                "(",
                ")",
                "OR",
                "NOT",
                "-",
                "title:",
                "date:",
                "..",
                "a",
                "đà",
                " ",
                ":",
                "2022-09",
            ]
        ),
        max_size=30,
    )
)
def test_operator_soup_never_raises(parts: list[str]) -> None:
    node = q.parse("".join(parts))
    if node is not None:
        q.highlight_terms(node)
