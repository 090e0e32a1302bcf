"""Pilot tests of the main screen: search as you type, open, related, entities, history."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from tui_articles import MARKUP_BODY, MARKUP_TITLE, article_id
from tui_helpers import result_titles, settle

from reader.archive import Archive
from reader.tui.app import make_app
from reader.tui.messages import ResultsReady
from reader.tui.widgets.results_list import ROW_LINES

pytestmark = pytest.mark.anyio

CAN_THO_LAO = "Xúc tiến hợp tác giữa TP Cần Thơ và các địa phương Lào"
CAN_THO_60 = "Cần Thơ họp mặt kỷ niệm 60 năm quan hệ ngoại giao Việt Nam – Lào"


async def test_empty_query_lists_newest_and_typing_updates_results(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        hits = app.main_screen.results.result.hits
        assert len(hits) >= 5
        dates = [hit.published for hit in hits if hit.published]
        assert dates == sorted(dates, reverse=True), "an empty query lists the newest first"
        await pilot.press("slash")
        assert app.focused is app.main_screen.search_box
        await pilot.press(*"da nang")
        await settle(pilot)
        assert "Đà Nẵng đón đoàn du khách quốc tế" in result_titles(app)
        await pilot.press(*" don doan")
        await settle(pilot)
        assert result_titles(app)[0] == "Đà Nẵng đón đoàn du khách quốc tế"
        status = str(app.main_screen.query_one("#status").render())
        total = app.main_screen.results.result.total
        assert f"{total} article" in status and "ms" in status
        await pilot.press("escape")
        assert app.focused is app.main_screen.results


async def test_stale_answers_are_dropped(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("slash", *"ha noi")
        await settle(pilot)
        fresh = result_titles(app)
        assert "Hà Nội mở rộng không gian đi bộ" in fresh
        stale = archive.search("da nang")
        screen.post_message(ResultsReady("da nang", screen.sort, stale))
        await pilot.pause()
        assert result_titles(app) == fresh


async def test_open_article_follow_related_and_come_back(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("slash", *"xuc tien can tho", "enter")
        await settle(pilot)
        assert result_titles(app)[0] == CAN_THO_LAO
        await pilot.press("home", "enter")
        await settle(pilot)
        assert screen.article_view.article.title == CAN_THO_LAO
        texts = [block.text for block in screen.article_view.blocks]
        assert "Quang cảnh buổi tiếp." in texts
        related = screen.related.items
        assert related[0].article_id == article_id(CAN_THO_60)  # the page's own link first
        assert any(item.article_id is None for item in related)  # a linked title not archived
        found = sum(1 for item in related if item.article_id)
        title = str(screen.related.border_title)
        assert title == f"Related ({found} · {len(related) - found} not archived)"
        screen.related.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_view.article.title == CAN_THO_60
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert screen.article_view.article.title == CAN_THO_LAO
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert screen.article_view.article.title == CAN_THO_60


async def test_entity_narrows_results(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        counts = screen.entities.counts
        assert counts[("place", "Cần Thơ")] >= 2
        screen.entities.focus()
        screen.entities.highlighted = 1  # the first person, under its heading
        await pilot.press("f")
        await settle(pilot)
        assert screen.search_box.value == 'person:"Nguyễn Thực Hiện"'
        assert result_titles(app)[0] == CAN_THO_LAO
        assert app.focused is screen.results


async def test_markup_and_escapes_in_articles_are_shown_literally(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(MARKUP_TITLE))
        await settle(pilot)
        title = screen.article_view.query_one(".title", Static)
        body = screen.article_view.query_one(".paragraph", Static)
        assert str(title.render()) == MARKUP_TITLE
        shown = str(body.render())
        assert "[/oops]" in shown and "[link=http://evil]click[/link]" in shown
        assert "\x1b" not in shown and "␛[31mred" in shown
        screen.set_query("bold red")
        await settle(pilot)
        rows = [str(row) for row in screen.results.rows]
        assert any(MARKUP_TITLE in row for row in rows)
        assert MARKUP_BODY.startswith("[/oops]")


async def test_find_in_article_is_accent_insensitive(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id(CAN_THO_LAO))
        await settle(pilot)
        await pilot.press("ctrl+f", *"can tho")
        await settle(pilot)  # matches are found in a worker
        assert screen.article_view.find_position == (1, 4)
        assert str(screen.query_one("#find-count").render()) == "1/4"
        await pilot.press("enter")
        assert app.focused is screen.article_view
        await pilot.press("n")
        assert screen.article_view.find_position == (2, 4)
        await pilot.press("N", "N")
        assert screen.article_view.find_position == (4, 4)


async def test_help_lists_every_pane(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        text = " ".join(str(s.render()) for s in app.screen.query(".help-group")).lower()
        for words in ("search", "back", "bookmark", "open related", "narrow results", "quit"):
            assert words in text
        await pilot.press("escape")
        assert app.screen is app.main_screen


async def test_empty_archive_shows_how_to_import(tmp_path: Path, state_path: Path) -> None:
    from reader.config import Config

    (tmp_path / "empty").mkdir()
    archive = Archive(Config(archive_dir=tmp_path / "empty", index_dir=tmp_path / "ix"))
    app = make_app(archive, state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        said = app.main_screen.results_pane.message
        assert "has no articles yet" in said and "import PATH..." in said
        assert str(tmp_path / "empty") in said


async def test_end_reaches_the_last_result_not_the_end_of_the_page(
    archive: Archive, state_path: Path
) -> None:
    """Only a page of hits is loaded with an answer; `End` goes to the last hit of the whole
    answer, whose page loads then."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        results = app.main_screen.results
        first = results.result
        assert first is not None and first.total > len(first.hits), "more than one page"
        assert results.hit_count == first.total
        await pilot.press("end")
        await settle(pilot)
        assert results.highlighted == first.total - 1
        every = archive.search("", limit=first.total, sort=app.main_screen.sort)
        assert results.highlighted_id == every.hits[-1].id
        assert results.loaded < first.total, "the pages between are not loaded"
        await pilot.press("enter")
        await settle(pilot)
        assert app.main_screen.article_view.article.id == every.hits[-1].id


