"""Pathological HTML bounded in one linear pass; ordinary pages left exactly as they are."""

from __future__ import annotations

import time

from reader.ingest.markup import MAX_ATTRIBUTES, bound_markup, bound_page_bytes


def _attributes(count: int) -> str:
    return " ".join(f'data-a{i}="x > y {i}"' for i in range(count))


def test_an_ordinary_page_is_returned_as_it_is_with_its_tag_count() -> None:
    page = (
        "<!doctype html><html lang=vi><!-- a <b> comment --><head><title>a <b> c</title>"
        "<script>if (a <b && c > d) {}</script></head><body><p class=x>Chữ</p><br/></body></html>"
    )
    bounded, tags = bound_markup(page)
    assert bounded is page
    assert tags == 7  # html head title script body p br


def test_a_tag_keeps_its_first_attributes_and_the_rest_of_the_page_is_untouched() -> None:
    head = "<p>trước</p>"
    tail = "chữ <b>đậm</b> sau"
    page = f"{head}<div id=main {_attributes(MAX_ATTRIBUTES * 3)} />{tail}"
    bounded, tags = bound_markup(page)
    kept = f"<div id=main {_attributes(MAX_ATTRIBUTES - 1)}"
    assert bounded == f"{head}{kept} />{tail}"
    assert tags == 3


def test_text_that_only_looks_like_tags_is_not_rewritten() -> None:
    words = " ".join(f"w{i}" for i in range(MAX_ATTRIBUTES * 2))
    page = f"<script>var s = '<a {words}>';</script><style>a <b {words}> {{}}</style><p>x</p>"
    assert bound_markup(page) == (page, 3)


def test_unclosed_markup_is_read_in_linear_time() -> None:
    for piece in ("<a ", '<a b="', "<!--", "<a b=c ", "</"):
        small, large = piece * 20_000, piece * 80_000
        started = time.perf_counter()
        bound_markup(small)
        small_seconds = time.perf_counter() - started
        started = time.perf_counter()
        bound_markup(large)
        large_seconds = time.perf_counter() - started
        assert large_seconds < 8 * max(small_seconds, 0.01), piece


def test_page_bytes_keep_their_encoding_byte_for_byte() -> None:
    text = "<p>Thơ và Hà</p><div " + _attributes(MAX_ATTRIBUTES + 1) + ">Hà</div>"
    for encoding in ("utf-8", "cp1258"):
        data = text.encode(encoding)
        bounded = bound_page_bytes(data)
        assert bounded.decode(encoding) == bound_markup(text)[0]
    ordinary = "<p>Thơ và Hà</p>".encode("cp1258")
    assert bound_page_bytes(ordinary) is ordinary
