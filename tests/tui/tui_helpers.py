"""Small helpers for driving the app in pilot tests."""

from __future__ import annotations

import asyncio
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState

from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen


def conftest_of(folder: str) -> ModuleType:
    """The conftest module of another test folder (`fetch`, `feeds`), for its fixtures: a
    test module takes one by naming it (`site = conftest_of("fetch").site`)."""
    path = Path(__file__).resolve().parents[1] / folder / "conftest.py"
    spec = importlib.util.spec_from_file_location(f"{folder}_fixtures", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


async def workers_done(app: App[object], timeout: float = 30.0) -> None:
    """Wait until no worker is pending or running (cancelled ones included, unlike
    `wait_for_complete`, which raises on a worker cancelled by a newer keystroke)."""
    deadline = time.monotonic() + timeout
    while any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
        if time.monotonic() > deadline:
            raise TimeoutError("workers still running")
        await asyncio.sleep(0.005)


async def settle(pilot: Pilot[None]) -> None:
    """Wait until every worker is done and the screen has caught up with their messages."""
    for _ in range(4):
        await workers_done(pilot.app)
        screen = getattr(pilot.app, "main_screen", None)
        while screen is not None and screen.work.pending:
            await asyncio.sleep(0.01)
        await workers_done(pilot.app)
        await pilot.pause()


def main(app: ReaderApp) -> MainScreen:
    return app.main_screen


def result_titles(app: ReaderApp) -> list[str]:
    result = app.main_screen.results.result
    return [hit.title for hit in result.hits] if result else []
