"""`reader import PATH...`: a progress bar, then imported / duplicate / failed with reasons
(and the files a folder walk skipped, such as links leading outside it, with theirs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from reader.archive import Archive
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_json_line,
    print_whole,
    stderr_console,
    stdout_console,
)
from reader.importer import ImportOutcome, ImportSummary


def run(archive: Archive, args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    if args.json:
        summary = archive.import_paths(paths, on_outcomes=_print_json_lines)
        _tell_stopped(summary)
        return 1 if summary.failed else 0

    err = stderr_console()
    progress = Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )
    task = progress.add_task("import", total=None)
    with progress:
        summary = archive.import_paths(
            paths,
            on_total=lambda total: progress.update(task, total=total),
            on_outcomes=lambda added: progress.advance(task),
        )
    out = stdout_console()
    line = Text()
    line.append(f"{number(summary.count('imported'))} imported", style="bold green")
    line.append(f" · {number(summary.count('duplicate'))} duplicate")
    failed = number(summary.count("failed"))
    line.append(f" · {failed} failed", style="bold red" if summary.failed else "")
    skipped = [outcome for outcome in summary.outcomes if outcome.status == "skipped"]
    if skipped:
        line.append(f" · {number(len(skipped))} skipped")
    out.print(line)
    if summary.index_deferred:
        out.print(Text("the index was busy: the next search or `reader index` adds them"))
    for outcome in [*summary.failed, *skipped]:
        row = Text(f"  {outcome.status}  ", style="red" if outcome.status == "failed" else "")
        row.append_text(data_text(outcome.path))
        row.append(": ")
        row.append_text(data_text(outcome.reason))
        print_whole(out, row)
    _tell_stopped(summary)
    return 1 if summary.failed else 0


def _tell_stopped(summary: ImportSummary) -> None:
    """Say on stderr, in one line, why the import stopped before the end, if it did."""
    if summary.disk_full:
        imported = summary.count("imported")
        stored = f"{plural(imported, 'article')} {'was' if imported == 1 else 'were'} stored"
        stderr_console().print(
            data_text(
                f"reader: the import stopped: {summary.disk_full}; {stored}; free some space "
                "and import again (they are recognised as duplicates)"
            )
        )


def _print_json_lines(outcomes: list[ImportOutcome]) -> None:
    for outcome in outcomes:
        print_json_line(_as_dict(outcome))


def _as_dict(outcome: ImportOutcome) -> dict[str, str | None]:
    return {
        "path": outcome.path,
        "status": outcome.status,
        "id": outcome.id,
        "reason": outcome.reason,
    }


def tell_not_writable(args: argparse.Namespace, reason: str) -> None:
    """With `--json`, one line per input saying it failed, and why: the archive cannot be
    written (the command then ends with that reason on stderr)."""
    if args.json:
        for path in args.paths:
            print_json_line({"path": path, "status": "failed", "id": None, "reason": reason})
