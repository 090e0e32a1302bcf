"""What `reader import` meets in files and folders a user hands it: unusable record values,
files that vanish or change while it runs, pipes, pathological HTML and symbolic links.

In every case the bad input gets a one-line reason of its own, the rest is imported, nothing
already stored is lost, and no `internal error` is printed.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.importer import Fingerprints, Importer
from reader.store import ArchiveStore

from .helpers import article_text, run_reader

GOOD = {"title": "Tin tốt của tệp", "body": "Nội dung bài viết tốt, đủ dài để đọc."}


def _import(
    archive: Path, index: Path, *args: str, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], dict[str, dict[str, Any]]]:
    """`reader import --json ARGS`: the process and its outcomes by path."""
    result = run_reader(archive, index, "import", "--json", *args, timeout=timeout)
    assert "internal error" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    for outcome in outcomes:
        if outcome["status"] in ("failed", "skipped"):
            reason = outcome["reason"] or ""
            assert reason and "\n" not in reason and len(reason) <= 300, outcome
    return result, {outcome["path"]: outcome for outcome in outcomes}


def _stored_before(archive: Path, index: Path, folder: Path) -> str:
    """Import one article first, so a test can show it is still there afterwards."""
    path = folder / "earlier.txt"
    path.write_text(article_text(1, seed=77), "utf-8")
    result, outcomes = _import(archive, index, str(path))
    assert result.returncode == 0
    return str(outcomes[str(path)]["id"])


def _titles(archive: Path) -> set[str]:
    return {article.title for _, article in ArchiveStore(archive).iter_articles()}  # type: ignore[union-attr]


# 1. Record values that parse as JSON but cannot be used ------------------------------------

UNUSABLE = {
    "a number too large for a float": ('"published"', "1e999", "published"),
    "NaN": ('"author"', "NaN", "author"),
    "Infinity": ('"title"', "Infinity", "title"),
    "-Infinity": ('"source"', "-Infinity", "source"),
    "5,000 digits": ('"body"', "9" * 5000, "body"),
    "an unclosed IPv6 host": ('"url"', '"http://[::1"', "url"),
    "a port out of range": ('"link"', '"http://example.com:99999999/"', "url"),
    "a date with no UTC time": ('"date"', '"9999-12-31T23:59:59-23:59"', "published"),
}


def _record(key: str, raw: str) -> str:
    """A good record (a title of its own) with field `key` holding `raw` JSON text as it is."""
    fields = {**GOOD, "title": f"Tin có trường {key} hỏng"}
    fields.pop(key.strip('"'), None)
    return json.dumps(fields, ensure_ascii=False)[:-1] + f", {key}: {raw}}}"


@pytest.mark.parametrize("jsonl", [True, False], ids=["jsonl", "json"])
def test_a_record_with_an_unusable_value_fails_alone(tmp_path: Path, jsonl: bool) -> None:
    archive, index, folder = tmp_path / "archive", tmp_path / "index", tmp_path / "in"
    folder.mkdir()
    earlier = _stored_before(archive, index, tmp_path)
    records = [json.dumps({**GOOD, "title": "Bản tin đầu"}, ensure_ascii=False)]
    records += [_record(key, raw) for key, raw, _ in UNUSABLE.values()]
    records += [json.dumps({**GOOD, "title": "Bản tin cuối"}, ensure_ascii=False)]
    name = "records.jsonl" if jsonl else "records.json"
    text = "\n".join(records) if jsonl else "[" + ",\n".join(records) + "]"
    (folder / name).write_text(text, "utf-8")
    (folder / "other.txt").write_text(article_text(2, seed=77), "utf-8")

    result, outcomes = _import(archive, index, str(folder))

    assert result.returncode == 1
    labels = [f"line {n}" if jsonl else f"#{n}" for n in range(1, len(records) + 1)]
    by_record = [outcomes[f"{folder / name} {label}"] for label in labels]
    assert by_record[0]["status"] == by_record[-1]["status"] == "imported"
    for outcome, (_, _, field) in zip(by_record[1:-1], UNUSABLE.values(), strict=True):
        assert outcome["status"] == "failed", outcome
        assert field in outcome["reason"], outcome
    assert outcomes[str(folder / "other.txt")]["status"] == "imported"
    assert run_reader(archive, index, "show", earlier).returncode == 0
    assert {"Bản tin đầu", "Bản tin cuối"} <= _titles(archive)


class Raw(str):
    """JSON text written as it is: numbers no Python value serialises to."""


RAW_NUMBERS = st.sampled_from(
    ["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "9" * 5000, "-" + "1" * 4400, "1e-999"]
).map(Raw)
ODD_TEXT = st.sampled_from(
    [
        "http://[::1",
        "http://[",
        "http://a:99999999/",
        "http://x:-1/",
        "https://[::1]:abc/",
        "//",
        "9999-12-31T23:59:59-23:59",
        "0001-01-01T00:00:00+23:59",
        "2022-02-30",
        "2022-09-05T25:00",
        "",
        " ",
        "\x00",
        "\ud800",
    ]
)
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=30)
    | ODD_TEXT
    | RAW_NUMBERS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
FIELDS = [
    *("title", "body", "text", "content", "lead", "description", "summary", "author"),
    *("published", "date", "url", "link", "section", "category", "source", "site"),
    *("language", "lang"),
]


def _dump(value: object) -> str:
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_dump(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_dump(k)}: {_dump(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)  # a lone surrogate is written as its `\\ud800` escape


@settings(max_examples=80, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(changes=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, min_size=1, max_size=4))
def test_any_json_value_in_any_field_fails_at_most_its_record(
    tmp_path_factory: pytest.TempPathFactory, changes: dict[str, object]
) -> None:
    root = tmp_path_factory.mktemp("records")
    fields = {**GOOD, "title": "Tin thử nghiệm", **changes}
    record = "{" + ", ".join(f"{json.dumps(k)}: {_dump(v)}" for k, v in fields.items()) + "}"
    first = json.dumps({**GOOD, "title": "Bản tin đầu"}, ensure_ascii=False)
    last = json.dumps({**GOOD, "title": "Bản tin cuối"}, ensure_ascii=False)
    (root / "in.jsonl").write_text(f"{first}\n{record}\n{last}\n", "utf-8")
    (root / "in.json").write_text(f"[{first}, {record}, {last}]", "utf-8")
    (root / "archive").mkdir()
    importer = Importer(ArchiveStore(root / "archive"), 1 << 20, fingerprints=Fingerprints({}, {}))

    summary = importer.run([root / "in.jsonl", root / "in.json"])

    statuses = [outcome.status for outcome in summary.outcomes]
    assert len(statuses) == 6, summary.outcomes
    assert [statuses[0], statuses[2], statuses[3], statuses[5]] == [
        "imported",
        "imported",
        "duplicate",
        "duplicate",
    ]
    for outcome in summary.failed:
        assert outcome.reason and "\n" not in outcome.reason and len(outcome.reason) <= 300
