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
from reader.cli.output import data_text, print_json_line, stderr_console, stdout_console


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
        out.print(data_text(f"index rebuilt: {report.rebuilt_because}", "yellow"))
    out.print(Text(f"{report.added} added · {report.updated} updated · {report.removed} removed"))
    for path, reason in report.problems:
        out.print(Text("  skipped  ", style="red") + data_text(f"{path}: {reason}"))
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
        err.print(data_text(f"reader: index rebuilt: {report.rebuilt_because}"), soft_wrap=True)
    return report


def run(archive: Archive, args: argparse.Namespace) -> int:
    if args.check:
        problems = archive.check_index()
        out = stdout_console()
        if not problems:
            out.print(Text("index OK", style="green"))
            return 0
        for problem in problems:
            out.print(data_text(problem))
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


def run_stats(archive: Archive, args: argparse.Namespace) -> int:
    sync_before_reading(archive)
    stats = archive.stats()
    if args.json:
        print_json_line(stats)
        return 0
    languages = stats["languages"]
    assert isinstance(languages, dict)
    oldest, newest = stats["oldest"], stats["newest"]
    rows = [
        ("articles", str(stats["articles"])),
        ("dates", f"{str(oldest)[:10]} – {str(newest)[:10]}" if oldest else "no dated articles"),
        ("languages", " · ".join(f"{code} {n}" for code, n in sorted(languages.items()))),
        ("archive", str(stats["archive"])),
        ("index", f"{stats['index']} ({int(str(stats['index_bytes'])) / 1e6:.1f} MB)"),
    ]
    out = stdout_console()
    for label, value in rows:
        out.print(Text(f"{label:>10}  ", style="bold") + data_text(value), soft_wrap=True)
    return 0
