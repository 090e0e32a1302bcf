"""Reading and following: the related panel's rows and full height, the entity panel's order,
counts and long names, narrowing by an entity, the entity view's months, and the keys that
say why they do nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_articles import IMPORTED, article_id
from tui_helpers import settle

from reader.archive import Archive
from reader.model.article import Article, Entities
from reader.model.ids import assign_identity
from reader.store import ArchiveStore
from reader.tui import browser
from reader.tui.app import make_app
from reader.tui.widgets.related_panel import RelatedItem, item_prompt

pytestmark = pytest.mark.anyio

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"
DA_NANG = "Đà Nẵng đón đoàn du khách quốc tế"
HA_NOI = "Hà Nội mở rộng không gian đi bộ"
LONG_ORG = "Trường Đại học Kỹ thuật Công nghệ Cần Thơ và Đồng bằng sông Cửu Long"


def notices(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


def test_a_related_row_is_the_title_then_the_reason_dimmed() -> None:
    row = item_prompt(RelatedItem("Một tiêu đề", "shares Cần Thơ", "id-1"))
    assert str(row).startswith("Một tiêu đề") and str(row).endswith("· shares Cần Thơ")
    reason_at = str(row).index("·")
    assert any(span.start >= reason_at - 2 and "muted" in str(span.style) for span in row.spans)
    missing = item_prompt(RelatedItem("Không có", "not in the archive", None, None))
    assert str(missing).startswith("Không có") and "enter searches for it" in str(missing)


async def test_the_related_list_at_full_height_and_back(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        related, reading = screen.related, screen.reading
        height = related.outer_size.height
        assert str(related.get_option_at_index(0).prompt).startswith(related.items[0].title)
        related.focus()
        await pilot.press("z")
        await pilot.pause()
        assert reading.related_zoomed and not screen.article_view.display
        assert related.outer_size.height > height * 2
        await pilot.press("escape")
        await pilot.pause()
        assert not reading.related_zoomed and screen.article_view.display


async def test_f_says_why_it_cannot_fetch(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        screen.related.focus()
        await pilot.press("f")  # the first item is in the archive
        assert any("in the archive already" in n for n in notices(app))
        missing = next(i for i, item in enumerate(screen.related.items) if not item.article_id)
        screen.related.highlighted = missing
        await pilot.press("f")
        assert any("did not give this title's link" in n for n in notices(app))


async def test_o_opens_a_browser_or_says_why_not(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(browser, "graphical_browser", lambda: None)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(HA_NOI))  # imported from a file: no address
        await settle(pilot)
        await pilot.press("o")
        assert any("no web address" in n for n in notices(app))
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        said = [n for n in notices(app) if "No web browser" in n]
        assert said and screen.article_view.article.url in said[0]

        class Browser:
            def open(self, url: str, new: int = 0) -> bool:
                opened.append(url)
                return True

        monkeypatch.setattr(browser, "graphical_browser", Browser)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [screen.article_view.article.url]


async def test_m_says_which_article_and_the_open_one_when_it_is_focused(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        hit = screen.results.highlighted_hit
        await pilot.press("m")
        await settle(pilot)
        assert any(n.startswith("Bookmarked: “") and hit.title[:20] in n for n in notices(app))
        assert archive.bookmarks() == [hit.id]
        screen.open_article(article_id(DA_NANG))
        await settle(pilot)
        assert app.focused is screen.article_view
        await pilot.press("m")
        await settle(pilot)
        assert set(archive.bookmarks()) == {hit.id, article_id(DA_NANG)}
        assert any(DA_NANG in n for n in notices(app))


async def test_a_deleted_bookmark_comes_back_with_u(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        archive.set_bookmark(article_id(DA_NANG))
        archive.set_bookmark(article_id(HA_NOI))
        first, second = archive.bookmarks()
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert archive.bookmarks() == [second]
        title = DA_NANG if first == article_id(DA_NANG) else HA_NOI
        assert any(f"Bookmark removed: “{title[:6]}" in n and "u undoes" in n for n in notices(app))
        await pilot.press("u")
        await settle(pilot)
        assert set(archive.bookmarks()) == {first, second}
        items = app.screen.query_one("#items")
        assert items.option_count == 2 and items.highlighted == 0
        await pilot.press("u")
        assert any("Nothing to undo" in n for n in notices(app))


async def test_esc_in_the_article_closes_the_find_bar(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        await pilot.press("ctrl+f", *"lao", "enter")
        await settle(pilot)
        assert app.focused is screen.article_view and screen.reading.find_bar.display
        await pilot.press("escape")
        assert not screen.reading.find_bar.display
        assert screen.article_view.needle == ""


async def test_narrowing_by_an_entity_adds_it_to_the_query(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("slash", *"hop tac", "enter")
        await settle(pilot)
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        screen.entities.focus()
        screen.entities.highlighted = 1
        await pilot.press("f")
        await settle(pilot)
        assert screen.search_box.value == 'hop tac person:"Nguyễn Thực Hiện"'
        await pilot.press("escape")
        screen.entities.focus()
        screen.entities.highlighted = 1
        await pilot.press("f")  # already in the query: it stays as it is
        await settle(pilot)
        assert screen.search_box.value == 'hop tac person:"Nguyễn Thực Hiện"'


async def test_the_entity_panel_keeps_the_article_order_says_what_it_counts_and_shows_long_names(
    archive: Archive, state_path: Path
) -> None:
    """The extractor stores what an article is most about first: the panel keeps that order
    (not A-Z, not by archive count), labels its numbers, and shows a long name whole while
    it is highlighted."""
    article = assign_identity(
        Article(
            title="Lào và Cần Thơ",
            body="Lào. Cần Thơ.",
            entities=Entities(place=("Lào", "Cần Thơ", "Đà Nẵng"), org=(LONG_ORG,)),
        ),
        IMPORTED,
    )
    ArchiveStore(archive.root).write(article)
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article.id)
        await settle(pilot)
        sidebar = screen.entities
        names = [key[1] for key in sidebar._keys if key]
        assert names == ["Lào", "Cần Thơ", "Đà Nẵng", LONG_ORG]
        assert sidebar.border_subtitle == "n = archive articles"
        long_row = names.index(LONG_ORG) + 2  # under two headings
        assert "…" in str(sidebar.get_option_at_index(long_row).prompt)
        sidebar.focus()
        sidebar.highlighted = long_row
        await pilot.pause()
        shown = str(sidebar.get_option_at_index(long_row).prompt)
        assert "…" not in shown and " ".join(shown.split()).startswith(LONG_ORG[:40])
        assert "Cửu Long" in shown


async def test_the_entity_view_shows_mentions_per_month(archive: Archive, state_path: Path) -> None:
    from reader.tui.screens.entity import EntityScreen

    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        screen.entities.focus()
        screen.entities.highlighted = 3  # Places: Cần Thơ
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, EntityScreen)
        title = str(view.query_one("#entity-months-title").render())
        assert title.startswith("Mentions per month") and "most in" in title
        chart = view.query_one("#entity-months")
        assert chart.display and len(chart.counts) > 1


def test_no_browser_without_a_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(browser.sys, "platform", "linux")
    assert browser.graphical_browser() is None
    assert browser.open_in_browser("https://example.com/") is False
