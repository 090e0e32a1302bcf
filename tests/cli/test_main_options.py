"""`reader` with only global options opens the reader; anything else goes to the full parser."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.cli.main import _reader_only


@pytest.mark.parametrize(
    ("argv", "archive"),
    [([], None), (["--archive", "a"], "a"), (["--archive=a", "--index", "i"], "a")],
)
def test_only_global_options_open_the_reader(argv: list[str], archive: str | None) -> None:
    args = _reader_only(argv)
    assert args is not None and args.archive == archive


def test_sample_opens_the_reader_on_the_sample() -> None:
    args = _reader_only(["--sample"])
    assert args is not None and args.sample and args.archive is None


@pytest.mark.parametrize(
    "argv",
    [["search", "q"], ["--help"], ["--version"], ["--archive"], ["-x"], ["--archive", "a", "x"]],
)
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert _reader_only(argv) is None


def test_a_global_option_without_its_value_is_one_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--archive"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert done.stderr.count("error:") == 1
    assert "--archive: expected one argument" in done.stderr
