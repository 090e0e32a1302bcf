"""The canonical archive file: UTF-8 Markdown with YAML front matter, one article per file.

The front matter holds every field but the body; the body follows as Markdown paragraphs.
`parse_canonical(render_canonical(a)) == a` for every article the archive stores.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from reader.model.article import ENTITY_KINDS, Article, Entities
from reader.model.ids import is_valid_id

if TYPE_CHECKING:
    import yaml

FIELD_ORDER = (
    "id",
    "title",
    "published",
    "author",
    "section",
    "source",
    "url",
    "feed",
    "language",
    "lead",
    "captions",
    "related_titles",
    "related_links",
    "entities",
    "entities_locked",
    "content_sha256",
    "imported_at",
)


class ArticleFormatError(ValueError):
    """A file that is not a readable article; the message is one line for the user."""


@cache
def _yaml_classes() -> tuple[type[yaml.SafeLoader], type[yaml.SafeDumper]]:
    """PyYAML's safe loader and a safe dumper that writes datetimes as ISO 8601 timestamps
    (`2022-09-05T16:33:00+07:00`), C-accelerated where built. Made when the first article is
    read or written: importing PyYAML would cost every launch of the app ~10 ms, and its first
    screen reads no article."""
    import yaml

    class Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
        pass

    def represent_datetime(dumper: yaml.SafeDumper, value: datetime) -> yaml.ScalarNode:
        return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())

    Dumper.add_representer(datetime, represent_datetime)
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader), Dumper


def split_front_matter(text: str) -> tuple[str, str] | None:
    """Split `---\\n<yaml>\\n---\\n<body>` into its two parts; None when there is none."""
    text = text.removeprefix("\ufeff")
    if not text.startswith("---"):
        return None
    first_newline = text.find("\n")
    if first_newline == -1 or text[:first_newline].strip() != "---":
        return None
    end = text.find("\n---", first_newline)
    while end != -1:
        line_end = text.find("\n", end + 1)
        closing = text[end + 1 : line_end if line_end != -1 else len(text)]
        if closing.strip() in ("---", "..."):
            body = "" if line_end == -1 else text[line_end + 1 :]
            return text[first_newline + 1 : end + 1], body
        end = text.find("\n---", end + 1)
    return None


def load_front_matter(yaml_text: str) -> dict[str, Any]:
    """Parse front matter with a safe loader; a non-mapping or bad YAML is an error."""
    import yaml

    try:
        data = yaml.load(yaml_text, Loader=_yaml_classes()[0])
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ArticleFormatError(f"malformed front matter{where}: {problem}") from None
    except (ValueError, OverflowError, RecursionError) as exc:
        # A value YAML reads but cannot build: `2022-02-30`, a number of 5,000 digits.
        raise ArticleFormatError(
            f"front matter holds a value that cannot be read ({exc})"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ArticleFormatError("front matter is not a mapping of fields")
    return data


def _text(value: Any, field: str, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise ArticleFormatError(f"front matter has no {field}")
        return None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value).strip()
    raise ArticleFormatError(f"front matter field {field} is not text")


def _text_list(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if not isinstance(value, list):
        raise ArticleFormatError(f"front matter field {field} is not a list")
    items = []
    for item in value:
        text = _text(item, field)
        if text:
            items.append(text)
    return tuple(items)


def _links(value: Any) -> tuple[tuple[str, str], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ArticleFormatError("front matter field related_links is not a list")
    links = []
    for item in value:
        if not isinstance(item, dict):
            raise ArticleFormatError("front matter field related_links holds a non-mapping")
        title = _text(item.get("title"), "related_links.title")
        url = _text(item.get("url"), "related_links.url")
        if title and url and url.lower().startswith(("http://", "https://")):
            links.append((title, url))
    return tuple(links)


def _datetime(value: Any, field: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            raise ArticleFormatError(
                f"front matter field {field} is not a date: {value!r}"
            ) from None
    if hasattr(value, "isoformat"):  # a bare YAML date such as 2022-09-05
        return datetime.fromisoformat(value.isoformat())
    raise ArticleFormatError(f"front matter field {field} is not a date")


def _entities(value: Any) -> Entities:
    if value is None:
        return Entities()
    if not isinstance(value, dict):
        raise ArticleFormatError("front matter field entities is not a mapping")
    unknown = set(value) - set(ENTITY_KINDS)
    if unknown:
        raise ArticleFormatError(f"unknown entity kind in front matter: {sorted(unknown)[0]}")
    return Entities(
        **{kind: _text_list(value.get(kind), f"entities.{kind}") for kind in ENTITY_KINDS}
    )


def _flag(value: Any, field: str) -> bool:
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    raise ArticleFormatError(f"front matter field {field} is not true or false")


def article_from_fields(fields: dict[str, Any], body: str) -> Article:
    """Build an Article from front-matter fields; the id is kept only when it is safe."""
    raw_id = fields.get("id")
    return Article(
        id=raw_id if isinstance(raw_id, str) and is_valid_id(raw_id) else "",
        title=_text(fields.get("title"), "title", required=True) or "",
        body=body.strip("\n"),
        published=_datetime(fields.get("published"), "published"),
        author=_text(fields.get("author"), "author"),
        section=_text_list(fields.get("section"), "section"),
        source=_text(fields.get("source"), "source"),
        url=_text(fields.get("url"), "url"),
        feed=_text(fields.get("feed"), "feed"),
        language=_text(fields.get("language"), "language") or "vi",
        lead=_text(fields.get("lead"), "lead") or "",
        captions=_text_list(fields.get("captions"), "captions"),
        related_titles=_text_list(fields.get("related_titles"), "related_titles"),
        related_links=_links(fields.get("related_links")),
        entities=_entities(fields.get("entities")),
        entities_locked=_flag(fields.get("entities_locked"), "entities_locked"),
        content_sha256=_text(fields.get("content_sha256"), "content_sha256") or "",
        imported_at=_datetime(fields.get("imported_at"), "imported_at"),
    )


def parse_canonical(text: str) -> Article:
    """Read one canonical article file's text."""
    parts = split_front_matter(text)
    if parts is None:
        raise ArticleFormatError("no YAML front matter (the file must start with ---)")
    fields = load_front_matter(parts[0])
    return article_from_fields(fields, parts[1])


def render_canonical(article: Article) -> str:
    """The canonical file text for `article`."""
    import yaml

    fields: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "published": article.published,
        "author": article.author,
        "section": list(article.section),
        "source": article.source,
        "url": article.url,
    }
    if article.feed:
        # Written only when there is one, so files imported otherwise stay as they were.
        fields["feed"] = article.feed
    fields |= {
        "language": article.language,
        "lead": article.lead,
        "captions": list(article.captions),
        "related_titles": list(article.related_titles),
    }
    if article.related_links:
        # Written only when there are some, so files of pages without links stay as they were.
        fields["related_links"] = [{"title": t, "url": u} for t, u in article.related_links]
    fields["entities"] = article.entities.as_dict()
    if article.entities_locked:
        # Written only when set, so files nobody corrected stay as they were.
        fields["entities_locked"] = True
    fields["content_sha256"] = article.content_sha256
    fields["imported_at"] = article.imported_at
    front = yaml.dump(
        fields,
        Dumper=_yaml_classes()[1],
        allow_unicode=True,
        sort_keys=False,
        width=100_000,
        default_flow_style=None,
    )
    body = article.body.strip("\n")
    return f"---\n{front}---\n{body}\n"
