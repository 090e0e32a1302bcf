"""`reader search QUERY`: a table for people; `--json` (and `--json -` on stdin) for scripts."""

from __future__ import annotations

import argparse
import sys

from rich.console import Console
from rich.text import Text

from reader.archive import Archive
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    print_indented,
    print_json_line,
    print_whole,
    stdout_console,
)
from reader.model.facets import FacetCounts
from reader.model.search import SearchResult, Snippet


def marked(snippet: Snippet, style: str = "bold yellow") -> Text:
    """The snippet as Rich Text with its matched words styled (positions, not markup)."""
    text = data_text(snippet.text)
    if len(text.plain) == len(snippet.text):
        for start, end in snippet.marks:
            text.stylize(style, start, end)
    return text


DATE_WIDTH = 10
INDENT = DATE_WIDTH + 2


def _print_hits(out: Console, result: SearchResult) -> None:
    """Each hit: date and title (and section), the snippet under it, then the id on a line
    of its own, never split."""
    for hit in result.hits:
        date = hit.published.strftime("%d/%m/%Y") if hit.published else "—"
        title = data_text(hit.title, "bold")
        if hit.section:
            title.append("  ")
            title.append_text(data_text(" › ".join(hit.section), "dim"))
        print_indented(out, title, INDENT, Text(f"{date:<{DATE_WIDTH}}  "))
        print_indented(out, marked(hit.snippet), INDENT)
        print_whole(out, Text(" " * INDENT) + data_text(hit.id, "dim"))


def _print_facets(out: Console, facets: FacetCounts) -> None:
    """Each facet's values, one a line: the count, then the term that narrows to it (what to
    add to the query); a term the query has already is marked."""
    out.print(data_text(f"facets of {facets.total:,} articles · {facets.took_ms:.0f} ms", "dim"))
    for group in facets.groups:
        if not group.values:
            out.print(Text.assemble((group.name, "bold"), ("  none", "dim")))
            continue
        out.print(Text(group.name, "bold"))
        for value in group.values:
            line = Text(f"{value.count:>10,}  ")
            line.append_text(data_text(value.term))
            if value.chosen:
                line.append("  (in the query)", "dim")
            print_whole(out, line)


def _answer(archive: Archive, query: str, args: argparse.Namespace) -> dict[str, object]:
    """The JSON of one query: the search's, with its facets when asked for."""
    result = archive.search(query, limit=args.limit, sort=args.sort, typing=False)
    payload = result.to_json()
    if args.facets:
        payload["facets"] = archive.facets(query).to_json()["facets"]
    return payload


def run(archive: Archive, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    from reader.cli.index_cmd import sync_before_reading

    sync_before_reading(archive)
    if args.query == "-":
        if not args.json:
            raise UserError("reading queries from stdin needs --json")
        for line in sys.stdin:
            print_json_line(_answer(archive, line.rstrip("\n"), args))
        return 0
    if args.json:
        print_json_line(_answer(archive, args.query, args))
        return 0
    result = archive.search(args.query, limit=args.limit, sort=args.sort, typing=False)
    out = stdout_console()
    out.print(data_text(f"{result.count_line()} · {result.took_ms:.0f} ms", "dim"))
    _print_hits(out, result)
    if args.facets:
        _print_facets(out, archive.facets(args.query))
    return 0
