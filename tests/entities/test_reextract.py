"""`entities_locked` in the front matter, and re-extraction that keeps corrected files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from entity_archive import build

from reader.archive import Archive
from reader.entities.known import KnownNames
from reader.entities.reextract import fresh_entities, reextract
from reader.model.article import Article, Entities
from reader.model.canonical import ArticleFormatError, parse_canonical, render_canonical

SEED_BODY = (
    "Ngày 5/9, Phó Chủ tịch UBND TP Cần Thơ Nguyễn Thực Hiện có buổi tiếp đoàn tỉnh Champasak."
)


def test_locked_flag_is_written_only_when_set() -> None:
    plain = Article(title="T", body="B", id="a-1")
    assert "entities_locked" not in render_canonical(plain)
    assert parse_canonical(render_canonical(plain)).entities_locked is False
    locked = plain.with_changes(entities=Entities(person=("An",)), entities_locked=True)
    text = render_canonical(locked)
    assert "entities_locked: true" in text
    assert text.index("entities:") < text.index("entities_locked") < text.index("content_sha256")
    assert parse_canonical(text) == locked


def test_locked_flag_must_be_a_boolean() -> None:
    text = "---\nid: a-1\ntitle: T\nentities_locked: maybe\n---\nB\n"
    with pytest.raises(ArticleFormatError, match="entities_locked"):
        parse_canonical(text)


def test_fresh_entities_keeps_locked_ones() -> None:
    article = Article(title="Tin Cần Thơ", body=SEED_BODY, entities=Entities(person=("Ai Đó",)))
    assert fresh_entities(article.with_changes(entities_locked=True), KnownNames()) == Entities(
        person=("Ai Đó",)
    )
    found = fresh_entities(article, KnownNames())
    assert "Nguyễn Thực Hiện" in found.person


def _write(archive: Archive, article: Article) -> Path:
    return archive.store.write(article).path


def test_reextract_rewrites_changed_files_and_keeps_locked(tmp_path: Path) -> None:
    archive = build(tmp_path)
    wrong = Article(
        id="2022-09-05-sai", title="Tin Cần Thơ", body=SEED_BODY, entities=Entities(person=("X",))
    )
    locked = wrong.with_changes(id="2022-09-05-khoa", entities_locked=True)
    wrong_path = _write(archive, wrong)
    locked_path = _write(archive, locked)
    locked_bytes = locked_path.read_bytes()
    others = {
        p: p.read_bytes() for p in archive.root.glob("*.md") if p not in (wrong_path, locked_path)
    }
    report = reextract(archive.store)
    assert report.checked == 7 and report.locked == 1 and not report.failed
    assert locked_path.read_bytes() == locked_bytes
    fixed = archive.store.read_path(wrong_path)
    assert "Nguyễn Thực Hiện" in fixed.entities.person and "X" not in fixed.entities.person
    assert fixed.title == wrong.title and fixed.body == wrong.body
    changed = {p for p, data in others.items() if p.read_bytes() != data}
    assert report.changed == 1 + len(changed)
    assert not list(archive.root.glob(".*tmp-*"))
    report = reextract(archive.store)
    assert report.changed == 0


def test_archive_reextract_syncs_the_index(tmp_path: Path) -> None:
    archive = build(tmp_path)
    archive.sync_index()
    _write(archive, Article(id="2022-09-06-moi", title="Tin Cần Thơ", body=SEED_BODY))
    seen: list[tuple[int, int]] = []
    report = archive.reextract_entities(progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (6, 6)
    assert report.sync is not None
    assert (
        archive.entity_counts({"person": ["Nguyễn Thực Hiện"]})[("person", "Nguyễn Thực Hiện")] >= 1
    )
    archive.close()
