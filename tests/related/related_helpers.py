"""Helpers for the related-articles tests: paths, opening archives, finding ids by title."""

from __future__ import annotations

from pathlib import Path

from reader.archive import Archive
from reader.config import Config

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_articles"
SEEDS = REPO.parent / "shared" / "seeds"


def open_archive(root: Path) -> Archive:
    return Archive(Config(archive_dir=root / "archive", index_dir=root / "index"))


def by_title(archive: Archive, start: str) -> str:
    """The id of the one article whose title starts with `start`."""
    found = [
        stored.id
        for stored, article in archive.store.iter_articles()
        if not isinstance(article, Exception) and article.title.startswith(start)
    ]
    assert len(found) == 1, (start, found)
    return found[0]
