"""Combining signals: a page link outranks similarity; the reason names the strongest signal."""

from __future__ import annotations

from reader.related.scoring import Signals, closeness, combine


def test_link_outranks_any_similarity() -> None:
    linked, _, reason = combine(Signals(linked=True))
    similar, _, _ = combine(Signals(text=1.0, entities=1.0, days_apart=0))
    assert linked > similar
    assert reason == "linked by the page"


def test_backlink_reason() -> None:
    assert combine(Signals(links_here=True, text=0.3))[2] == "links to this page"


def test_entities_reason_quotes_the_rarest_names() -> None:
    signals = Signals(entities=0.9, shared_entities=("Nguyễn Thực Hiện", "Cần Thơ", "Lào", "X"))
    score, signal, reason = combine(signals)
    assert signal == "entities"
    assert reason == "shares Nguyễn Thực Hiện, Cần Thơ, Lào"
    assert score > 0


def test_text_reason_quotes_key_phrases() -> None:
    _, signal, reason = combine(Signals(text=0.8, shared_terms=("hội chợ", "thương mại")))
    assert (signal, reason) == ("text", "similar text: hội chợ, thương mại")


def test_time_breaks_ties_only() -> None:
    near = combine(Signals(text=0.5, days_apart=1))[0]
    far = combine(Signals(text=0.5, days_apart=300))[0]
    assert near > far
    assert combine(Signals(text=0.55, days_apart=300))[0] > near
    assert closeness(None) == 0.0
