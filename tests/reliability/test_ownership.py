"""The reader deletes or overwrites only what it can prove it created.

An index location named by mistake (a folder full of the user's files, the archive itself,
the folder holding the archive, a `~/Downloads` named by a downloaded `reader.yaml`) is refused
with one line, and nothing in it is touched.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.index.folder import MARKER

from .helpers import article_files, env, make_inputs, run_reader

COMMANDS = [
    ("search", "hop tac"),
    ("stats",),
    ("index",),
    ("index", "--rebuild"),
    ("index", "--check"),
    ("import", "INPUTS"),
]


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _documents(folder: Path) -> Path:
    (folder / "taxes").mkdir(parents=True)
    (folder / "taxes" / "2025.pdf").write_bytes(b"%PDF-1.7 the user's taxes")
    (folder / "letter.txt").write_text("Dear ...", "utf-8")
    return folder


def _archive(tmp_path: Path) -> Path:
    archive = tmp_path / "archive"
    inputs = make_inputs(tmp_path / "inputs", 3)
    result = run_reader(archive, tmp_path / "first-index", "import", *map(str, inputs))
    assert result.returncode == 0, result.stderr
    (archive / ".git").mkdir()
    (archive / ".git" / "HEAD").write_text("ref: refs/heads/main\n", "utf-8")
    (archive / "attachments").mkdir()
    (archive / "attachments" / "photo.jpg").write_bytes(b"\xff\xd8 a photo")
    return archive


def _run(args: list[str], extra_env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = env()
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=environment,
        cwd=cwd,
        check=False,
    )


def _refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("reader: ") and words in lines[0], lines[0]
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_an_index_option_naming_a_folder_of_the_users_files_is_refused(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    archive = _archive(tmp_path)
    documents = _documents(tmp_path / "Documents")
    before, articles = _tree(documents), _tree(archive)
    inputs = make_inputs(tmp_path / "more", 2, seed=1)
    args = [str(p) for p in inputs] if command[-1] == "INPUTS" else []
    result = run_reader(archive, documents, *command[: len(command) - bool(args)], *args)
    _refused(result, "not the reader's")
    assert _tree(documents) == before
    assert _tree(archive) == articles


@pytest.mark.parametrize("where", ["archive", "parent", "inside"])
def test_an_index_that_is_or_holds_or_lies_in_the_archive_is_refused(
    tmp_path: Path, where: str
) -> None:
    archive = _archive(tmp_path)
    index = {"archive": archive, "parent": tmp_path, "inside": archive / "idx"}[where]
    before = _tree(tmp_path)
    for command in (["stats"], ["search", "hop tac"], ["import", str(tmp_path / "inputs")]):
        result = _run(
            command, {"READER_ARCHIVE": str(archive), "READER_INDEX": str(index)}, tmp_path
        )
        _refused(result, "archive folder")
    assert _tree(tmp_path) == before
    assert len(article_files(archive)) == 3


def test_a_downloaded_archive_cannot_point_the_index_at_the_users_downloads(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    downloads = _documents(home / "Downloads")
    bundle = downloads / "someone-archive"
    make_inputs(tmp_path / "inputs", 2)
    result = run_reader(bundle / "articles", tmp_path / "idx", "import", str(tmp_path / "inputs"))
    assert result.returncode == 0, result.stderr
    (bundle / "reader.yaml").write_text("archive: articles\nindex: ~/Downloads\n", "utf-8")
    before = _tree(home)
    result = _run(["stats"], {"HOME": str(home)}, bundle)
    _refused(result, "archive folder")  # ~/Downloads holds the archive
    (bundle / "reader.yaml").write_text("archive: articles\nindex: ~/Documents\n", "utf-8")
    _documents(home / "Documents")
    before = _tree(home)
    for command in (["stats"], ["index", "--rebuild"]):
        _refused(_run(command, {"HOME": str(home)}, bundle), "not the reader's")
    assert _tree(home) == before


def test_an_empty_folder_becomes_the_index_and_is_marked_as_the_readers(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_reader(archive, empty, "search", "hop tac", "--json")
    assert result.returncode == 0, result.stderr
    assert (empty / MARKER).is_file()
    # The reader's own folder: a rebuild may replace it, keeping what the user put there.
    (empty / "my-notes.txt").write_text("kept", "utf-8")
    assert run_reader(archive, empty, "index", "--rebuild").returncode == 0
    assert (empty / "my-notes.txt").read_text("utf-8") == "kept"


def test_leftovers_beside_the_index_are_cleared_only_of_index_files(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    index = tmp_path / "idx"
    # Named like a dead rebuild's folder (pid 999999 is not running), holding a user's file.
    lookalike = tmp_path / ".idx.new-999999-1"
    lookalike.mkdir()
    (lookalike / "notes.txt").write_text("mine", "utf-8")
    result = run_reader(archive, index, "index", "--rebuild")
    assert result.returncode == 0, result.stderr
    assert (lookalike / "notes.txt").read_text("utf-8") == "mine"
