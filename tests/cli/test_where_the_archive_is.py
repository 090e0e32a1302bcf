"""Where the archive is, as a user meets it: the one archive in the user data folder wherever
`reader` runs, `--sample` for the bundled sample, `reader config` and `reader stats` saying
which files were read, and one line with a non-zero exit when there is no archive to read.

Each test runs the `reader` command as a subprocess, with the user's folders in a temporary
home (see tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from platformdirs import user_config_path, user_data_path

sys.path.insert(0, str(Path(__file__).parent))

from cli_helpers import REPO, SAMPLE, one_line, reader
from cli_helpers import write_inputs as make_inputs


def tree(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_import_from_the_repository_root_goes_to_the_users_archive(tmp_path: Path) -> None:
    before = tree(SAMPLE)
    inputs = make_inputs(tmp_path / "inputs", 2)
    result = reader("import", "--json", *map(str, inputs), cwd=REPO)
    assert result.returncode == 0, result.stderr
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert tree(SAMPLE) == before
    archive = user_data_path("reader") / "archive"
    assert sorted(p.stem for p in archive.glob("*.md")) == sorted(ids)
    # ... and it is the same archive from any other folder
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cwd in (REPO, elsewhere):
        stats = json.loads(reader("stats", "--json", cwd=cwd).stdout)
        assert stats["articles"] == 2 and stats["archive"] == str(archive)
        assert stats["sources"] == {"archive": "default", "index": "default"}


def test_sample_opens_the_bundled_archive_from_anywhere_and_is_never_written(
    tmp_path: Path,
) -> None:
    settings = json.loads(reader("--sample", "config", "--json", cwd=tmp_path).stdout)
    assert settings["archive"] == str(SAMPLE) and settings["index"] == str(REPO / "index")
    assert settings["sources"]["archive"] == settings["sources"]["index"] == "--sample"
    # Its own index by default; here a temporary one, not to write the repository's in a test.
    index = tmp_path / "sample-index"
    result = reader("search", "--sample", "--index", str(index), "can tho", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] > 0
    stats = json.loads(
        reader("--sample", "--index", str(index), "stats", "--json", cwd=tmp_path).stdout
    )
    assert stats["articles"] == len(list(SAMPLE.glob("*.md")))
    before = tree(SAMPLE)
    inputs = make_inputs(tmp_path / "inputs", 1)
    for command in (
        ["import", str(inputs[0])],
        ["fetch", "https://example.com/a"],
        ["entities", "--reextract"],
    ):
        one_line(reader("--sample", "--index", str(index), *command, cwd=tmp_path), "sample")
    assert tree(SAMPLE) == before
    one_line(reader("--sample", "--archive", str(tmp_path), "stats", cwd=tmp_path), "--sample")


READING = [
    ["stats"],
    ["stats", "--json"],
    ["search", "hop tac"],
    ["search", "--json", "-"],
    ["show", "some-id"],
    ["related", "some-id"],
    ["entities"],
    ["entities", "--reextract"],
    ["entity", "Cần Thơ"],
    ["index"],
    ["index", "--check"],
    ["index", "--rebuild"],
]


@pytest.mark.parametrize("command", READING, ids=[" ".join(c) for c in READING])
def test_a_missing_archive_is_one_line_and_nothing_is_created(
    tmp_path: Path, command: list[str]
) -> None:
    missing, index = tmp_path / "no" / "archive", tmp_path / "index"
    result = reader(
        "--archive", str(missing), "--index", str(index), *command, cwd=tmp_path, stdin=""
    )
    # The command that creates it names it (`reader import PATH` would fill the default one).
    line = one_line(result, f"no archive at {missing}", f"reader --archive {missing} import PATH")
    assert result.returncode == 2 and result.stdout == "", line
    assert not missing.exists() and not index.exists()


def test_the_default_archive_missing_says_where_it_is_looked_for(tmp_path: Path) -> None:
    result = reader("stats", cwd=tmp_path)
    one_line(result, f"no archive at {user_data_path('reader') / 'archive'}", "reader import PATH")
    # and a config file that names it is named too
    (tmp_path / "reader.yaml").write_text("archive: gone\n", "utf-8")
    one_line(reader("search", "x", cwd=tmp_path), str(tmp_path / "gone"), "reader.yaml")


@pytest.mark.parametrize("command", [*READING, ["import", "in.txt"], ["fetch", "http://a.b/"]])
def test_an_archive_that_is_a_file_is_one_line(tmp_path: Path, command: list[str]) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("my notes\n", "utf-8")
    (tmp_path / "in.txt").write_text("Tiêu đề\nMở đầu.\nThân bài.\n", "utf-8")
    result = reader("--archive", str(afile), "--index", str(tmp_path / "i"), *command, cwd=tmp_path)
    one_line(result, str(afile), "is a file, not a folder")
    assert afile.read_text("utf-8") == "my notes\n" and not (tmp_path / "i").exists()


def test_import_and_fetch_create_a_missing_archive(tmp_path: Path) -> None:
    archive = tmp_path / "new" / "archive"
    inputs = make_inputs(tmp_path / "inputs", 1)
    result = reader("--archive", str(archive), "import", str(inputs[0]), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(archive.glob("*.md"))) == 1


def test_an_archive_that_cannot_be_created_fails_each_input_in_json(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("x", "utf-8")
    inputs = make_inputs(tmp_path / "inputs", 2)
    result = reader(
        "--archive", str(afile / "archive"), "import", "--json", *map(str, inputs), cwd=tmp_path
    )
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["path"] for line in lines] == [str(p) for p in inputs]
    assert {line["status"] for line in lines} == {"failed"}
    assert all("is a file, not a folder" in line["reason"] for line in lines)
    one_line(result, "is a file, not a folder")


def test_reader_config_and_stats_say_which_config_files_were_read(tmp_path: Path) -> None:
    user = user_config_path("reader") / "config.yaml"
    user.parent.mkdir(parents=True)
    user.write_text(f"archive: {tmp_path / 'mine'}\nmax_file_mb: 5\n", "utf-8")
    (tmp_path / "reader.yaml").write_text("max_file_mb: 2\n", "utf-8")
    settings = json.loads(reader("config", "--json", cwd=tmp_path).stdout)
    assert settings["config_files"] == [str(user), str(tmp_path / "reader.yaml")]
    assert settings["archive"] == str(tmp_path / "mine")
    assert settings["sources"]["archive"] == str(user)
    assert settings["max_file_mb"] == 2
    assert settings["sources"]["max_file_mb"] == str(tmp_path / "reader.yaml")
    text = reader("config", cwd=tmp_path).stdout
    assert f"read       {user}" in text and str(tmp_path / "mine") in text
    inputs = make_inputs(tmp_path / "inputs", 1)
    assert reader("import", str(inputs[0]), cwd=tmp_path).returncode == 0
    stats = json.loads(reader("stats", "--json", cwd=tmp_path).stdout)
    assert stats["config_files"] == settings["config_files"]
    assert stats["archive"] == str(tmp_path / "mine")
    text = reader("stats", cwd=tmp_path).stdout
    assert f"{tmp_path / 'mine'}  ({user})" in text
    assert f"{user} · {tmp_path / 'reader.yaml'}" in text
    # the environment over both files
    extra = {"READER_ARCHIVE": str(tmp_path / "env")}
    settings = json.loads(reader("config", "--json", cwd=tmp_path, extra=extra).stdout)
    assert settings["sources"]["archive"] == "READER_ARCHIVE"


def test_home_is_written_as_a_tilde_in_messages(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    result = reader("--archive", str(home / "x"), "stats", cwd=tmp_path, extra={"HOME": str(home)})
    one_line(result, "no archive at ~/x ", "reader --archive ~/x import PATH")
    assert os.sep + "home" + os.sep + "x" not in result.stderr
