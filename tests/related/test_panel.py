"""The TUI's related panel: the ranked list with reasons, enter opens (history kept), and a
title not in the archive is searched for."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from related_helpers import by_title
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

from reader.archive import Archive
from reader.tui.app import make_app
from reader.tui.widgets.related_panel import title_query

pytestmark = pytest.mark.anyio

SOURCE = "Tổng Lãnh sự Lào chào xã giao lãnh đạo TP Cần Thơ"


async def _settle(pilot: Pilot[None]) -> None:
    app: App[object] = pilot.app
    for _ in range(4):
        deadline = time.monotonic() + 10
        while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            assert time.monotonic() < deadline, "workers still running"
            await asyncio.sleep(0.005)
        await pilot.pause()


async def test_panel_lists_opens_and_searches(sample: Archive, tmp_path: Path) -> None:
    app = make_app(sample, tmp_path / "state.json")
    async with app.run_test(size=(140, 44)) as pilot:
        await _settle(pilot)
        screen = app.main_screen
        source = by_title(sample, SOURCE)
        screen.open_article(source)
        await _settle(pilot)
        items = screen.related.items
        expected = sample.related(source, limit=12)
        assert [i.article_id for i in items if i.article_id] == [i.id for i in expected.items]
        assert items[0].reason == "linked by the page"
        assert [i.title for i in items if not i.article_id] == [
            m.title for m in expected.not_in_archive
        ]
        screen.related.focus()
        await pilot.press("enter")
        await _settle(pilot)
        assert screen.article_view.article.id == items[0].article_id
        await pilot.press("left_square_bracket")
        await _settle(pilot)
        assert screen.article_view.article.id == source
        screen.related.focus()
        screen.related.highlighted = len(screen.related.items) - 1
        missing = screen.related.items[-1]
        assert missing.article_id is None
        await pilot.press("enter")
        await _settle(pilot)
        assert screen.search_box.value == title_query(missing.title)
        assert screen.article_view.article.id == source


def test_title_query_is_plain_words() -> None:
    assert title_query('Hội chợ "Việt - Lào": NOT title:x -y') == "hội chợ việt lào not title x y"
