"""`reader show ID`: one article, readable for people or as JSON for scripts."""

from __future__ import annotations

import argparse
from typing import Any

from rich.text import Text

from reader.archive import Archive
from reader.cli.ids import resolve_id
from reader.cli.notes_cmd import highlight_json, print_highlights
from reader.cli.output import (
    data_text,
    print_indented,
    print_json_line,
    print_whole,
    stdout_console,
)
from reader.cli.related_cmd import related_list
from reader.model.article import Article
from reader.research.passages import paragraphs


def article_json(article: Article) -> dict[str, Any]:
    """The front-matter fields plus `body`, as DESIGN.md's JSON shape."""
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
        "captions": list(article.captions),
        "related_titles": list(article.related_titles),
        "related_links": [{"title": t, "url": u} for t, u in article.related_links],
        "entities": article.entities.as_dict(),
        "content_sha256": article.content_sha256,
        "imported_at": article.imported_at.isoformat() if article.imported_at else None,
        "body": article.body,
    }


def annotations_json(archive: Archive, article_id: str) -> dict[str, Any]:
    """The user's research on the article: tags, bookmark, read state, highlights, note."""
    found = archive.annotations(article_id)
    places = archive.highlight_places(article_id) if found.highlights else []
    return {
        "tags": list(found.tags),
        "bookmarked": found.bookmarked.isoformat() if found.bookmarked else None,
        "read": archive.is_read(article_id),
        "highlights": [highlight_json(n, h, p) for n, (h, p) in enumerate(places, 1)],
        "note": found.note,
    }


def run(archive: Archive, args: argparse.Namespace) -> int:
    article = archive.get(resolve_id(archive, args.id))
    # The article is read from its file. Its related list is ranked from the index, brought
    # up to date quickly: files added, removed or renamed since the last complete sync are
    # seen (a full sync runs then), others' in-place edits wait for the next complete sync
    # (they only move the ranking); a full check cost ~1 s of a 1.5 s show at 100,000.
    related = related_list(archive, article.id, quick=True)
    if args.json:
        payload = article_json(article)
        payload["related"] = [item.as_json() for item in related.items]
        payload["annotations"] = annotations_json(archive, article.id)
        print_json_line(payload)
        return 0
    out = stdout_console()
    out.print(data_text(article.title, "bold"))
    meta = [
        article.published.strftime("%H:%M %d/%m/%Y") if article.published else None,
        article.author,
        " › ".join(article.section) or None,
        article.source,
    ]
    out.print(data_text(" · ".join(m for m in meta if m), "dim"))
    if article.url:
        print_whole(out, data_text(article.url, "dim underline"))
    found = archive.annotations(article.id)
    marks = [
        "bookmarked" if found.bookmarked else "",
        "read" if archive.is_read(article.id) else "",
    ]
    if found.tags or any(marks):
        line = Text()
        for tag in found.tags:
            line.append_text(data_text(f"#{tag}", "bold"))
            line.append("  ")
        line.append("  ".join(m for m in marks if m), "dim")
        out.print(line)
    out.print()
    if article.lead:
        out.print(data_text(article.lead, "italic"))
        out.print()
    if args.numbered:
        for number, paragraph in enumerate(paragraphs(article.body), 1):
            print_indented(out, data_text(paragraph), 5, Text(f"{number:>3}  ", "dim"))
            out.print()
    else:
        for paragraph in article.body.split("\n\n"):
            out.print(data_text(paragraph))
            out.print()
    if article.captions:
        out.print(Text("Captions", style="bold"))
        for caption in article.captions:
            out.print(Text("  ") + data_text(caption, "italic"))
    if article.related_titles:
        out.print(Text("Related titles on the page", style="bold"))
        for title in article.related_titles:
            out.print(Text("  · ") + data_text(title))
    if found.highlights:
        out.print(Text("Highlights", style="bold"))
        print_highlights(out, archive.highlight_places(article.id), indent=2)
    if found.note:
        out.print(Text("Note", style="bold"))
        for note_line in found.note.rstrip("\n").split("\n"):
            out.print(Text("  ") + data_text(note_line))
    if related.items:
        out.print(Text("Related in the archive", style="bold"))
        for item in related.items:
            out.print(Text("  · ") + data_text(item.title) + data_text(f"  ({item.reason})", "dim"))
    return 0
