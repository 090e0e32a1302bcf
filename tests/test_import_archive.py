"""Importing into an existing archive: duplicates are caught without reading every file, and
an import that stops half-way keeps what it wrote, whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.archive import Archive
from reader.config import Config
from reader.importer import Importer, ImportOutcome


def _archive(tmp_path: Path) -> Archive:
    return Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "idx"))


def _page(folder: Path, name: str, title: str, body: str, url: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    head = f"---\ntitle: {title}\n" + (f"url: {url}\n" if url else "") + "---\n"
    path = folder / name
    path.write_text(head + body + "\n", encoding="utf-8")
    return path


def test_an_import_that_stops_half_way_keeps_whole_files_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    for number in range(5):
        _page(inputs, f"{number}.md", f"Bài số {number}", f"Nội dung riêng của bài {number}.")
    real = Importer.import_file
    calls = 0

    def failing(self: Importer, path: Path, *args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise RuntimeError("disk on fire")
        return real(self, path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Importer, "import_file", failing)
    archive = _archive(tmp_path)
    reported: list[list[ImportOutcome]] = []
    with pytest.raises(RuntimeError):
        archive.import_paths([inputs], on_outcomes=reported.append)
    monkeypatch.setattr(Importer, "import_file", real)
    root = tmp_path / "archive"
    assert not [p for p in root.iterdir() if p.name.startswith(".") and "tmp-" in p.name]
    assert sorted(a.title for _, a in archive.store.iter_articles()) == [
        "Bài số 0",
        "Bài số 1",
        "Bài số 2",
    ]
    assert archive.sync_index().added == 3
    assert archive.search("bai so").total == 3
    # Importing again adds the rest and calls the first three duplicates.
    summary = archive.import_paths([inputs])
    assert (summary.count("imported"), summary.count("duplicate")) == (2, 3)
    archive.close()


def test_outcomes_are_reported_once_per_input_file(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    for number in range(3):
        _page(inputs, f"{number}.md", f"Tin {number}", f"Thân bài {number}.")
    (inputs / "empty.txt").write_text("", encoding="utf-8")
    archive = _archive(tmp_path)
    reported: list[list[ImportOutcome]] = []
    archive.import_paths([inputs], on_outcomes=reported.append)
    assert [len(added) for added in reported] == [1, 1, 1, 1]
    assert [added[0].status for added in reported].count("imported") == 3
    archive.close()


def test_a_small_import_finds_duplicates_through_the_index_without_reading_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _archive(tmp_path)
    first = tmp_path / "first"
    _page(first, "a.md", "Bài có địa chỉ", "Thân bài A.", url="https://example.vn/a.html")
    _page(first, "b.md", "Bài không địa chỉ", "Thân bài B riêng.")
    _page(first, "c.md", "Bài sẽ bị xoá", "Thân bài C riêng.", url="https://example.vn/c.html")
    summary = archive.import_paths([first])
    assert summary.count("imported") == 3
    ids = {article.title: article.id for article, _ in summary.stored}
    # Changes the index has not seen: a file removed, a file edited, a file added by hand.
    archive.store.path_for(ids["Bài sẽ bị xoá"]).unlink()
    edited = archive.store.path_for(ids["Bài không địa chỉ"])
    edited.write_text(
        edited.read_text("utf-8").replace("Thân bài B riêng.", "Thân bài B đã sửa."), "utf-8"
    )
    hand = _page(
        tmp_path / "archive", "bai-them-tay.md", "Bài thêm tay", "Thân bài D.", "https://x.vn/d"
    )
    read: list[int] = []
    real = type(archive.store).fingerprints

    def counting(self: object, files: object = None) -> object:
        chosen = list(files) if files is not None else None  # type: ignore[call-overload]
        read.append(-1 if chosen is None else len(chosen))
        return real(self, chosen)  # type: ignore[arg-type]

    monkeypatch.setattr(type(archive.store), "fingerprints", counting)
    second = tmp_path / "second"
    _page(second, "1.md", "Tiêu đề khác", "Thân bài khác.", url="https://example.vn/a.html")
    _page(second, "2.md", "Bài có địa chỉ", "Thân bài A.")  # same content as a.md
    # An edited file keeps the content hash its front matter records (as before this change).
    _page(second, "3.md", "Bài không địa chỉ", "Thân bài B đã sửa.")
    _page(second, "4.md", "Bài không địa chỉ", "Thân bài B riêng.")
    _page(second, "5.md", "Bài sẽ bị xoá", "Thân bài C riêng.", url="https://example.vn/c.html")
    _page(second, "6.md", "Khác nữa", "Thân bài khác nữa.", url="https://x.vn/d")
    summary = archive.import_paths([second])
    status = {Path(o.path).name: (o.status, o.id) for o in summary.outcomes}
    assert status["1.md"] == ("duplicate", ids["Bài có địa chỉ"])
    assert status["2.md"] == ("duplicate", ids["Bài có địa chỉ"])
    assert status["3.md"][0] == "imported"
    assert status["4.md"] == ("duplicate", ids["Bài không địa chỉ"])
    assert status["5.md"][0] == "imported"  # its earlier copy was deleted
    assert status["6.md"] == ("duplicate", hand.stem)
    assert read == [2]  # only the edited and the hand-added file were read
    archive.close()


def test_a_large_sync_writes_through_two_processes_and_replaces_by_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.index.writing as index_store

    inputs = tmp_path / "in"
    for number in range(8):
        _page(inputs, f"{number}.md", f"Bản tin số {number}", f"Thân bài số {number}.")
    archive = _archive(tmp_path)
    assert archive.import_paths([inputs]).count("imported") == 8
    monkeypatch.setattr(index_store, "PARALLEL_MIN", 5)
    for stored in list(archive.store.scan().values())[:6]:
        text = stored.path.read_text("utf-8").replace("Bản tin số", "Tin đã sửa số")
        stored.path.write_text(text, "utf-8")
    seen: list[tuple[int, int]] = []
    report = archive.sync_index(lambda done, total: seen.append((done, total)))
    assert (report.added, report.updated) == (0, 6)
    assert seen[-1] == (6, 6)
    assert archive.index.doc_count() == 8
    assert archive.search("tin da sua").total == 6
    assert archive.check_index() == []
    archive.close()


def test_the_known_names_kept_after_an_import_are_the_index_catalogue(tmp_path: Path) -> None:
    from reader.archive import KNOWN_NAMES_FILE
    from reader.index import facets

    archive = _archive(tmp_path)
    _page(tmp_path / "a", "1.md", "Cần Thơ đón đoàn Savannakhet", "Ông Nguyễn Thực Hiện đón.")
    archive.import_paths([tmp_path / "a"])
    _page(tmp_path / "b", "2.md", "Đà Nẵng và Huế hợp tác", "Bà Trần Thị Mai phát biểu.")
    archive.import_paths([tmp_path / "b"])
    kept = tmp_path / "idx" / KNOWN_NAMES_FILE
    state, _, _ = kept.read_text("utf-8").partition("\n")
    assert state == archive.index.generation()
    from_cache = archive.known_names()
    with archive.index.snapshot() as snapshot:
        folded = facets.facets_of(snapshot.bitmaps).folded()
    fresh = type(from_cache).of_folded(folded)
    assert {k: sorted(v) for k, v in from_cache.by_kind.items()} == {
        k: sorted(v) for k, v in fresh.by_kind.items()
    }
    assert from_cache.by_kind["place"]  # the names of both imports are there
    kept.write_text(f"{state}\n{{not json", "utf-8")  # damaged: built again, not trusted
    assert archive.known_names().by_kind == fresh.by_kind
    archive.close()


def test_the_known_names_stay_current_through_syncs_and_rebuilds(tmp_path: Path) -> None:
    from reader.archive import KNOWN_NAMES_FILE

    archive = _archive(tmp_path)
    _page(tmp_path / "a", "1.md", "Cần Thơ đón đoàn Savannakhet", "Ông Nguyễn Thực Hiện đón.")
    _page(tmp_path / "a", "2.md", "Đà Nẵng và Huế hợp tác", "Bà Trần Thị Mai phát biểu.")
    summary = archive.import_paths([tmp_path / "a"])
    kept = tmp_path / "idx" / KNOWN_NAMES_FILE

    def kept_state() -> str:
        return kept.read_text("utf-8").partition("\n")[0]

    summary.stored[0][1].path.unlink()
    archive.sync_index()
    assert kept_state() == archive.index.generation()
    assert "Nguyễn Thực Hiện" not in str(archive.known_names().by_kind["person"])
    archive.rebuild_index()
    assert kept_state() == archive.index.generation()
    archive.close()


def test_a_large_import_parses_a_bounded_way_ahead_and_indexes_as_it_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.archive.imports as archive_module
    import reader.importer as importer
    import reader.index.writing as index_store

    inputs = tmp_path / "in"
    for number in range(40):
        _page(inputs, f"{number:02d}.md", f"Bản tin số {number}", f"Thân bài thứ {number}.")
    _page(inputs, "bad.md", "", "")  # a failure among them is reported in its place
    monkeypatch.setattr(importer, "PREPARE_MIN_FILES", 10)
    monkeypatch.setattr(importer, "PREPARE_CHUNK", 4)
    monkeypatch.setattr(importer, "PREPARE_AHEAD", 4)  # as small as a chunk: must not stall
    monkeypatch.setattr(index_store, "PARALLEL_MIN", 10)
    monkeypatch.setattr(archive_module, "BULK_MIN_FILES", 10)
    archive = _archive(tmp_path)
    summary = archive.import_paths([inputs])
    assert summary.count("imported") == 40
    assert summary.count("failed") == 1
    # Indexed as they were stored, by the bulk writer: the summary does not keep them.
    assert (summary.handed_on, summary.stored, summary.index_deferred) == (40, [], False)
    assert [Path(o.path).name for o in summary.outcomes] == sorted(p.name for p in inputs.iterdir())
    assert archive.search("ban tin so 17").hits[0].title == "Bản tin số 17"
    assert archive.index.doc_count() == 40
    archive.close()


def test_where_processes_cannot_be_forked_a_large_import_runs_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bulk imports fork parser and writer processes; a platform without fork (Windows) gets
    the same archive and index from this process alone."""
    import multiprocessing

    import reader.archive.imports as archive_module
    import reader.importer as importer
    import reader.index.writing as writing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(importer, "PREPARE_MIN_FILES", 5)
    monkeypatch.setattr(archive_module, "BULK_MIN_FILES", 5)
    monkeypatch.setattr(writing, "PARALLEL_MIN", 5)
    forked: list[object] = []
    monkeypatch.setattr(multiprocessing, "get_context", lambda *a: forked.append(a))
    inputs = tmp_path / "in"
    for number in range(12):
        _page(inputs, f"{number:02d}.md", f"Bản tin số {number}", f"Thân bài thứ {number}.")
    archive = _archive(tmp_path)
    summary = archive.import_paths([inputs])
    assert summary.count("imported") == 12
    assert not forked
    assert archive.search("ban tin").total == 12
    assert archive.check_index() == []
    archive.close()


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Hải Yến/VOV.VN", "Hải Yến"),
        ("Linh San (Theo Daily Mail)", "Linh San"),
        ("Nguyễn Văn An, Trần Bình", "Nguyễn Văn An, Trần Bình"),
        ("PV", None),
    ],
)
def test_a_byline_keeps_its_people_as_the_author(
    tmp_path: Path, byline: str, author: str | None
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.md").write_text(
        f"---\ntitle: Hợp tác hữu nghị\nauthor: {byline}\n---\nHai bên ký kết hợp tác.\n",
        "utf-8",
    )
    archive = _archive(tmp_path)
    summary = archive.import_paths([inputs])
    (outcome,) = summary.outcomes
    assert archive.get(str(outcome.id)).author == author
    archive.close()


def test_a_new_archive_is_marked_with_its_extractor_and_an_old_one_is_outdated(
    tmp_path: Path,
) -> None:
    from reader.entities.version import MARKER

    inputs = tmp_path / "in"
    _page(inputs, "a.md", "Tin Cần Thơ", "Thành phố Cần Thơ.")
    archive = _archive(tmp_path)
    assert not archive.entities_outdated()  # empty
    archive.import_paths([inputs])
    assert not archive.entities_outdated()
    (archive.root / MARKER).unlink()  # as an archive made by an earlier version
    assert archive.entities_outdated()
    archive.reextract_entities()
    assert not archive.entities_outdated()
    archive.close()
