"""An archive of the bundled sample articles (and the seeds, when present), indexed once."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from related_helpers import SAMPLE, open_archive

from reader.archive import Archive


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """The sample archive, imported into a temporary archive and indexed."""
    archive = open_archive(tmp_path_factory.mktemp("sample"))
    archive.import_paths([SAMPLE])
    yield archive
    archive.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
