"""`reader note`, `reader highlight` and `reader highlights`: the user's notes and marked
passages on one article.

- `reader note ID --show --json`, `--set TEXT --json`: `{id, note}` (`--set`: and `changed`).
- `reader highlight ID PARAGRAPH --json`: the new highlight (below).
- `reader highlights ID --json`: `{id, highlights: [...]}`; each `{number, paragraph,
  sentence, quote, comment, created, found}`, where `found` is where the quote stands in the
  article now (`{paragraph, sentence, moved}`), null when its text no longer holds it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text

from reader.archive import Archive
from reader.cli.editor import run_editor
from reader.cli.ids import resolve_id
from reader.cli.main import UserError
from reader.cli.output import (
    data_text,
    is_terminal,
    print_indented,
    print_json_line,
    print_whole,
    shown_path,
    stdout_console,
)
from reader.research.model import Highlight
from reader.research.passages import Place

# -- notes -----------------------------------------------------------------------------------


def run_note(archive: Archive, args: argparse.Namespace) -> int:
    """`--show`, `--set TEXT`; otherwise the note is read from stdin when it is not a
    terminal (`echo ... | reader note ID`: added to the note the article has, never over
    it), else written in the user's editor."""
    article_id = resolve_id(archive, args.id)
    if args.show:
        note = archive.annotations(article_id).note
        if args.json:
            print_json_line({"id": article_id, "note": note})
        elif note:
            stdout_console().print(data_text(note.rstrip("\n")))
        else:
            stdout_console().print(f"no note: write one with `reader note {article_id}`")
        return 0
    if args.set is not None:
        return _set(archive, article_id, args.set, args.json)
    if is_terminal(sys.stdin):
        return _edit_note(archive, article_id, args.json)
    text = sys.stdin.read()
    if not text.strip():
        raise UserError("no note on stdin: nothing written (`--set ''` removes the note)")
    before = archive.annotations(article_id).note
    if not before.strip():
        return _set(archive, article_id, text, args.json)
    if before.rstrip().endswith(text.strip()):
        return _set(archive, article_id, before, args.json)  # added already: unchanged
    return _set(archive, article_id, added_to(before, text), args.json, added=True)


def added_to(note: str, text: str) -> str:
    """`text` after `note`, a blank line between them."""
    return f"{note.rstrip()}\n\n{text.strip()}\n"


def _set(archive: Archive, article_id: str, text: str, as_json: bool, added: bool = False) -> int:
    before = archive.annotations(article_id).note
    after = archive.set_note(article_id, text).note
    if as_json:
        print_json_line({"id": article_id, "note": after, "changed": after != before})
        return 0
    out = stdout_console()
    if after == before:
        out.print("the note is unchanged: nothing written")
    elif added:
        out.print(
            f"added to the note ({len(after):,} characters now) in research/{article_id}.md"
            " (`--set` replaces it)"
        )
    elif after:
        out.print(f"note saved ({len(after):,} characters) in research/{article_id}.md")
    else:
        out.print("note removed")
    return 0


def _edit_note(archive: Archive, article_id: str, as_json: bool) -> int:
    """The note in the user's editor, on a temporary file; saved when it changed. When it
    cannot be saved, the temporary file is kept and its path told, so no writing is lost."""
    before = archive.annotations(article_id).note
    handle, name = tempfile.mkstemp(prefix=f"reader-note-{article_id[:40]}-", suffix=".md")
    path = Path(name)
    keep = False
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(before)
        run_editor(path)
        try:
            after = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            keep = True
            raise UserError(
                f"the note is not UTF-8 text: not saved (your text is in {shown_path(path)})"
            ) from None
        if after.rstrip("\n") == before.rstrip("\n"):
            after = before  # an editor's final newline is no change
        try:
            return _set(archive, article_id, after, as_json)
        except BaseException:
            keep = True
            sys.stderr.write(f"reader: the note you wrote is kept in {shown_path(path)}\n")
            raise
    finally:
        if not keep:
            with contextlib.suppress(OSError):
                path.unlink()


