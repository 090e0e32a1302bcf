"""The TUI's archive API keeps answering while another process imports or rebuilds.

The TUI holds one `Archive` open and searches from workers; these tests do the same from a
thread while a `reader` subprocess writes into the same archive.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from .helpers import article_files, make_inputs, open_archive, run_reader, start_reader

QUERIES = ["", "hợp tác", "can tho", "viet n", "title:lào", '"nhân dân"', "x" * 50]


def _search_while(archive: Path, index: Path, *command: str) -> tuple[list[str], int, object]:
    """Search repeatedly from an open Archive while `reader COMMAND` runs; returns the errors,
    how many searches were answered, and the open Archive (for the caller to close)."""
    reader = open_archive(archive, index)
    reader.sync_index()
    errors: list[str] = []
    answered = 0
    stop = threading.Event()

    def searching() -> None:
        nonlocal answered
        n = 0
        while not stop.is_set():
            query = QUERIES[n % len(QUERIES)]
            n += 1
            try:
                reader.search(query, limit=10)
                answered += 1
            except Exception as exc:  # any error here would reach the TUI user
                errors.append(f"{query!r}: {type(exc).__name__}: {exc}")
            time.sleep(0.005)

    thread = threading.Thread(target=searching)
    thread.start()
    proc = start_reader(archive, index, *command)
    try:
        _, err = proc.communicate(timeout=120)
    finally:
        stop.set()
        thread.join(30)
    assert proc.returncode in (0, 1), err
    return errors, answered, reader


def test_search_keeps_answering_during_an_import_and_sees_it_after_sync(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "first", 20, seed=1)
    make_inputs(tmp_path / "second", 100, seed=2)
    assert run_reader(archive, index, "import", str(tmp_path / "first")).returncode == 0
    errors, answered, reader = _search_while(archive, index, "import", str(tmp_path / "second"))
    try:
        assert errors == []
        assert answered > 10
        time.sleep(1.2)  # the open index looks for other writers' commits once a second
        assert reader.search("").total == 120
        reader.sync_index()
        assert reader.search("").total == 120
        assert reader.search("số 2-99").total >= 1
    finally:
        reader.close()  # type: ignore[attr-defined]
    assert len(article_files(archive)) == 120


def test_sync_during_an_import_leaves_the_index_to_the_importer(tmp_path: Path) -> None:
    """A TUI starting (it syncs) while an import runs: no error, no wait, nothing lost."""
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 100, seed=3)
    proc = start_reader(archive, index, "import", str(tmp_path / "in"))
    reports = []
    try:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            reader = open_archive(archive, index)
            try:
                reports.append(reader.sync_index())
                reader.search("hợp tác")
            finally:
                reader.close()
            time.sleep(0.05)
    finally:
        proc.communicate(timeout=120)
    assert proc.returncode == 0
    assert reports
    check = run_reader(archive, index, "index", "--check")
    assert check.returncode == 0, check.stdout
    assert run_reader(archive, index, "search", "", "--json").stdout.count('"id"') == 20


def test_search_keeps_answering_during_a_rebuild(tmp_path: Path) -> None:
    archive, index = tmp_path / "archive", tmp_path / "index"
    make_inputs(tmp_path / "in", 150, seed=4)
    assert run_reader(archive, index, "import", str(tmp_path / "in")).returncode == 0
    errors, answered, reader = _search_while(archive, index, "index", "--rebuild")
    try:
        assert not errors, (
            f"a search failed while another process swapped in a rebuild: {errors[0]}"
        )
        assert answered > 10
        assert reader.search("").total == 150
    finally:
        reader.close()  # type: ignore[attr-defined]


def test_import_waits_out_a_busy_index_and_never_loses_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While a reader brings the index up to date it holds Whoosh's write lock: an import
    retries, and if the index stays busy its files are kept for the next sync to index."""
    from reader.archive import imports as archive_module
    from reader.index import ArticleIndex, IndexBusy

    make_inputs(tmp_path / "one", 5, seed=21)
    make_inputs(tmp_path / "two", 5, seed=22)
    real_update = ArticleIndex.update
    busy = {"left": 3}

    def flaky_update(self: ArticleIndex, *args: object, **kwargs: object) -> int:
        if busy["left"] > 0:
            busy["left"] -= 1
            raise IndexBusy("busy")
        return real_update(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ArticleIndex, "update", flaky_update)
    monkeypatch.setattr(archive_module.time, "sleep", lambda seconds: None)
    reader = open_archive(tmp_path / "archive", tmp_path / "index")
    try:
        summary = reader.import_paths([tmp_path / "one"])
        assert summary.count("imported") == 5 and not summary.index_deferred
        assert reader.search("").total == 5
        busy["left"] = 10_000
        summary = reader.import_paths([tmp_path / "two"])
        assert summary.count("imported") == 5 and summary.index_deferred
        busy["left"] = 0
        reader.sync_index()
        assert reader.search("").total == 10
    finally:
        reader.close()
    assert len(article_files(tmp_path / "archive")) == 10


def test_sync_answers_from_the_index_as_it_is_when_the_index_is_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Worker processes of a killed import can hold Whoosh's lock for a while: a reader that
    syncs then is told so and keeps searching, instead of failing."""
    from reader.index import ArticleIndex, IndexBusy

    make_inputs(tmp_path / "one", 5, seed=23)
    reader = open_archive(tmp_path / "archive", tmp_path / "index")
    try:
        reader.import_paths([tmp_path / "one"])

        def busy(self: ArticleIndex, *args: object, **kwargs: object) -> int:
            raise IndexBusy("busy")

        monkeypatch.setattr(ArticleIndex, "update", busy)
        monkeypatch.setattr(ArticleIndex, "delete", busy)
        article_files(tmp_path / "archive")[0].unlink()
        (tmp_path / "archive" / "new-article-00000001.md").write_text(
            article_files(tmp_path / "archive")[0].read_text("utf-8"), "utf-8"
        )
        report = reader.sync_index()
        assert report.deferred
        assert reader.search("").total == 5
    finally:
        reader.close()
