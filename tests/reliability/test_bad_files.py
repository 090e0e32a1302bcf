"""An archive file a user hand-edited into something that cannot be read.

The rule: that one file is named (by `reader index --check`, and when it is opened) with the
reason, and skipped; every other article and every query keeps working.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .helpers import article_files, make_inputs, run_reader

# Front-matter edits YAML reads but that make no article: each is one class of bad value.
EDITS = {
    "impossible date": ("published", "2022-02-30"),
    "impossible time": ("published", "2022-09-05T25:61:00+07:00"),
    "year beyond datetime": ("published", "99999-01-01"),
    "number of 5,000 digits": ("author", "9" * 5000),
    "a list for a title": ("title", "[1, 2, 3]"),
    "a mapping for a date": ("published", "{year: 2022}"),
    "a date for a section": ("section", "2022-02-30"),
}


def _edit(path: Path, field: str, value: str) -> None:
    text = path.read_text("utf-8")
    text, count = re.subn(rf"(?m)^{field}:.*$", f"{field}: {value}", text, count=1)
    assert count == 1, field
    path.write_text(text, "utf-8")


def test_unreadable_files_are_named_and_skipped_and_the_rest_works(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    inputs = make_inputs(tmp_path / "inputs", len(EDITS) + 2)
    assert run_reader(archive, index, "import", *map(str, inputs)).returncode == 0
    files = article_files(archive)
    bad = dict(zip(EDITS, files, strict=False))
    for edit, path in bad.items():
        _edit(path, *EDITS[edit])
    good = [path.stem for path in files[len(EDITS) :]]

    for query in ("", "hop tac", "date:2022", "title:viet"):
        result = run_reader(archive, index, "search", query, "--json", "--limit", "50")
        assert result.returncode == 0, result.stderr
        assert "internal error" not in result.stderr
        ids = {hit["id"] for hit in json.loads(result.stdout)["hits"]}
        assert not ids & {path.stem for path in bad.values()}
    everything = json.loads(run_reader(archive, index, "search", "", "--json").stdout)
    assert sorted(hit["id"] for hit in everything["hits"]) == sorted(good)

    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 1
    for edit, path in bad.items():
        named = [line for line in check.stdout.splitlines() if f"{path.name}: " in line]
        assert len(named) == 1, (edit, check.stdout)
        assert named[0].split(f"{path.name}: ", 1)[1].strip(), "the reason follows the file"

    for path in bad.values():
        show = run_reader(archive, index, "show", path.stem)
        assert show.returncode == 2 and "internal error" not in show.stderr
        assert show.stderr.startswith("reader: ") and len(show.stderr.strip().splitlines()) == 1
    assert run_reader(archive, index, "show", good[0]).returncode == 0
    assert run_reader(archive, index, "stats").returncode == 0