# -- highlights ------------------------------------------------------------------------------


def highlight_json(number: int, highlight: Highlight, place: Place | None = None) -> dict[str, Any]:
    """One highlight as JSON (`found`: where it stands now, when asked for)."""
    return {
        "number": number,
        "paragraph": highlight.paragraph,
        "sentence": highlight.sentence,
        "quote": highlight.quote,
        "comment": highlight.comment,
        "created": highlight.created.isoformat() if highlight.created else None,
        "found": None
        if place is None
        else {"paragraph": place.paragraph, "sentence": place.sentence, "moved": place.moved},
    }


def where(paragraph: int, sentence: int | None) -> str:
    """`paragraph 2`, `paragraph 2, sentence 1`."""
    return f"paragraph {paragraph}" + (f", sentence {sentence}" if sentence else "")


def print_highlights(
    out: Console, places: list[tuple[Highlight, Place | None]], indent: int = 0
) -> None:
    """Each highlight: its number and place, the quote, its comment."""
    pad = " " * indent
    for number, (highlight, place) in enumerate(places, 1):
        head = Text(f"{pad}{number}. {where(highlight.paragraph, highlight.sentence)}")
        if place is None:
            head.append("  (no longer in the article's text)", style="yellow")
        elif place.moved:
            head.append(f"  (now {where(place.paragraph, place.sentence)})", style="dim")
        out.print(head)
        print_indented(out, data_text(f"“{highlight.quote}”", "italic"), indent + 3)
        if highlight.comment:
            print_indented(out, data_text(highlight.comment), indent + 3, Text(f"{pad}   — "))


def run_highlight(archive: Archive, args: argparse.Namespace) -> int:
    article_id = resolve_id(archive, args.id)
    if args.paragraph < 1 or (args.sentence is not None and args.sentence < 1):
        raise UserError("paragraphs and sentences are counted from 1")
    highlight = archive.add_highlight(article_id, args.paragraph, args.sentence, args.comment)
    number = len(archive.annotations(article_id).highlights)
    if args.json:
        here = Place(highlight.paragraph, highlight.sentence, False)
        print_json_line({"id": article_id, **highlight_json(number, highlight, here)})
        return 0
    out = stdout_console()
    out.print(f"highlight {number}: {where(highlight.paragraph, highlight.sentence)}")
    print_indented(out, data_text(f"“{highlight.quote}”", "italic"), 3)
    return 0


def run_highlights(archive: Archive, args: argparse.Namespace) -> int:
    article_id = resolve_id(archive, args.id)
    if args.remove is not None:
        removed = archive.remove_highlight(article_id, args.remove)
        if args.json:
            print_json_line({"id": article_id, "removed": highlight_json(args.remove, removed)})
        else:
            stdout_console().print(
                f"removed highlight {args.remove} ({where(removed.paragraph, removed.sentence)})"
            )
        return 0
    if args.comment is not None:
        given, comment = args.comment
        try:
            number = int(given)
        except ValueError:
            raise UserError(f"--comment N TEXT: N is a highlight's number, not {given!r}") from None
        archive.comment_highlight(article_id, number, comment)
        if args.json:
            print_json_line({"id": article_id, "number": number, "comment": comment})
        else:
            stdout_console().print(f"comment of highlight {number} saved")
        return 0
    places = archive.highlight_places(article_id)
    if args.json:
        print_json_line(
            {
                "id": article_id,
                "highlights": [highlight_json(n, h, p) for n, (h, p) in enumerate(places, 1)],
            }
        )
        return 0
    out = stdout_console()
    if not places:
        print_whole(
            out, Text(f"no highlights: add one with `reader highlight {article_id} PARAGRAPH`")
        )
        return 0
    print_highlights(out, places)
    return 0
