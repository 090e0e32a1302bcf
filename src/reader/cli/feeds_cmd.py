"""`reader feeds [add|remove|import|export]` and `reader update [NAME...]`: subscriptions.

- `reader feeds --json`: `{total, feeds: [{name, url, tags, added, updated, checked, error,
  new, articles, unread, gone, moved_from, query}]}`.
- `reader feeds add|remove --json`: `{name, url, tags, status}` (`added`, `removed`).
- `reader feeds import FILE --json`: one `{url, name, status, reason}` line per feed of the
  file (`added`, `duplicate`, `failed`).
- `reader update --json`: one `{name, url, status, items, new, failed, error, moved_to}` line
  per feed as soon as it is decided (`updated`, `unchanged`, `failed`, `gone`, `unknown`).
"""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from reader.archive import Archive
from reader.cli.main import UserError, _global_options
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_json_line,
    print_whole,
    stdout_console,
)
from reader.fetch.options import FetchOptions

if TYPE_CHECKING:
    from reader.archive.feeds import FeedStatus, FeedUpdate, UpdateRun
    from reader.feeds.model import Subscription

# `reader update` asks one host for one thing at a time.
UPDATE_DEFAULTS = FetchOptions(per_host=1)
_UPDATE_STYLES = {
    "updated": "green",
    "unchanged": "",
    "failed": "red",
    "gone": "yellow",
    "unknown": "red",
}


def add_feeds_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON output for scripts")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    add = actions.add_parser("add", help="subscribe to an RSS or Atom feed")
    add.add_argument("url", metavar="URL", help="the feed's address (http or https)")
    add.add_argument("--name", help="what to call it (default: its site's name)")
    add.add_argument(
        "--tag", dest="tags", action="append", default=[], metavar="TAG", help="a tag (repeatable)"
    )
    remove = actions.add_parser(
        "remove", help="unsubscribe from a feed (its articles stay in the archive)"
    )
    remove.add_argument("feed", metavar="NAME|URL", help="the feed's name or address")
    opml = actions.add_parser("import", help="subscribe to the feeds of an OPML file")
    opml.add_argument("file", metavar="FILE", help="an OPML file (- for stdin)")
    actions.add_parser("export", help="print the subscriptions as OPML")
    for sub in (add, remove, opml):
        sub.add_argument(
            "--json", action="store_true", default=argparse.SUPPRESS, help="JSON output"
        )
    for sub in actions.choices.values():
        _global_options(sub, top=False)


def add_update_arguments(p: argparse.ArgumentParser) -> None:
    from reader.cli.fetch_cmd import add_fetch_options

    p.add_argument(
        "names", nargs="*", metavar="NAME", help="the feeds to update (default: every one)"
    )
    p.add_argument("--json", action="store_true", help="one JSON line per feed")
    add_fetch_options(p, UPDATE_DEFAULTS)


# -- reader feeds ------------------------------------------------------------------------------


def run_list(archive: Archive, args: argparse.Namespace) -> int:
    feeds = archive.feeds()
    if args.json:
        print_json_line({"total": len(feeds), "feeds": [f.as_json() for f in feeds]})
        return 0
    out = stdout_console()
    if not feeds:
        out.print("no feeds: subscribe to one with `reader feeds add URL`")
        return 0
    for feed in feeds:
        line = data_text(feed.name, "bold")
        line.append("  ")
        line.append_text(data_text(feed.url, "dim"))
        print_whole(out, line)
        out.print(_status_line(feed))
        if feed.moved_from:
            print_whole(out, Text("  moved from ").append_text(data_text(feed.moved_from)))
        if feed.error:
            row = Text("  last error: ", style="red" if not feed.gone else "yellow")
            row.append_text(data_text(feed.error))
            out.print(row)
    return 0


def _status_line(feed: FeedStatus) -> Text:
    parts = [
        f"updated {_when(feed.updated)}" if feed.updated else "never updated",
        f"{number(feed.new)} new",
        f"{number(feed.unread)} unread of {plural(feed.articles, 'article')}",
    ]
    line = Text("  " + " · ".join(parts), style="dim")
    if feed.tags:
        line.append(" · tags: ", style="dim")
        line.append_text(data_text(", ".join(feed.tags), "dim"))
    return line


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def run_add(archive: Archive, args: argparse.Namespace) -> int:
    sub = archive.add_feed(args.url, args.name, args.tags)
    return _changed(args, sub, "added", "subscribed to", "`reader update` downloads it")


def run_remove(archive: Archive, args: argparse.Namespace) -> int:
    sub = archive.remove_feed(args.feed)
    return _changed(args, sub, "removed", "unsubscribed from", "its articles stay in the archive")


