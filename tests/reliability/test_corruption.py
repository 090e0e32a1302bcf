"""A damaged index is detected, reported in one line and rebuilt; article files are never touched.

Each test builds a small archive with its index through the CLI, damages the index the way a
crash, a full disk or a careless copy would, and then uses the reader as a user would.
"""

from __future__ import annotations

import json
import random
import shutil
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.index import saved
from reader.index.schema import VERSION_FILE

from .helpers import article_files, make_inputs, open_archive, run_reader, snapshot

ARTICLES = 30


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An archive of ARTICLES articles and its index, built once and copied by each test."""
    root = tmp_path_factory.mktemp("built")
    make_inputs(root / "in", ARTICLES, seed=5)
    result = run_reader(root / "archive", root / "index", "import", str(root / "in"))
    assert result.returncode == 0, result.stderr
    return root / "archive", root / "index"


@pytest.fixture
def copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    archive, index = tmp_path / "archive", tmp_path / "index"
    shutil.copytree(built[0], archive)
    shutil.copytree(built[1], index)
    return archive, index


def _segment_files(index: Path) -> list[Path]:
    """Whoosh's table of contents and segment files (not its write lock)."""
    return sorted(
        p
        for p in index.iterdir()
        if p.name.startswith(("MAIN_", "_MAIN_")) and "LOCK" not in p.name
    )


def _truncate(index: Path) -> None:
    for path in _segment_files(index):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 3])


def _garbage(index: Path) -> None:
    rng = random.Random(1)
    for path in _segment_files(index):
        path.write_bytes(bytes(rng.randrange(256) for _ in range(max(64, path.stat().st_size))))


def _missing_file(index: Path) -> None:
    for path in index.iterdir():
        if path.suffix in (".trm", ".seg"):
            path.unlink()


def _missing_bitmaps(index: Path) -> None:
    for path in index.glob("bitmaps-*"):
        path.unlink()


def _garbage_saved(index: Path) -> None:
    for path in [*index.glob("bitmaps-*"), *index.glob("stamps-*")]:
        path.write_bytes(b"\x80\x04garbage" * 3)


def _bitmaps_pointing_past_their_end(index: Path) -> None:
    """Headers intact, every entry's bitmaps said to start at the end of the file."""
    for path in index.glob("bitmaps-*"):
        data = bytearray(path.read_bytes())
        _, _, entries, blob_bytes, name_bytes = struct.unpack_from("<4sQQQQ", data, 0)
        width = 8 * (2 + len(saved.TIERS))
        first = struct.calcsize("<4sQQQQ") + name_bytes
        for at in range(first, first + entries * width, width):
            struct.pack_into("<Q", data, at, blob_bytes)
        path.write_bytes(bytes(data))


def _missing_toc(index: Path) -> None:
    for path in index.glob("*.toc"):
        path.unlink()


def _wrong_version(index: Path) -> None:
    (index / VERSION_FILE).write_text(json.dumps({"schema_version": 1}), "utf-8")


def _garbage_version(index: Path) -> None:
    (index / VERSION_FILE).write_bytes(b"\x00\xff not json")


def _empty_files(index: Path) -> None:
    for path in index.iterdir():
        if path.is_file():
            path.write_bytes(b"")


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated": _truncate,
    "garbage": _garbage,
    "missing segment": _missing_file,
    "missing toc": _missing_toc,
    "wrong version": _wrong_version,
    "garbage version record": _garbage_version,
    "all files empty": _empty_files,
}

# Files the index saves beside Whoosh's own to answer faster: losing or damaging them must not
# change any answer (they are rebuilt or bypassed).
SAVED_DAMAGE: dict[str, Callable[[Path], None]] = {
    "missing bitmaps": _missing_bitmaps,
    "garbage bitmaps and stamps": _garbage_saved,
}
QUERIES = ["", "hợp tác", "can tho", "viet n", '"nhân dân"', "title:lào", "-mưa"]


def _cli_answers(archive: Path, index: Path) -> list[tuple[int, list[str]]]:
    """Each of QUERIES' total and first 50 ids, asked through `reader search --json -`."""
    stdin = "\n".join(QUERIES) + "\n"
    result = run_reader(archive, index, "search", "--json", "-", "--limit", "50", stdin=stdin)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    parsed = [json.loads(line) for line in result.stdout.splitlines()]
    return [(a["total"], sorted(h["id"] for h in a["hits"])) for a in parsed]


@pytest.mark.parametrize(
    "damage",
    [
        "missing bitmaps",
        "garbage bitmaps and stamps",
    ],
)
def test_damaged_saved_files_do_not_change_answers(copy: tuple[Path, Path], damage: str) -> None:
    archive, index = copy
    before = _cli_answers(archive, index)
    SAVED_DAMAGE[damage](index)
    assert _cli_answers(archive, index) == before
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 0, check.stdout


