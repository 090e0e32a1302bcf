"""Hostile and broken input: a one-line reason, bounded time and memory, and the rest goes on.

A folder of nasty files (tests/fixtures/nasty/) and big ones generated here are imported
beside a good article; random bytes and random Unicode go through every parser (hypothesis).
"""

from __future__ import annotations

import json
import resource
import subprocess
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.archive import Archive
from reader.config import Config
from reader.ingest.dispatch import parse_file
from reader.ingest.errors import IngestError
from reader.model.article import Article
from reader.store import ArchiveStore

from .helpers import REPO, article_files, article_text, env, reader_argv, run_reader

NASTY = REPO / "tests" / "fixtures" / "nasty"
MEMORY_LIMIT = 1536 * 1024 * 1024
# Characters that must never reach an article: terminal escapes, bells, direction overrides.
FORBIDDEN = frozenset(
    [chr(c) for c in range(0x20) if chr(c) not in "\n"]
    + ["\x7f", "\x9b", "\x9d"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl"]
MUST_FAIL = {
    "billion_laughs.md": "alias",
    "python_object.md": "front matter",
    "front_matter_list.md": "not a mapping",
    "front_matter_scalar.md": "not a mapping",
    "not_object_string.json": "not an object",
    "not_object_null.json": "not an object",
    "deep_nesting.json": "too deeply",
    "nul_bytes.txt": "binary",
    "png_named.txt": "binary",
    "blank.txt": "empty",
    "script_only.html": "no article text",
}


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _import_json(
    archive: Path, index: Path, *paths: Path, timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, str | None]]]:
    """`reader import --json PATHS` under a memory limit; the process and its outcomes."""
    result = subprocess.run(
        reader_argv(archive, index, "import", "--json", *map(str, paths)),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        env=env(),
        preexec_fn=_limited,
        check=False,
    )
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    return result, outcomes


def _assert_one_line_reasons(outcomes: list[dict[str, str | None]]) -> None:
    for outcome in outcomes:
        if outcome["status"] == "failed":
            reason = outcome["reason"] or ""
            assert reason and "\n" not in reason and len(reason) <= 400, outcome
            assert "Traceback" not in reason


def _assert_clean_articles(archive: Path) -> None:
    for path in article_files(archive):
        article = ArchiveStore.read_path(path)
        for text in (article.title, article.lead, article.body, article.author or ""):
            assert not FORBIDDEN & set(text), (path.name, text[:80])


def test_nasty_files_are_refused_with_a_reason_and_the_rest_is_imported(tmp_path: Path) -> None:
    pwned = Path("/tmp/reader-pwned")
    pwned.unlink(missing_ok=True)
    good = tmp_path / "good" / "good.txt"
    good.parent.mkdir()
    good.write_text(article_text(1, seed=42), "utf-8")
    archive, index = tmp_path / "archive", tmp_path / "index"
    started = time.monotonic()
    result, outcomes = _import_json(archive, index, NASTY, good.parent)
    assert time.monotonic() - started < 60
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    by_name = {Path(o["path"].split(" ")[0]).name: o for o in outcomes}
    assert by_name["good.txt"]["status"] == "imported"
    for name, words in MUST_FAIL.items():
        outcome = by_name[name]
        assert outcome["status"] == "failed", outcome
        assert words in (outcome["reason"] or ""), outcome
    _assert_one_line_reasons(outcomes)
    _assert_clean_articles(archive)
    assert not pwned.exists()
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 0, check.stdout


def test_yaml_escapes_in_front_matter_do_not_bring_control_characters() -> None:
    """Regression (found by bench/fuzz_inputs.py): `"\\x1b[31m"` in double-quoted YAML
    decoded to a real ESC in the title after the file text had been cleaned."""
    article = parse_file(NASTY / "yaml_escapes.md", max_bytes=1 << 20)[0][1]
    assert isinstance(article, Article)
    for text in (article.title, article.lead, article.author or ""):
        assert not FORBIDDEN & set(text), text
    assert article.title == "Tin [31mđỏ"


