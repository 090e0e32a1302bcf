"""The TUI's pure helpers: highlight spans, inert text, history."""

from __future__ import annotations

from reader.text.normalize import fold
from reader.tui.highlight import find_spans, mapped, query_words, word_spans
from reader.tui.history import History, View
from reader.tui.render import inert, marked
from reader.tui.widgets.timeline import chart_lines


def test_query_words_skip_operators_fields_dates_and_exclusions() -> None:
    query = 'person:"Cần Thơ" can tho -xa date:2022-09 AND lao OR "hữu nghị"'
    assert query_words(query) == ["Cần", "Thơ", "can", "tho", "lao", "hữu", "nghị"]


def test_word_spans_fold_only_words_typed_without_diacritics() -> None:
    text = "TP Cần Thơ; cạn nước; CẦN"
    assert [text[a:b] for a, b in word_spans(text, ["can"])] == ["Cần", "cạn", "CẦN"]
    assert [text[a:b] for a, b in word_spans(text, ["cần"])] == ["Cần", "CẦN"]
    assert [text[a:b] for a, b in word_spans(text, ["th"])] == ["Thơ"]


def test_find_spans_ignore_accents_and_case() -> None:
    text = "Đà Nẵng, da nang, ĐÀ NẴNG"
    assert len(find_spans(text, "da nang")) == 3
    assert find_spans(text, "  ") == ()


def test_mapped_offsets_are_those_of_character_by_character_folding() -> None:
    # Vietnamese folds one character to one (offsets unchanged, found in C); a dotted İ
    # lower-cases to two and a lone combining accent folds to none (the slow way).
    for text in ("Đà Nẵng đón đoàn", "İstanbul và Đà Nẵng", "Đa\u0301 Nẵng"):
        for transform in (fold, str.lower):
            pieces_ = [transform(char) for char in text]
            origin = [i for i, piece in enumerate(pieces_) for _ in piece] + [len(text)]
            folded, offsets = mapped(text, transform)
            assert (folded, list(offsets)) == ("".join(pieces_), origin)
    text = "İstanbul và Đà Nẵng"
    assert [text[a:b] for a, b in find_spans(text, "da nang")] == ["Đà Nẵng"]


def test_inert_shows_control_characters_and_keeps_spans_aligned() -> None:
    text, spans = inert("a\x1b[31mb\u202ec", [(0, 1), (6, 9)])
    assert text == "a␛[31mbc"
    assert [text[s:e] for s, e in spans] == ["a", "bc"]
    content = marked("[bold]x[/bold]", [(6, 7)])
    assert content.plain == "[bold]x[/bold]"


def test_history_back_forward_and_truncation() -> None:
    history = History()
    for view in (View("a"), View("a", "1"), View("b", "2")):
        history.push(view)
    history.push(View("b", "2"))
    assert len(history.entries) == 3
    assert history.back() == View("a", "1")
    assert history.back() == View("a")
    assert history.back() is None
    assert history.forward() == View("a", "1")
    history.push(View("c"))
    assert history.forward() is None
    assert history.entries[-1] == View("c") and len(history.entries) == 3


def test_timeline_labels_stand_under_the_first_and_last_bars() -> None:
    bars, labels, peak = chart_lines([1, 4], 60, "2022-08", "2022-09")
    assert peak == 4 and len(bars) >= len("2022-08 2022-09")
    assert labels.startswith("2022-08") and labels.endswith("2022-09")
    assert len(labels) == len(bars), "the last label ends under the last bar"
    bars, labels, _ = chart_lines([0] * 30 + [2] * 30, 20, "2019-01", "2023-12")
    assert len(bars) <= 20 + 2 and bars[0] == " " and bars[-1] == "█"
    assert len(labels) == len(bars)