async def test_the_scrollbar_spans_each_answer_as_typing_changes_it(
    archive: Archive, state_path: Path
) -> None:
    """Each answer's length sets the scrollbar's range (typing changes it without a layout
    of the whole screen), and `End` shows the last row of the answer typed."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        results = app.main_screen.results
        everything = results.hit_count
        await pilot.press("slash", *"cong")
        await settle(pilot)
        narrower = results.hit_count
        assert results.size.height < narrower * ROW_LINES and narrower < everything
        for _ in range(2):
            assert results.vertical_scrollbar.window_virtual_size == narrower * ROW_LINES
            assert results.max_scroll_y == narrower * ROW_LINES - results.size.height
            await pilot.press("escape", "end")
            await settle(pilot)
            assert results.highlighted == narrower - 1
            assert results.scroll_y == results.max_scroll_y
            await pilot.press("slash", *"cong")  # a new answer starts at the top
            await settle(pilot)
            assert results.scroll_y == 0


async def test_related_links_resolve_by_url(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        screen.open_article(article_id("Đà Nẵng đón đoàn du khách quốc tế"))
        await settle(pilot)
        item = screen.related.items[0]  # the page's own link, resolved by its URL, first
        assert item.article_id == article_id(CAN_THO_LAO)
        screen.related.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.article_view.article.title == CAN_THO_LAO


async def test_a_query_without_hits_says_so(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzqxw", "enter")
        await settle(pilot)
        screen = app.main_screen
        assert screen.results.result.total == 0 and screen.results.hit_count == 0
        row = str(screen.results.empty_message)
        assert "No articles match zzqxw" in row
        assert app.focused is screen.article_view  # nothing to pick in the list


async def test_results_keys_and_mouse(archive: Archive, state_path: Path) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        results = screen.results
        results.focus()
        count = results.hit_count
        assert count >= 5 and results.highlighted == 0
        await pilot.press("pagedown")
        page = results.scrollable_content_region.height // 4
        assert results.highlighted == min(page, count - 1), "a page is the rows on screen"
        await pilot.press("home")
        assert results.highlighted == 0 and results.scroll_y == 0
        await pilot.press("down", "down", "up")
        assert results.highlighted == 1
        await pilot.press("end")
        await settle(pilot)
        last = results.highlighted
        assert last == results.hit_count - 1 or last == count - 1
        assert results.scroll_y > 0, "the last row is scrolled into view"
        await pilot.press("home")
        await settle(pilot)
        second = results.rows[1].hit
        # The rows are four lines each: a click on the second row's third line opens it.
        await pilot.click(results, offset=(12, 4 + 2))
        await settle(pilot)
        assert screen.article_view.article.id == second.id
        assert results.highlighted == 1


async def test_a_page_is_what_the_list_shows_and_a_taller_terminal_gets_more(
    archive: Archive, state_path: Path
) -> None:
    """Each hit costs its snippet on every keystroke: the list asks for the rows it has room
    for and a few more, and fills up when the terminal grows."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        results = app.main_screen.results
        room = results.scrollable_content_region.height // 4
        assert results.result.total > 20
        assert room < results.loaded <= max(8, room + 3)
        await pilot.resize_terminal(120, 80)
        await settle(pilot)
        await settle(pilot)
        room = results.scrollable_content_region.height // 4
        assert results.loaded > room, "the taller list is filled"


async def test_an_archive_without_dates_gives_its_titles_the_date_column(
    tmp_path: Path, state_path: Path
) -> None:
    """Articles without a date (a folder of plain text files) start at the list's edge; an
    archive with dates keeps its date column (the other tests)."""
    from reader.config import Config
    from reader.model.article import Article
    from reader.store import ArchiveStore

    root = tmp_path / "undated"
    store = ArchiveStore(root)
    for n in range(3):
        store.write(
            Article(title=f"Bản tin không ngày số {n}", body="Nội dung bản tin.", id=f"t{n}")
        )
    undated = Archive(Config(archive_dir=root, index_dir=tmp_path / "undated-index"))
    app = make_app(undated, state_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            rows = [str(row) for row in app.main_screen.results.rows]
            assert len(rows) == 3
            assert all(row.startswith("  • Bản tin không ngày số") for row in rows), rows
    finally:
        undated.close()
