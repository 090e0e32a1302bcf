"""TUI benchmark (not a test): keystroke-to-results latency through the pilot, and cold start.

    .venv/bin/python tests/tui/bench_tui.py --work /tmp/tuibench [--articles 24842]

The first run writes the shared corpus as an archive in WORK and builds its index (minutes);
later runs reuse both. Keystrokes: the search script of bench/search_latency.py typed one
character at a time; each is timed from the key press to the results of that exact text
applied to the list and the screen refreshed. Cold start: `reader` in tmux, from launch to
the first screen showing the hit count, median of 5.
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


async def keystrokes(archive: Archive, state: Path) -> list[float]:
    from reader.tui.app import make_app

    app = make_app(archive, state)
    times: list[float] = []
    async with app.run_test(size=(160, 48)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        box = screen.search_box
        for query in SCRIPT:
            await pilot.press("slash", "ctrl+u")
            await app.workers.wait_for_complete()
            await pilot.pause()
            for char in query:
                started = time.perf_counter()
                await pilot.press("space" if char == " " else char)
                while screen.results.result is None or screen.results.result.query != box.value:
                    await asyncio.sleep(0.0005)
                await pilot.pause()
                times.append((time.perf_counter() - started) * 1000)
    return times


def cold_start(work: Path, runs: int = 5) -> list[float]:
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
        try:
            while time.perf_counter() - started < 20:
                screen = subprocess.run(
                    [tmux, "-L", session, "capture-pane", "-t", session, "-p"],
                    capture_output=True,
                    text=True,
                ).stdout
                if "articles ·" in screen:
                    results.append((time.perf_counter() - started) * 1000)
                    break
                time.sleep(0.005)
        finally:
            subprocess.run([tmux, "-L", session, "kill-server"], capture_output=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=None)
    args = parser.parse_args()
    archive = prepare(args.work, args.articles)
    times = asyncio.run(keystrokes(archive, args.work / "state.json"))
    print(
        f"keystroke -> results applied: n={len(times)} p50={percentile(times, 0.5):.1f} ms "
        f"p95={percentile(times, 0.95):.1f} ms max={max(times):.1f} ms"
    )
    archive.close()
    starts = cold_start(args.work)
    if starts:
        print(f"cold start to first results: median={statistics.median(starts):.0f} ms {starts}")


if __name__ == "__main__":
    main()
