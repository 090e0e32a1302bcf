"""Typing and pasting: pasted text is text, never commands; ↑/↓ in the search box; `/`."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from tui_helpers import settle

from reader.archive import Archive
from reader.tui.app import make_app
from reader.tui.paste import BURST_GAP, coalesce
from reader.tui.widgets.line_input import one_line

pytestmark = pytest.mark.anyio


def _keys(text: str, start: float = 0.0, gap: float = 0.0001) -> list[tuple[float, events.Key]]:
    keys = []
    for n, char in enumerate(text):
        key = events.Key("enter", "\r") if char == "\n" else events.Key(char, char)
        keys.append((start + n * gap, key))
    return keys


def test_a_burst_of_text_keys_is_one_paste_and_typing_stays_keys() -> None:
    burst = coalesce(_keys("da nang\nes q"))
    assert len(burst) == 1 and isinstance(burst[0], events.Paste)
    assert burst[0].text == "da nang\nes q"
    # A person's keystrokes are tens of milliseconds apart: each stays a key.
    typed = coalesce(_keys("eq", gap=0.05))
    assert [type(m) for m in typed] == [events.Key, events.Key]
    # A lone key, and keys that only command (arrows), are never text.
    arrows = [(0.0, events.Key("down", None)), (0.0001, events.Key("down", None))]
    assert all(isinstance(m, events.Key) for m in coalesce(arrows))
    mixed = coalesce([*_keys("ab"), (0.0003, events.Key("down", None)), *_keys("c", 0.1)])
    assert [type(m).__name__ for m in mixed] == ["Paste", "Key", "Key"]
    assert BURST_GAP < 0.01


def test_one_line_joins_the_lines_of_a_paste() -> None:
    assert one_line("ngày 5/9\nCần Thơ\r\n  Lào\n") == "ngày 5/9 Cần Thơ Lào"
    assert one_line("a\tb") == "a b"


async def test_a_paste_in_the_search_box_keeps_every_line(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        await pilot.press("slash")
        app.post_message(events.Paste("can tho\nlao\n"))
        await settle(pilot)
        assert screen.search_box.value == "can tho lao"
        assert app.focused is screen.search_box


async def test_a_paste_outside_the_search_box_runs_no_command(
    archive: Archive, state_path: Path
) -> None:
    """Pasted onto the result list, `e`, `s` and `q` would hide a panel, sort and quit: they
    go into the search box instead, lines joined."""
    app = make_app(archive, state_path)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        assert app.focused is screen.results
        entities_shown, sort = screen.entities.display, screen.sort
        app.post_message(events.Paste("/da nang\ne s q\n"))
        await settle(pilot)
        assert app.is_running
        assert screen.search_box.value == "da nang e s q"
        assert app.focused is screen.search_box
        assert screen.entities.display == entities_shown and screen.sort == sort


async def test_up_recalls_earlier_searches_and_down_goes_to_the_results(
    archive: Archive, state_path: Path
) -> None:
    app = make_app(archive, state_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.main_screen
        box = screen.search_box
        for query in ("can tho", "da nang", "ha noi"):
            await pilot.press("slash", *["backspace"] * 10, *query, "enter")
            await settle(pilot)
        assert screen.state.searches[-3:] == ["can tho", "da nang", "ha noi"]
        await pilot.press("slash", *["backspace"] * 10, *"hue")
        await pilot.press("up")
        assert box.value == "ha noi"
        await pilot.press("up", "up")
        assert box.value == "can tho"
        await settle(pilot)
        assert screen.results.result.query == "can tho", "a recalled search is searched"
        await pilot.press("up")  # nothing earlier: stays
        assert box.value == "can tho"
        await pilot.press("down")
        assert box.value == "da nang"
        await pilot.press("down", "down")
        assert box.value == "hue", "past the newest: what was typed"
        await pilot.press("down")
        assert app.focused is screen.results
    # Remembered across runs.
    second = make_app(archive, state_path)
    async with second.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *["backspace"] * 10, "up")
        assert second.main_screen.search_box.value == "hue"
        await pilot.press("up")
        assert second.main_screen.search_box.value == "ha noi"
