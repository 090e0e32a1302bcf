"""A related article's reason in whole words of the article, the same in the TUI, the CLI and
JSON (the related engine says it so)."""

from __future__ import annotations

import re

from reader.archive import Archive
from reader.related.reasons import ArticleWords, readable_reason


def words(text: str) -> str:
    """The text's words, lower case, one space apart (hyphens and marks aside)."""
    return " ".join(re.findall(r"[^\W_]+", text.casefold()))


def test_shared_phrases_are_whole_words_as_the_article_writes_them() -> None:
    text = (
        "Sở Giáo dục đào tạo Cần Thơ họp. Ngành giáo dục đào tạo của Cần Thơ nói rằng "
        "giáo dục đào tạo cần đổi mới."
    )
    reason = "similar text: dục đào, cần thơ; same story, 2 more copies"
    assert readable_reason(reason, text) == (
        "similar text: giáo dục đào tạo, Cần Thơ; same story, 2 more copies"
    )
    # A phrase the article does not hold as written is left out.
    assert readable_reason("similar text: xyz abc", text) == "similar text"
    assert readable_reason("shares Cần Thơ, Lào", text) == "shares Cần Thơ, Lào"
    assert ArticleWords("một lần thôi").whole_phrase("lần") == "lần", "once: nothing to go by"


def test_a_mark_between_letters_does_not_shift_the_words_said() -> None:
    """A stray combining mark splits `A\u0301B` in two as written but not once folded; the
    words said are still the ones the phrase stands in."""
    text = "Ông A\u0301B nói giá đất ở Cần Thơ cao. Giá đất ở Cần Thơ tăng."
    assert ArticleWords(text).whole_phrase("gia dat") == "giá đất ở Cần Thơ"
    assert readable_reason("similar text: đất ở", text) == "similar text: giá đất ở Cần Thơ"


def test_the_related_engine_says_its_reasons_in_whole_words(sample: Archive) -> None:
    """Every phrase of every reason of the sample is words the article writes in a row, and
    already as whole as the article makes it (saying it again changes nothing)."""
    seen = 0
    for stored in sample.store.scan().values():
        article = sample.get(stored.id)
        text = f"{article.title}\n{article.lead}\n{article.body}"
        for item in sample.related(stored.id).items:
            head = item.reason.partition("; ")[0]
            if head.startswith("similar text: "):
                for phrase in head.removeprefix("similar text: ").split(", "):
                    assert f" {words(phrase)} " in f" {words(text)} ", (stored.id, phrase)
                    seen += 1
                assert readable_reason(item.reason, text) == item.reason, stored.id
            assert item.id not in item.reason
    assert seen >= 10
