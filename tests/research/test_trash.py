"""Removing an article with undo: its files move to the archive's trash and back, the index
follows, nothing is ever replaced or lost, and a move cut short is completed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.archive import ArchiveError
from reader.research.files import dump_yaml
from reader.research.trash import MANIFEST, Trash, _move

from .conftest import PAGES, Built


def _files(root: Path) -> dict[str, bytes]:
    """Every file under `root` (but the reader's own lock and id files), relative path ->
    content."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def test_remove_and_restore_move_every_file_and_the_index_follows(built: Built) -> None:
    archive, ids = built.archive, built.ids
    gone = ids["da-nang"]
    archive.store.write_raw(gone, b"<html>the page</html>", ".html")
    archive.add_tags([gone], ["thời tiết"])
    archive.set_note(gone, "kiểm tra lại")
    before = _files(archive.root)

    entry = archive.remove(gone)

    assert entry.name == gone and entry.article_id == gone
    assert entry.title == "Mưa lớn gây ngập nhiều tuyến đường ở Đà Nẵng"
    assert set(entry.files) == {f"{gone}.md", f"{gone}.raw.html", f"research/{gone}.md"}
    assert not archive.has_article(gone)
    assert not (archive.root / "research" / f"{gone}.md").exists()
    assert gone not in {h.id for h in archive.search("", limit=50, typing=False).hits}
    assert archive.search('"đà nẵng"', typing=False).total == 0
    assert archive.search("tag:thoi-tiet", typing=False).total == 0
    assert archive.check_index() == []
    assert [e.name for e in archive.trash()] == [gone]
    moved = _files(archive.root / "trash" / gone)
    for relative in entry.files:
        assert moved[relative] == before[relative]  # moved as they were, byte for byte

    restored = archive.restore(gone)

    assert restored.article_id == gone
    assert _files(archive.root) == before  # every file back where it was, nothing else
    assert archive.trash() == []
    assert [h.id for h in archive.search("tag:thoi-tiet", typing=False).hits] == [gone]
    assert [h.id for h in archive.search('"đà nẵng"', typing=False).hits] == [gone]
    assert archive.check_index() == []


def test_an_article_removed_twice_gets_two_entries_and_restore_takes_the_newest(
    built: Built,
) -> None:
    archive, ids = built.archive, built.ids
    gone = ids["can-tho"]
    archive.remove(gone)
    archive.import_paths([built.tmp / "in" / "can-tho.md"])  # imported again
    assert archive.has_article(gone)
    with pytest.raises(ArchiveError, match="is in the archive again"):
        archive.restore(gone)
    assert archive.has_article(gone) and len(archive.trash()) == 1  # nothing moved
    second = archive.remove(gone)
    assert second.name == f"{gone}~2"
    assert [e.name for e in archive.trash()] == [f"{gone}~2", gone]
    archive.restore(gone)
    assert [e.name for e in archive.trash()] == [gone]
    assert archive.empty_trash() == 1
    assert archive.trash() == []
    assert archive.has_article(gone)


def test_emptying_one_entry_deletes_only_it(built: Built) -> None:
    archive, ids = built.archive, built.ids
    archive.remove(ids["can-tho"])
    archive.remove(ids["hostile"])
    assert archive.empty_trash(ids["hostile"]) == 1
    assert [e.article_id for e in archive.trash()] == [ids["can-tho"]]
    with pytest.raises(ArchiveError, match="nothing called"):
        archive.restore(ids["hostile"])
    with pytest.raises(ArchiveError, match="no article with id"):
        archive.remove("no-such-article")


def test_a_removal_cut_short_is_completed_the_next_time_the_trash_is_looked_at(
    tmp_path: Path,
) -> None:
    root = tmp_path / "archive"
    (root / "research").mkdir(parents=True)
    for name in ("a-1.md", "a-1.raw.html", "research/a-1.md"):
        (root / name).write_text(f"content of {name}", "utf-8")
    entry = root / "trash" / "a-1"
    entry.mkdir(parents=True)
    files = ["a-1.md", "a-1.raw.html", "research/a-1.md"]
    manifest = {"article": "a-1", "title": "A", "files": files, "state": "removing"}
    (entry / MANIFEST).write_text(dump_yaml(manifest), "utf-8")
    # Killed after the article file moved, before the rest did.
    (root / "a-1.md").rename(entry / "a-1.md")
    (listed,) = Trash(root).entries()
    assert set(listed.files) == set(files)
    assert not any((root / name).exists() for name in files)

    # Killed before anything moved: the entry goes, the files stay.
    (root / "b-2.md").write_text("b", "utf-8")
    other = root / "trash" / "b-2"
    other.mkdir()
    (other / MANIFEST).write_text(dump_yaml({**manifest, "article": "b-2"}), "utf-8")
    assert [e.name for e in Trash(root).entries()] == ["a-1"]
    assert (root / "b-2.md").read_text("utf-8") == "b" and not other.exists()


def test_a_restoration_cut_short_is_completed_too(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    entry = root / "trash" / "a-1"
    (entry / "research").mkdir(parents=True)
    (entry / "research" / "a-1.md").write_text("notes", "utf-8")
    (entry / MANIFEST).write_text(
        dump_yaml({"article": "a-1", "files": ["a-1.md", "research/a-1.md"], "state": "restoring"}),
        "utf-8",
    )
    (root / "a-1.md").write_text("article", "utf-8")  # moved back before the kill
    assert Trash(root).entries() == []
    assert (root / "research" / "a-1.md").read_text("utf-8") == "notes"
    assert not entry.exists()


def test_a_move_never_replaces_a_file(tmp_path: Path) -> None:
    (tmp_path / "a").write_text("mine", "utf-8")
    (tmp_path / "b").write_text("theirs", "utf-8")
    with pytest.raises(FileExistsError):
        _move(tmp_path / "a", tmp_path / "b")
    assert (tmp_path / "a").read_text("utf-8") == "mine"
    assert (tmp_path / "b").read_text("utf-8") == "theirs"


def test_the_trash_is_never_read_as_articles(built: Built) -> None:
    archive, ids = built.archive, built.ids
    archive.remove(ids["can-tho"])
    report = archive.rebuild_index()
    assert report.added == len(PAGES) - 1 and not report.problems
    assert archive.search("", typing=False).total == len(PAGES) - 1
    assert ids["can-tho"] not in archive.store.stamps()
