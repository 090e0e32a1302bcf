"""Any query text gets an answer: no exception, no hang, whatever the user types or pastes."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.archive import Archive

from .helpers import make_inputs, open_archive, run_reader

# Generous: the search issue's budget is far lower; this catches runaway queries, not speed.
MAX_SECONDS = 2.0
SYNTAX = st.sampled_from(
    [
        '"',
        "(",
        ")",
        "-",
        "NOT ",
        " OR ",
        " AND ",
        "*",
        "?",
        ":",
        "..",
        "title:",
        "author:",
        "section:",
        "person:",
        "place:",
        "org:",
        "date:",
        "date:2022-09",
        "date:2022-13-45..x",
        "nosuchfield:",
        "\\",
        "~",
        "^",
        "[",
        "]",
        "{",
        "}",
        "/",
        "đ",
        "Cần Thơ",
        "can tho",
        "hợp tác",
        "viet n",
        "\u0301",
        "\u202e",
        "\x00",
        "\x1b[31m",
        " ",
        "  ",
    ]
)
QUERY = st.lists(st.one_of(SYNTAX, st.text(max_size=8)), max_size=25).map("".join)
HOSTILE = [
    '"unbalanced',
    "((((((((((",
    "))))",
    '"a" "b',
    "title:",
    "nosuchfield:value",
    "date:",
    "date:2022-99",
    "date:..",
    "date:2022-09-30..2022-09-01",
    "-",
    "NOT",
    "OR OR OR",
    "*",
    "a" * 10_000,
    "hợp tác " * 1_250,
    " ".join(f"w{n}" for n in range(2_000)),
    "title:" * 1_000,
    '"' * 5_000,
    "(" * 5_000 + ")" * 4_000,
    "\x00\x1b]8;;file:///etc/passwd\x1b\\",
]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    root = tmp_path_factory.mktemp("queries")
    make_inputs(root / "in", 40, seed=11)
    reader = open_archive(root / "archive", root / "index")
    reader.import_paths([root / "in"])
    yield reader
    reader.close()


def _answer(archive: Archive, query: str, sort: str = "relevance") -> None:
    started = time.monotonic()
    result = archive.search(query, limit=10, sort=sort)
    assert time.monotonic() - started < MAX_SECONDS, query[:80]
    assert 0 <= len(result.hits) <= 10
    assert result.total + result.partial >= len(result.hits)


@pytest.mark.parametrize("query", HOSTILE, ids=lambda q: repr(q[:20]))
def test_hostile_queries_get_an_answer(archive: Archive, query: str) -> None:
    _answer(archive, query)
    _answer(archive, query, sort="date")


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=QUERY, sort=st.sampled_from(["relevance", "date"]))
def test_random_queries_never_raise(archive: Archive, query: str, sort: str) -> None:
    _answer(archive, query, sort)


def test_every_hostile_query_gets_a_json_line_from_the_cli(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 10, seed=12)
    assert run_reader(archive, index, "import", str(tmp_path / "in")).returncode == 0
    queries = [q.replace("\n", " ") for q in HOSTILE if "\x00" not in q]
    result = run_reader(archive, index, "search", "--json", "-", stdin="\n".join(queries) + "\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["query"] for a in answers] == queries
