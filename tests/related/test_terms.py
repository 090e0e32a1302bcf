"""Key terms: distinctive words and syllable pairs by tf-idf, pairs preferred over their halves."""

from __future__ import annotations

from reader.model.article import Article
from reader.related.terms import BIGRAM, UNIGRAM, key_terms, phrases

ARTICLE = Article(
    title="Hội chợ thương mại Việt - Lào tại Cần Thơ",
    lead="Hội chợ thương mại mở cửa tại Cần Thơ với các doanh nghiệp Lào.",
    body=(
        "Hội chợ có gian hàng cà phê Bolaven. Doanh nghiệp Lào và doanh nghiệp Cần Thơ ký "
        "hợp đồng. Hội chợ thương mại kéo dài năm ngày và cà phê Bolaven bán chạy."
    ),
    id="a",
)


def _df(common: set[str], absent: set[str] = frozenset()):
    def df(field: str, term: str) -> int:
        if term in absent:
            return 1  # this article alone
        return 900 if term in common else 12

    return df


def test_pairs_are_words_and_cover_their_syllables() -> None:
    terms = key_terms(ARTICLE, _df({"và", "các", "có", "tại", "với"}), 1000, limit=15)
    labels = [t.label for t in terms]
    assert "hội chợ" in labels
    assert any(t.field == BIGRAM and t.term == "can_tho" for t in terms)
    unigrams = {t.term for t in terms if t.field == UNIGRAM}
    assert not unigrams & {"hội", "chợ", "cần", "thơ"}, "halves of chosen pairs are skipped"


def test_common_and_unique_terms_are_left_out() -> None:
    terms = key_terms(ARTICLE, _df({"và", "tại"}, absent={"bolaven", "ca_phe"}), 1000)
    assert not {t.term for t in terms} & {"và", "tại", "bolaven", "ca_phe"}


def test_function_word_pairs_are_left_out() -> None:
    terms = key_terms(ARTICLE, _df({"và", "với", "tại", "các", "có"}), 1000, limit=40)
    assert not [
        t for t in terms if t.field == BIGRAM and {"va", "voi", "tai"} & set(t.term.split("_"))
    ]


def test_heaviest_first_and_limited() -> None:
    terms = key_terms(ARTICLE, _df(set()), 1000, limit=5)
    assert len(terms) == 5
    assert [t.weight for t in terms] == sorted((t.weight for t in terms), reverse=True)


def test_pairs_that_chain_in_the_text_make_phrases() -> None:
    text = "Vòng loại U23 châu Á 2018 sẽ diễn ra. Châu Á và U23."
    assert phrases(["loại u23", "u23 châu", "hội chợ"], text) == ("loại u23 châu", "hội chợ")
    assert phrases(["u23 châu", "châu á", "á 2018"], text) == ("u23 châu á 2018",)


def test_pairs_that_do_not_chain_in_the_text_stay_apart() -> None:
    assert phrases(["hội chợ", "chợ đêm"], "Hội chợ lớn. Chợ đêm đông.") == ("hội chợ", "chợ đêm")


def test_phrases_side_by_side_join() -> None:
    text = "Vòng loại U23 châu Á 2018 sẽ diễn ra."
    assert phrases(["á 2018", "loại u23", "u23 châu"], text) == ("loại u23 châu á 2018",)


def test_english_function_words_are_not_key_terms_in_a_mostly_vietnamese_archive() -> None:
    """In this archive `and` and `the` are rare (few English articles), so rarity alone would
    make them distinctive: an English story is related by its names and subjects instead."""
    english = Article(
        title="Lao students win the football cup in Can Tho",
        body=(
            "Lao students from the university in Can Tho won the football cup for the first "
            "time. The team came back and beat the hosts, and the students said the cup was "
            "for the whole school."
        ),
        id="e",
        language="en",
    )
    terms = key_terms(english, _df(set()), 1000, limit=40)
    labels = {t.label for t in terms}
    assert not labels & {"the", "and", "for", "back", "for the", "and the", "from the"}
    assert not [label for label in labels if {"the", "in", "for"} & set(label.split())]
    assert {"football", "students", "cup"} <= labels or "football cup" in labels
    vietnamese = key_terms(ARTICLE, _df(set()), 1000, limit=40)
    assert "cà phê" in {t.label for t in vietnamese}, "diacritics keep Vietnamese words apart"


def test_a_vietnamese_word_spelled_like_english_stays() -> None:
    article = Article(
        title="An ninh trật tự tại An Giang",
        body="Công an An Giang bảo đảm an ninh trật tự. An ninh biên giới được tăng cường.",
        id="v",
    )
    labels = {t.label for t in key_terms(article, _df(set()), 1000, limit=40)}
    assert {"an ninh", "an giang"} <= labels
