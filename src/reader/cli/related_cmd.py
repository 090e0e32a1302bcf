"""`reader related ID`: the related list with reasons and scores; `--json` for scripts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from reader.archive import RELATED_LIMIT, Archive
from reader.cli.ids import resolve_id
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    print_indented,
    print_json_line,
    print_whole,
    stdout_console,
)

if TYPE_CHECKING:  # the ranking loads the index (Whoosh): only when the command runs
    from reader.related import RelatedList


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the article's id, or the start of it")
    p.add_argument(
        "--limit",
        type=int,
        default=RELATED_LIMIT,
        metavar="N",
        help=f"items to show ({RELATED_LIMIT})",
    )
    p.add_argument("--json", action="store_true", help="JSON output for scripts")


def related_list(
    archive: Archive, article_id: str, limit: int = RELATED_LIMIT, quick: bool = False
) -> RelatedList:
    """The related list, after bringing the index up to date (its answers depend on it);
    `quick`: see `Archive.sync_index`."""
    from reader.cli.index_cmd import sync_before_reading

    archive.get(article_id)  # an unknown id is a one-line error before any indexing
    sync_before_reading(archive, quick=quick)
    return archive.related(article_id, limit=limit)


INDENT = 7


def _print_items(out: Console, related: RelatedList) -> None:
    """Each related article: score and title, the reason under it, then the id on a line of
    its own, never split, and the ids of the copies of the same story folded into it."""
    for item in related.items:
        print_indented(out, data_text(item.title, "bold"), INDENT, Text(f"{item.score:5.2f}  "))
        print_indented(out, data_text(item.reason, "italic"), INDENT)
        print_whole(out, Text(" " * INDENT) + data_text(item.id, "dim"))
        for copy in item.duplicates:  # the same story elsewhere, folded into this item
            print_whole(out, Text(" " * INDENT + "copy: ", style="dim") + data_text(copy, "dim"))


def run(archive: Archive, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    related = related_list(archive, resolve_id(archive, args.id), args.limit)
    if args.json:
        print_json_line(related.as_json())
        return 0
    out = stdout_console()
    if related.items:
        _print_items(out, related)
    else:
        out.print(Text("No related articles in the archive.", style="dim"))
    if related.not_in_archive:
        out.print()
        out.print(Text("Linked by the page, not in the archive", style="bold"))
        for missing in related.not_in_archive:
            print_indented(out, data_text(missing.title), 4, Text("  · "))
            if missing.url:
                print_whole(out, Text("    ") + data_text(missing.url, "dim underline"))
    return 0
