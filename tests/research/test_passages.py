"""Paragraphs and sentences as a highlight counts them."""

from __future__ import annotations

from reader.research.passages import sentences


def test_a_sentence_ends_at_a_full_stop_after_a_word_with_tones() -> None:
    # `cá.` is the word fish ending a sentence, not the abbreviation `ca.` (circa).
    assert sentences("Tàu về bến sau chuyến nghề cá. Câu chuyện bắt đầu từ đó.") == [
        "Tàu về bến sau chuyến nghề cá.",
        "Câu chuyện bắt đầu từ đó.",
    ]


def test_abbreviations_do_not_end_a_sentence() -> None:
    assert sentences("Ông gặp TS. Nguyễn Văn A tại TP. Cần Thơ. Sau đó ông về.") == [
        "Ông gặp TS. Nguyễn Văn A tại TP. Cần Thơ.",
        "Sau đó ông về.",
    ]
