"""`reader entities` and `reader entity NAME`: the archive's people, places and organisations.

JSON shapes (one document on one line):

- `reader entities --json`: `{kind, total, entities: [{kind, name, articles}]}`, most
  mentioned first (`kind` is null when all kinds are listed; `total` counts them before `--top`);
- `reader entity NAME --json`: `{kind, name, aliases, total, articles: [{id, title,
  published}], months: [{month, articles}], co_occurring: [{kind, name, articles}]}`, articles
  newest first and co-occurring entities by the number of articles shared;
- `reader entities --reextract --json`: `{checked, changed, locked, failed: [{path, reason}]}`.
"""

from __future__ import annotations

import argparse

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from reader.archive import Archive
from reader.cli.output import data_text, print_json_line, stderr_console, stdout_console
from reader.entities.catalog import EntityView
from reader.model.article import ENTITY_KINDS

KIND_LABELS = {"person": "person", "place": "place", "org": "organisation"}
BARS = " ▁▂▃▄▅▆▇█"


def add_entities_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=ENTITY_KINDS, help="only people, places or organisations")
    p.add_argument("--top", type=int, default=None, metavar="N", help="the N most mentioned")
    p.add_argument("--json", action="store_true", help="JSON output for scripts")
    p.add_argument(
        "--reextract",
        action="store_true",
        help="extract every article's entities again (keeps files marked entities_locked)",
    )


def add_entity_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", metavar="NAME", help="the entity's name (diacritics optional)")
    p.add_argument("--kind", choices=ENTITY_KINDS, help="look only among this kind")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="articles to list (20)")
    p.add_argument("--json", action="store_true", help="JSON output for scripts")


def sparkline(values: list[int]) -> str:
    """One bar character per value, scaled to the largest."""
    top = max(values, default=0) or 1
    return "".join(BARS[0 if n == 0 else max(1, round(n / top * 8))] for n in values)


def run_entities(archive: Archive, args: argparse.Namespace) -> int:
    from reader.cli.main import UserError

    if args.top is not None and args.top < 0:
        raise UserError("--top must be 0 or more")
    if args.reextract:
        return _reextract(archive, args)
    from reader.cli.index_cmd import sync_before_reading

    sync_before_reading(archive)
    every = archive.top_entities(args.kind)
    shown = every if args.top is None else every[: args.top]
    if args.json:
        print_json_line(
            {"kind": args.kind, "total": len(every), "entities": [e.as_json() for e in shown]}
        )
        return 0
    out = stdout_console()
    if not shown:
        out.print(Text("No entities in the archive yet.", style="dim"))
        return 0
    table = Table(box=None, pad_edge=False)
    table.add_column("articles", justify="right")
    table.add_column("kind", style="dim")
    table.add_column("name")
    for entity in shown:
        table.add_row(str(entity.articles), KIND_LABELS[entity.kind], data_text(entity.name))
    out.print(table)
    if len(shown) < len(every):
        out.print(Text(f"{len(shown)} of {len(every)} entities", style="dim"))
    return 0


def _reextract(archive: Archive, args: argparse.Namespace) -> int:
    progress = Progress(
        TextColumn("re-extracting"),
        BarColumn(),
        MofNCompleteColumn(),
        console=stderr_console(),
        transient=True,
    )
    task = progress.add_task("re-extracting", total=None)
    with progress:
        report = archive.reextract_entities(
            progress=lambda done, total: progress.update(task, completed=done, total=total)
        )
    if args.json:
        print_json_line(report.as_json())
        return 0
    out = stdout_console()
    out.print(
        Text(
            f"{report.checked} articles checked, {report.changed} rewritten, "
            f"{report.locked} kept as corrected by hand (entities_locked)"
        )
    )
    err = stderr_console()
    for path, reason in report.failed:
        err.print(data_text(f"{path}: {reason}"), soft_wrap=True)
    return 1 if report.failed else 0


def run_entity(archive: Archive, args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import sync_before_reading

    sync_before_reading(archive)
    view = archive.entity_view(args.name, args.kind, limit=max(0, args.limit))
    if args.json:
        print_json_line(view.as_json())
        return 0
    _print_view(view)
    return 0


def _print_view(view: EntityView) -> None:
    out = stdout_console()
    out.print(data_text(view.name, "bold") + Text(f"  {KIND_LABELS[view.kind]}", style="dim"))
    if view.aliases:
        out.print(Text("also written: ", style="dim") + data_text(", ".join(view.aliases)))
    noun = "article" if view.total == 1 else "articles"
    out.print(Text(f"{view.total} {noun}", style="dim"))
    if view.months:
        values = [n for _, n in view.months]
        out.print()
        out.print(Text("Mentions per month", style="bold"))
        out.print(Text(sparkline(values), style="cyan"))
        first, last = view.months[0][0], view.months[-1][0]
        peak = max(view.months, key=lambda item: item[1])
        out.print(
            Text(f"{first} … {last}, most in {peak[0]} ({peak[1]})", style="dim")
            if first != last
            else Text(f"{first} ({peak[1]})", style="dim")
        )
    if view.co_occurring:
        out.print()
        out.print(Text("Often with", style="bold"))
        for other in view.co_occurring:
            out.print(
                Text(f"  {other.articles:>4}  ")
                + data_text(other.name)
                + Text(f"  {KIND_LABELS[other.kind]}", style="dim")
            )
    if view.articles:
        out.print()
        out.print(Text("Articles, newest first", style="bold"))
        for article in view.articles:
            when = article.published.strftime("%d/%m/%Y") if article.published else "  undated "
            out.print(Text(f"  {when}  ", style="dim") + data_text(article.title), soft_wrap=True)
            out.print(Text(f"              {article.id}", style="dim"), soft_wrap=True)
        if view.total > len(view.articles):
            shown = len(view.articles)
            out.print(Text(f"{shown} of {view.total} shown (--limit N for more)", style="dim"))
