"""Article ids are stable, readable and always a plain file name inside the archive."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reader.model.article import Article
from reader.model.ids import (
    assign_identity,
    id_from_content,
    id_from_url,
    is_valid_id,
    slugify,
)
from reader.store import ArchiveStore, UnsafeIdError

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_slug_folds_vietnamese() -> None:
    assert slugify("Đà Nẵng: hợp tác với Lào!") == "da-nang-hop-tac-voi-lao"


def test_id_from_content_has_date_title_and_hash() -> None:
    article_id = id_from_content("Cần Thơ họp mặt", datetime(2022, 9, 4, tzinfo=UTC), "ab" * 32)
    assert article_id == "2022-09-04-can-tho-hop-mat-abababab"
    assert is_valid_id(article_id)


def test_same_url_gives_same_id_whatever_the_noise() -> None:
    a = id_from_url("https://www.thoidai.com.vn/can-tho-hop-mat-123.html#top")
    b = id_from_url("https://thoidai.com.vn/can-tho-hop-mat-123.html")
    assert a == b
    assert a.startswith("thoidai-com-vn-can-tho-hop-mat-123-")


def test_ids_are_stable_across_imports() -> None:
    article = Article(title="Tiêu đề", body="Nội dung.")
    assert assign_identity(article, NOW).id == assign_identity(article, NOW).id


@pytest.mark.parametrize(
    "hostile",
    ["../../etc/passwd", "/etc/passwd", "con", "a/b", "..", "", "A-UPPER", "x" * 200, "nul\x00"],
)
def test_hostile_ids_never_become_paths(hostile: str, tmp_path: Path) -> None:
    if hostile == "con":
        assert is_valid_id(hostile)  # a plain word is fine: files get a .md suffix
        return
    assert not is_valid_id(hostile)
    with pytest.raises(UnsafeIdError):
        ArchiveStore(tmp_path).path_for(hostile)


@pytest.mark.parametrize(
    "title", ["../../../etc/passwd", "/root/.ssh/id_rsa", "CON", "....", "x" * 500, "🙂🙂"]
)
def test_ids_from_hostile_titles_stay_inside_the_archive(title: str, tmp_path: Path) -> None:
    article = assign_identity(Article(title=title, body="text"), NOW)
    path = ArchiveStore(tmp_path).path_for(article.id)
    assert path.parent == tmp_path
    assert len(path.name) < 140
