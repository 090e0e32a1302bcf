"""The archive directory: atomic writes, scanning, and fingerprints for duplicates."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

from reader.model.article import Article
from reader.model.ids import assign_identity
from reader.store import ArchiveStore

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def _stored(store: ArchiveStore, title: str, url: str | None = None) -> Article:
    article = assign_identity(Article(title=title, body=f"Nội dung của {title}.", url=url), NOW)
    store.write(article)
    return article


def test_written_article_reads_back(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    article = _stored(store, "Cần Thơ họp mặt")
    assert store.read(article.id) == article
    assert list(store.scan()) == [article.id]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_scan_ignores_hidden_temp_and_foreign_files(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    article = _stored(store, "Bài thật")
    (tmp_path / f".{article.id}.md.reader-tmp-abcdefgh").write_text("half written")
    (tmp_path / "notes.txt").write_text("not an article")
    (tmp_path / "Bad Name.md").write_text("---\ntitle: x\n---\n")
    assert list(store.scan()) == [article.id]


def test_an_archive_of_temp_and_foreign_files_is_empty(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path / "archive")
    assert store.is_empty(), "no directory yet"
    store.root.mkdir()
    (store.root / ".x.md.reader-tmp-abcdefgh").write_text("half written")
    (store.root / "notes.txt").write_text("not an article")
    (store.root / "Bad Name.md").write_text("---\ntitle: x\n---\n")
    assert store.is_empty()
    _stored(store, "Bài thật")
    assert not store.is_empty()


def test_stamp_changes_when_a_user_edits_a_file(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    article = _stored(store, "Tiêu đề cũ")
    before = store.scan()[article.id].stamp
    path = store.path_for(article.id)
    path.write_text(path.read_text().replace("Tiêu đề cũ", "Tiêu đề mới đã sửa"))
    after = store.scan()[article.id].stamp
    assert before != after
    assert store.read(article.id).title == "Tiêu đề mới đã sửa"


def test_stale_temp_files_are_cleaned(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    stale = tmp_path / ".x.md.reader-tmp-k3q_9zab"
    legacy = tmp_path / ".2022-09-05-bai-1a2b3c4d.md.tmp-abcd1234"
    fresh = tmp_path / ".y.md.reader-tmp-00000000"
    for path in (stale, legacy, fresh):
        path.write_text("partial")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(legacy, (old, old))
    assert store.clean_temp_files() == 2
    assert not stale.exists() and not legacy.exists() and fresh.exists()


def test_only_the_readers_own_temp_files_are_ever_removed(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    mine = [
        ".my-notes.tmp-keep",
        ".draft.tmp-12345678",
        ".x.md.tmp-",
        ".reader-tmp-abcdefgh",
        ".x.md.reader-tmp-ABCDEFGH",
        ".x.md.reader-tmp-abcdefgh.bak",
    ]
    old = time.time() - 3600
    for name in mine:
        (tmp_path / name).write_text("the user's own")
        os.utime(tmp_path / name, (old, old))
    assert store.clean_temp_files() == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(mine)


def test_fingerprints_find_content_and_urls(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    a = _stored(store, "Một", url="https://example.com/mot.html")
    b = _stored(store, "Hai")
    by_sha, by_url = store.fingerprints()
    assert by_sha == {a.content_sha256: a.id, b.content_sha256: b.id}
    assert by_url == {"https://example.com/mot.html": a.id}


def test_batched_writes_appear_together_and_count_as_existing(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    store.begin_batch()
    article = assign_identity(Article(title="Bài trong lô", body="Nội dung."), NOW)
    stored = store.write(article)
    assert store.exists(article.id)  # a second article of the same id is a duplicate
    assert not store.path_for(article.id).exists()  # not in place before the flush
    store.flush()
    assert store.read(article.id) == article
    assert store.scan()[article.id].stamp == stored.stamp  # the rename keeps the stamp
    store.end_batch()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_dropped_batch_leaves_the_archive_as_it_was(tmp_path: Path) -> None:
    store = ArchiveStore(tmp_path)
    kept = _stored(store, "Bài cũ")
    store.begin_batch()
    store.write(kept.with_changes(title="Bài cũ đã sửa"))
    _stored(store, "Bài mới")
    store.end_batch(keep=False)
    assert list(store.scan()) == [kept.id]
    assert store.read(kept.id).title == "Bài cũ"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
