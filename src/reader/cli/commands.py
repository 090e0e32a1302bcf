"""The sub-commands: their arguments, and handlers that load their module only when run."""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from reader.archive import Archive
from reader.cli.research_commands import RESEARCH_COMMANDS, ArgSetup, Handler
from reader.config import DEFAULT, SAMPLE_OPTION, Config, load_config


def settings(args: argparse.Namespace) -> Config:
    """The settings named by the global options, the environment and the config files."""
    return load_config(
        archive=getattr(args, "archive", None),
        index=getattr(args, "index", None),
        config_file=getattr(args, "config", None),
        sample=getattr(args, "sample", False),
    )


def open_archive(args: argparse.Namespace, *, reading: bool = True) -> Archive:
    """The archive named by the global options, environment or config files.

    `reading`: the command reads an archive that must be there already (a command that
    imports creates a missing archive folder). Either way a path that is not a folder is
    refused, in one line, before anything is created.
    """
    config = settings(args)
    where = config.archive_dir
    from reader.cli.main import UserError
    from reader.cli.output import shown_path

    origin = config.source("archive")
    told = "" if origin in (DEFAULT, "--archive", SAMPLE_OPTION) else f", from {origin}"
    if where.exists() and not where.is_dir():
        raise UserError(
            f"the archive {shown_path(where)}{told} is a file, not a folder: "
            "name the folder that holds (or is to hold) the article files"
        )
    if reading and not where.exists():
        named = f"--archive {_shell_word(shown_path(where))} " if origin == "--archive" else ""
        raise UserError(
            f"no archive at {shown_path(where)}{told} "
            f"(import articles with `reader {named}import PATH` to create it)"
        )
    archive = Archive(config)
    archive.on_repair = _tell
    return archive


def _shell_word(path: str) -> str:
    """`path` as one word of a shell command line, a leading `~/` left for the shell."""
    if path.startswith("~/"):
        return "~/" + shlex.quote(path[2:])
    return shlex.quote(path)


def _tell(line: str) -> None:
    """A notice on stderr (stdout stays the command's own output, for scripts)."""
    from reader.cli.output import repaired, safe

    sys.stderr.write(f"reader: {safe(repaired(line))}\n")


def _writing_articles(args: argparse.Namespace) -> Archive:
    """The archive of a command that writes article files: never the bundled sample."""
    from reader.cli.main import UserError

    if getattr(args, "sample", False):
        raise UserError(
            "the sample archive is not written to: import into your own archive "
            "(without --sample; `reader config` says where it is)"
        )
    return open_archive(args, reading=False)


def _no_wait_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-wait",
        action="store_true",
        help="fail at once if another import is writing the archive, instead of waiting",
    )


@contextmanager
def writing(archive: Archive, args: argparse.Namespace, index_only: bool = False) -> Iterator[None]:
    """Hold the archive's writer lock for a command, telling the user when it has to wait.

    `index_only`: the command writes only the index (see `ArchiveLock`).
    """
    from reader.cli.main import UserError
    from reader.lock import ArchiveLock, ArchiveLocked

    def waiting(pid: int | None) -> None:
        who = f" (pid {pid})" if pid else ""
        sys.stderr.write(f"reader: waiting for another import{who} to finish…\n")
        sys.stderr.flush()

    lock = ArchiveLock(
        archive.root,
        wait=not getattr(args, "no_wait", False),
        on_wait=waiting,
        index_only=index_only,
    )
    try:
        lock.acquire()
    except ArchiveLocked as exc:
        who = f" (pid {exc.pid})" if exc.pid else ""
        raise UserError(
            f"another import{who} is writing this archive; try again when it has finished"
        ) from None
    try:
        if lock.stale_pid is not None:
            sys.stderr.write(f"reader: cleared a stale archive lock left by pid {lock.stale_pid}\n")
        yield
    finally:
        lock.release()


def run_tui(args: argparse.Namespace) -> int:
    from reader.cli.editor import run_editor
    from reader.tui.launch import launch

    # A missing archive is the terminal reader's to explain (it says how to import).
    return launch(open_archive(args, reading=False), editor=run_editor)


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to import")
    p.add_argument("--json", action="store_true", help="one JSON line per input")
    _no_wait_arg(p)


def _import(args: argparse.Namespace) -> int:
    from reader.cli.import_cmd import run, tell_not_writable

    return _storing(args, run, tell_not_writable)


def _storing(
    args: argparse.Namespace,
    run: Callable[[Archive, argparse.Namespace], int],
    tell_not_writable: Callable[[argparse.Namespace, str], None],
) -> int:
    """Run a command that stores articles, holding the writer lock. When the archive folder
    cannot be written (read-only, or not creatable), `tell_not_writable` reports every input
    as failed (its `--json` lines) before the one-line error."""
    from reader.lock import ArchiveReadOnly
    from reader.os_errors import describe

    archive = _writing_articles(args)
    started = False
    try:
        with writing(archive, args):
            started = True
            return run(archive, args)
    except (ArchiveReadOnly, OSError) as exc:
        if not started and not isinstance(exc, BrokenPipeError):
            tell_not_writable(args, describe(exc) if isinstance(exc, OSError) else str(exc))
        raise


