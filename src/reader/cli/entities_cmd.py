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

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from reader.archive import Archive, ArchiveError
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_indented,
    print_json_line,
    print_whole,
    safe,
    stderr_console,
    stdout_console,
)
from reader.entities.catalog import EntityCount, EntityView
from reader.model.article import ENTITY_KINDS

KIND_LABELS = {"person": "person", "place": "place", "org": "organisation"}
KIND_PLURALS = {"person": "people", "place": "places", "org": "organisations"}
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
    if not every:
        what = f"{KIND_PLURALS[args.kind]}" if args.kind else "entities"
        out.print(Text(f"No {what} in the archive yet.", style="dim"))
        return 0
    _print_counts(out, shown)
    if len(shown) < len(every):
        nouns = KIND_PLURALS[args.kind] if args.kind else "entities"
        out.print(Text(f"{number(len(shown))} of {number(len(every))} {nouns}", style="dim"))
    return 0


def _print_counts(out: Console, shown: list[EntityCount]) -> None:
    """A row per entity: articles, kind, name; columns aligned, nothing after the name."""
    width = max([len("articles"), *(len(number(e.articles)) for e in shown)])
    kinds = max(len(label) for label in KIND_LABELS.values())
    if shown:
        out.print(Text(f"{'articles':>{width}}  {'kind':<{kinds}}  name", style="bold"))
    for entity in shown:
        row = Text(f"{number(entity.articles):>{width}}  ")
        row.append(f"{KIND_LABELS[entity.kind]:<{kinds}}  ", style="dim")
        row.append_text(data_text(entity.name))
        print_whole(out, row)


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
            f"{plural(report.checked, 'article')} checked, {number(report.changed)} rewritten, "
            f"{number(report.locked)} kept as corrected by hand (entities_locked)"
        )
    )
    err = stderr_console()
    for path, reason in report.failed:
        err.print(data_text(f"{path}: {reason}"), soft_wrap=True)
    return 1 if report.failed else 0


def run_entity(archive: Archive, args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import sync_before_reading

    sync_before_reading(archive)
    try:
        view = archive.entity_view(args.name, args.kind, limit=max(0, args.limit))
    except ArchiveError as exc:
        if not str(exc).startswith("no "):  # not an unknown name: nothing to suggest
            raise
        raise ArchiveError(f"{exc}{_suggestions(archive, args.name, args.kind)}") from None
    if args.json:
        print_json_line(view.as_json())
        return 0
    _print_view(view)
    return 0


def _likeness(typed: str, name: str, **_: object) -> float:
    """How alike a typed name and a known one are, 0-100: the whole of them (a typo), and
    their best-matching parts (a name given in part) count half each."""
    from rapidfuzz import fuzz

    return (fuzz.ratio(typed, name) + fuzz.WRatio(typed, name)) / 2


def nearest_names(
    archive: Archive, name: str, kind: str | None = None, limit: int = 3
) -> list[EntityCount]:
    """The archive's entities whose names are nearest `name` (accents and case aside),
    most alike first, then most mentioned."""
    from rapidfuzz import process

    from reader.text.normalize import fold

    every = archive.top_entities(kind)
    if not every:
        return []
    folded = [fold(entity.name).casefold() for entity in every]
    found = process.extract(
        fold(name).casefold(), folded, scorer=_likeness, limit=limit * 4, score_cutoff=60
    )
    found.sort(key=lambda item: (-round(item[1]), -every[item[2]].articles, item[2]))
    return [every[at] for _, _, at in found[:limit]]


def _suggestions(archive: Archive, name: str, kind: str | None) -> str:
    nearest = nearest_names(archive, name, kind)
    if not nearest:
        return ""
    names = ", ".join(f"{safe(e.name)} ({KIND_LABELS[e.kind]})" for e in nearest)
    return f"; nearest: {names}"


def _print_view(view: EntityView) -> None:
    out = stdout_console()
    out.print(Text.assemble(data_text(view.name, "bold"), (f"  {KIND_LABELS[view.kind]}", "dim")))
    if view.aliases:
        out.print(Text.assemble(("also written: ", "dim"), data_text(", ".join(view.aliases))))
    out.print(Text(plural(view.total, "article"), style="dim"))
    if view.months:
        values = [n for _, n in view.months]
        out.print()
        out.print(Text("Mentions per month", style="bold"))
        out.print(Text(sparkline(values), style="cyan"))
        first, last = view.months[0][0], view.months[-1][0]
        peak = max(view.months, key=lambda item: item[1])
        out.print(
            Text(f"{first} … {last}, most in {peak[0]} ({number(peak[1])})", style="dim")
            if first != last
            else Text(f"{first} ({number(peak[1])})", style="dim")
        )
    if view.co_occurring:
        out.print()
        out.print(Text("Often with", style="bold"))
        for other in view.co_occurring:
            print_whole(
                out,
                Text(f"  {number(other.articles):>5}  ")
                + data_text(other.name)
                + Text(f"  {KIND_LABELS[other.kind]}", style="dim"),
            )
    if view.articles:
        out.print()
        out.print(Text("Articles, newest first", style="bold"))
        for article in view.articles:
            when = article.published.strftime("%d/%m/%Y") if article.published else "  undated "
            print_indented(out, data_text(article.title), 14, Text(f"  {when}  ", style="dim"))
            print_whole(out, Text(f"              {article.id}", style="dim"))
        if view.total > len(view.articles):
            shown = len(view.articles)
            out.print(
                Text(f"{number(shown)} of {number(view.total)} shown (--limit N for more)", "dim")
            )
