"""`reader related ID`: the related list with reasons and scores; `--json` for scripts."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from reader.archive import Archive
from reader.cli.main import UserError
from reader.cli.output import data_text, print_json_line, stdout_console

if TYPE_CHECKING:  # the ranking loads the index (Whoosh): only when the command runs
    from reader.related import RelatedList


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the article's id")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="items to show (10)")
    p.add_argument("--json", action="store_true", help="JSON output for scripts")


def related_list(
    archive: Archive, article_id: str, limit: int = 10, quick: bool = False
) -> RelatedList:
    """The related list, after bringing the index up to date (its answers depend on it);
    `quick`: see `Archive.sync_index`."""
    from reader.cli.index_cmd import sync_before_reading

    archive.get(article_id)  # an unknown id is a one-line error before any indexing
    sync_before_reading(archive, quick=quick)
    return archive.related(article_id, limit=limit)


def _table(related: RelatedList) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, box=None, pad_edge=False)
    table.add_column("score", no_wrap=True, width=5, justify="right")
    table.add_column("article", ratio=1, overflow="fold")
    for item in related.items:
        cell = data_text(item.title, "bold")
        cell.append("\n")
        cell.append_text(data_text(item.reason, "italic"))
        cell.append("\n")
        cell.append_text(data_text(item.id, "dim"))
        table.add_row(f"{item.score:.2f}", cell)
    return table


def run(archive: Archive, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    related = related_list(archive, args.id, args.limit)
    if args.json:
        print_json_line(related.as_json())
        return 0
    out = stdout_console()
    if related.items:
        out.print(_table(related))
    else:
        out.print(Text("No related articles in the archive.", style="dim"))
    if related.not_in_archive:
        out.print()
        out.print(Text("Linked by the page, not in the archive", style="bold"))
        for missing in related.not_in_archive:
            line = Text("  · ") + data_text(missing.title)
            if missing.url:
                line.append_text(data_text(f"  {missing.url}", "dim underline"))
            out.print(line)
    return 0