def _fetch_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.fetch_cmd import add_arguments

    add_arguments(p)
    _no_wait_arg(p)


def _fetch(args: argparse.Namespace) -> int:
    from reader.cli.fetch_cmd import run, tell_not_writable

    return _storing(args, run, tell_not_writable)


def _feeds_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.feeds_cmd import add_feeds_arguments

    add_feeds_arguments(p)


def _feeds(args: argparse.Namespace) -> int:
    from reader.cli import feeds_cmd

    action = getattr(args, "action", None)
    if action is None:
        return feeds_cmd.run_list(open_archive(args), args)
    if action == "export":
        return feeds_cmd.run_export(open_archive(args), args)
    change = {"add": feeds_cmd.run_add, "remove": feeds_cmd.run_remove}
    return change.get(action, feeds_cmd.run_import)(_writing_articles(args), args)


def _update_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.feeds_cmd import add_update_arguments

    add_update_arguments(p)
    _no_wait_arg(p)


def _update(args: argparse.Namespace) -> int:
    from reader.cli.feeds_cmd import run_update, tell_update_not_writable

    return _storing(args, run_update, tell_update_not_writable)


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the article's id, or the start of it")
    p.add_argument(
        "--json",
        action="store_true",
        help="front-matter fields plus body, related articles and your annotations, as JSON",
    )
    p.add_argument(
        "--numbered",
        action="store_true",
        help="number the paragraphs (what `reader highlight ID PARAGRAPH` counts)",
    )


def _show(args: argparse.Namespace) -> int:
    from reader.cli.show_cmd import run

    return run(open_archive(args), args)


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help="the query, or - to read one query per line")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (20)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true", help="JSON output for scripts")
    p.add_argument(
        "--facets",
        action="store_true",
        help="counts of the results by source, section, date, language, people, places, "
        "organisations, each with the term that narrows to it",
    )


def _search(args: argparse.Namespace) -> int:
    from reader.cli.search_cmd import run

    return run(open_archive(args), args)


def _index_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--rebuild", action="store_true", help="rebuild from the article files")
    group.add_argument("--check", action="store_true", help="verify the index against the files")
    _no_wait_arg(p)


def _index(args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import run

    archive = open_archive(args)
    if args.check:
        return run(archive, args)
    with writing(archive, args, index_only=True):
        return run(archive, args)


def _stats_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON output")


def _stats(args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import run_stats

    return run_stats(open_archive(args), args)


def _entities_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.entities_cmd import add_entities_arguments

    add_entities_arguments(p)
    _no_wait_arg(p)


def _entities(args: argparse.Namespace) -> int:
    from reader.cli.entities_cmd import run_entities

    if not args.reextract:
        return run_entities(open_archive(args), args)
    if getattr(args, "sample", False):
        _writing_articles(args)  # refused: re-extraction rewrites article files
    archive = open_archive(args)
    with writing(archive, args):
        return run_entities(archive, args)


def _entity_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.entities_cmd import add_entity_arguments

    add_entity_arguments(p)


def _entity(args: argparse.Namespace) -> int:
    from reader.cli.entities_cmd import run_entity

    return run_entity(open_archive(args), args)


def _related_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.related_cmd import add_arguments

    add_arguments(p)


def _related(args: argparse.Namespace) -> int:
    from reader.cli.related_cmd import run

    return run(open_archive(args), args)


def _config_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.config_cmd import add_arguments

    add_arguments(p)


def _config(args: argparse.Namespace) -> int:
    from reader.cli.config_cmd import run

    return run(settings(args), args)


COMMANDS: list[tuple[str, str, ArgSetup, Handler]] = [
    ("import", "import files and folders into the archive", _import_args, _import),
    ("fetch", "download pages and feeds by URL and import them", _fetch_args, _fetch),
    ("feeds", "feed subscriptions: list, add, remove, import and export OPML", _feeds_args, _feeds),
    ("update", "download the subscribed feeds' new articles", _update_args, _update),
    ("show", "print one article", _show_args, _show),
    ("search", "search the archive", _search_args, _search),
    ("related", "related articles with their reasons", _related_args, _related),
    ("index", "bring the index up to date, rebuild it, or check it", _index_args, _index),
    (
        "stats",
        "counts, dates, languages; where the archive, index and config are",
        _stats_args,
        _stats,
    ),
    ("entities", "people, places and organisations with article counts", _entities_args, _entities),
    ("entity", "one entity: its articles, months and companions", _entity_args, _entity),
    (
        "config",
        "the settings in use, where each comes from, the config files read",
        _config_args,
        _config,
    ),
    *RESEARCH_COMMANDS,
]