def test_jsonl_bad_lines_do_not_stop_the_good_ones() -> None:
    results = parse_file(NASTY / "mixed.jsonl", max_bytes=1 << 20)
    statuses = {label: isinstance(item, Article) for label, item in results}
    assert statuses == {
        "line 1": True,
        "line 2": False,
        "line 3": False,
        "line 4": False,
        "line 6": True,
    }


def test_deep_json_line_does_not_stop_the_next_lines(tmp_path: Path) -> None:
    """Regression: a deeply nested JSON Lines record raised RecursionError for the whole file."""
    path = tmp_path / "deep.jsonl"
    good = json.dumps({"title": "Tin tốt", "body": "Nội dung đủ dài của một bài báo tốt."})
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n" + good + "\n", "utf-8")
    results = dict(parse_file(path, max_bytes=1 << 20))
    assert str(results["line 1"]) == "JSON nested too deeply"
    assert isinstance(results["line 2"], Article)


@pytest.mark.parametrize("title", ["---", "🔥🔥", "…"])
def test_a_title_without_words_is_refused_and_the_index_stays_sound(
    tmp_path: Path, title: str
) -> None:
    """Regression: such a title crashed the index update (TypeError in index/saved.py)."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f"{title}\nTóm tắt bài.\nNội dung bài viết.\n", "utf-8")
    (folder / "b.txt").write_text(article_text(5, seed=42), "utf-8")
    archive = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "index"))
    try:
        summary = archive.import_paths([folder])
        assert [(Path(o.path).name, o.status) for o in summary.outcomes] == [
            ("a.txt", "failed"),
            ("b.txt", "imported"),
        ]
        assert summary.failed[0].reason == "the title has no letters or digits"
        assert archive.check_index() == []
    finally:
        archive.close()


def test_an_archive_file_with_a_wordless_title_does_not_break_the_index(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from reader.model.ids import assign_identity

    archive = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "index"))
    try:
        for title in ("Tin tốt", "🔥🔥"):
            body = f"Nội dung bài viết {title}."
            archive.store.write(assign_identity(Article(title=title, body=body), datetime.now(UTC)))
        archive.sync_index()
        assert archive.search("").total == 2
    finally:
        archive.close()


def test_a_50_mb_single_line_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "big" / "one-line.txt"
    big.parent.mkdir()
    with big.open("wb") as handle:
        chunk = ("hợp tác hữu nghị " * 4096).encode()
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(chunk)
    good = big.parent / "good.txt"
    good.write_text(article_text(2, seed=42), "utf-8")
    started = time.monotonic()
    _, outcomes = _import_json(tmp_path / "archive", tmp_path / "index", big.parent)
    assert time.monotonic() - started < 30
    by_name = {Path(o["path"]).name: o for o in outcomes}
    assert by_name["one-line.txt"]["status"] == "failed"
    assert "too large" in (by_name["one-line.txt"]["reason"] or "")
    assert by_name["good.txt"]["status"] == "imported"
    started = time.monotonic()
    refused = parse_file(big, max_bytes=20 * 1024 * 1024)
    assert time.monotonic() - started < 5  # refused by its size, before reading it
    assert isinstance(refused[0][1], IngestError)


def test_deeply_nested_html_is_handled_in_bounded_time(tmp_path: Path) -> None:
    folder = tmp_path / "html"
    folder.mkdir()
    words = "Bài viết về hợp tác hữu nghị giữa Việt Nam và Lào trong nhiều lĩnh vực. " * 5
    depth = 100_000
    (folder / "nested.html").write_text(
        "<!doctype html><html><body>" + "<div>" * depth + f"<p>{words}</p>" + "</div>" * depth,
        "utf-8",
    )
    (folder / "unclosed.html").write_text(
        "<!doctype html><html><body>" + "<div><span><b>" * 30_000 + words, "utf-8"
    )
    (folder / "good.txt").write_text(article_text(3, seed=42), "utf-8")
    started = time.monotonic()
    result, outcomes = _import_json(tmp_path / "archive", tmp_path / "index", folder)
    assert time.monotonic() - started < 60
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert len(outcomes) == 3
    _assert_one_line_reasons(outcomes)
    assert {Path(o["path"]).name for o in outcomes if o["status"] == "imported"} >= {"good.txt"}


def test_thousands_of_tiny_files(tmp_path: Path) -> None:
    folder = tmp_path / "tiny"
    folder.mkdir()
    count = 2000  # `python -m bench.fuzz_inputs --tiny-files 100000` for the big one
    for n in range(count):
        text = f"Tin số {n}\nTóm tắt {n}.\nNội dung {n}.\n" if n % 2 else "x"
        (folder / f"t{n:05d}.txt").write_text(text, "utf-8")
    archive = Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "index"))
    started = time.monotonic()
    try:
        summary = archive.import_paths([folder])
        assert time.monotonic() - started < 300  # a guard against a hang, not a benchmark
        assert summary.count("imported") == count // 2
        assert summary.count("failed") == count // 2
        assert archive.search("").total == count // 2
    finally:
        archive.close()


# Property-based: every parser, any bytes or text -------------------------------------------

FAST = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _check_results(results: list[tuple[str, Article | IngestError]]) -> None:
    assert results
    for _, item in results:
        if isinstance(item, IngestError):
            reason = str(item)
            assert reason and "\n" not in reason and len(reason) <= 400
        else:
            assert isinstance(item, Article)
            for text in (item.title, item.lead, item.body):
                assert not FORBIDDEN & set(text)
                text.encode("utf-8")


@FAST
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash_a_parser(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _check_results(parse_file(path, max_bytes=1 << 20))


HOSTILE_CHARS = st.sampled_from(
    [
        *"\x00\x07\x1b\x9b\u202e\u202d\u2066\u2069\u200b\u0301\u0323\ufeff[]/\\\"'{}<>:-#\n",
        *("\x1b[31m", "\x1b]8;;file:///etc/passwd\x1b\\", "[bold]", "[link=http://x]", "---\n"),
    ]
)
TEXT = st.lists(st.one_of(st.text(max_size=20), HOSTILE_CHARS), max_size=60).map("".join)


@FAST
@given(text=TEXT, suffix=st.sampled_from(SUFFIXES))
def test_random_unicode_never_crashes_a_parser(tmp_path: Path, text: str, suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    _check_results(parse_file(path, max_bytes=1 << 20))


SURROGATE = st.integers(0xD800, 0xDFFF).map(lambda c: f"\\u{c:04x}")
JSON_TEXT = st.lists(st.one_of(st.text(max_size=10), SURROGATE, HOSTILE_CHARS), max_size=30).map(
    "".join
)


@FAST
@given(title=JSON_TEXT, body=JSON_TEXT)
def test_json_records_with_lone_surrogates_and_escapes(
    tmp_path: Path, title: str, body: str
) -> None:
    def encode(value: str) -> str:
        # Keep `\uD800` escapes as they are; escape everything else as JSON would.
        parts = value.split("\\u")
        out = [json.dumps(parts[0])[1:-1]]
        for part in parts[1:]:
            out.append("\\u" + part[:4] + json.dumps(part[4:])[1:-1])
        return '"' + "".join(out) + '"'

    path = tmp_path / "record.json"
    path.write_text(f'{{"title": {encode(title)}, "body": {encode(body)}}}', "utf-8")
    results = parse_file(path, max_bytes=1 << 20)
    _check_results(results)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(texts=st.lists(TEXT, min_size=1, max_size=4))
def test_import_of_random_files_never_stops_and_keeps_the_index_sound(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "in"
    folder.mkdir()
    for n, text in enumerate(texts):
        (folder / f"f{n}{SUFFIXES[n % len(SUFFIXES)]}").write_bytes(
            text.encode("utf-8", "surrogatepass")
        )
    (folder / "zz-good.txt").write_text(article_text(4, seed=42), "utf-8")
    archive = Archive(Config(archive_dir=root / "archive", index_dir=root / "index"))
    try:
        summary = archive.import_paths([folder])
        assert any(
            o.path.endswith("zz-good.txt") and o.status == "imported" for o in summary.outcomes
        )
        for outcome in summary.failed:
            assert outcome.reason and "\n" not in outcome.reason
        assert archive.check_index() == []
    finally:
        archive.close()
