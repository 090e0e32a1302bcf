"""The research sub-commands (tags, notes, highlights, bookmarks, read state, saved searches,
citations, exports, dossiers, the trash, editing an article): their arguments, and handlers
that load their module only when run (`commands.COMMANDS` lists them)."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reader.archive import Archive

ArgSetup = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace], int]

CITE_STYLES = ("plain", "apa", "chicago")
CITE_FORMATS = ("text", "bibtex", "ris", "csl-json")
EXPORT_FORMATS = ("markdown", "csv", "jsonl", "bibtex", "ris")


def reading(args: argparse.Namespace) -> Archive:
    """The archive of a command that only reads it."""
    from reader.cli.commands import open_archive

    return open_archive(args)


def changing(args: argparse.Namespace) -> Archive:
    """The archive of a command that writes the user's research or its articles: never the
    bundled sample, it must be there already, and a folder that cannot be written is said
    before anything is asked or opened in an editor."""
    from reader.cli.commands import open_archive
    from reader.cli.editor import can_write
    from reader.cli.main import UserError

    if getattr(args, "sample", False):
        raise UserError(
            "the sample archive is not written to: tag, annotate and edit your own archive "
            "(without --sample; `reader config` says where it is)"
        )
    archive = open_archive(args)
    refused = can_write(archive.root)
    if refused:
        raise UserError(refused)
    return archive


def _id_arg(p: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        p.add_argument("ids", nargs="+", metavar="ID", help="articles' ids, or their starts")
    else:
        p.add_argument("id", metavar="ID", help="the article's id, or the start of it")


def _ids_args(p: argparse.ArgumentParser) -> None:
    _id_arg(p, many=True)
    _json_arg(p)


def _json_arg(p: argparse.ArgumentParser, what: str = "JSON output for scripts") -> None:
    p.add_argument("--json", action="store_true", help=what)


# -- tags ------------------------------------------------------------------------------------


def _tag_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "words",
        nargs="*",
        metavar="ID... TAG",
        help="articles' ids (or their starts), then the tags: the first word that names no "
        "article, and every word after it, is a tag, and so is the last word",
    )
    p.add_argument(
        "-t",
        "--tag",
        dest="tags",
        action="append",
        default=[],
        metavar="TAG",
        help="a tag (repeatable); then every word before is an id (a tag that is also the "
        "start of an id)",
    )
    p.add_argument(
        "--query",
        metavar="QUERY",
        help="every article matching QUERY instead of ids (asks first; --yes where no one can "
        "be asked)",
    )
    p.add_argument("--yes", "-y", action="store_true", help="with --query: do not ask")
    _json_arg(p)


def _tag(args: argparse.Namespace) -> int:
    from reader.cli.tags_cmd import run_tag

    return run_tag(changing(args), args, remove=False)


def _untag(args: argparse.Namespace) -> int:
    from reader.cli.tags_cmd import run_tag

    return run_tag(changing(args), args, remove=True)


def _tags(args: argparse.Namespace) -> int:
    from reader.cli.tags_cmd import run_tags

    return run_tags(reading(args), args)


# -- notes and highlights --------------------------------------------------------------------


def _note_args(p: argparse.ArgumentParser) -> None:
    _id_arg(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="TEXT", help="replace the note with TEXT ('' removes it)")
    group.add_argument("--show", action="store_true", help="print the note")
    _json_arg(p, "the note as JSON")


def _note(args: argparse.Namespace) -> int:
    from reader.cli.notes_cmd import run_note

    archive = reading(args) if args.show else changing(args)
    return run_note(archive, args)


def _highlight_args(p: argparse.ArgumentParser) -> None:
    _id_arg(p)
    p.add_argument(
        "paragraph",
        type=int,
        metavar="PARAGRAPH",
        help="the paragraph of the body, from 1 (`reader show ID --numbered` numbers them)",
    )
    p.add_argument("--sentence", type=int, metavar="N", help="only its sentence N, from 1")
    p.add_argument("--comment", default="", metavar="TEXT", help="a comment on the passage")
    _json_arg(p)


def _highlight(args: argparse.Namespace) -> int:
    from reader.cli.notes_cmd import run_highlight

    return run_highlight(changing(args), args)


def _highlights_args(p: argparse.ArgumentParser) -> None:
    _id_arg(p)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--remove", type=int, metavar="N", help="remove highlight N")
    group.add_argument(
        "--comment", nargs=2, metavar=("N", "TEXT"), help="set the comment of highlight N"
    )
    _json_arg(p)


def _highlights(args: argparse.Namespace) -> int:
    from reader.cli.notes_cmd import run_highlights

    changes = args.remove is not None or args.comment is not None
    return run_highlights(changing(args) if changes else reading(args), args)


# -- bookmarks, read state, saved searches ---------------------------------------------------


def _bookmark_args(p: argparse.ArgumentParser) -> None:
    _id_arg(p, many=True)
    p.add_argument("--remove", action="store_true", help="remove the bookmarks")
    _json_arg(p)


def _bookmark(args: argparse.Namespace) -> int:
    from reader.cli.reading_cmd import run_bookmark

    return run_bookmark(changing(args), args)


def _bookmarks(args: argparse.Namespace) -> int:
    from reader.cli.reading_cmd import run_bookmarks

    return run_bookmarks(reading(args), args)


def _read(args: argparse.Namespace) -> int:
    from reader.cli.reading_cmd import run_read

    return run_read(changing(args), args, read=True)


def _unread(args: argparse.Namespace) -> int:
    from reader.cli.reading_cmd import run_read

    return run_read(changing(args), args, read=False)


def _searches_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--save", nargs=2, metavar=("NAME", "QUERY"), help="save QUERY as NAME (replacing it)"
    )
    group.add_argument("--delete", metavar="NAME", help="forget the saved search NAME")
    _json_arg(p)


def _searches(args: argparse.Namespace) -> int:
    from reader.cli.reading_cmd import run_searches

    changes = args.save is not None or args.delete is not None
    return run_searches(changing(args) if changes else reading(args), args)


# -- citations, exports, dossiers ------------------------------------------------------------


def _accessed_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--accessed",
        metavar="YYYY-MM-DD",
        help="the accessed date of the citations (default: the day each was imported)",
    )


def _cite_args(p: argparse.ArgumentParser) -> None:
    _id_arg(p, many=True)
    p.add_argument("--style", choices=CITE_STYLES, default="plain", help="(plain)")
    p.add_argument("--format", dest="fmt", choices=CITE_FORMATS, default="text", help="(text)")
    p.add_argument("--with-notes", action="store_true", help="with the articles' notes")
    _accessed_arg(p)


def _cite(args: argparse.Namespace) -> int:
    from reader.cli.export_cmd import run_cite

    return run_cite(reading(args), args)


def _out_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write FILE (whole, or not at all) instead of stdout"
    )


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help="the query ('' for every article)")
    p.add_argument(
        "--format", dest="fmt", choices=EXPORT_FORMATS, default="markdown", help="(markdown)"
    )
    p.add_argument(
        "--with-notes", action="store_true", help="with each article's tags, notes and highlights"
    )
    _accessed_arg(p)
    _out_arg(p)


def _export(args: argparse.Namespace) -> int:
    from reader.cli.export_cmd import run_export

    return run_export(reading(args), args)


def _dossier_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--tag", metavar="TAG", help="the articles carrying TAG")
    group.add_argument("--search", metavar="NAME", help="the articles of the saved search NAME")
    p.add_argument("--style", choices=CITE_STYLES, default="apa", help="citations' style (apa)")
    _accessed_arg(p)
    _out_arg(p)


def _dossier(args: argparse.Namespace) -> int:
    from reader.cli.export_cmd import run_dossier

    return run_dossier(reading(args), args)


# -- removing, the trash, editing ------------------------------------------------------------


def _rm(args: argparse.Namespace) -> int:
    from reader.cli.trash_cmd import run_rm

    return run_rm(changing(args), args)


def _trash_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--restore", metavar="ID", help="put a removed article back (ID, or an entry's name ID~2)"
    )
    group.add_argument(
        "--empty",
        nargs="?",
        const="",
        metavar="ID",
        help="delete for good what the trash holds (or only ID's entry); asks first",
    )
    p.add_argument("--yes", "-y", action="store_true", help="with --empty: do not ask")
    _json_arg(p)


def _trash(args: argparse.Namespace) -> int:
    from reader.cli.trash_cmd import run_trash

    changes = args.restore is not None or args.empty is not None
    return run_trash(changing(args) if changes else reading(args), args)


def _edit(args: argparse.Namespace) -> int:
    from reader.cli.edit_cmd import run_edit

    return run_edit(changing(args), args)


RESEARCH_COMMANDS: list[tuple[str, str, ArgSetup, Handler]] = [
    ("tag", "tag articles (or every match of a query)", _tag_args, _tag),
    ("untag", "take tags off articles (or every match of a query)", _tag_args, _untag),
    ("tags", "every tag with its number of articles", _json_arg, _tags),
    (
        "note",
        "an article's note: from stdin (added to it) or in $EDITOR; --set, --show",
        _note_args,
        _note,
    ),
    ("highlight", "highlight a paragraph or a sentence of an article", _highlight_args, _highlight),
    (
        "highlights",
        "an article's highlights; remove one or change its comment",
        _highlights_args,
        _highlights,
    ),
    ("bookmark", "bookmark articles (--remove: take the bookmarks off)", _bookmark_args, _bookmark),
    ("bookmarks", "the bookmarked articles, the latest first", _json_arg, _bookmarks),
    ("read", "mark articles read", _ids_args, _read),
    ("unread", "mark articles unread", _ids_args, _unread),
    ("searches", "saved searches with their counts; save or delete one", _searches_args, _searches),
    (
        "cite",
        "citations of articles: plain, APA, Chicago; BibTeX, RIS, CSL-JSON",
        _cite_args,
        _cite,
    ),
    ("export", "every article matching a query, oldest first, as a file", _export_args, _export),
    ("dossier", "a tag or a saved search as one Markdown document", _dossier_args, _dossier),
    ("rm", "remove articles to the archive's trash (undo: reader trash --restore)", _ids_args, _rm),
    ("trash", "the removed articles; restore one, or empty the trash", _trash_args, _trash),
    ("edit", "open an article's file in $EDITOR and index it again", _id_arg, _edit),
]
