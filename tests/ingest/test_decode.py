"""Decoding files into text: BOMs, UTF-8, Windows-1258, detected encodings and binary refusal."""

from __future__ import annotations

import codecs
import unicodedata

import pytest

from reader.ingest.decode import decode_bytes
from reader.ingest.errors import IngestError

VIET = "Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện tiếp Tổng Lãnh sự Lào tại Đà Nẵng."
TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 writes Vietnamese: base letter, then a combining tone mark.

    Python's cp1258 codec has no precomposed `ệ` or `ủ`, so letters it cannot encode are
    split into the toneless letter (which it has, e.g. `ê`) and the tone mark.
    """
    out = []
    for char in text:
        try:
            char.encode("cp1258")
            out.append(char)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base + tones)
    return "".join(out).encode("cp1258")


def test_codec_rejects_precomposed_vietnamese() -> None:
    with pytest.raises(UnicodeEncodeError):
        "ệ".encode("cp1258")


def test_cp1258_comes_back_as_the_same_nfc_text() -> None:
    data = to_cp1258(VIET)
    assert b"\xf2" in data  # the dot below travels as its own byte
    assert decode_bytes(data) == VIET


def test_short_cp1258_text_is_not_mistaken_for_another_code_page() -> None:
    assert decode_bytes(to_cp1258("Hà Nội")) == "Hà Nội"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }[codec]
    assert decode_bytes(bom + f"{VIET}\r\nDòng hai".encode(codec)) == f"{VIET}\nDòng hai"


def test_utf8_bom_is_dropped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + VIET.encode()) == VIET


def test_utf8_in_nfd_becomes_nfc_without_control_characters() -> None:
    raw = unicodedata.normalize("NFD", VIET) + "\x07\u202e"
    assert decode_bytes(raw.encode()) == VIET


def test_latin1_french_is_detected() -> None:
    text = "Le café était fermé, mais la boulangerie près de l'église vendait des crêpes. " * 3
    assert decode_bytes(text.encode("cp1252")) == text


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    ],
)
def test_binary_formats_are_refused_by_name(data: bytes, kind: str) -> None:
    with pytest.raises(IngestError, match=rf"^binary file \({kind}\)$"):
        decode_bytes(data)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(IngestError, match="binary file"):
        decode_bytes(b"ELF\x00\x00\x01 some text")


def test_utf16_without_bom_is_refused_as_binary() -> None:
    with pytest.raises(IngestError, match="binary file"):
        decode_bytes("Hà Nội".encode("utf-16-le"))


def test_many_control_bytes_mean_binary() -> None:
    with pytest.raises(IngestError, match="control bytes"):
        decode_bytes(bytes(range(1, 32)) * 20 + b"text")


def test_broken_utf16_after_bom_is_undecodable() -> None:
    with pytest.raises(IngestError, match=r"^undecodable bytes: "):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8a")
