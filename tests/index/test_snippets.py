"""Snippets: the window lands on the matches, and the spans mark exactly the matched words."""

from __future__ import annotations

from reader.index import query as q
from reader.index.snippets import make_snippet, title_marks


def marks_for(text: str) -> q.Highlight:
    return q.highlight_terms(q.parse(text))


def test_folded_query_marks_words_with_diacritics() -> None:
    snippet = make_snippet("Đoàn đến TP Cần Thơ hôm qua.", marks_for("can tho "))
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["Cần", "Thơ"]


def test_exact_query_marks_only_the_same_diacritics() -> None:
    snippet = make_snippet("Sông cạn, cần nước.", marks_for("cần "))
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["cần"]


def test_marks_land_on_the_words_when_folding_changes_the_text_length() -> None:
    # `İ` lower-cases to two characters and a stray accent folds to none: offsets in the
    # folded text would no longer be offsets in the text.
    for text in ("Đoàn İzmir đến Cần Thơ.", "Ca\u0301c đoàn đến Cần Thơ."):
        snippet = make_snippet(text, marks_for("can tho "))
        assert [snippet.text[s:e] for s, e in snippet.marks] == ["Cần", "Thơ"], text


def test_a_word_matched_whole_is_not_marked_inside_a_longer_word() -> None:
    snippet = make_snippet("Cần Thơ và Cầntho, cana.", marks_for("can "))
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["Cần"]


def test_prefix_marks_completions() -> None:
    snippet = make_snippet("Hợp tác Việt Nam và Lào", marks_for("viet n"))
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["Việt", "Nam"]


def test_window_moves_to_the_matches_in_long_text() -> None:
    text = "Mở đầu " * 60 + "rồi Đà Nẵng đón khách quốc tế. " + "Kết thúc " * 60
    snippet = make_snippet(text, marks_for("da nang "), width=120)
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert len(snippet.text) <= 122
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["Đà", "Nẵng"]


def test_no_match_gives_the_start_of_the_text() -> None:
    snippet = make_snippet("Một hai ba " * 40, marks_for("xyz "), width=60)
    assert snippet.text.startswith("Một hai ba")
    assert snippet.marks == ()


def test_negated_words_are_not_marked() -> None:
    snippet = make_snippet("Cần Thơ và Lào", marks_for("can -lao "))
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["Cần"]


def test_title_marks_include_title_field_words() -> None:
    title = "Cần Thơ và Lào"
    marked = title_marks(title, q.highlight_terms(q.parse("title:lao can "), title=True))
    assert [title[s:e] for s, e in marked] == ["Cần", "Lào"]


def test_markup_in_text_is_left_as_data() -> None:
    snippet = make_snippet("[bold red]x[/] Cần Thơ", marks_for("can tho "))
    assert snippet.text == "[bold red]x[/] Cần Thơ"
