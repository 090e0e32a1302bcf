"""The sub-commands: their arguments, and handlers that load their module only when run."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from reader.archive import Archive
from reader.config import load_config

ArgSetup = Callable[[argparse.ArgumentParser], None]
Handler = Callable[[argparse.Namespace], int]


def open_archive(args: argparse.Namespace) -> Archive:
    """The archive named by the global options, environment or config file."""
    config = load_config(
        archive=getattr(args, "archive", None),
        index=getattr(args, "index", None),
        config_file=getattr(args, "config", None),
    )
    return Archive(config)


def run_tui(args: argparse.Namespace) -> int:
    from reader.tui.launch import launch

    return launch(open_archive(args))


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="files and folders to import")
    p.add_argument("--json", action="store_true", help="one JSON line per input")


def _import(args: argparse.Namespace) -> int:
    from reader.cli.import_cmd import run

    return run(open_archive(args), args)


def _fetch_args(p: argparse.ArgumentParser) -> None:
    from reader.cli.fetch_cmd import add_arguments

    add_arguments(p)


def _fetch(args: argparse.Namespace) -> int:
    from reader.cli.fetch_cmd import run

    return run(open_archive(args), args)


def _show_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the article's id")
    p.add_argument("--json", action="store_true", help="front-matter fields plus body, as JSON")


def _show(args: argparse.Namespace) -> int:
    from reader.cli.show_cmd import run

    return run(open_archive(args), args)


def _search_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("query", metavar="QUERY", help="the query, or - to read one query per line")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (20)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true", help="JSON output for scripts")


def _search(args: argparse.Namespace) -> int:
    from reader.cli.search_cmd import run

    return run(open_archive(args), args)


def _index_args(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--rebuild", action="store_true", help="rebuild from the article files")
    group.add_argument("--check", action="store_true", help="verify the index against the files")


def _index(args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import run

    return run(open_archive(args), args)


def _stats_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON output")


def _stats(args: argparse.Namespace) -> int:
    from reader.cli.index_cmd import run_stats

    return run_stats(open_archive(args), args)


COMMANDS: list[tuple[str, str, ArgSetup, Handler]] = [
    ("import", "import files and folders into the archive", _import_args, _import),
    ("fetch", "download pages and feeds by URL and import them", _fetch_args, _fetch),
    ("show", "print one article", _show_args, _show),
    ("search", "search the archive", _search_args, _search),
    ("index", "bring the index up to date, rebuild it, or check it", _index_args, _index),
    ("stats", "counts, date range, languages and index size", _stats_args, _stats),
]
