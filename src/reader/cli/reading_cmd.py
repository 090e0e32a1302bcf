"""`reader bookmark`, `reader bookmarks`, `reader read`, `reader unread` and `reader searches`:
what the user keeps track of while reading.

- `reader bookmark ID... --json`: `{ids, bookmarked, changed}`.
- `reader bookmarks --json`: `{total, bookmarks: [{id, title, bookmarked}]}`, the latest first.
- `reader read|unread ID... --json`: `{ids, read, changed}`.
- `reader searches --json`: `{total, searches: [{name, query, count}]}`, in the order saved;
  `--save NAME QUERY --json`: `{name, query, count, status}` (`saved`, `replaced`);
  `--delete NAME --json`: `{name, query, status}` (`deleted`).
"""

from __future__ import annotations

import argparse

from rich.text import Text

from reader.archive import Archive, ArchiveError
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    number,
    plural,
    print_indented,
    print_json_line,
    print_whole,
    stdout_console,
)
from reader.cli.tags_cmd import unique_ids

# -- bookmarks -------------------------------------------------------------------------------


def run_bookmark(archive: Archive, args: argparse.Namespace) -> int:
    ids = unique_ids(archive, args.ids)
    on = not args.remove
    changed = sum(archive.set_bookmark(i, on) for i in ids)
    if args.json:
        print_json_line({"ids": ids, "bookmarked": on, "changed": changed})
        return 0
    line = Text(f"{'bookmarked' if on else 'removed the bookmark of'} {plural(changed, 'article')}")
    unchanged = len(ids) - changed
    if unchanged:
        line.append(f" ({number(unchanged)} {'had one' if on else 'had none'} already)", "dim")
    stdout_console().print(line)
    return 0


def _title(archive: Archive, article_id: str) -> str:
    """The article's title from its file; what its annotations recorded when it cannot be
    read."""
    try:
        return archive.get(article_id).title
    except ArchiveError:
        return archive.annotations(article_id).title


DATE = 10


def run_bookmarks(archive: Archive, args: argparse.Namespace) -> int:
    found = []
    for article_id in archive.bookmarks():
        when = archive.annotations(article_id).bookmarked
        found.append((article_id, _title(archive, article_id), when))
    if args.json:
        print_json_line(
            {
                "total": len(found),
                "bookmarks": [
                    {"id": i, "title": t, "bookmarked": w.isoformat() if w else None}
                    for i, t, w in found
                ],
            }
        )
        return 0
    out = stdout_console()
    if not found:
        out.print("no bookmarks: bookmark an article with `reader bookmark ID`")
        return 0
    for article_id, title, when in found:
        day = when.strftime("%Y-%m-%d") if when else ""
        print_indented(out, data_text(title, "bold"), DATE + 2, Text(f"{day:<{DATE}}  "))
        print_whole(out, Text(" " * (DATE + 2)) + data_text(article_id, "dim"))
    return 0


# -- read state ------------------------------------------------------------------------------


def run_read(archive: Archive, args: argparse.Namespace, *, read: bool) -> int:
    ids = unique_ids(archive, args.ids)
    changed = archive.mark_read(ids, read)
    if args.json:
        print_json_line({"ids": ids, "read": read, "changed": changed})
        return 0
    state = "read" if read else "unread"
    line = Text(f"marked {plural(changed, 'article')} {state}")
    unchanged = len(ids) - changed
    if unchanged:
        line.append(f" ({number(unchanged)} {'was' if unchanged == 1 else 'were'} already)", "dim")
    stdout_console().print(line)
    return 0


# -- saved searches --------------------------------------------------------------------------


def _count(archive: Archive, query: str) -> int:
    return len(archive.matching_ids(query))


def run_searches(archive: Archive, args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import sync_before_reading

    if args.delete is not None:
        saved = archive.saved_searches()
        if args.delete not in saved:
            names = ", ".join(map(repr, saved)) or "none"
            raise UserError(f"no saved search called {args.delete!r} (saved: {names})")
        archive.delete_saved_search(args.delete)
        if args.json:
            print_json_line({"name": args.delete, "query": saved[args.delete], "status": "deleted"})
        else:
            stdout_console().print(Text("deleted the saved search ") + data_text(args.delete))
        return 0
    sync_before_reading(archive)
    if args.save is not None:
        name, query = args.save
        replaced = " ".join(name.split()) in archive.saved_searches()
        archive.save_search(name, query)
        name = " ".join(name.split())
        count = _count(archive, query)
        if args.json:
            status = "replaced" if replaced else "saved"
            print_json_line({"name": name, "query": query, "count": count, "status": status})
        else:
            line = Text("saved ")
            line.append_text(data_text(name, "bold"))
            line.append(": ")
            line.append_text(data_text(query))
            line.append(f" ({plural(count, 'article')})", "dim")
            print_whole(stdout_console(), line)
        return 0
    searches = [(n, q, _count(archive, q)) for n, q in archive.saved_searches().items()]
    if args.json:
        print_json_line(
            {
                "total": len(searches),
                "searches": [{"name": n, "query": q, "count": c} for n, q, c in searches],
            }
        )
        return 0
    out = stdout_console()
    if not searches:
        out.print("no saved searches: save one with `reader searches --save NAME QUERY`")
        return 0
    width = max(len(number(c)) for _, _, c in searches)
    for name, query, count in searches:
        line = Text(f"{number(count):>{width}}  ")
        line.append_text(data_text(name, "bold"))
        line.append("  ")
        line.append_text(data_text(query, "dim"))
        print_whole(out, line)
    return 0