def _changed(args: argparse.Namespace, sub: Subscription, status: str, done: str, then: str) -> int:
    """Say what became of one subscription: `done NAME (URL); then`, or its JSON."""
    if getattr(args, "json", False):
        print_json_line(
            {"name": sub.name, "url": sub.url, "tags": list(sub.tags), "status": status}
        )
        return 0
    line = Text(f"{done} ")
    line.append_text(data_text(sub.name, "bold"))
    line.append(" (")
    line.append_text(data_text(sub.url))
    line.append(f"); {then}")
    stdout_console().print(line)
    return 0


def run_import(archive: Archive, args: argparse.Namespace) -> int:
    outcomes = archive.import_opml(_read(args.file))
    if getattr(args, "json", False):
        for outcome in outcomes:
            print_json_line(outcome.as_json())
    else:
        out = stdout_console()
        for outcome in outcomes:
            style = {"added": "green", "duplicate": "yellow", "failed": "red"}[outcome.status]
            row = Text(f"  {outcome.status:<9} ", style=style)
            row.append_text(data_text(outcome.name or outcome.url))
            if outcome.status == "added":
                row.append("  ")
                row.append_text(data_text(outcome.url, "dim"))
            else:
                row.append(": ")
                row.append_text(data_text(outcome.reason))
            print_whole(out, row)
        counts = {s: sum(o.status == s for o in outcomes) for s in ("added", "duplicate", "failed")}
        out.print(" · ".join(f"{number(n)} {status}" for status, n in counts.items()))
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise UserError(f"no such file: {name}") from None
    except OSError as exc:
        raise UserError(f"cannot read {name}: {exc.strerror or exc}") from None


def run_export(archive: Archive, args: argparse.Namespace) -> int:
    sys.stdout.write(archive.export_opml())
    return 0


# -- reader update -----------------------------------------------------------------------------


def run_update(archive: Archive, args: argparse.Namespace) -> int:
    from reader.cli.fetch_cmd import fetch_options, first_interrupt_cancels, progress_bar

    options = fetch_options(args, UPDATE_DEFAULTS)
    cancel = threading.Event()
    if args.json:
        with first_interrupt_cancels(cancel):
            result = archive.update_feeds(
                args.names,
                options=options,
                cancel=cancel,
                on_feed=lambda feed: print_json_line(feed.as_json()),
            )
        return _exit_status(result)
    progress, on_outcome = progress_bar("updating")
    task = progress.task_ids[0]
    with progress, first_interrupt_cancels(cancel):
        result = archive.update_feeds(
            args.names,
            options=options,
            cancel=cancel,
            on_total=lambda total: progress.update(task, total=total),
            on_outcome=on_outcome,
        )
    _print_update(result)
    return _exit_status(result)


def _exit_status(result: UpdateRun) -> int:
    if result.interrupted:
        return 130
    return 1 if result.failed else 0


def _print_update(result: UpdateRun) -> None:
    out = stdout_console()
    if not result.feeds:
        out.print("no feeds to update: subscribe to one with `reader feeds add URL`")
        return
    for feed in result.feeds:
        print_whole(out, _update_line(feed))
    line = Text(plural(len(result.feeds), "feed"))
    line.append(f" · {number(sum(f.new for f in result.feeds))} new", style="bold green")
    failed = len(result.failed)
    line.append(f" · {number(failed)} with errors", style="bold red" if failed else "")
    if result.interrupted:
        line.append(" · interrupted: the rest was not fetched", style="bold yellow")
    out.print(line)


def _update_line(feed: FeedUpdate) -> Text:
    line = data_text(feed.name, "bold")
    line.append(": ")
    line.append(feed.status, style=_UPDATE_STYLES[feed.status])
    if feed.status == "updated":
        line.append(f", {number(feed.new)} new of {plural(feed.items, 'item')}")
    if feed.moved_to:
        line.append(", moved to ")
        line.append_text(data_text(feed.moved_to))
    if feed.error:
        line.append(": ")
        line.append_text(data_text(feed.error))
    return line


def tell_update_not_writable(args: argparse.Namespace, reason: str) -> None:
    """With `--json`, one line per feed to update saying it failed, and why: the archive
    cannot be written (the command then ends with that reason on stderr)."""
    if not args.json:
        return
    from reader.archive import ArchiveError
    from reader.cli.commands import open_archive

    try:
        listed = open_archive(args, reading=False).feeds()
    except (ArchiveError, UserError, OSError):
        listed = []
    urls = {f.name.casefold(): f.url for f in listed}
    names = args.names or [f.name for f in listed if not f.gone]
    for name in names:
        print_json_line(
            {
                "name": name,
                "url": urls.get(name.casefold()),
                "status": "failed",
                "items": 0,
                "new": 0,
                "failed": 0,
                "error": reason,
                "moved_to": None,
            }
        )
