"""`reader config`: the settings in use, where each one comes from, and the config files read.

`--json`: `{archive, index, max_file_mb, keymap: {binding: keys}, sample, sources: {setting:
source}, config_files: [path], config_files_not_found: [path]}`, config files lowest
precedence first; a source is `--archive`, `--index`, `--sample`, `READER_ARCHIVE`,
`READER_INDEX`, a config file's path, or `default`.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from rich.text import Text

from reader.cli.output import data_text, print_json_line, print_whole, stdout_console
from reader.config import Config, config_candidates


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="JSON output for scripts")


def as_json(config: Config, not_found: list[Path]) -> dict[str, object]:
    return {
        "archive": str(config.archive_dir),
        "index": str(config.index_dir),
        "max_file_mb": round(config.max_file_bytes / (1024 * 1024), 3),
        "keymap": dict(config.keymap),
        "sample": config.sample,
        "sources": {
            setting: config.source(setting)
            for setting in ("archive", "index", "max_file_mb", "keymap")
        },
        "config_files": [str(path) for path in config.config_files],
        "config_files_not_found": [str(path) for path in not_found],
    }


def run(config: Config, args: argparse.Namespace) -> int:
    _, not_found = config_candidates(getattr(args, "config", None), os.environ, Path.cwd())
    payload = as_json(config, not_found)
    if args.json:
        print_json_line(payload)
        return 0
    out = stdout_console()
    keys = ", ".join(f"{binding}={keys}" for binding, keys in config.keymap) or "none remapped"
    rows = [
        ("archive", str(config.archive_dir), "archive"),
        ("index", str(config.index_dir), "index"),
        ("max_file_mb", f"{config.max_file_bytes / (1024 * 1024):g}", "max_file_mb"),
        ("keymap", keys, "keymap"),
    ]
    for label, value, setting in rows:
        line = Text.assemble((f"{label:>11}  ", "bold"), data_text(value))
        line.append_text(data_text(f"  ({config.source(setting)})", "dim"))
        print_whole(out, line)
    out.print()
    out.print(
        Text(
            "Config files, later ones over earlier ones (the command line and the environment "
            "over both):",
            style="bold",
        )
    )
    if not config.config_files and not not_found:
        out.print(Text("  none", style="dim"))
    for path in config.config_files:
        print_whole(out, Text("  read       ") + data_text(path))
    for path in not_found:
        print_whole(out, data_text(f"  not found  {path}", "dim"))
    return 0