def test_bitmaps_pointing_past_their_end_are_bypassed_then_found_by_the_check(
    copy: tuple[Path, Path],
) -> None:
    """Damage behind an intact header: searches read the postings instead, and the thorough
    check names the file and the command that redoes it."""
    archive, index = copy
    before = _cli_answers(archive, index)
    _bitmaps_pointing_past_their_end(index)
    assert _cli_answers(archive, index) == before
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 1 and "points past the bitmaps" in check.stdout
    assert run_reader(archive, index, "index").returncode == 0
    assert run_reader(archive, index, "index", "--check").returncode == 0
    assert _cli_answers(archive, index) == before


# Through the CLI, for the kinds of damage that differ most (the others go through the API).
CLI_DAMAGE = ["truncated", "garbage", "missing segment", "wrong version"]


@pytest.mark.parametrize("damage", CLI_DAMAGE)
def test_damaged_index_is_reported_then_rebuilt_on_the_next_search(
    copy: tuple[Path, Path], damage: str
) -> None:
    archive, index = copy
    before = snapshot(archive)
    DAMAGE[damage](index)
    check = run_reader(archive, index, "index", "--check")
    assert "Traceback" not in check.stderr
    assert check.returncode == 1 and check.stdout.strip(), check.stderr
    result = run_reader(archive, index, "search", "", "--json", "--limit", "1")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(notices) == 1 and "rebuilt" in notices[0], result.stderr
    assert json.loads(result.stdout)["total"] == ARTICLES
    assert snapshot(archive) == before
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("damage", ["truncated", "wrong version"])
def test_damaged_index_is_rebuilt_by_reader_index(copy: tuple[Path, Path], damage: str) -> None:
    archive, index = copy
    before = snapshot(archive)
    DAMAGE[damage](index)
    result = run_reader(archive, index, "index")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
    assert "index rebuilt" in result.stdout
    assert f"{ARTICLES} added" in result.stdout
    assert snapshot(archive) == before


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_archive_api_answers_after_damage(copy: tuple[Path, Path], damage: str) -> None:
    """What the TUI does at start: sync, then search; the article files stay as they were."""
    archive, index = copy
    before = snapshot(archive)
    DAMAGE[damage](index)
    reader = open_archive(archive, index)
    try:
        report = reader.sync_index()
        assert report.rebuilt_because
        assert reader.search("").total == ARTICLES
        assert reader.check_index() == []
    finally:
        reader.close()
    assert snapshot(archive) == before


def test_missing_index_directory_is_built_with_progress(copy: tuple[Path, Path]) -> None:
    archive, index = copy
    shutil.rmtree(index)
    reader = open_archive(archive, index)
    seen: list[tuple[int, int]] = []
    try:
        reader.sync_index(lambda done, total: seen.append((done, total)))
        assert reader.search("").total == ARTICLES
    finally:
        reader.close()
    assert seen and seen[-1] == (ARTICLES, ARTICLES)


def test_index_of_another_archive_serves_only_this_archive(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    _other_archive, other_index = built
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 4, seed=9)
    assert run_reader(archive, index, "import", str(tmp_path / "in")).returncode == 0
    shutil.rmtree(index)
    shutil.copytree(other_index, index)
    result = run_reader(archive, index, "search", "", "--json")
    assert result.returncode == 0, result.stderr
    ids = {hit["id"] for hit in json.loads(result.stdout)["hits"]}
    assert ids == {p.stem for p in article_files(archive)}


def test_index_of_another_archive_is_detected_on_open(
    built: tuple[Path, Path], tmp_path: Path
) -> None:
    _, other_index = built
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 4, seed=9)
    assert run_reader(archive, index, "import", str(tmp_path / "in")).returncode == 0
    shutil.rmtree(index)
    shutil.copytree(other_index, index)
    reader = open_archive(archive, index)
    try:
        report = reader.sync_index()
    finally:
        reader.close()
    assert report.rebuilt_because and "archive" in report.rebuilt_because


def _corrupt_articles(archive: Path) -> dict[Path, str]:
    """Damage three article files in different ways; returns what each should be reported for."""
    files = article_files(archive)
    bad = {
        files[0]: "---\ntitle: [unclosed\n---\nbody\n",
        files[1]: b"\xff\xfe\x00garbage\x00".decode("latin-1"),
        files[2]: "",
    }
    files[0].write_text(bad[files[0]], "utf-8")
    files[1].write_bytes(b"\xff\xfe\x00garbage\x00\xc3")
    files[2].write_bytes(b"")
    return {path: "" for path in bad}


