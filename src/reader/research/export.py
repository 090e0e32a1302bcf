"""Exports of articles (Markdown, CSV, JSON lines, BibTeX, RIS) and dossiers (Markdown).

Articles are written in date order, oldest first (undated last, then by id), with their
annotations when asked (`annotations`: the articles' `Annotations` by id; None: without).
Text that comes from articles is escaped for the format it is written in (Markdown's and
LaTeX's special characters, RIS's line breaks, CSV cells a spreadsheet would run as a
formula); the user's own notes and comments are written as they are, being their Markdown.

A dossier is one Markdown document for a saved search or a tag: a heading per article with
its citation, where and when it appeared, its tags, the people, places and organisations it
names, its highlights and note; and at the end every person, place and organisation of the
dossier with the number of its articles naming each.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TextIO

from reader.model.article import ENTITY_KINDS, Article
from reader.research import citation
from reader.research.model import Annotations, Highlight
from reader.research.passages import paragraphs

FORMATS = ("markdown", "csv", "jsonl", "bibtex", "ris")
KIND_TITLES = {"person": "People", "place": "Places", "org": "Organisations"}
CSV_FIELDS = ("id", "title", "published", "author", "section", "source", "url", "language")
CSV_TEXT_FIELDS = ("lead", "body")
CSV_NOTE_FIELDS = ("tags", "note", "highlights")

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_FORMULA_START = ("=", "+", "@", "\t", "\r")


def in_date_order(articles: Iterable[Article]) -> list[Article]:
    """Oldest first by publication time; undated articles last; ties by id."""
    dated = sorted(
        (a for a in articles if a.published is not None),
        key=lambda a: (a.published.timestamp(), a.id),  # type: ignore[union-attr]
    )
    undated = sorted((a for a in articles if a.published is None), key=lambda a: a.id)
    return dated + undated


# Markdown ----------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """`text` from an article as Markdown inline text, on one line: control characters and
    line breaks made spaces, Markdown's special characters backslash-escaped (so no title or
    quote can make a heading, a link, an HTML tag or a table)."""
    line = " ".join(_CONTROLS.sub(" ", text).split())
    return _MD_LINE_START.sub(r"\1\\\2", _MD_SPECIAL.sub(r"\\\1", line))


def md_unescape(text: str) -> str:
    """The text `md_escape` was given (one line, spaces collapsed)."""
    return re.sub(r"\\(.)", r"\1", text)


def _indent(text: str, prefix: str) -> str:
    return "\n".join(f"{prefix}{line}" if line else prefix.rstrip() for line in text.split("\n"))


def _when(article: Article) -> str:
    return article.published.isoformat() if article.published is not None else "undated"


def _position(highlight: Highlight) -> str:
    where = f"paragraph {highlight.paragraph}"
    if highlight.sentence is not None:
        where += f", sentence {highlight.sentence}"
    return where


def _highlights_md(highlights: Sequence[Highlight], heading: str) -> list[str]:
    lines = [f"{heading} Highlights", ""]
    for highlight in highlights:
        lines.append(f"> {md_escape(highlight.quote)}")
        lines.append("")
        about = f"({_position(highlight)}"
        if highlight.created is not None:
            about += f", marked {highlight.created.date().isoformat()}"
        lines.append(f"{about})")
        if highlight.comment:
            lines.append("")
            lines.append(_indent(f"Comment: {highlight.comment}", ""))
        lines.append("")
    return lines


def _annotations_md(found: Annotations | None, heading: str) -> list[str]:
    if found is None:
        return []
    lines = []
    if found.highlights:
        lines += _highlights_md(found.highlights, heading)
    if found.has_note:
        lines += [f"{heading} Note", "", found.note.strip("\n"), ""]
    return lines


def markdown_article(article: Article, found: Annotations | None = None) -> str:
    """One article as Markdown: title, its facts, lead and body; with `found`, its tags,
    highlights and note."""
    lines = [f"## {md_escape(article.title)}", ""]
    facts = [
        ("Id", f"`{article.id}`"),
        ("Published", _when(article)),
        ("Author", md_escape(article.author or "")),
        ("Source", md_escape(citation.outlet_of(article))),
        ("Section", md_escape(" / ".join(article.section))),
        ("URL", f"<{md_escape(article.url)}>" if article.url else ""),
        ("Language", article.language),
    ]
    if found is not None and found.tags:
        facts.append(("Tags", "; ".join(md_escape(t) for t in found.tags)))
    lines += [f"- {name}: {value}" for name, value in facts if value]
    lines.append("")
    if article.lead:
        lines += [f"**{md_escape(article.lead)}**", ""]
    for paragraph in paragraphs(article.body):
        lines += [md_escape(paragraph), ""]
    lines += _annotations_md(found, "###")
    return "\n".join(lines)


# The formats -------------------------------------------------------------------------------


def _csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a `'` first."""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _highlight_line(highlight: Highlight) -> str:
    line = f"[{_position(highlight)}] {highlight.quote}"
    return f"{line} — {highlight.comment}" if highlight.comment else line


