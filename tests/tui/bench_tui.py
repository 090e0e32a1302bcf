"""TUI benchmark (not a test): keystroke-to-results latency through the pilot, and cold start.

    .venv/bin/python tests/tui/bench_tui.py --work /tmp/tuibench [--articles 24842]

The first run writes the shared corpus as an archive in WORK and builds its index (minutes);
later runs reuse both. Keystrokes: the search script of bench/search_latency.py typed one
character at a time into the app under the pilot; each is timed from the key event to the results of
that exact text applied to the list and painted (the first refresh after they were applied).
Cold start: `reader` in tmux, from launch to the first screen showing the hit count, median
of 5.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench import corpus  # noqa: E402
from bench.common import DEFAULT_CORPUS, percentile  # noqa: E402
from bench.search_latency import SCRIPT  # noqa: E402

import reader.tui  # noqa: E402, F401  (the app's frame rate, set before Textual loads)
from reader.archive import Archive  # noqa: E402
from reader.config import Config  # noqa: E402
from reader.model.ids import assign_identity  # noqa: E402


def prepare(work: Path, limit: int | None) -> Archive:
    """The benchmark archive and its up-to-date index."""
    archive_dir = work / "archive"
    archive = Archive(Config(archive_dir=archive_dir, index_dir=work / "index"))
    if not archive_dir.exists():
        archive_dir.mkdir(parents=True)
        from datetime import UTC, datetime

        now = datetime.now(UTC)
        for article in corpus.load(DEFAULT_CORPUS, limit):
            archive.store.write(assign_identity(article, now).with_changes(id=article.id))
    started = time.perf_counter()
    report = archive.sync_index()
    print(f"sync: {report.added} added in {time.perf_counter() - started:.1f} s", flush=True)
    return archive


def floor_app(archive: Archive):
    """The floor: a minimal Textual app doing the same job (an input, an exclusive thread
    worker running the same search, one-line titles in an OptionList), shaped like the reader
    (`main_screen.search_box`, `main_screen.results.result`) so it is measured the same way."""
    from textual import on, work
    from textual.app import App, ComposeResult
    from textual.content import Content
    from textual.screen import Screen
    from textual.widgets import Input, OptionList
    from textual.widgets.option_list import Option

    class Results(OptionList):
        result = None

    class Floor(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Input(id="search")
            yield Results(id="results")

        @property
        def search_box(self) -> Input:
            return self.query_one("#search", Input)

        @property
        def results(self) -> Results:
            return self.query_one("#results", Results)

        @on(Input.Changed)
        def changed(self, event: Input.Changed) -> None:
            self.search(event.value)

        @work(thread=True, exclusive=True)
        def search(self, query: str) -> None:
            result = archive.search(query, limit=30)
            self.app.call_from_thread(self.show, query, result)

        def show(self, query: str, result: object) -> None:
            if query != self.search_box.value:
                return
            self.results.set_options(Option(Content(hit.title), id=hit.id) for hit in result.hits)
            self.results.result = result

    class FloorApp(App[None]):
        def on_mount(self) -> None:
            self.main_screen = Floor()
            self.push_screen(self.main_screen)

    return FloorApp()


async def keystrokes(
    archive: Archive,
    state: Path,
    floor: bool = False,
    profile: Path | None = None,
    facets: bool = False,
) -> tuple[list[float], list[float]]:
    """Type the script key by key; per key, ms to painted results and the engine's own ms
    (with the facets panel shown when `facets`: they are counted whenever typing pauses,
    here between two queries of the script)."""
    from textual import events

    from reader.tui.app import make_app

    sys.path.insert(0, str(Path(__file__).parent))
    from tui_helpers import workers_done

    app = floor_app(archive) if floor else make_app(archive, state)
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
    times: list[float] = []
    engine: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        if facets:
            await pilot.press("g")
            await workers_done(app)
        await pilot.press("slash")
        screen.search_box.focus()
        # Told when results are applied, not polled for: a poll every half millisecond on the
        # event loop took the interpreter from the search thread and slowed the search it
        # timed (the search thread waits for the lock after each of its file reads).
        applied = asyncio.Event()
        holder = screen if floor else screen.results
        apply = holder.show

        def show(*args: object, **kwargs: object) -> None:
            apply(*args, **kwargs)
            applied.set()

        holder.show = show
        if profiler is not None:
            profiler.enable()
        for query in SCRIPT:
            screen.search_box.value = ""
            await pilot.pause(0.4)
            await workers_done(app)
            typed = ""
            for char in query:
                typed += char
                started = time.perf_counter()
                # The key goes in as the terminal driver would send it (pilot.press would
                # also wait for the app to go idle, which is not what a user waits for).
                app.post_message(events.Key("space" if char == " " else char, char))
                while screen.results.result is None or screen.results.result.query != typed:
                    applied.clear()
                    await applied.wait()
                painted = asyncio.Event()
                screen.call_after_refresh(painted.set)
                await painted.wait()
                times.append((time.perf_counter() - started) * 1000)
                engine.append(screen.results.result.took_ms)
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(profile))
    return times, engine


FLOOR_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Label\n"
    "class Floor(App):\n"
    "    def compose(self):\n"
    "        yield Label('Results: 1 articles · 0 ms')\n"
    "Floor().run()\n"
)
"""A bare Textual app (a label), for the cold-start floor."""


def cold_start(work: Path, runs: int = 5, floor: bool = False) -> list[tuple[float, float]]:
    """(ms to the first painted screen, ms to the first results) of `runs` fresh launches
    (of a bare Textual app when `floor`)."""
    tmux, reader = (
        shutil.which("tmux"),
        shutil.which("reader", path=str(Path(sys.executable).parent)),
    )
    if not (tmux and reader):
        return []
    results = []
    for _ in range(runs):
        session = f"reader-bench-{uuid.uuid4().hex[:8]}"
        data = work / "xdg-data"
        paths = f"--archive {work / 'archive'} --index {work / 'index'}"
        command = f"env XDG_DATA_HOME={data} {reader} {paths}"
        if floor:
            script = work / "floor_app.py"
            script.write_text(FLOOR_APP, encoding="utf-8")
            command = f"{sys.executable} {script}"
        started = time.perf_counter()
        subprocess.run(
            [
                tmux,
                "-L",
                session,
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                "160",
                "-y",
                "48",
                command,
            ]
        )
        first_paint = None
        try:
            while time.perf_counter() - started < 20:
                screen = subprocess.run(
                    [tmux, "-L", session, "capture-pane", "-t", session, "-p"],
                    capture_output=True,
                    text=True,
                ).stdout
                elapsed = (time.perf_counter() - started) * 1000
                if first_paint is None and "Results" in screen:
                    first_paint = elapsed
                if "articles ·" in screen:
                    results.append((first_paint or elapsed, elapsed))
                    break
                time.sleep(0.005)
        finally:
            subprocess.run([tmux, "-L", session, "kill-server"], capture_output=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--skip-cold", action="store_true", help="only the keystrokes")
    parser.add_argument("--floor", action="store_true", help="also a minimal app, for the floor")
    parser.add_argument("--profile", type=Path, help="cProfile the event loop into this file")
    parser.add_argument("--facets", action="store_true", help="also typing with facets shown")
    args = parser.parse_args()
    archive = prepare(args.work, args.articles)
    runs = [("reader", False, False)]
    if args.facets:
        runs.append(("reader with facets shown", False, True))
    if args.floor:
        runs.append(("floor", True, False))
    for name, floor, facets in runs:
        state = args.work / "state.json"
        times, engine = asyncio.run(keystrokes(archive, state, floor, args.profile, facets))
        print(
            f"{name}: keystroke -> results painted: n={len(times)} "
            f"p50={percentile(times, 0.5):.1f} ms p95={percentile(times, 0.95):.1f} ms "
            f"max={max(times):.1f} ms; the search itself: p50={percentile(engine, 0.5):.1f} "
            f"ms p95={percentile(engine, 0.95):.1f} ms",
            flush=True,
        )
    archive.close()
    if args.skip_cold:
        return
    for name, floor, facets in runs:
        if facets:
            continue
        starts = cold_start(args.work, floor=floor)
        if starts:
            paint = statistics.median(first for first, _ in starts)
            answer = statistics.median(full for _, full in starts)
            print(
                f"{name}: cold start (median of {len(starts)}): first screen {paint:.0f} ms, ",
                end="",
            )
            print(f"first results {answer:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
