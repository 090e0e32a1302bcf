"""Counts the command line prints: thousands separators for people, plain numbers in JSON, and
`reader index --check` noticing counts of the index that do not add up.

Archives of thousands of articles are slow to build in a test, so the counts come from a small
archive whose `Archive.stats` is made to report more (what the CLI then prints is the point).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from reader.archive import Archive
from reader.cli.main import main

sys.path.insert(0, str(Path(__file__).parent))

from cli_helpers import write_inputs


@pytest.fixture
def archive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The global options of a two-article archive with its index."""
    write_inputs(tmp_path / "in", 2)
    options = ["--archive", str(tmp_path / "archive"), "--index", str(tmp_path / "index")]
    assert main([*options, "import", str(tmp_path / "in")]) == 0
    capsys.readouterr()
    return options


def _inflated(monkeypatch: pytest.MonkeyPatch, articles: int, languages: dict[str, int]) -> None:
    real = Archive.stats

    def stats(self: Archive) -> dict[str, object]:
        found = real(self)
        found.update(articles=articles, languages=languages, index_bytes=1_467_000_000)
        return found

    monkeypatch.setattr(Archive, "stats", stats)


def test_stats_writes_thousands_for_people_and_plain_numbers_in_json(
    archive: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _inflated(monkeypatch, 3299, {"vi": 3000, "en": 299})
    assert main([*archive, "stats"]) == 0
    out = capsys.readouterr().out
    assert "articles  3,299\n" in out and "en 299 · vi 3,000" in out and "1,467.0 MB" in out
    assert main([*archive, "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 3299 and stats["languages"] == {"vi": 3000, "en": 299}


def test_index_check_notices_language_counts_that_do_not_add_up(
    archive: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main([*archive, "index", "--check"]) == 0
    assert capsys.readouterr().out == "index OK\n"
    _inflated(monkeypatch, 2, {"vi": 3})  # an edited article counted twice
    assert main([*archive, "index", "--check"]) == 1
    out = capsys.readouterr().out
    assert "2 articles but 3 by language (vi 3)" in out and "reader index --rebuild" in out
