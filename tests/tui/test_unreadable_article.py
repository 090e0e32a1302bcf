"""An article file hand-edited into something unreadable never shows the user a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tui_helpers import settle

from reader.archive import Archive
from reader.tui.app import make_app
from reader.tui.messages import ArticleChosen

pytestmark = pytest.mark.anyio


async def test_opening_an_article_whose_file_went_bad_says_why(
    archive: Archive, state_path: Path
) -> None:
    archive.sync_index()
    path = sorted(archive.root.glob("*.md"))[0]
    text = re.sub(r"(?m)^published:.*$", "published: 2022-02-30", path.read_text("utf-8"))
    path.write_text(text, "utf-8")
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert path.stem not in [hit.id for hit in app.main_screen.results.result.hits]
        app.main_screen.post_message(ArticleChosen(path.stem))
        await settle(pilot)
        notices = [str(n.message) for n in app._notifications]
        assert any("cannot be read" in n and "out of range" in n for n in notices), notices
        assert app.main_screen.article_view.article is None or (
            app.main_screen.article_view.article.id != path.stem
        )
        assert app.is_running
