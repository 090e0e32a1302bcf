"""Small helpers for driving the app in pilot tests."""

from __future__ import annotations

from textual.pilot import Pilot

from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the screen has caught up with their messages."""
    for _ in range(4):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def main(app: ReaderApp) -> MainScreen:
    return app.main_screen


def result_titles(app: ReaderApp) -> list[str]:
    result = app.main_screen.results.result
    return [hit.title for hit in result.hits] if result else []
