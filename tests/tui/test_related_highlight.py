"""Where the related panel's highlight goes when its list is looked up again."""

from __future__ import annotations

from reader.tui.widgets.related_panel import RelatedItem, _kept_index

ITEMS = (
    RelatedItem("Cần Thơ đón đoàn Savannakhet", "shares Cần Thơ", "can-tho"),
    RelatedItem("Hợp tác nông nghiệp với Lào", "linked by the page", "nong-nghiep"),
    RelatedItem("Một trang chưa tải về", "not in the archive", None, "http://127.0.0.1/x"),
)


def test_a_page_just_fetched_takes_the_highlight() -> None:
    assert _kept_index(ITEMS, (["nong-nghiep"], "can-tho", None)) == 1


def test_otherwise_the_item_highlighted_before_keeps_it() -> None:
    assert _kept_index(ITEMS, ([], "nong-nghiep", "Hợp tác nông nghiệp với Lào")) == 1
    assert _kept_index(ITEMS, (["gone"], None, "Một trang chưa tải về")) == 2


def test_an_item_no_longer_listed_sends_it_to_the_top() -> None:
    assert _kept_index(ITEMS, (["gone"], "also-gone", "Nothing like it")) == 0