def test_corrupt_article_files_are_reported_and_the_rest_stays_searchable(
    copy: tuple[Path, Path],
) -> None:
    archive, index = copy
    bad = _corrupt_articles(archive)
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 1
    assert "Traceback" not in check.stderr
    for path in bad:
        lines = [line for line in check.stdout.splitlines() if path.name in line]
        assert lines, f"{path.name} not reported:\n{check.stdout}"
        assert any(":" in line.split(path.name, 1)[1] for line in lines)
    sync = run_reader(archive, index, "index")
    assert "Traceback" not in sync.stderr
    assert sum(1 for line in sync.stdout.splitlines() if "skipped" in line) == len(bad)
    result = run_reader(archive, index, "search", "", "--json", "--limit", "100")
    assert result.returncode == 0, result.stderr
    ids = {hit["id"] for hit in json.loads(result.stdout)["hits"]}
    assert ids == {p.stem for p in article_files(archive)} - {p.stem for p in bad}
    rebuilt = run_reader(archive, index, "index", "--rebuild")
    assert "Traceback" not in rebuilt.stderr
    assert f"{ARTICLES - len(bad)} added" in rebuilt.stdout
    assert [path for path in bad if path.name in rebuilt.stdout] == list(bad)


# Every kind of file the index keeps, by a pattern of its name: each is deleted, cut short and
# garbled in turn. The reader must answer as before (rebuilding where it has to), never fail.
INDEX_FILE_KINDS = {
    "stored fields": "MAIN_*._stored.col",
    "postings": "MAIN_*.pst",
    "terms": "MAIN_*.trm",
    "id column": "MAIN_*.id.col",
    "stamp column": "MAIN_*.stamp.col",
    "entities column": "MAIN_*.entities.col",
    "field lengths": "MAIN_*._text_len.col",
    "table of contents": "_MAIN_*.toc",
    "saved bitmaps": "bitmaps-*",
    "saved stamps": "stamps-*",
    "file record": "sums-*",
    "version record": VERSION_FILE,
    "known names": "known-names.json",
}


def _delete(path: Path) -> None:
    path.unlink()


def _cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _garble(path: Path) -> None:
    rng = random.Random(path.name)
    data = bytearray(path.read_bytes())
    for i in range(len(data)):
        if rng.random() < 0.3:
            data[i] = rng.randrange(256)
    path.write_bytes(bytes(data) or b"\x00")


FILE_DAMAGE: dict[str, Callable[[Path], None]] = {
    "deleted": _delete,
    "cut short": _cut_short,
    "garbled": _garble,
}
ANSWER_QUERIES = ["", "hợp tác", "can tho", "viet n", '"nhân dân"', "-mưa"]


@pytest.fixture(scope="module")
def undamaged_answers(built: tuple[Path, Path]) -> list[tuple[int, list[str]]]:
    reader = open_archive(*built)
    try:
        return [_answer(reader.search(q, limit=50)) for q in ANSWER_QUERIES]
    finally:
        reader.close()


def _answer(result: object) -> tuple[int, list[str]]:
    return result.total, sorted(hit.id for hit in result.hits)  # type: ignore[attr-defined]


@pytest.mark.parametrize("damage", FILE_DAMAGE)
@pytest.mark.parametrize("kind", INDEX_FILE_KINDS)
def test_any_index_file_damaged_in_any_way_gives_the_same_answers(
    copy: tuple[Path, Path],
    undamaged_answers: list[tuple[int, list[str]]],
    kind: str,
    damage: str,
) -> None:
    archive, index = copy
    before = snapshot(archive)
    targets = sorted(index.glob(INDEX_FILE_KINDS[kind]))
    assert targets, kind
    FILE_DAMAGE[damage](targets[0])
    repairs: list[str] = []
    reader = open_archive(archive, index)
    reader.on_repair = repairs.append
    try:
        reader.sync_index()  # what every command and the TUI do first
        answers = [_answer(reader.search(q, limit=50)) for q in ANSWER_QUERIES]
        assert answers == undamaged_answers
        assert reader.stats()["articles"] == ARTICLES
        assert reader.top_entities(top=5) is not None
        reader.sync_index(thorough=True)  # `reader index`
        assert reader.check_index() == []
    finally:
        reader.close()
    assert len(repairs) <= 1
    assert snapshot(archive) == before


def test_an_index_from_a_future_version_is_rebuilt(copy: tuple[Path, Path]) -> None:
    archive, index = copy
    (index / VERSION_FILE).write_text(json.dumps({"schema_version": 99}), "utf-8")
    result = run_reader(archive, index, "search", "", "--json", "--limit", "1")
    assert result.returncode == 0, result.stderr
    assert "rebuilt" in result.stderr and "schema version 99" in result.stderr
    assert json.loads(result.stdout)["total"] == ARTICLES


def test_a_postings_file_garbled_mid_use_is_rebuilt_and_said_once(
    copy: tuple[Path, Path],
) -> None:
    """Damage only a query can find (the size is right): the command that finds it rebuilds
    the index, says so in one line, and answers."""
    archive, index = copy
    postings = next(index.glob("MAIN_*.pst"))
    _garble(postings)
    result = run_reader(archive, index, "search", "hop tac", "--json")
    assert result.returncode == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(notices) == 1 and "index rebuilt" in notices[0] and ".pst" in notices[0]
    assert json.loads(result.stdout)["total"] > 0
