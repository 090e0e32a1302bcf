"""`reader edit ID`: the article's own file in the user's editor, indexed again on return.

The file is the archive's source of truth, so the editor opens it in place; when it comes back
changed, the article is read again and indexed at once (a file that no longer reads as an
article is said in one line, and the index keeps what it had).
"""

from __future__ import annotations

import argparse

from rich.text import Text

from reader.archive import Archive
from reader.cli.editor import run_editor
from reader.cli.ids import resolve_id
from reader.cli.main import UserError
from reader.cli.output import data_text, shown_path, stdout_console


def run_edit(archive: Archive, args: argparse.Namespace) -> int:
    article_id = resolve_id(archive, args.id)
    path = archive.article_path(article_id)
    before = path.read_bytes()
    run_editor(path)
    out = stdout_console()
    try:
        changed = path.read_bytes() != before
    except FileNotFoundError:
        raise UserError(f"{shown_path(path)} is gone: the editor did not save it back") from None
    if not changed:
        out.print("the article is unchanged")
        return 0
    indexed = archive.reindex(article_id)
    line = Text("saved ")
    line.append_text(data_text(archive.get(article_id).title, "bold"))
    out.print(line)
    if indexed:
        out.print("indexed again: searches find the edit")
    else:
        out.print("the index is busy: the next `reader index` or search takes the edit in")
    return 0
