"""Entry point of the `reader` command: global options, sub-commands, one-line errors."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from reader import __version__

Handler = Callable[[argparse.Namespace], int]


class UserError(Exception):
    """A problem the user can fix; printed as one line, exit status 2."""


def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--archive", metavar="DIR", default=default, help="archive directory (env READER_ARCHIVE)"
    )
    parser.add_argument(
        "--index", metavar="DIR", default=default, help="index directory (env READER_INDEX)"
    )
    parser.add_argument(
        "--config",
        metavar="FILE",
        default=default,
        help="the one config file to read (env READER_CONFIG; default: the user's "
        "config.yaml, then ./reader.yaml over it)",
    )
    parser.add_argument(
        "--sample",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help="open the sample archive bundled with the source repository",
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of every command; with `only`, the other commands are listed
    without their arguments (setting those up imports each command's module: ~90 ms of a
    `reader show`)."""
    from reader.cli import commands

    parser = argparse.ArgumentParser(
        prog="reader",
        description="An offline reader for archives of news articles. "
        "With no command, opens the reader in the terminal.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    _global_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text, add_arguments, handler in commands.COMMANDS:
        command = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            _global_options(command, top=False)
            add_arguments(command)
        command.set_defaults(handler=handler)
    return parser


def _global_split(argv: Sequence[str]) -> tuple[argparse.Namespace, list[str]] | None:
    """The global options of `argv` and the rest (the command and its arguments); None when
    the full parser must answer (help, the version, a global option without its value)."""
    parser = argparse.ArgumentParser(prog="reader", add_help=False, exit_on_error=False)
    _global_options(parser, top=True)
    try:
        args, rest = parser.parse_known_args(argv)
    except argparse.ArgumentError:  # a global option without its value: the full parser says so
        return None
    return args, rest


def _reader_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The global options when `argv` holds nothing else (the reader opens), else None.

    Opening the reader then skips the sub-commands' parsers, whose set-up imports their
    modules: ~45 ms of every launch.
    """
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    split = _global_split(argv)
    return split[0] if split is not None and not split[1] else None


def _command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs, when it names one after the global options."""
    split = _global_split(argv)
    return split[1][0] if split is not None and split[1] else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    from reader.archive import ArchiveError
    from reader.config import ConfigError
    from reader.lock import ArchiveReadOnly

    try:
        args = _reader_only(argv)
        if args is None:
            args = build_parser(only=_command_of(argv)).parse_args(argv)
        handler: Handler | None = getattr(args, "handler", None)
        if handler is None:
            from reader.cli.commands import run_tui

            return run_tui(args)
        status = handler(args)
        sys.stdout.flush()  # a closed pipe is found here, not at exit
        return status
    except (UserError, ConfigError, ArchiveError, ArchiveReadOnly) as exc:
        sys.stderr.write(f"reader: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("reader: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader of a pipe stopped reading (`reader show ID | head`): done, quietly.
        from reader.cli.output import silence_stdout

        silence_stdout()
        return 0
    except ImportError as exc:
        # An installation problem (a dependency of the wrong version): said, not a traceback.
        sys.stderr.write(f"reader: {exc}\n")
        return 2
    except OSError as exc:
        # The file system refused (a full disk, a read-only folder): the user's to fix.
        from reader.os_errors import describe

        sys.stderr.write(f"reader: {describe(exc)}\n")
        return 1
    except Exception as exc:
        # A bug, not a user error: one line by default, the traceback when asked for.
        if os.environ.get("READER_DEBUG"):
            raise
        detail = " ".join(str(exc).split())[:300]
        sys.stderr.write(
            f"reader: internal error ({type(exc).__name__}: {detail}); "
            "run again with READER_DEBUG=1 for details\n"
        )
        return 1
