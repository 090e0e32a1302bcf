"""`reader cite`, `reader export` and `reader dossier`: the user's research handed on.

Each writes its document to stdout, or with `-o FILE` (export, dossier) to FILE, whole or not
at all (`reader.atomic`), and then says on stdout how many articles it holds.
"""

from __future__ import annotations

import argparse
import io
import sys
from datetime import date
from pathlib import Path

from rich.text import Text

from reader.archive import Archive
from reader.atomic import write_text_atomic
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    is_terminal,
    plural,
    print_whole,
    safe,
    shown_path,
    stdout_console,
)
from reader.cli.tags_cmd import unique_ids


def accessed_date(given: str | None) -> date | None:
    """`--accessed YYYY-MM-DD`."""
    if given is None:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise UserError(f"--accessed takes a date as YYYY-MM-DD, not {given!r}") from None


def _write(text: str) -> None:
    """A document on stdout; at a terminal, without control characters."""
    if is_terminal(sys.stdout):
        text = "\n".join(safe(line) for line in text.split("\n"))
    sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def _save(path: str, text: str, count: int, what: str) -> None:
    target = Path(path)
    if target.is_dir():
        raise UserError(f"{path} is a folder: name the file to write")
    write_text_atomic(target, text)
    line = Text(f"wrote {plural(count, 'article')} ({what}) to ")
    line.append_text(data_text(shown_path(target.resolve())))
    print_whole(stdout_console(), line)


def run_cite(archive: Archive, args: argparse.Namespace) -> int:
    ids = unique_ids(archive, args.ids)
    text = archive.cite(
        *ids,
        style=args.style,
        fmt=args.fmt,
        accessed=accessed_date(args.accessed),
        with_notes=args.with_notes,
    )
    _write(text)
    return 0


def run_export(archive: Archive, args: argparse.Namespace) -> int:
    """Streamed to a pipe or a file; to a terminal or `-o FILE`, made whole first (a terminal
    gets it cleaned of control characters; FILE is written whole or not at all)."""
    from reader.cli.index_cmd import sync_before_reading

    accessed = accessed_date(args.accessed)
    sync_before_reading(archive)
    streamed = args.output is None and not is_terminal(sys.stdout)
    out = sys.stdout if streamed else io.StringIO()
    count = archive.export(args.query, args.fmt, out, with_notes=args.with_notes, accessed=accessed)
    if not count:
        sys.stderr.write(f"reader: no article matches {safe(args.query)!r}\n")
    if isinstance(out, io.StringIO):
        if args.output is None:
            _write(out.getvalue())
        else:
            # A CSV file starts with a byte-order mark: spreadsheets then read it as UTF-8
            # (without one, Excel shows `Cần Thơ` as `Cáº§n ThÆ¡`). A pipe gets none.
            mark = "\ufeff" if args.fmt == "csv" else ""
            _save(args.output, mark + out.getvalue(), count, args.fmt)
    return 0


def run_dossier(archive: Archive, args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import sync_before_reading

    accessed = accessed_date(args.accessed)
    if args.search is not None:
        sync_before_reading(archive)  # a saved search is answered by the index
    document = archive.dossier(
        tag=args.tag, saved_search=args.search, style=args.style, accessed=accessed
    )
    if args.output is None:
        _write(document)
        return 0
    count = sum(1 for line in document.split("\n") if _is_article_heading(line))
    _save(args.output, document, count, "dossier")
    return 0


def _is_article_heading(line: str) -> bool:
    """`## 3. Title`: one article's section of a dossier."""
    number, dot, _ = line.removeprefix("## ").partition(". ")
    return line.startswith("## ") and bool(dot) and number.isdigit()
