"""Bringing the index up to date: what a complete sync sees, what the quick one (`reader show`)
trusts to the directory's signature, and the cheap check of the saved files on open."""

from __future__ import annotations

import os
import shutil
import time
from collections import Counter
from pathlib import Path

from reader.archive import SYNC_MARK_FILE, Archive
from reader.config import Config

from .conftest import SAMPLE_ARCHIVE


def _archive(tmp_path: Path) -> Archive:
    return Archive(Config(archive_dir=tmp_path / "archive", index_dir=tmp_path / "idx"))


def _import(archive: Archive, folder: Path, pages: dict[str, tuple[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, body) in pages.items():
        (folder / name).write_text(f"---\ntitle: {title}\n---\n{body}\n", "utf-8")
    archive.import_paths([folder])


def _age_directory(root: Path) -> None:
    """Set the archive directory's mtime an hour back, as if it had not changed since."""
    old = time.time() - 3600
    os.utime(root, (old, old))


def _edit_in_place(path: Path, old: str, new: str) -> None:
    """Rewrite a file's content in place (same inode, same size), as some editors save."""
    assert len(old.encode()) == len(new.encode())
    data = path.read_bytes().replace(old.encode(), new.encode())
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.write(data)
    assert path.stat().st_size == size
    # A different mtime, as a later write has (the test runs faster than a timestamp tick).
    later = path.stat().st_mtime_ns + 1_000_000
    os.utime(path, ns=(later, later))


def test_a_file_edited_in_place_with_the_same_size_is_indexed_again(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "in", {"a.md": ("Tin Cần Thơ", "Mưa lớn ở miền Tây.")})
    (stored,) = archive.store.scan().values()
    _age_directory(archive.root)
    archive.sync_index()
    _edit_in_place(stored.path, "Mưa lớn", "Hạn hán")
    assert archive.search("han han").total == 0  # not synced yet
    report = archive.sync_index()
    assert report.updated == 1
    assert archive.search("han han").total == 1
    assert archive.search("mua lon").total == 0
    archive.close()


def test_quick_sync_sees_files_added_and_removed(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "a", {"1.md": ("Tin một", "Cà phê Buôn Ma Thuột.")})
    _import(archive, tmp_path / "b", {"2.md": ("Tin hai", "Lúa gạo Đồng Tháp.")})
    _age_directory(archive.root)
    archive.sync_index()
    assert (tmp_path / "idx" / SYNC_MARK_FILE).is_file()
    # A new file (written into the archive by hand) and a removed one.
    new = archive.root / "tin-ba.md"
    new.write_text("---\ntitle: Tin ba\n---\nThanh long Bình Thuận.\n", "utf-8")
    (removed,) = [f for f in archive.store.scan().values() if "Lúa" in f.path.read_text("utf-8")]
    removed.path.unlink()
    report = archive.sync_index(quick=True)
    assert (report.added, report.removed) == (1, 1)
    assert archive.search("thanh long").total == 1
    assert archive.search("lua gao").total == 0
    assert {hit.title for hit in archive.search("").hits} == {"Tin một", "Tin ba"}
    archive.close()


def test_quick_sync_trusts_an_unchanged_directory_and_a_full_one_does_not(
    tmp_path: Path,
) -> None:
    """What the quick sync can miss, and only it: a file rewritten in place since the last
    complete sync. Any search's (complete) sync indexes it."""
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "in", {"a.md": ("Tin Huế", "Mưa lớn ở miền Trung.")})
    (stored,) = archive.store.scan().values()
    _age_directory(archive.root)
    assert not archive.sync_index().changed
    _edit_in_place(stored.path, "Mưa lớn", "Hạn hán")
    assert not archive.sync_index(quick=True).changed  # the directory did not change
    assert archive.sync_index().updated == 1
    assert archive.search("han han").total == 1
    archive.close()


def test_no_mark_for_a_directory_changed_just_now(tmp_path: Path) -> None:
    """A change within the same timestamp tick could leave the directory's mtime as it was:
    a directory changed less than two seconds before the sync is not marked."""
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "in", {"a.md": ("Tin Huế", "Mưa lớn ở miền Trung.")})
    archive.sync_index()
    assert not (tmp_path / "idx" / SYNC_MARK_FILE).exists()
    archive.close()


def test_a_changed_index_voids_the_mark(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "in", {"a.md": ("Tin Huế", "Mưa lớn ở miền Trung.")})
    _age_directory(archive.root)
    archive.sync_index()
    # The index emptied behind the archive's back (another tool): the quick sync notices.
    archive.index.delete(list(archive.index.stamps()))
    assert archive.sync_index(quick=True).added == 1
    archive.close()


def test_a_stamps_file_damaged_past_its_header_is_bypassed_and_mended_when_used(
    tmp_path: Path,
) -> None:
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "in", {"a.md": ("Tin Huế", "Mưa lớn ở miền Trung.")})
    archive.close()
    (saved,) = (tmp_path / "idx").glob("stamps-*")
    data = bytearray(saved.read_bytes())
    data[-1] ^= 0xFF  # the last stamp's last byte: not valid UTF-8 any more
    data[-2] = 0xFF
    saved.write_bytes(bytes(data))
    damaged = bytes(data)
    archive = _archive(tmp_path)
    report = archive.sync_index()  # reads the stamps: the damaged file is never trusted
    assert not report.changed
    assert saved.read_bytes() != damaged
    assert archive.check_index() == []
    assert archive.search("mua lon").total == 1
    archive.close()


def test_a_saved_file_with_a_wrong_header_is_repaired_on_any_open(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    _import(archive, tmp_path / "in", {"a.md": ("Tin Huế", "Mưa lớn ở miền Trung.")})
    archive.close()
    saved = [*(tmp_path / "idx").glob("stamps-*"), *(tmp_path / "idx").glob("bitmaps-*")]
    for path in saved:
        path.write_bytes(b"RST1" + b"\x00" * 4)
    archive = _archive(tmp_path)
    archive.sync_index()
    assert all(not path.read_bytes().startswith(b"RST1\x00\x00\x00\x00") for path in saved)
    assert archive.check_index() == []
    archive.close()


def test_counts_add_up_after_every_file_is_touched(tmp_path: Path) -> None:
    """A `git checkout` or a restored backup gives every file a new mtime: every article is
    indexed again, and the language counts still add up to the articles."""
    root = tmp_path / "archive"
    shutil.copytree(SAMPLE_ARCHIVE, root)
    archive = _archive(tmp_path)
    archive.sync_index()
    expected = Counter(article.language for _, article in archive.store.iter_articles())
    assert archive.stats()["languages"] == expected and len(expected) == 2
    for step in range(2):
        later = time.time() + 5 + step
        for path in root.glob("*.md"):
            os.utime(path, (later, later))
        report = archive.sync_index()
        assert report.updated == sum(expected.values())
        stats = archive.stats()
        assert stats["articles"] == sum(expected.values())
        assert stats["languages"] == expected
