"""An import resolves new mentions against the names the archive already holds."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from entity_archive import build


def test_english_spelling_takes_the_archive_name(tmp_path: Path) -> None:
    archive = build(tmp_path)
    archive.sync_index()
    page = tmp_path / "in" / "page.md"
    page.parent.mkdir()
    page.write_text(
        "---\ntitle: Can Tho leader meets Lao delegation\nlanguage: en\n---\n"
        "Vice Chairman Nguyen Thuc Hien of Can Tho met the delegation on Monday.\n",
        encoding="utf-8",
    )
    summary = archive.import_paths([page])
    assert summary.count("imported") == 1
    article = summary.stored[0][0]
    assert "Nguyễn Thực Hiện" in article.entities.person
    archive.close()
