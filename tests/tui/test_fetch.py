"""Fetching from the TUI (issue 7): palette action, URL dialog, background run against a real
local HTTP server, progress and the new article in the results; refusals and no network told
in one line; a related title not in the archive fetched from the related panel."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Input, Label
from tui_articles import IMPORTED
from tui_helpers import conftest_of, settle

from reader.archive import Archive
from reader.fetch.options import FetchOptions
from reader.model.article import Article
from reader.model.ids import assign_identity
from reader.store import ArchiveStore
from reader.tui.app import make_app

_site_module = conftest_of("fetch")
site = _site_module.site  # the fetch tests' server on 127.0.0.1, as a fixture here too
PAGE_VI = _site_module.PAGE_VI

pytestmark = pytest.mark.anyio

NEW = "Savannakhet mở rộng hợp tác nông nghiệp"

FAST = FetchOptions(connect_timeout=1.0, read_timeout=1.0, retries=0, respect_robots=False)


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _ask(pilot, app, action: str, text: str) -> None:
    await app.run_action(action)
    await pilot.pause()
    app.screen.query_one("#url", Input).value = text
    await pilot.press("enter")
    await pilot.pause()


async def test_fetch_a_url_from_the_palette(archive: Archive, state_path: Path, site) -> None:
    app = make_app(archive, state_path)
    app.fetch_options = FAST
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("slash", *"savannakhet nong nghiep", "escape")
        await settle(pilot)
        assert not any(NEW in hit.title for hit in screen.results.result.hits)

        await _ask(pilot, app, "fetch_url", site.url(PAGE_VI))
        assert app.screen is screen  # the dialog is gone; the app is usable while it runs
        await settle(pilot)
        assert any("Fetched 1 new article" in m for m in _messages(app)), _messages(app)
        assert not screen.fetch_status.display
        titles = [hit.title for hit in screen.results.result.hits]
        assert any(NEW in title for title in titles), titles

        await _ask(pilot, app, "fetch_url", site.url(PAGE_VI))
        await settle(pilot)
        assert any("Fetched 0 new articles · 1 already" in m for m in _messages(app))


async def test_fetch_problems_are_one_line_notices(
    archive: Archive,
    state_path: Path,
    site,
) -> None:
    app = make_app(archive, state_path)
    app.fetch_options = FAST
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await _ask(pilot, app, "fetch_url", "file:///etc/passwd")
        problem = app.screen.query_one("#url-problem", Label)
        assert "Only http and https" in str(problem.render())
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen

        await _ask(pilot, app, "fetch_url", site.url("/image.png"))
        await settle(pilot)
        assert any("1 failed" in m for m in _messages(app))
        assert any("image.png:" in m for m in _messages(app))

        await _ask(pilot, app, "fetch_feed", "http://127.0.0.1:9/feed.rss")
        await settle(pilot)
        messages = _messages(app)
        assert any("No network" in m or "Fetch failed" in m or "failed" in m for m in messages)
        assert all("Traceback" not in m for m in messages)
        assert app.main_screen.results.result is not None  # still searching


async def test_fetch_a_missing_related_page_then_open_it(
    archive: Archive, state_path: Path, site
) -> None:
    """A related title not in the archive whose link is known: `f` in the related panel
    fetches it, the panel refreshes, and `enter` opens the fetched article."""
    no_url_title = "Một bài viết không có đường dẫn nào"
    link_title = "Cần Thơ, Savannakhet mở rộng hợp tác nông nghiệp và giáo dục"
    page = Article(
        title="Đoàn Savannakhet thăm Cần Thơ",
        published=datetime(2022, 9, 6, 9, 0, tzinfo=UTC),
        body="Đoàn công tác tỉnh Savannakhet thăm và làm việc tại Cần Thơ.",
        related_titles=(no_url_title,),
        related_links=((link_title, site.url(PAGE_VI)),),
    )
    source = ArchiveStore(archive.root).write(assign_identity(page, IMPORTED)).id
    app = make_app(archive, state_path)
    app.fetch_options = FAST
    async with app.run_test(size=(140, 44)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(source)
        await settle(pilot)
        panel = screen.related
        missing = [i for i, item in enumerate(panel.items) if item.title == link_title]
        assert missing and panel.items[missing[0]].article_id is None, panel.items
        no_url = [i for i, item in enumerate(panel.items) if item.title == no_url_title]
        panel.focus()
        panel.highlighted = no_url[0]
        await pilot.pause()
        await pilot.press("f")  # nothing to fetch: said why, nothing fetched
        await settle(pilot)
        assert not any("Fetching" in m for m in _messages(app))
        assert any("did not give this title's link" in m for m in _messages(app))

        panel.highlighted = missing[0]
        await pilot.pause()
        assert any(b.binding.key == "f" for b in app.active_bindings.values() if b.enabled)
        await pilot.press("f")
        await settle(pilot)
        messages = _messages(app)
        assert any(m.startswith("Fetching “Cần Thơ, Savannakhet") for m in messages), messages
        assert any("Fetched 1 new article" in m for m in messages), messages

        fetched = [item for item in panel.items if item.article_id and NEW in item.title]
        assert fetched, panel.items
        assert fetched[0].reason == "linked by the page"
        assert all(item.title != link_title for item in panel.items)
        # The highlight stays on the page just fetched, now an archived article.
        assert panel.highlighted == panel.items.index(fetched[0])
        panel.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_view.article.id == fetched[0].article_id
        assert NEW in screen.article_view.article.title
