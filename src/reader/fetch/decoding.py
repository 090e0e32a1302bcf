"""A response body with its Content-Encoding undone, layer by layer, under a size cap.

httpx inflates each layer in one call with no bound, so a few kilobytes sent as
`Content-Encoding: gzip, gzip` can become gigabytes in memory before any size check runs.
Here each layer inflates at most `_STEP` bytes per call (zlib's `max_length`, the rest of its
input kept in `unconsumed_tail`), each layer pulls from the one below only when asked, and the
bytes out of every layer, the raw ones included, are counted against the cap. Memory stays
at a few chunks per layer, and decoding stops as soon as any layer passes the cap.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable, Iterator

from reader.fetch.errors import FetchError, printable, size_text

ACCEPT_ENCODING = "gzip, deflate"
DECODED = frozenset({"gzip", "x-gzip", "deflate"})
_MAX_CODINGS = 4
_STEP = 64 * 1024
_GZIP_WBITS = 16 + zlib.MAX_WBITS


def content_codings(header: str | None) -> list[str]:
    """The codings named by a Content-Encoding header, in the order the server applied them.

    `identity` (no coding) is left out.

    Raises:
        FetchError: `refused`, for a coding other than gzip and deflate, or too many codings.
    """
    names = (name.strip().lower() for name in (header or "").split(","))
    codings = [name for name in names if name and name != "identity"]
    for coding in codings:
        if coding not in DECODED:
            shown = printable(coding, 40)
            raise FetchError(
                f"content encoding {shown} is not supported (only gzip and deflate)", "refused"
            )
    if len(codings) > _MAX_CODINGS:
        raise FetchError(f"too many content encodings ({len(codings)})", "refused")
    return codings


def decoded_body(raw: Iterable[bytes], content_encoding: str | None, limit: int) -> Iterator[bytes]:
    """The chunks of the body once every coding is undone, never more than `limit` bytes.

    Raises:
        FetchError: at once for a coding that is not decoded (`content_codings`); while the
            chunks are read, `refused` when the raw body or any decoded layer passes `limit`,
            `other` for damaged compressed data.
    """
    chunks = _capped(raw, limit)
    for coding in reversed(content_codings(content_encoding)):
        chunks = _capped(_inflate(chunks, coding), limit)
    return chunks


def _capped(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > limit:
            raise FetchError(
                f"response too large (over {size_text(limit)}; stopped reading)", "refused"
            )
        yield chunk


def _inflate(chunks: Iterable[bytes], coding: str) -> Iterator[bytes]:
    """One compressed layer undone, at most `_STEP` bytes per step.

    Whatever follows the end of the compressed data is left unread, as httpx leaves it.
    """
    stream = iter(chunks)
    head = b""
    for chunk in stream:
        head += chunk
        if len(head) >= 2:
            break
    inflater = zlib.decompressobj(_wbits(coding, head))
    for data in itertools.chain((head,), stream):
        while True:
            try:
                out = inflater.decompress(data, _STEP)
            except zlib.error as exc:
                raise FetchError(f"damaged {coding} content ({exc})", "other") from None
            if out:
                yield out
            if inflater.eof:
                return
            data = inflater.unconsumed_tail
            if not data and len(out) < _STEP:
                break


def _wbits(coding: str, head: bytes) -> int:
    """gzip; or deflate, zlib-wrapped as HTTP asks or raw as some servers send it."""
    if coding != "deflate":
        return _GZIP_WBITS
    zlib_header = len(head) >= 2 and head[0] & 0x0F == 8 and int.from_bytes(head[:2]) % 31 == 0
    return zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
