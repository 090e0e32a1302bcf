"""Markdown files: our canonical archive format, other front-matter Markdown, or a `# Title`.

A canonical file (front matter with `id` and `content_sha256`, as `render_canonical` writes it)
comes back field for field. Other front matter is read leniently: `date` stands for
`published`, `tags` or `categories` for `section`, `description` or `summary` for `lead`.
Front matter is checked for size and for YAML anchors and aliases before it is loaded, so an
alias bomb is refused rather than expanded.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from reader.ingest.errors import IngestError
from reader.model.article import Article
from reader.model.canonical import (
    ArticleFormatError,
    article_from_fields,
    load_front_matter,
    split_front_matter,
)
from reader.text.language import guess_language
from reader.text.normalize import clean_text

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_YAML_ALIASES = 8

_ATX_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$", re.MULTILINE)
_SETEXT_TITLE = re.compile(r"^([^\n#>\-*].*)\n=+[ \t]*$", re.MULTILINE)

_ALIASES = {
    "published": ("date", "pubDate", "published_at"),
    "section": ("tags", "categories", "category"),
    "lead": ("description", "summary"),
    "source": ("site",),
}


def parse_markdown(text: str) -> Article:
    """Read a Markdown article, with or without YAML front matter.

    Args:
        text: the decoded file text.

    Returns:
        The Article. A canonical archive file keeps its id, hash and every field.

    Raises:
        IngestError: bad, oversized or alias-laden front matter (one-line reason), a file
            with neither front matter nor a `# Title`, or a title with no text.
    """
    parts = split_front_matter(text)
    if parts is None:
        return _parse_headed(text)
    yaml_text, body = parts
    check_front_matter_safety(yaml_text)
    try:
        fields = load_front_matter(yaml_text)
        if not _is_canonical(fields):
            fields, body = _lenient_fields(fields, body)
        article = _clean_fields(article_from_fields(fields, body))
    except ArticleFormatError as exc:
        raise IngestError(str(exc)) from None
    if not article.body.strip() and not article.lead.strip():
        raise IngestError("no article text (only a title)")
    if not fields.get("language"):
        article = article.with_changes(
            language=guess_language(f"{article.title}\n{article.lead}\n{article.body}")
        )
    return article


def _clean_fields(article: Article) -> Article:
    """YAML escapes (`"\\x1b[31m"`, `"\\u202e"`) decode to control characters after the file
    text was cleaned: clean the field values again."""

    def many(values: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(clean_text(value) for value in values)

    return article.with_changes(
        title=clean_text(article.title),
        lead=clean_text(article.lead),
        body=clean_text(article.body),
        author=clean_text(article.author) if article.author else article.author,
        source=clean_text(article.source) if article.source else article.source,
        section=many(article.section),
        captions=many(article.captions),
        related_titles=many(article.related_titles),
    )


def looks_like_markdown(text: str) -> bool:
    """True when `text` has front matter or a level-one heading to take the title from."""
    return split_front_matter(text) is not None or _find_title(text) is not None


def check_front_matter_safety(yaml_text: str) -> None:
    """Refuse front matter too large to be an article's, or with more than a few aliases.

    The check walks YAML events, which never expands an alias, so it stays cheap on a
    "billion laughs" document.

    Raises:
        IngestError: with the reason.
    """
    size = len(yaml_text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise IngestError(f"front matter too large ({size} bytes; limit {MAX_FRONT_MATTER_BYTES})")
    count = 0
    try:
        for event in yaml.parse(yaml_text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                count += 1
                if count > MAX_YAML_ALIASES:
                    raise IngestError("front matter uses too many YAML anchors or aliases")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise IngestError(f"malformed front matter{where}: {problem}") from None


def _is_canonical(fields: dict[str, Any]) -> bool:
    return bool(fields.get("id")) and "content_sha256" in fields


def _lenient_fields(fields: dict[str, Any], body: str) -> tuple[dict[str, Any], str]:
    """Map common front-matter names onto ours; take the title from a heading if need be."""
    fields = dict(fields)
    for ours, theirs in _ALIASES.items():
        if fields.get(ours) in (None, "", []):
            for name in theirs:
                if fields.get(name) not in (None, "", []):
                    fields[ours] = fields[name]
                    break
    for name in ("author", "source"):
        value = fields.get(name)
        if isinstance(value, list):
            fields[name] = ", ".join(str(item) for item in value if item) or None
    if fields.get("title") in (None, ""):
        found = _find_title(body)
        if found is not None:
            fields["title"], body = found
    else:
        found = _find_title(body)
        if found is not None and found[0].strip() == str(fields["title"]).strip():
            body = found[1]
    # Ids and hashes are the archive's to assign; a foreign file's are not trusted.
    fields.pop("id", None)
    fields.pop("content_sha256", None)
    fields.pop("imported_at", None)
    return fields, body


def _find_title(text: str) -> tuple[str, str] | None:
    """The first level-one heading and the text without it, or None."""
    matches = [m for m in (_ATX_TITLE.search(text), _SETEXT_TITLE.search(text)) if m]
    if not matches:
        return None
    first = min(matches, key=lambda m: m.start())
    rest = re.sub(r"\n{3,}", "\n\n", text[: first.start()] + text[first.end() :]).strip("\n")
    return first.group(1).strip(), rest


def _parse_headed(text: str) -> Article:
    if not text.strip():
        raise IngestError("empty file")
    found = _find_title(text)
    if found is None:
        raise IngestError("Markdown without front matter or a # title")
    title, body = found
    body = body.strip()
    if not body:
        raise IngestError("no article text (only a title)")
    return Article(title=title, body=body, language=guess_language(f"{title}\n{body}"))
