"""The research folder: changes kept as written, seen by every reader of the archive (another
process, an editor), a damaged file never written over, and no change lost between two
writers."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from reader.research.files import AnnotationFormatError
from reader.research.store import ResearchStore


def test_an_annotation_that_becomes_empty_removes_its_file(tmp_path: Path) -> None:
    store = ResearchStore(tmp_path)
    store.update("a-1", lambda a: a.changed(tags=("lào",)))
    assert store.path_for("a-1").is_file()
    store.update("a-1", lambda a: a.changed(tags=()))
    assert not store.path_for("a-1").exists()
    assert store.get("a-1").is_empty


def test_read_state_keeps_the_order_first_read_and_ignores_what_is_not_an_id(
    tmp_path: Path,
) -> None:
    store = ResearchStore(tmp_path)
    assert store.set_read(["b-2", "a-1", "b-2"]) == 2
    assert store.set_read(["a-1", "c-3"]) == 1
    assert store.read_ids() == ("b-2", "a-1", "c-3")
    assert store.set_read(["a-1", "zz"], read=False) == 1
    assert store.read_ids() == ("b-2", "c-3")
    text = (tmp_path / "research" / "read.txt").read_text("utf-8")
    assert text.splitlines()[1:] == ["b-2", "c-3"]
    # Edited by hand: comments, blank lines and junk are skipped.
    (tmp_path / "research" / "read.txt").write_text("# mine\n\nd-4\n../etc/passwd\nb-2\n")
    assert store.read_ids() == ("d-4", "b-2")
    assert store.set_read(["../x", "UPPER"]) == 0


def test_saved_searches_keep_their_order_and_any_text(tmp_path: Path) -> None:
    store = ResearchStore(tmp_path)
    wanted = {
        "Biển Đông": 'tag:"biển đông" date:2023',
        "true": "null",
        "a: b # c": "-x NOT y\nsecond line",
        "": "",
    }
    store.change_searches(lambda saved: {**saved, **wanted})
    assert store.searches() == wanted
    assert list(ResearchStore(tmp_path).searches()) == list(wanted)
    (tmp_path / "research" / "searches.yaml").write_text("- not\n- a mapping\n")
    with pytest.raises(AnnotationFormatError, match=r"searches\.yaml"):
        store.searches()


def test_a_snapshot_sees_changes_made_by_another_process_and_by_hand(tmp_path: Path) -> None:
    mine, theirs = ResearchStore(tmp_path), ResearchStore(tmp_path)
    first = mine.snapshot()
    assert mine.snapshot() is first  # nothing changed: the same snapshot
    theirs.update("a-1", lambda a: a.changed(tags=("lào",)))
    seen = mine.snapshot()
    assert seen.version() != first.version()
    assert seen.ids("tag", "lao", False) == {"a-1"}
    # An editor that rewrites the file in place (the folder does not change): seen within
    # RECHECK_S seconds.
    path = mine.path_for("a-1")
    path.write_text(path.read_text("utf-8").replace("lào", "huế"), "utf-8")
    later = path.stat().st_mtime_ns + 5_000_000
    os.utime(path, ns=(later, later))
    mine._checked_at -= 10  # as if RECHECK_S had passed
    assert mine.snapshot().ids("tag", "hue", False) == {"a-1"}
    theirs.set_read(["b-2"])
    assert mine.snapshot().ids("is", "read", False) == {"b-2"}


def test_a_damaged_file_is_reported_and_never_written_over(tmp_path: Path) -> None:
    store = ResearchStore(tmp_path)
    store.update("a-1", lambda a: a.changed(tags=("lào",)))
    path = store.path_for("a-1")
    damaged = "---\ntags: [lào\n---\nmy precious note\n"
    path.write_text(damaged, "utf-8")
    snapshot = store.snapshot()
    assert "a-1" not in snapshot.annotations
    assert snapshot.problems and snapshot.problems[0][0] == path
    with pytest.raises(AnnotationFormatError, match="malformed"):
        store.update("a-1", lambda a: a.changed(note="new"))
    assert path.read_text("utf-8") == damaged


def test_two_writers_lose_no_change(tmp_path: Path) -> None:
    stores = [ResearchStore(tmp_path) for _ in range(4)]

    def tag_many(store: ResearchStore, who: int) -> None:
        for n in range(15):
            store.update("a-1", lambda a, n=n: a.changed(tags=(*a.tags, f"t{who}-{n}")))

    threads = [threading.Thread(target=tag_many, args=(s, i)) for i, s in enumerate(stores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(stores[0].get("a-1").tags) == 60


def test_temp_files_of_a_killed_writer_are_cleared_and_never_read(tmp_path: Path) -> None:
    store = ResearchStore(tmp_path)
    store.update("a-1", lambda a: a.changed(note="kept"))
    leftover = tmp_path / "research" / ".a-1.md.reader-tmp-abcd1234"
    leftover.write_text("---\nnote: half\n", "utf-8")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    snapshot = store.snapshot()
    assert set(snapshot.annotations) == {"a-1"}
    assert not leftover.exists()


def test_ids_that_are_not_file_names_are_refused(tmp_path: Path) -> None:
    from reader.research.store import ResearchError

    store = ResearchStore(tmp_path)
    for bad in ("../a", "a/b", "A", "", ".hidden", "con.md"):
        with pytest.raises(ResearchError):
            store.path_for(bad)
