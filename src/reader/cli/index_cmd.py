"""`reader index` (update, `--rebuild`, `--check`) and `reader stats`."""

from __future__ import annotations

import argparse

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from reader.archive import Archive, SyncReport
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_json_line,
    print_whole,
    repaired,
    stderr_console,
    stdout_console,
)


def _progress(label: str) -> Progress:
    """A progress bar on stderr, shown only to a person at a terminal."""
    console = stderr_console()
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def _report(report: SyncReport) -> int:
    out = stdout_console()
    if report.deferred:
        out.print(data_text(f"index not updated: {report.deferred}", "yellow"))
    if report.rebuilt_because:
        out.print(data_text(repaired(report.rebuilt_because), "yellow"))
    out.print(
        Text(
            f"{number(report.added)} added · {number(report.updated)} updated · "
            f"{number(report.removed)} removed"
        )
    )
    for path, reason in report.problems:
        print_whole(out, Text.assemble(("  skipped  ", "red"), data_text(f"{path}: {reason}")))
    return 1 if report.problems else 0


def sync_before_reading(archive: Archive, quick: bool = False) -> SyncReport:
    """Bring the index up to date before a read command, with a progress bar on stderr.

    `quick`: see `Archive.sync_index` (for `reader show`, which reads its article from the
    file and only ranks the others from the index).

    A damaged index that had to be rebuilt is told in one line on stderr (stdout stays the
    command's own output, for scripts).
    """
    progress = _progress("indexing")
    task = progress.add_task("indexing", total=None)
    with progress:
        report = archive.sync_index(
            lambda done, total: progress.update(task, completed=done, total=total), quick=quick
        )
    if report.rebuilt_because:
        err = stderr_console()
        err.print(data_text(f"reader: {repaired(report.rebuilt_because)}"))
    return report


def run(archive: Archive, args: argparse.Namespace) -> int:
    if args.check:
        problems = archive.check_index()
        if not problems:  # the index is open and agrees with the files: do its counts agree?
            problems = count_problems(archive)
        out = stdout_console()
        if not problems:
            out.print(Text("index OK", style="green"))
            return 0
        for problem in problems:
            print_whole(out, data_text(problem))
        return 1
    label = "rebuilding" if args.rebuild else "indexing"
    progress = _progress(label)
    task = progress.add_task(label, total=None)
    with progress:

        def tick(done: int, total: int) -> None:
            if total and done >= total:
                # Every article is read and handed to the writers; they now sort and write
                # the index files, a step that reports no progress of its own.
                progress.update(task, description=f"{label}: writing the index files")
            progress.update(task, completed=done, total=total)

        if args.rebuild:
            report = archive.rebuild_index(tick)
        else:  # the explicit sync also checks every saved file in full, and repairs it
            report = archive.sync_index(tick, thorough=True)
    return _report(report)


def count_problems(archive: Archive) -> list[str]:
    """Where the index's own counts disagree: the articles per language must add up to the
    articles. Empty when they agree."""
    stats = archive.stats()
    articles = stats["articles"]
    languages = stats["languages"]
    assert isinstance(articles, int) and isinstance(languages, dict)
    counted = sum(languages.values())
    if counted == articles:
        return []
    each = ", ".join(f"{code} {n:,}" for code, n in sorted(languages.items())) or "none"
    return [
        f"the index counts {plural(articles, 'article')} but {number(counted)} by language "
        f"({each}): `reader index --rebuild` rebuilds it"
    ]


def run_stats(archive: Archive, args: argparse.Namespace) -> int:
    sync_before_reading(archive)
    stats = archive.stats()
    config = archive.config
    stats["config_files"] = [str(path) for path in config.config_files]
    stats["sources"] = {"archive": config.source("archive"), "index": config.source("index")}
    if args.json:
        print_json_line(stats)
        return 0
    languages = stats["languages"]
    articles = stats["articles"]
    assert isinstance(languages, dict) and isinstance(articles, int)
    oldest, newest = stats["oldest"], stats["newest"]
    megabytes = int(str(stats["index_bytes"])) / 1e6
    files = " · ".join(str(path) for path in config.config_files) or "none"
    rows = [
        ("articles", number(articles)),
        ("dates", f"{str(oldest)[:10]} – {str(newest)[:10]}" if oldest else "no dated articles"),
        ("languages", " · ".join(f"{c} {n:,}" for c, n in sorted(languages.items())) or "none"),
        ("archive", f"{stats['archive']}  ({config.source('archive')})"),
        ("index", f"{stats['index']}  ({config.source('index')}; {megabytes:,.1f} MB)"),
        ("config", files),
    ]
    out = stdout_console()
    for label, value in rows:
        print_whole(out, Text.assemble((f"{label:>10}  ", "bold"), data_text(value)))
    return 0
