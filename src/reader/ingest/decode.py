"""Bytes to clean text: byte-order marks, UTF-8, detected legacy encodings, binary refusal.

Order of trust: a byte-order mark names the encoding outright; otherwise strict UTF-8; otherwise
Windows-1258 when the bytes carry its combining tone marks and they all land on letters;
otherwise whatever charset-normalizer finds most coherent. Files that are clearly not text
(known binary signatures, NUL bytes, many control bytes) are refused with a reason.
"""

from __future__ import annotations

import codecs
import unicodedata

from reader.ingest.errors import IngestError
from reader.text.normalize import clean_text

# Longest first, so a UTF-32 LE mark is not taken for a UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"\x1f\x8b", "gzip"),
)

# Bytes that text files legitimately hold below 0x20: tab, newline, form feed, carriage return.
_TEXT_CONTROLS = frozenset(b"\t\n\x0c\r")
_SAMPLE_SIZE = 8192
_MAX_CONTROL_SHARE = 0.05

# Windows-1258 writes four of the five tone marks as separate combining bytes (and the
# fifth, acute, as 0xEC); in Windows-1252 the same bytes are rare letters such as Ì and Ò.
_CP1258_TONE_BYTES = frozenset(b"\xcc\xd2\xde\xec\xf2")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")


def decode_bytes(data: bytes) -> str:
    """Decode a file's bytes into clean text (NFC, `\\n` newlines, no control characters).

    Args:
        data: the raw bytes of a file.

    Returns:
        The text, passed through `clean_text`.

    Raises:
        IngestError: `binary file (...)` for non-text data, `undecodable bytes: ...` when no
            text encoding fits.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return clean_text(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise IngestError(f"undecodable bytes: invalid {encoding} after its BOM") from exc
    _refuse_binary(data)
    try:
        return clean_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    vietnamese = _try_cp1258(data)
    if vietnamese is not None:
        return clean_text(vietnamese)
    return clean_text(_detect(data))


def _refuse_binary(data: bytes) -> None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise IngestError(f"binary file ({kind})")
    sample = data[:_SAMPLE_SIZE]
    if b"\x00" in sample:
        raise IngestError("binary file (contains NUL bytes)")
    if not sample:
        return
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if controls / len(sample) > _MAX_CONTROL_SHARE:
        raise IngestError("binary file (too many control bytes)")


def _try_cp1258(data: bytes) -> str | None:
    """The Windows-1258 reading of `data` when every tone-mark byte follows a vowel."""
    if not _CP1258_TONE_BYTES.intersection(data):
        return None
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    previous = ""
    for char in text:
        if char in _TONE_MARKS and previous not in _VOWELS:
            return None
        previous = char
    return unicodedata.normalize("NFC", text)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError("undecodable bytes: not UTF-8 and no other text encoding fits")
    return str(best)
