"""A read-only archive and a full disk: one line that says so, and nothing stored is lost.

On a real read-only bind mount and a real small tmpfs (see `mounts.py`; skipped where this
machine cannot mount).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .helpers import article_files, make_inputs, run_reader
from .mounts import read_only_view, small_disk


def _one_line(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode != 0
    assert "internal error" not in result.stderr + result.stdout
    lines = [line for line in result.stderr.splitlines() if line.startswith("reader: ")]
    assert len(lines) == 1 and words in lines[0], result.stderr


def _archive(tmp_path: Path, count: int) -> Path:
    archive = tmp_path / "archive-rw"
    inputs = make_inputs(tmp_path / "inputs", count)
    result = run_reader(archive, tmp_path / "first-index", "import", *map(str, inputs))
    assert result.returncode == 0, result.stderr
    return archive


def test_a_read_only_archive_is_read_searched_and_indexed_but_not_written(
    tmp_path: Path,
) -> None:
    writable = _archive(tmp_path, 4)
    with read_only_view(writable, tmp_path / "archive") as archive:
        index = tmp_path / "index"  # a new index: built from the read-only files
        search = run_reader(archive, index, "search", "", "--json")
        assert search.returncode == 0, search.stderr
        assert json.loads(search.stdout)["total"] == 4
        for command in (["stats"], ["index"], ["index", "--rebuild"], ["index", "--check"]):
            result = run_reader(archive, index, *command)
            assert result.returncode == 0, (command, result.stderr)
        first = article_files(archive)[0].stem
        assert run_reader(archive, index, "show", first).returncode == 0
        more = make_inputs(tmp_path / "more", 2, seed=3)
        for command in (
            ["import", *map(str, more)],
            ["import", "--json", *map(str, more)],
            ["entities", "--reextract"],
        ):
            _one_line(run_reader(archive, index, *command), "read-only")
        assert len(article_files(archive)) == 4


def test_a_full_disk_during_an_import_is_said_and_every_stored_article_is_reported(
    tmp_path: Path,
) -> None:
    inputs = make_inputs(tmp_path / "inputs", 400)
    with small_disk(tmp_path / "disk", "400k") as disk:
        archive, index = disk / "archive", tmp_path / "index"
        result = run_reader(archive, index, "import", "--json", *map(str, inputs), timeout=300)
        assert result.returncode != 0
        assert "internal error" not in result.stderr + result.stdout
        assert "disk is full" in result.stderr + result.stdout
        reported = [json.loads(line) for line in result.stdout.splitlines()]
        imported = {r["id"] for r in reported if r["status"] == "imported"}
        stored = {p.stem for p in article_files(archive)}
        assert stored and imported == stored
        for failed in (r for r in reported if r["status"] == "failed"):
            assert "disk is full" in failed["reason"]
        assert not [p for p in archive.iterdir() if "tmp-" in p.name]  # no half-written file
        # Every stored article is readable and indexed.
        search = run_reader(archive, index, "search", "", "--json", "--limit", "1")
        assert json.loads(search.stdout)["total"] == len(stored)
        assert run_reader(archive, index, "index", "--check").returncode == 0


def test_a_full_disk_during_a_rebuild_keeps_the_index_that_was_there(tmp_path: Path) -> None:
    archive = _archive(tmp_path, 300)
    with small_disk(tmp_path / "disk", "6m") as disk:
        index = disk / "index"
        assert run_reader(archive, index, "index").returncode == 0
        # Fill the disk, leaving too little room for a second copy of the index.
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(fd, b"\0" * 4096):
                pass
        except OSError:
            pass  # full
        finally:
            os.close(fd)
        result = run_reader(archive, index, "index", "--rebuild")
        _one_line(result, "disk is full")
        filler.unlink()
        search = run_reader(archive, index, "search", "", "--json", "--limit", "1")
        assert json.loads(search.stdout)["total"] == 300
        assert not [p for p in disk.iterdir() if p.name.startswith(".index.")]
