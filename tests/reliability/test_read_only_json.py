"""A read-only archive through `--json`: a script reading the output learns, for every input,
that it was not imported and why (on a real read-only bind mount, see `mounts.py`; skipped
where mounting is not allowed)."""

from __future__ import annotations

import json
from pathlib import Path

from .helpers import article_files, make_inputs, run_reader
from .mounts import read_only_view


def test_import_and_fetch_json_say_each_input_failed_on_a_read_only_archive(
    tmp_path: Path,
) -> None:
    writable = tmp_path / "archive-rw"
    first = make_inputs(tmp_path / "first", 2)
    assert run_reader(writable, tmp_path / "i0", "import", *map(str, first)).returncode == 0
    more = make_inputs(tmp_path / "more", 3, seed=4)
    with read_only_view(writable, tmp_path / "archive") as archive:
        index = tmp_path / "index"
        result = run_reader(archive, index, "import", "--json", *map(str, more), str(tmp_path))
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert [line["path"] for line in lines] == [*map(str, more), str(tmp_path)]
        assert all(line["status"] == "failed" and line["id"] is None for line in lines)
        assert all("read-only" in line["reason"] for line in lines)
        errors = result.stderr.splitlines()
        assert result.returncode != 0 and len(errors) == 1 and "read-only" in errors[0]
        assert "internal error" not in result.stderr

        urls = ["https://example.com/a", "https://example.com/b"]
        result = run_reader(archive, index, "fetch", "--json", *urls)
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert [line["url"] for line in lines] == urls
        assert all(line["status"] == "failed" and "read-only" in line["reason"] for line in lines)
        assert result.returncode != 0 and "read-only" in result.stderr
        assert len(article_files(archive)) == 2
