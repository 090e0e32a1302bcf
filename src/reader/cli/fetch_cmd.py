"""`reader fetch URL... [--from FILE] [--feed URL]`: download, import, and report each URL.

A progress bar on stderr shows each URL's status as it finishes; then a summary of fetched /
duplicate / failed with reasons (or one line when there is no network at all). The first
Ctrl-C stops the run cleanly after the page being imported (what finished is kept and
indexed); a second one stops at once.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from reader.archive import Archive
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_json_line,
    print_whole,
    safe,
    stderr_console,
    stdout_console,
)
from reader.fetch.options import FetchOptions

if TYPE_CHECKING:  # the session module loads httpx: only when a fetch runs
    from reader.fetch.session import FetchOutcome, FetchRun

_MARKS = {
    "fetched": ("fetched", "green"),
    "duplicate": ("duplicate", "yellow"),
    "failed": ("failed", "red"),
}


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch (http or https)")
    p.add_argument(
        "--from",
        dest="from_files",
        action="append",
        default=[],
        metavar="FILE",
        help="read URLs from FILE, one a line (# comments and blank lines skipped; - for stdin)",
    )
    p.add_argument(
        "--feed",
        dest="feeds",
        action="append",
        default=[],
        metavar="URL",
        help="an RSS or Atom feed: fetch its items not yet in the archive (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="one JSON line per URL")
    add_fetch_options(p, FetchOptions())


def add_fetch_options(p: argparse.ArgumentParser, defaults: FetchOptions) -> None:
    """The options of a download run (`reader fetch`, `reader update`), with their defaults."""
    p.add_argument("--ignore-robots", action="store_true", help="do not obey the sites' robots.txt")
    p.add_argument(
        "--connect-timeout",
        type=float,
        default=defaults.connect_timeout,
        metavar="S",
        help=f"seconds to wait for a connection ({defaults.connect_timeout:g})",
    )
    p.add_argument(
        "--read-timeout",
        type=float,
        default=defaults.read_timeout,
        metavar="S",
        help=f"seconds to wait for data ({defaults.read_timeout:g})",
    )
    p.add_argument(
        "--retries",
        type=int,
        default=defaults.retries,
        metavar="N",
        help=f"retries on connection errors, 429 and 5xx ({defaults.retries})",
    )
    p.add_argument(
        "--max-size",
        type=float,
        default=defaults.max_bytes / (1024 * 1024),
        metavar="MB",
        help=f"largest page to download ({defaults.max_bytes // (1024 * 1024)} MB)",
    )
    p.add_argument(
        "--per-host",
        type=int,
        default=defaults.per_host,
        metavar="N",
        help=f"concurrent requests per host ({defaults.per_host})",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=defaults.overall,
        metavar="N",
        help=f"concurrent requests in all ({defaults.overall})",
    )


def read_url_file(text: str) -> list[str]:
    """The URLs of a `--from` file: one a line, blank lines and `#` comments skipped."""
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append(line)
    return urls


def fetch_options(args: argparse.Namespace, defaults: FetchOptions | None = None) -> FetchOptions:
    """The options `add_fetch_options` read, over `defaults`."""
    for name in ("connect_timeout", "read_timeout", "max_size"):
        if getattr(args, name) <= 0:
            raise UserError(f"--{name.replace('_', '-')} must be more than 0")
    if args.retries < 0 or args.per_host < 1 or args.concurrency < 1:
        raise UserError("--retries must be 0 or more; --per-host and --concurrency 1 or more")
    return replace(
        defaults or FetchOptions(),
        connect_timeout=args.connect_timeout,
        read_timeout=args.read_timeout,
        retries=args.retries,
        max_bytes=int(args.max_size * 1024 * 1024),
        per_host=args.per_host,
        overall=args.concurrency,
        respect_robots=not args.ignore_robots,
    )


def _urls(args: argparse.Namespace) -> list[str]:
    urls = list(args.urls)
    for name in args.from_files:
        if name == "-":
            urls.extend(read_url_file(sys.stdin.read()))
            continue
        try:
            text = Path(name).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise UserError(f"no such file: {name}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(
                f"cannot read {name}: {getattr(exc, 'strerror', None) or exc}"
            ) from None
        urls.extend(read_url_file(text))
    if not urls and not args.feeds:
        raise UserError("nothing to fetch: give URLs, --from FILE or --feed URL")
    return urls


@contextmanager
def first_interrupt_cancels(cancel: threading.Event) -> Iterator[None]:
    """The first Ctrl-C sets `cancel`; the next one interrupts as usual."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_sigint(signum: int, frame: object) -> None:
        if cancel.is_set():
            raise KeyboardInterrupt
        cancel.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def run(archive: Archive, args: argparse.Namespace) -> int:
    options = fetch_options(args)
    urls = _urls(args)
    cancel = threading.Event()
    if args.json:
        with first_interrupt_cancels(cancel):
            result = archive.fetch(
                urls,
                args.feeds,
                options=options,
                cancel=cancel,
                on_outcome=lambda outcome: print_json_line(outcome.as_dict()),
            )
        return _exit_status(result)

    progress, on_outcome = progress_bar("fetching")
    task = progress.task_ids[0]
    with progress, first_interrupt_cancels(cancel):
        result = archive.fetch(
            urls,
            args.feeds,
            options=options,
            cancel=cancel,
            on_total=lambda total: progress.update(task, total=total),
            on_outcome=on_outcome,
        )
    _print_summary(result)
    return _exit_status(result)


def progress_bar(label: str) -> tuple[Progress, Callable[[FetchOutcome], None]]:
    """A progress bar on stderr counting a run's URLs (its one task), and what advances it
    by an outcome, naming the URL with its status."""
    progress = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=stderr_console(),
        transient=True,
    )
    task = progress.add_task("", total=None)

    def on_outcome(outcome: FetchOutcome) -> None:
        word, style = _MARKS[outcome.status]
        shown = safe(outcome.url)[:60]
        progress.update(task, advance=1, description=f"[{style}]{word}[/] {_escape(shown)}")

    return progress, on_outcome


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _exit_status(result: FetchRun) -> int:
    if result.interrupted:
        return 130
    return 1 if result.failed else 0


def _print_summary(result: FetchRun) -> None:
    if result.offline:
        reason = result.failed[0].reason
        sys.stderr.write(f"reader: no network: could not reach any site ({safe(reason)})\n")
        return
    out = stdout_console()
    for feed in result.feeds:
        line = Text("feed ")
        line.append_text(data_text(feed.url))
        line.append(f": {plural(feed.items, 'item')}, {number(feed.new)} new")
        print_whole(out, line)
    line = Text()
    line.append(f"{number(result.count('fetched'))} fetched", style="bold green")
    line.append(f" · {number(result.count('duplicate'))} duplicate")
    failed = number(len(result.failed))
    line.append(f" · {failed} failed", style="bold red" if result.failed else "")
    if result.interrupted:
        line.append(" · interrupted: the rest was not fetched", style="bold yellow")
    out.print(line)
    for outcome in result.failed:
        row = Text("  failed  ", style="red")
        row.append_text(data_text(outcome.url))
        row.append(": ")
        row.append_text(data_text(outcome.reason))
        print_whole(out, row)


def tell_not_writable(args: argparse.Namespace, reason: str) -> None:
    """With `--json`, one line per URL (and feed) saying it failed, and why: the archive
    cannot be written (the command then ends with that reason on stderr)."""
    if not args.json:
        return
    try:
        urls = _urls(args)
    except UserError:
        urls = []
    for url in [*urls, *args.feeds]:
        print_json_line({"url": url, "status": "failed", "id": None, "reason": reason})
