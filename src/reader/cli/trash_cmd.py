"""`reader rm ID...` and `reader trash [--restore ID | --empty [ID]]`: removing articles with
undo. A removed article's files (the article, its raw page, its annotations) move to the
archive's `trash/` folder; nothing is deleted until the trash is emptied.

- `reader rm --json`: one `{id, title, trash, files}` line per article removed (`trash`: its
  entry's name, what `--restore` takes).
- `reader trash --json`: `{total, entries: [{name, id, title, removed, files}]}`, the latest
  removed first; `--restore ID --json`: the entry restored; `--empty --json`: `{deleted}`.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.text import Text

from reader.archive import Archive
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_indented,
    print_json_line,
    print_whole,
    shown_path,
    stdout_console,
)
from reader.cli.tags_cmd import agreed, unique_ids
from reader.research.trash import TRASH_DIR, TrashEntry


def entry_json(entry: TrashEntry) -> dict[str, Any]:
    return {
        "name": entry.name,
        "id": entry.article_id,
        "title": entry.title,
        "removed": entry.removed.isoformat() if entry.removed else None,
        "files": list(entry.files),
    }


def run_rm(archive: Archive, args: argparse.Namespace) -> int:
    ids = unique_ids(archive, args.ids)  # every id checked before anything moves
    out = stdout_console()
    for article_id in ids:
        entry = archive.remove(article_id)
        if args.json:
            print_json_line(
                {
                    "id": entry.article_id,
                    "title": entry.title,
                    "trash": entry.name,
                    "files": list(entry.files),
                }
            )
            continue
        line = Text("removed ")
        line.append_text(data_text(entry.title or entry.article_id, "bold"))
        out.print(line)
        where = archive.root / TRASH_DIR / entry.name
        print_whole(out, Text("  moved to ") + data_text(shown_path(where)))
        print_whole(out, Text("  undo: ") + data_text(f"reader trash --restore {entry.name}"))
    return 0


def run_trash(archive: Archive, args: argparse.Namespace) -> int:
    if args.restore is not None:
        entry = archive.restore(args.restore)
        if args.json:
            print_json_line(entry_json(entry))
        else:
            line = Text("restored ")
            line.append_text(data_text(entry.title or entry.article_id, "bold"))
            stdout_console().print(line)
            print_whole(stdout_console(), Text("  ") + data_text(entry.article_id, "dim"))
        return 0
    if args.empty is not None:
        if args.empty:
            agreed(f"delete {args.empty} from the trash for good", args.yes)
        elif held := len(archive.trash()):
            agreed(f"delete {plural(held, 'removed article')} for good", args.yes)
        deleted = archive.empty_trash(args.empty or None)
        if args.json:
            print_json_line({"deleted": deleted})
        else:
            stdout_console().print(f"deleted {plural(deleted, 'removed article')} for good")
        return 0
    entries = archive.trash()
    if args.json:
        print_json_line({"total": len(entries), "entries": [entry_json(e) for e in entries]})
        return 0
    out = stdout_console()
    if not entries:
        out.print("the trash is empty")
        return 0
    for entry in entries:
        day = entry.removed.strftime("%Y-%m-%d %H:%M") if entry.removed else "?"
        title = data_text(entry.title or entry.article_id, "bold")
        print_indented(out, title, 18, Text(f"{day:<16}  "))
        print_whole(out, Text(" " * 18) + data_text(entry.name, "dim"))
    out.print(
        Text(
            f"{plural(len(entries), 'removed article')} · restore one with "
            "`reader trash --restore NAME` · delete "
            f"{'it' if len(entries) == 1 else 'all ' + number(len(entries))} for good with "
            "`reader trash --empty`",
            style="dim",
        )
    )
    return 0
