"""JSON and JSON Lines exports: one article per object, each judged on its own.

A record needs `title` and one of `body`, `text` or `content`; it may carry `lead`
(`description`, `summary`), `author`, `published` (`date`), `url`, `section` (`category`,
a string or a list), `source` and `language`. A bad record gets its own reason and the
others are still read: the record, not the file, is the unit of failure. JSON numbers Python
cannot hold as written (`1e999`, `NaN`, `Infinity`, more digits than an int may be read from)
are kept as marks while the text is decoded, so they fail only a record whose field uses one.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reader.ingest.checks import check_article
from reader.ingest.errors import IngestError
from reader.model.article import Article
from reader.text.language import guess_language
from reader.text.normalize import clean_text

Record = tuple[str, Article | IngestError]

_BODY_KEYS = ("body", "text", "content")
_LEAD_KEYS = ("lead", "description", "summary")
_DATE_KEYS = ("published", "date")
_SECTION_KEYS = ("section", "category")


TOO_DEEP = "JSON nested too deeply"


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A JSON number that no Python number holds as written; what the file says, cut short."""

    text: str

    def __str__(self) -> str:
        if len(self.text) <= 20:
            return self.text
        return f"{self.text[:12]}... ({len(self.text)} characters)"


def _int(text: str) -> int | Unreadable:
    try:
        return int(text)
    except ValueError:  # more digits than `sys.get_int_max_str_digits()` allows
        return Unreadable(text)


def _float(text: str) -> float | Unreadable:
    value = float(text)
    return value if math.isfinite(value) else Unreadable(text)


def _loads(text: str) -> Any:
    """`json.loads`, with unreadable numbers kept as `Unreadable` marks instead of raising."""
    return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=Unreadable)


def parse_json_records(text: str, jsonl: bool) -> list[Record]:
    """Read every article record in a JSON or JSON Lines text.

    Args:
        text: the decoded file text.
        jsonl: True for one JSON object per line, False for one object or an array of them.

    Returns:
        One `(label, Article or IngestError)` pair per record: labels are `#1`, `#2`, ...
        for JSON and `line N` for JSON Lines.

    Raises:
        IngestError: when the whole text cannot hold records (not JSON, or JSON that is
            neither an object nor an array; an empty file).
    """
    if not text.strip():
        raise IngestError("empty file")
    if jsonl:
        return _parse_lines(text)
    try:
        data = _loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise IngestError(TOO_DEEP) from None
    if isinstance(data, dict):
        items: list[Any] = [data]
    elif isinstance(data, list):
        items = data
    else:
        raise IngestError(f"JSON holds a {_kind(data)}, not an object or an array of objects")
    if not items:
        raise IngestError("JSON array holds no records")
    return [(f"#{number}", _judge(item)) for number, item in enumerate(items, 1)]


def _parse_lines(text: str) -> list[Record]:
    results: list[Record] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        label = f"line {number}"
        try:
            item = _loads(line)
        except json.JSONDecodeError as exc:
            results.append((label, IngestError(f"not valid JSON ({exc.msg})")))
            continue
        except RecursionError:
            results.append((label, IngestError(TOO_DEEP)))
            continue
        results.append((label, _judge(item)))
    if not results:
        raise IngestError("empty file")
    return results


def _judge(item: Any) -> Article | IngestError:
    """The record's article, or why it failed: whatever goes wrong fails this record alone."""
    try:
        return check_article(record_to_article(item))
    except IngestError as exc:
        return exc
    except Exception as exc:  # a value no check foresaw must not stop the other records
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())[:200]
        return IngestError(f"record could not be read ({reason})")


def record_to_article(item: Any) -> Article:
    """Turn one decoded JSON value into an Article.

    Raises:
        IngestError: the value is not an object, or lacks a title or body, or a field has the
            wrong type.
    """
    if not isinstance(item, dict):
        raise IngestError(f"record is a {_kind(item)}, not an object")
    title = _text(item, ("title",))
    if not title:
        raise IngestError("record has no title")
    body = _text(item, _BODY_KEYS)
    if not body:
        raise IngestError("record has no body (body, text or content)")
    body = "\n\n".join(p.strip() for p in body.split("\n") if p.strip())
    lead = _text(item, _LEAD_KEYS) or ""
    language = _text(item, ("language", "lang"))
    return Article(
        title=title,
        body=body,
        lead=lead,
        author=_text(item, ("author",)),
        published=_date(item),
        url=_text(item, ("url", "link")),
        section=_sections(item),
        source=_text(item, ("source", "site")),
        language=language.lower() if language else guess_language(f"{title}\n{lead}\n{body}"),
    )


def _clean(value: str) -> str:
    """Clean text, replacing lone surrogates (which `\\ud800` escapes can produce)."""
    value = value.encode("utf-8", "replace").decode("utf-8")
    return clean_text(value).strip()


def _text(item: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = item.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, list) and key == "author":
            value = ", ".join(str(v) for v in value if _is_text(v))
        if isinstance(value, Unreadable):
            raise IngestError(f"record field {key} is a number out of range: {value}")
        if not _is_text(value):
            raise IngestError(f"record field {key} is not text")
        text = _clean(str(value))
        if text:
            return text
    return None


def _is_text(value: Any) -> bool:
    """Text, or a number that reads as text (a title `2024`)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _sections(item: dict[str, Any]) -> tuple[str, ...]:
    for key in _SECTION_KEYS:
        value = item.get(key)
        if value is None or value == "" or value == []:
            continue
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, str) for v in values):
            raise IngestError(f"record field {key} is not text or a list of text")
        return tuple(text for text in (_clean(v) for v in values) if text)
    return ()


def _date(item: dict[str, Any]) -> datetime | None:
    for key in _DATE_KEYS:
        value = item.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise IngestError(f"record field {key} is not a date")
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise IngestError(f"record field {key} is not a date: {value[:40]!r}") from None
    return None


def _kind(value: Any) -> str:
    names = {
        str: "string",
        int: "number",
        float: "number",
        Unreadable: "number",
        bool: "boolean",
        list: "list",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)
