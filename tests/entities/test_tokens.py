"""The entity rules' tokens: where each one is in the text, and where sentences start."""

from __future__ import annotations

from reader.entities.tokens import tokenize


def test_each_token_is_where_it_stands_in_the_text() -> None:
    text = "Ông A_B  nói:\n\n“Cần Thơ”, TP.HCM… __x__ Q.1 Thanh OaiHình 2\nhết"
    tokens = tokenize(text)
    for token in tokens:
        assert text[token.start : token.end] == token.text
    assert [t.text for t in tokens][:4] == ["Ông", "A", "B", "nói"]


def test_a_line_break_or_a_sentence_mark_starts_a_sentence() -> None:
    tokens = {t.text: t.sentence_start for t in tokenize("Đầu câu. Sau đó\nDòng mới và cuối")}
    assert tokens["Đầu"] and tokens["Sau"] and tokens["Dòng"]
    assert not tokens["đó"] and not tokens["và"]
