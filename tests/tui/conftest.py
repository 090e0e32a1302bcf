"""Fixtures for the TUI tests: a small tmp archive, its index, and a state file in tmp_path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tui_articles import build_archive

from reader.archive import Archive
from reader.config import Config


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    """An archive of the fixture articles with a fresh (not yet built) index."""
    root = build_archive(tmp_path / "archive")
    archive = Archive(Config(archive_dir=root, index_dir=tmp_path / "index"))
    yield archive
    archive.close()


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.json"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