def _csv(articles: Sequence[Article], notes: Mapping[str, Annotations] | None, out: TextIO) -> None:
    columns = [*CSV_FIELDS, *CSV_TEXT_FIELDS, *(CSV_NOTE_FIELDS if notes is not None else ())]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for article in articles:
        row = {
            "id": article.id,
            "title": article.title,
            "published": article.published.isoformat() if article.published else "",
            "author": article.author or "",
            "section": " / ".join(article.section),
            "source": citation.outlet_of(article),
            "url": article.url or "",
            "language": article.language,
            "lead": article.lead,
            "body": article.body,
        }
        if notes is not None:
            found = notes.get(article.id) or Annotations(article.id)
            row["tags"] = "; ".join(found.tags)
            row["note"] = found.note
            row["highlights"] = "\n".join(_highlight_line(h) for h in found.highlights)
        writer.writerow([_csv_cell(row[c]) for c in columns])


def annotations_json(found: Annotations) -> dict[str, Any]:
    """An article's annotations as plain JSON data."""
    return {
        "tags": list(found.tags),
        "note": found.note,
        "highlights": [
            {
                "paragraph": h.paragraph,
                "sentence": h.sentence,
                "quote": h.quote,
                "comment": h.comment,
                "created": h.created.isoformat() if h.created else None,
            }
            for h in found.highlights
        ],
        "bookmarked": found.bookmarked.isoformat() if found.bookmarked else None,
    }


def article_json(article: Article) -> dict[str, Any]:
    """An article as plain JSON data (every field of its file)."""
    return {
        "id": article.id,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "author": article.author,
        "section": list(article.section),
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "lead": article.lead,
        "body": article.body,
        "captions": list(article.captions),
        "entities": article.entities.as_dict(),
        "content_sha256": article.content_sha256,
        "imported_at": article.imported_at.isoformat() if article.imported_at else None,
    }


def export(
    articles: Iterable[Article],
    fmt: str,
    out: TextIO,
    *,
    annotations: Mapping[str, Annotations] | None = None,
    accessed: date | None = None,
    heading: str = "Articles",
) -> int:
    """Write `articles` in date order to `out` in `fmt` (`FORMATS`); with `annotations`, each
    article's tags, note and highlights too. Returns how many articles were written.

    Raises:
        ValueError: an unknown format.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})")
    ordered = in_date_order(articles)
    notes = annotations

    def found(article: Article) -> Annotations | None:
        return None if notes is None else notes.get(article.id) or Annotations(article.id)

    if fmt == "markdown":
        out.write(f"# {md_escape(heading)}\n\n")
        for article in ordered:
            out.write(markdown_article(article, found(article)).rstrip("\n") + "\n\n")
    elif fmt == "csv":
        _csv(ordered, notes, out)
    elif fmt == "jsonl":
        for article in ordered:
            data = article_json(article)
            extra = found(article)
            if extra is not None:
                data["annotations"] = annotations_json(extra)
            out.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        more = [found(a) for a in ordered] if notes is not None else None
        text = citation.cite(ordered, fmt=fmt, accessed=accessed, annotations=more)
        if text:
            out.write(text + "\n")
    return len(ordered)


# Dossiers ----------------------------------------------------------------------------------


def dossier(
    title: str,
    query: str,
    articles: Iterable[Article],
    annotations: Mapping[str, Annotations],
    *,
    style: str = "apa",
    accessed: date | None = None,
    made: datetime | None = None,
) -> str:
    """One Markdown document: the articles matching `query` (a saved search's or a tag's),
    oldest first, each with its citation in `style`, facts, tags, entities, highlights and
    note; then every entity of the dossier with the number of its articles naming it."""
    ordered = in_date_order(articles)
    made = made or datetime.now().astimezone()
    dated = [a.published.date() for a in ordered if a.published is not None]
    span = f", {dated[0].isoformat()} to {dated[-1].isoformat()}" if dated else ""
    count = f"{len(ordered)} article{'s' if len(ordered) != 1 else ''}"
    lines = [
        f"# Dossier: {md_escape(title)}",
        "",
        f"{count}{span}. Search: `{query.replace('`', '')}`. "
        f"Made {made.date().isoformat()} with reader.",
        "",
    ]
    covered: dict[str, Counter[str]] = {kind: Counter() for kind in ENTITY_KINDS}
    for number, article in enumerate(ordered, 1):
        found = annotations.get(article.id) or Annotations(article.id)
        lines += [f"## {number}. {md_escape(article.title)}", ""]
        lines += [md_escape(citation.text(article, style, accessed)), ""]
        facts = [
            ("Id", f"`{article.id}`"),
            ("Published", _when(article)),
            ("Source", md_escape(citation.outlet_of(article))),
            ("Author", md_escape(article.author or "")),
            ("URL", f"<{md_escape(article.url)}>" if article.url else ""),
            ("Tags", "; ".join(md_escape(t) for t in found.tags)),
        ]
        for kind in ENTITY_KINDS:
            names = article.entities.of_kind(kind)
            covered[kind].update(dict.fromkeys(names, 1))
            facts.append((KIND_TITLES[kind], "; ".join(md_escape(n) for n in names)))
        lines += [f"- {name}: {value}" for name, value in facts if value]
        lines.append("")
        lines += _annotations_md(found, "###")
    lines += ["## People, places and organisations", ""]
    for kind in ENTITY_KINDS:
        ranked = sorted(covered[kind].items(), key=lambda pair: (-pair[1], pair[0]))
        if not ranked:
            continue
        lines += [f"### {KIND_TITLES[kind]}", ""]
        lines += [f"- {md_escape(name)} ({n} article{'s' if n != 1 else ''})" for name, n in ranked]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
