"""The annotation file of one article: `research/<id>.md`, Markdown with YAML front matter.

```markdown
---
article: 2022-09-05-xuc-tien-mo-rong-hop-tac-cac-linh-vuc-the-manh-giua-1a2b3c4d
title: Xúc tiến, mở rộng hợp tác các lĩnh vực thế mạnh giữa TP Cần Thơ và các địa phương Lào
tags:
- hợp tác
- Lào
bookmarked: 2024-05-01T10:15:00+07:00
highlights:
- paragraph: 2
  sentence: 1
  quote: Hai bên đã ký kết biên bản ghi nhớ hợp tác giai đoạn 2022-2025.
  comment: "cần đối chiếu với bản tin của TTXVN"
  created: 2024-05-01T10:20:00+07:00
created: 2024-05-01T10:15:00+07:00
updated: 2024-05-01T10:20:00+07:00
---
The note: free Markdown, exactly as written.
```

Only fields with a value are written. Text with a line break or a control character is written
double-quoted with escapes (`"line one\\nline two"`), so every value stays on its line and no
line of the front matter can close it. The note is everything after the closing `---` line,
but the one line break the file ends with. `parse(render(a)) == a` for every `Annotations`.
Fields the reader does not know are kept and written back. YAML is read with a safe loader.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import yaml

from reader.model.canonical import ArticleFormatError, load_front_matter, split_front_matter
from reader.research.model import Annotations, Highlight, InvalidTag, clean_tag

_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
KNOWN_FIELDS = (
    "article",
    "title",
    "tags",
    "bookmarked",
    "highlights",
    "created",
    "updated",
)
_HIGHLIGHT_FIELDS = ("paragraph", "sentence", "quote", "comment", "created")
# Characters that make a string double-quoted, with escapes: line breaks (YAML's too),
# controls, the byte-order mark.
_QUOTED = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class AnnotationFormatError(ValueError):
    """An annotation file that cannot be read; the message is one line for the user."""


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Datetimes as ISO 8601 timestamps; strings with line breaks or controls double-quoted."""

    def ignore_aliases(self, data: object) -> bool:
        """Every value written out where it stands: a plain file, no `&id001` anchors."""
        return True


def _represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if _QUOTED.search(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(datetime, _represent_datetime)
_Dumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """`data` as block YAML, the way the research files write it: one value per line."""
    return yaml.dump(
        data,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )


def render(annotations: Annotations) -> str:
    """The file text of `annotations`."""
    fields: dict[str, Any] = {"article": annotations.article_id}
    if annotations.title:
        fields["title"] = annotations.title
    if annotations.tags:
        fields["tags"] = list(annotations.tags)
    if annotations.bookmarked is not None:
        fields["bookmarked"] = annotations.bookmarked
    if annotations.highlights:
        fields["highlights"] = [_highlight_fields(h) for h in annotations.highlights]
    if annotations.created is not None:
        fields["created"] = annotations.created
    if annotations.updated is not None:
        fields["updated"] = annotations.updated
    for name, value in annotations.extra.items():
        if name not in fields and name not in KNOWN_FIELDS:
            fields[name] = value
    note = f"{annotations.note}\n" if annotations.note else ""
    return f"---\n{dump_yaml(fields)}---\n{note}"


def _highlight_fields(highlight: Highlight) -> dict[str, Any]:
    fields: dict[str, Any] = {"paragraph": highlight.paragraph}
    if highlight.sentence is not None:
        fields["sentence"] = highlight.sentence
    fields["quote"] = highlight.quote
    if highlight.comment:
        fields["comment"] = highlight.comment
    if highlight.created is not None:
        fields["created"] = highlight.created
    return fields


def parse(text: str, article_id: str) -> Annotations:
    """Read one annotation file's text (`article_id`: its file's, whatever the file says).

    Raises:
        AnnotationFormatError: no front matter, bad YAML, or a known field of the wrong kind.
    """
    parts = split_front_matter(text)
    if parts is None:
        raise AnnotationFormatError("no YAML front matter (the file must start with ---)")
    try:
        fields = load_front_matter(parts[0])
    except ArticleFormatError as exc:
        raise AnnotationFormatError(str(exc)) from None
    note = parts[1]
    note = note[:-1] if note.endswith("\n") else note
    created = _moment(fields.get("created"), "created")
    bookmarked_value = fields.get("bookmarked")
    if bookmarked_value is True:  # written by hand: bookmarked, time unknown
        bookmarked: datetime | None = created or _EPOCH
    elif bookmarked_value is False:
        bookmarked = None
    else:
        bookmarked = _moment(bookmarked_value, "bookmarked")
    return Annotations(
        article_id=article_id,
        title=_string(fields.get("title"), "title"),
        tags=_tags(fields.get("tags")),
        note=note,
        highlights=_highlights(fields.get("highlights")),
        bookmarked=bookmarked,
        created=created,
        updated=_moment(fields.get("updated"), "updated"),
        extra={k: v for k, v in fields.items() if k not in KNOWN_FIELDS},
    )


def _string(value: Any, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise AnnotationFormatError(f"field {name} is not text")


def _moment(value: Any, name: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise AnnotationFormatError(f"field {name} is not a time: {value!r}") from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise AnnotationFormatError(f"field {name} is not a time")
    return value if value.tzinfo is not None else value.astimezone()


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        raise AnnotationFormatError("field tags is not a list")
    tags: dict[str, None] = {}
    for item in items:
        try:
            tags[clean_tag(_string(item, "tags"))] = None
        except InvalidTag:
            continue  # an empty item of a hand-written list
    return tuple(tags)


def _number(value: Any, name: str, *, optional: bool = False) -> int | None:
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise AnnotationFormatError(f"{name} must be a number from 1")
    return value


def _highlights(value: Any) -> tuple[Highlight, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise AnnotationFormatError("field highlights is not a list")
    found = []
    for at, item in enumerate(value, 1):
        if not isinstance(item, dict):
            raise AnnotationFormatError(f"highlight {at} is not a mapping of fields")
        unknown = set(item) - set(_HIGHLIGHT_FIELDS)
        if unknown:
            raise AnnotationFormatError(
                f"highlight {at} has an unknown field: {sorted(unknown)[0]}"
            )
        paragraph = _number(item.get("paragraph"), f"highlight {at}: paragraph")
        assert paragraph is not None
        found.append(
            Highlight(
                quote=_string(item.get("quote"), f"highlight {at}: quote"),
                paragraph=paragraph,
                sentence=_number(item.get("sentence"), f"highlight {at}: sentence", optional=True),
                comment=_string(item.get("comment"), f"highlight {at}: comment"),
                created=_moment(item.get("created"), f"highlight {at}: created"),
            )
        )
    return tuple(found)
