"""Content-Encoding decoding on its own: any layering, any chunking, the cap, damaged data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.fetch.decoding import content_codings, decoded_body
from reader.fetch.errors import FetchError, printable

from .conftest import encode


def _chunks(data: bytes, sizes: list[int]) -> list[bytes]:
    """`data` cut into pieces of the given sizes (cycled), the way a socket might deliver it."""
    pieces, start, turn = [], 0, 0
    while start < len(data):
        size = sizes[turn % len(sizes)]
        pieces.append(data[start : start + size])
        start += size
        turn += 1
    return pieces


def _decode(chunks: list[bytes], header: str, limit: int = 1 << 30) -> bytes:
    return b"".join(decoded_body(iter(chunks), header, limit))


@settings(deadline=None)  # compressing 300 KB three times is slow on a busy machine
@given(
    data=st.binary(max_size=3000) | st.just(bytes(300_000)),
    codings=st.lists(st.sampled_from(["gzip", "x-gzip", "deflate", "raw-deflate"]), max_size=3),
    sizes=st.lists(st.integers(1, 5000), min_size=1, max_size=4),
)
def test_any_layering_and_chunking_decodes_to_the_body(
    data: bytes, codings: list[str], sizes: list[int]
) -> None:
    body = data
    for coding in codings:
        body = encode(body, coding)
    header = ", ".join("deflate" if c == "raw-deflate" else c for c in codings)
    assert _decode(_chunks(body, sizes), header) == data


def test_the_cap_holds_for_every_layer() -> None:
    body = encode(encode(bytes(1000), "gzip"), "gzip")
    assert _decode([body], "gzip, gzip", limit=1000) == bytes(1000)
    with pytest.raises(FetchError, match=r"^response too large \(over 999 bytes; stopped"):
        _decode([body], "gzip, gzip", limit=999)
    with pytest.raises(FetchError, match="too large"):
        _decode([bytes(1001)], "", limit=1000)


def test_the_cap_stops_a_bomb_after_a_few_steps() -> None:
    bomb = encode(bytes(50 * 1024 * 1024), "gzip")
    pulled = 0
    with pytest.raises(FetchError, match="too large"):
        for chunk in decoded_body(iter([bomb]), "gzip", 1024 * 1024):
            assert len(chunk) <= 64 * 1024
            pulled += len(chunk)
    assert pulled <= 1024 * 1024


@pytest.mark.parametrize("header", ["gzip", "deflate", "gzip, deflate"])
def test_damaged_data_is_a_one_line_failure(header: str) -> None:
    with pytest.raises(FetchError) as caught:
        _decode([b"\x1f\x8b\x08this is not compressed at all"], header)
    assert caught.value.kind == "other" and caught.value.reason.isprintable()
    assert caught.value.reason.startswith("damaged ")


def test_data_after_the_end_of_the_stream_is_ignored() -> None:
    assert _decode([encode(b"page", "gzip") + b"trailing junk"], "gzip") == b"page"


def test_an_empty_compressed_body_is_empty() -> None:
    assert _decode([], "gzip") == b"" and _decode([b""], "deflate") == b""


@pytest.mark.parametrize(
    ("header", "codings"),
    [
        (None, []),
        ("", []),
        ("identity", []),
        (" GZIP ", ["gzip"]),
        ("gzip,,identity, deflate", ["gzip", "deflate"]),
        ("x-gzip", ["x-gzip"]),
    ],
)
def test_content_codings(header: str | None, codings: list[str]) -> None:
    assert content_codings(header) == codings


@pytest.mark.parametrize("header", ["br", "gzip, zstd", "compress", "\x9b31m"])
def test_other_codings_are_refused_in_one_line(header: str) -> None:
    with pytest.raises(FetchError) as caught:
        content_codings(header)
    assert caught.value.kind == "refused" and caught.value.reason.isprintable()


def test_too_many_codings_are_refused() -> None:
    with pytest.raises(FetchError, match="too many content encodings"):
        content_codings(", ".join(["gzip"] * 5))


def test_printable_escapes_what_could_break_a_line() -> None:
    assert printable("a\nb\u2028c\x1b[31m") == "a\\nb\\u2028c\\x1b[31m"
    assert printable("Tin bài liên quan") == "Tin bài liên quan"
    assert printable("x" * 100, 10) == "x" * 10 + "…"
