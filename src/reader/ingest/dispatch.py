"""One entry point for a file on disk: read it safely, pick its parser, return its articles.

The format comes from the extension, checked against the content: `.md` without front matter
or a heading is read as plain text, and any file that starts like an HTML document is HTML.
Text files are saved news pages when the saved-page parser recognises them, plain text
otherwise.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

from reader.ingest.checks import check_article
from reader.ingest.decode import decode_bytes
from reader.ingest.errors import IngestError
from reader.ingest.walk import not_regular
from reader.model.article import Article
from reader.text.language import guess_language

Result = tuple[str, Article | IngestError]

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TEXT_SUFFIXES = frozenset({".txt", ".text", ""})

#: Extensions a folder walk should pick up (a file named on the command line is always tried).
SUPPORTED_SUFFIXES = frozenset(
    MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | {".txt", ".text"}
)

_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)


def parse_file(path: Path, *, max_bytes: int) -> list[Result]:
    """Read one file and parse it with the parser its extension and content call for.

    Args:
        path: the file to read.
        max_bytes: files larger than this are refused before they are read.

    Returns:
        `(label, Article or IngestError)` pairs: one pair labelled `""` for a single-article
        file, one per record (`#1`, `line 3`, ...) for JSON and JSON Lines. A file that
        cannot be read or parsed gives one pair with its IngestError.
    """
    try:
        data = read_input(path, max_bytes=max_bytes)
    except IngestError as exc:
        return [("", exc)]
    return parse_bytes(data, suffix=path.suffix.lower())


def parse_bytes(data: bytes, *, suffix: str) -> list[Result]:
    """Decode a file's bytes and parse them as the format `suffix` and the content call for."""
    try:
        results = parse_text(decode_input(data), suffix=suffix, url=None)
    except IngestError as exc:
        return [("", exc)]
    return [(label, _with_language(item)) for label, item in results]


def read_input(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of the regular file at `path`, read once.

    Anything else (a folder, a named pipe, a socket, a device) and oversized files are
    refused before they are opened, and the opened file is checked again, since it may have
    been replaced in between. It is opened without blocking, so a named pipe put in its place
    cannot hang the import.

    Raises:
        IngestError: not a regular file, oversized, or unreadable (gone, no permission, ...).
    """
    try:
        _check_file(os.stat(path), max_bytes)
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except OSError as exc:
        raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as handle:
        try:
            _check_file(os.fstat(handle.fileno()), max_bytes)
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise IngestError(f"cannot read file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise IngestError(f"file too large ({len(data)}+ bytes; limit {max_bytes})")
    return data


def _check_file(info: os.stat_result, max_bytes: int) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(not_regular(info.st_mode))
    if info.st_size > max_bytes:
        raise IngestError(f"file too large ({info.st_size} bytes; limit {max_bytes})")


def decode_input(data: bytes) -> str:
    """A file's bytes as clean text, refusing empty and binary files."""
    if not data.strip():
        raise IngestError("empty file")
    text = decode_bytes(data)
    if not text.strip():
        raise IngestError("empty file")
    return text


def parse_text(text: str, *, suffix: str, url: str | None = None) -> list[Result]:
    """Parse already-decoded text as the format `suffix` and its content indicate.

    Every article has passed `check_article`.

    Raises:
        IngestError: for a single-article format that fails, or a JSON text that holds no
            records.
    """
    if suffix in JSON_SUFFIXES | JSONL_SUFFIXES:
        from reader.ingest.records import parse_json_records

        return list(parse_json_records(text, jsonl=suffix in JSONL_SUFFIXES))
    if suffix in HTML_SUFFIXES or looks_like_html(text):
        return [("", check_article(_parse_html(text, url)))]
    return [("", check_article(_single_parser(text, suffix)(text)))]


def looks_like_html(text: str) -> bool:
    """True when `text` starts like an HTML document (`<!doctype html>` or `<html>`)."""
    return bool(_HTML_START.match(text[:2048]))


def _parse_html(text: str, url: str | None) -> Article:
    from reader.ingest.html import parse_html

    return parse_html(text, url=url)


def _single_parser(text: str, suffix: str) -> Callable[[str], Article]:
    if suffix in MARKDOWN_SUFFIXES:
        from reader.ingest.markdown import looks_like_markdown, parse_markdown

        if looks_like_markdown(text):
            return parse_markdown
    else:
        saved_page = _saved_page_parser(text)
        if saved_page is not None:
            return saved_page
    from reader.ingest.plain import parse_plain_text

    return parse_plain_text


def _saved_page_parser(text: str) -> Callable[[str], Article] | None:
    """The saved-page parser when it is available and recognises `text`."""
    try:
        from reader.ingest.page import looks_like_saved_page, parse_saved_page
    except ImportError:
        return None
    return parse_saved_page if looks_like_saved_page(text) else None


def _with_language(item: Article | IngestError) -> Article | IngestError:
    if isinstance(item, Article) and not item.language:
        return item.with_changes(language=guess_language(f"{item.title}\n{item.lead}\n{item.body}"))
    return item
