"""Long articles: one paragraph of megabytes never holds up the reader, and every part of a
long article can still be read, found in and scrolled to the end."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static
from tui_articles import LONG_END, LONG_START, long_article
from tui_helpers import settle

from reader.archive import Archive
from reader.model.article import Article
from reader.related import RelatedList
from reader.store import ArchiveStore
from reader.tui.app import make_app
from reader.tui.blocks import MAX_BLOCK, PART_BLOCKS, PART_CHARS, Block, part_ranges, pieces

pytestmark = pytest.mark.anyio


def _add(archive: Archive, article: Article) -> Article:
    """Store `article` after the app's index sync: opened by id, it is never indexed."""
    ArchiveStore(archive.root).write(article)
    return article


def test_pieces_cut_after_a_sentence_else_at_a_space_else_anywhere() -> None:
    text = "Một câu ngắn. " * 2000
    cut = list(pieces(text, 1000))
    assert all(len(piece) <= 1000 for piece in cut)
    assert all(piece.endswith(".") for piece in cut[:-1]), "cut after a sentence"
    assert " ".join(cut) == text
    words = list(pieces("từ " * 1000, 100))
    assert all(len(p) <= 100 and not p.startswith(" ") for p in words)
    assert "".join(pieces("x" * 250, 100)) == "x" * 250
    assert list(pieces("ngắn", 100)) == ["ngắn"]


def test_parts_hold_a_bounded_number_of_characters_and_blocks() -> None:
    blocks = [Block("x" * 7000, "paragraph") for _ in range(30)]
    blocks += [Block("y", "paragraph") for _ in range(3 * PART_BLOCKS)]
    parts = part_ranges(blocks)
    assert [i for part in parts for i in part] == list(range(len(blocks)))
    for part in parts:
        assert len(part) <= PART_BLOCKS
        assert sum(len(blocks[i].text) for i in part) <= max(PART_CHARS, MAX_BLOCK)


async def test_q_quits_at_once_while_a_huge_paragraph_opens(
    archive: Archive, state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The related list is left out: reader.related reads the whole text in single C calls
    # (1.2 s of `findall` at 19 MB) that hold the interpreter lock and so stall any thread
    # that wants it, the event loop too. That is its own cost; the tmux test keeps it.
    monkeypatch.setattr(archive, "related", lambda article_id, limit=10: RelatedList(article_id))
    # Timed on the app's own loop: the pilot's press and pause wait for the whole process to
    # be idle, which it is not while a worker cuts the article. The tight bound is on the
    # event loop's CPU time (0.15 s here, 0.1 s for a 3 KB article, 7 s before the article
    # view's change); wall-clock times also count the other processes on a busy machine.
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        huge = _add(archive, long_article(3_000_000))
        started, cpu_started = time.monotonic(), time.thread_time()
        app.main_screen.open_article(huge.id)
        await asyncio.sleep(0.05)  # a frame is drawn: the old view laid the paragraph out here
        app.post_message(events.Key("q", "q"))
        while app.return_code is None and time.monotonic() - started < 30:
            await asyncio.sleep(0.01)
        handled_after = time.monotonic() - started
        cpu = time.thread_time() - cpu_started
        while app.is_running and time.monotonic() - started < 30:
            await asyncio.sleep(0.01)
        quit_after = time.monotonic() - started
    assert cpu < 0.5, f"the event loop worked {cpu:.1f} s between opening and q"
    assert handled_after < 2, f"q was handled {handled_after:.1f} s after the article opened"
    assert quit_after < 3, f"the app quit {quit_after:.1f} s after the article opened"


async def test_a_long_article_is_read_part_by_part_to_its_end(
    archive: Archive, state_path: Path
) -> None:
    article = _add(archive, long_article(200_000))
    app = make_app(archive, state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, view = app.main_screen, app.main_screen.article_view
        screen.open_article(article.id)
        await settle(pilot)
        count = len(view.parts)
        assert count >= 4 and view.part == 0
        assert view.border_subtitle == f"part 1 of {count}"
        assert all(len(block.text) <= MAX_BLOCK for block in view.blocks)
        shown = "".join(block.text for block in view.blocks[1:])
        assert shown.replace(" ", "") == article.body.replace(" ", ""), "nothing left out"
        assert view.query(".paragraph").first(Static).visual.plain.startswith(LONG_START)
        note = str(view.query_one(".part-note.below", Static).visual)
        assert f"Part 1 of {count}" in note and "scroll on" in note

        await pilot.press("end")
        await settle(pilot)
        assert view.part == count - 1 and view.is_vertical_scroll_end
        assert view.border_subtitle == f"part {count} of {count}"
        assert view.query(".paragraph").last(Static).visual.plain.endswith(LONG_END)
        await pilot.press("home")
        await settle(pilot)
        assert view.part == 0 and view.scroll_y == 0

        view.scroll_end(animate=False)
        await pilot.pause()
        await pilot.press("space")  # on past the end of a part: the next one, from its top
        await settle(pilot)
        assert view.part == 1 and view.scroll_y == 0
        assert f"Part 2 of {count}" in str(view.query_one(".part-note.above", Static).visual)
        await pilot.press("k")  # up past its top: the previous one, at its end
        await settle(pilot)
        assert view.part == 0 and view.is_vertical_scroll_end


async def test_find_turns_to_the_part_of_a_match(archive: Archive, state_path: Path) -> None:
    article = _add(archive, long_article(200_000))
    app = make_app(archive, state_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen, view = app.main_screen, app.main_screen.article_view
        screen.open_article(article.id)
        await settle(pilot)
        await pilot.press("ctrl+f", *"ket thuc")
        await settle(pilot)
        assert view.find_position == (1, 1)
        assert view.part == len(view.parts) - 1
        assert "thúc" in app.export_screenshot(), "the match is in view"
        assert str(screen.query_one("#find-count", Static).visual) == "1/1"
