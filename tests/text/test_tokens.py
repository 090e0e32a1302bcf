"""Syllable tokens: exact and folded forms, tone placement, bigrams, English stems."""

from __future__ import annotations

from reader.text import tokens


def test_folding_handles_d_and_its_look_alikes() -> None:
    assert tokens.folded_tokens("Đà Nẵng đẹp") == ["da", "nang", "dep"]
    assert tokens.folded_tokens("ÐÀ NẴNG ðẹp") == ["da", "nang", "dep"]
    assert tokens.folded_form("Ð") == "d"


def test_exact_forms_are_lower_case_nfc_with_d_kept() -> None:
    assert tokens.exact_tokens("ÐÀ Nẵng") == ["đà", "nẵng"]
    decomposed = "Vie\u0302\u0323t"  # NFD input
    assert tokens.exact_tokens(decomposed) == ["việt"]


def test_old_and_new_tone_placement_are_one_spelling() -> None:
    assert tokens.exact_form("hoà") == tokens.exact_form("hòa")
    assert tokens.exact_form("thuỷ") == tokens.exact_form("thủy")
    assert tokens.exact_form("khoẻ") == tokens.exact_form("khỏe")
    assert tokens.exact_form("hoàng") == "hoàng"


def test_one_letter_syllables_and_digits_are_kept() -> None:
    assert tokens.exact_tokens("Ý kiến ở Hà Nội, năm 2022") == [
        "ý",
        "kiến",
        "ở",
        "hà",
        "nội",
        "năm",
        "2022",
    ]


def test_no_stop_words_are_removed() -> None:
    text = "the năm ngày người và của là a"
    assert tokens.exact_tokens(text) == text.split()


def test_diacritics_distinguish_words_in_exact_form() -> None:
    assert tokens.exact_form("cần") != tokens.exact_form("cạn")
    assert tokens.folded_form("cần") == tokens.folded_form("cạn") == "can"


def test_bigrams_stay_within_a_clause() -> None:
    assert tokens.folded_bigrams("Hữu nghị Việt Nam, Lào") == ["huu_nghi", "nghi_viet", "viet_nam"]
    assert tokens.bigram("Hữu", "nghị") == "huu_nghi"


def test_word_runs_split_on_punctuation_and_underscore() -> None:
    assert tokens.syllables("covid-19 e_mail 'sống nhờ'") == [
        "covid",
        "19",
        "e",
        "mail",
        "sống",
        "nhờ",
    ]


def test_is_folded_means_typed_without_diacritics() -> None:
    assert tokens.is_folded("can")
    assert tokens.is_folded("CAN")
    assert not tokens.is_folded("cần")
    assert not tokens.is_folded("đi")


def test_english_tokens_are_stemmed() -> None:
    assert tokens.english_tokens("Elections were held") == ["elect", "were", "held"]
    assert tokens.english_stem("running") == "run"


def test_punctuation_inside_a_word_keeps_its_syllables_neighbours() -> None:
    from reader.text.tokens import folded_bigrams

    assert folded_bigrams("TP.HCM ngày 5/9/2016, 3500/QĐ-UBND") == [
        "tp_hcm",
        "hcm_ngay",
        "ngay_5",
        "5_9",
        "9_2016",
        "3500_qd",
        "qd_ubnd",
    ]
    # Between words, with a space, it still ends the clause.
    assert folded_bigrams("Hà Nội / Huế. Sau đó, Đà Nẵng") == ["ha_noi", "sau_do", "da_nang"]
