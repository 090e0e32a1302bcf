"""Snapshot set-up: the fixture articles only (stable across sample-archive edits)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "tui"))

from tui_articles import build_archive

from reader.archive import Archive
from reader.config import Config

SHOWN_ROOT = "~/news/archive"
"""Where the snapshots say the archive is (the real one is in a new temporary folder each run)."""


@pytest.fixture(autouse=True)
def _stable_archive_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from reader.tui.widgets import results_pane

    said = results_pane.home_relative
    monkeypatch.setattr(
        results_pane,
        "home_relative",
        lambda path: SHOWN_ROOT if path.is_relative_to(tmp_path) else said(path),
    )


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    """The fixture archive, its query times pinned so that the status line is stable."""
    root = build_archive(tmp_path / "archive", use_samples=False)
    archive = Archive(Config(archive_dir=root, index_dir=tmp_path / "index"))
    search = archive.search

    def pinned(query: str, *, limit: int = 20, sort: str = "relevance", **options):  # type: ignore[no-untyped-def]
        return replace(search(query, limit=limit, sort=sort, **options), took_ms=3.0)

    archive.search = pinned  # type: ignore[method-assign]
    yield archive
    archive.close()
