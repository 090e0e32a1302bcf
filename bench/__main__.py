"""The one benchmark command (issue 8): `python -m bench [--quick] [--sizes 24842,100000]`.

For each size it builds (once, cached under bench/cache/, git-ignored) an archive by importing
corpus files through `Archive.import_paths` with entity extraction on, the way `reader import`
does; sizes above the corpus are made by replicating it with new titles and lightly varied
text. Then it measures, at every size:

- import + index throughput (articles/s, wall clock and CPU of the importer and its writer
  processes), peak RSS of the import, index size; an import of a few articles into the full
  archive (incremental);
- per-keystroke search latency over `bench.search_latency.SCRIPT` typed one character at a
  time (the TUI's path: parse, search, top 20, snippets), the same keystrokes on SQLite FTS5
  in the same run, and the ratios;
- related list, entity view and `reader show` latencies (skipped with a note when the
  archive has no such method);
- facet counts of a query (`bench.facets_speed`): wall and CPU per query, the first of a
  generation, and every listed value's term checked against a search;
- the TUI through `tests/tui/bench_tui.py`: keystroke to painted results (pilot), cold start
  to the first painted screen (tmux), each beside a minimal Textual app, and the RSS of the
  process running the app after its searches.

It prints one table and writes bench/results/bench.json. Timings are never asserted anywhere.
A cached size is reused as long as its archive is complete; the figures of its import are
then read from the cache (the import ran once, when the cache was built).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import corpus, facets_speed, fts
from bench.common import DEFAULT_CORPUS, percentile, summary, write_results
from bench.search_latency import SCRIPT, keystrokes, run_fts, run_reader

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "bench" / "cache"
CORPUS_SIZE = 24_842
SIZES = (CORPUS_SIZE, 100_000)
QUICK_SIZE = 2_000
FEW = 5
SAMPLES = 40
# Words appended to replicated titles and sentences, so copies are new articles.
VARIANTS = ("mới", "cập nhật", "tiếp theo", "bổ sung", "chi tiết", "nhanh", "toàn cảnh")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _rss_mb(kind: str = "VmRSS") -> float:
    """Resident memory of this process now, in MB (`kind` RssAnon: without mapped files)."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{kind}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- inputs -------------------------------------------------------------------------------


def _vary(text: str, copy: int) -> str:
    """A corpus file made into a new article: a varied title, rotated body paragraphs."""
    title, _, rest = text.strip().partition("\n")
    lead, _, body = rest.partition("\n")
    rng = random.Random(f"{copy}:{title}")
    paragraphs = [p for p in body.split("\n") if p.strip()]
    if len(paragraphs) > 1:
        turn = copy % len(paragraphs)
        paragraphs = paragraphs[turn:] + paragraphs[:turn]
    word = VARIANTS[rng.randrange(len(VARIANTS))]
    lead = f"{lead} ({word} {copy})" if lead else lead
    return "\n".join([f"{title} – {word} {copy}", lead, *paragraphs]) + "\n"


def make_inputs(folder: Path, size: int, corpus_path: Path) -> None:
    """Write `size` input files to `folder` (the corpus, then varied copies of it)."""
    if (folder / ".complete").exists():
        return
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    files = corpus.corpus_files(corpus_path)
    written = 0
    copy = 0
    while written < size:
        for path in files:
            if written >= size:
                break
            if copy == 0:
                shutil.copyfile(path, folder / path.name)
            else:
                text = path.read_text("utf-8", errors="replace")
                target = folder / f"r{copy}-{path.name}"
                target.write_text(_vary(text, copy), "utf-8")
            written += 1
        copy += 1
    (folder / ".complete").touch()


# -- import -------------------------------------------------------------------------------


def _import_child(archive_dir: Path, index_dir: Path, folder: Path) -> dict[str, Any]:
    """Import `folder` in this process and report its costs (run in a child process)."""
    from reader.archive import Archive
    from reader.config import Config

    archive = Archive(Config(archive_dir=archive_dir, index_dir=index_dir))
    started = time.perf_counter()
    cpu = time.process_time()
    imported = archive.import_paths([folder])
    seconds = time.perf_counter() - started
    own_cpu = time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    index_bytes = archive.index.size_bytes()
    archive.close()
    count = imported.count("imported")
    return {
        "imported": count,
        "failed": imported.count("failed"),
        "duplicate": imported.count("duplicate"),
        "seconds": round(seconds, 2),
        "articles_per_s": round(count / seconds, 1) if seconds else None,
        "cpu_main_s": round(own_cpu, 1),
        "cpu_writers_s": round(children.ru_utime + children.ru_stime, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_writers_mb": round(children.ru_maxrss / 1024, 1),
        "index_mb": round(index_bytes / 1e6, 1),
    }


def _run_import(archive_dir: Path, index_dir: Path, folder: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "bench",
        "--import-child",
        str(archive_dir),
        str(index_dir),
        str(folder),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    if done.returncode != 0:
        raise RuntimeError(f"import failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def build_size(size: int, corpus_path: Path, log: Callable[[str], None]) -> dict[str, Any]:
    """The cached archive of `size` articles, imported (and measured) when missing."""
    work = CACHE / f"n{size}"
    record = work / "import.json"
    if record.exists():
        return json.loads(record.read_text("utf-8"))
    shutil.rmtree(work / "archive", ignore_errors=True)
    shutil.rmtree(work / "index", ignore_errors=True)
    log(f"[{size}] writing inputs")
    make_inputs(CACHE / f"inputs-{size}", size, corpus_path)
    # The removals and input files reach the disk now, not inside the measured import.
    os.sync()
    log(f"[{size}] importing (this is the throughput measure)")
    result = _run_import(work / "archive", work / "index", CACHE / f"inputs-{size}")
    record.write_text(json.dumps(result, indent=2), "utf-8")
    return result


def few_into_big(work: Path, corpus_path: Path) -> dict[str, Any]:
    """Import FEW new articles into the full archive, then take them out again."""
    from reader.archive import Archive
    from reader.config import Config

    folder = Path(tempfile.mkdtemp(prefix="reader-bench-few-"))
    files = corpus.corpus_files(corpus_path)[:FEW]
    stamp = time.time_ns()
    for number, path in enumerate(files):
        text = _vary(path.read_text("utf-8", errors="replace"), 10_000 + number)
        (folder / f"few-{stamp}-{number}.txt").write_text(text.replace("–", f"– {stamp}"))
    archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
    try:
        archive.sync_index()
        archive.search("")
        started = time.perf_counter()
        imported = archive.import_paths([folder])
        seconds = time.perf_counter() - started
        for _article, stored in imported.stored:
            stored.path.unlink()
        archive.sync_index()
    finally:
        archive.close()
        shutil.rmtree(folder, ignore_errors=True)
    return {"articles": imported.count("imported"), "seconds": round(seconds, 2)}


# -- search, related, entities, show ------------------------------------------------------


def search_rows(work: Path, repeat: int, log: Callable[[str], None]) -> dict[str, Any]:
    """Keystroke latency of the reader and of FTS5 over the same archive."""
    from reader.archive import Archive
    from reader.config import Config

    db_path = work / "fts5.sqlite"
    if not db_path.exists():
        log("  building the FTS5 baseline")
        archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
        articles = [a for _, a in archive.store.iter_articles() if not isinstance(a, Exception)]
        archive.close()
        fts.build(db_path, articles)
    typed = keystrokes(SCRIPT)
    reader_ms, extra = run_reader(work / "index", typed, repeat)
    fts_ms = run_fts(db_path, typed, repeat)
    mine, theirs = summary(reader_ms), summary(fts_ms)
    return {
        "keystrokes": len(typed),
        "repeat": repeat,
        "reader_ms": mine,
        "fts5_ms": theirs,
        "ratio_p50": mine["p50"] / theirs["p50"],
        "ratio_p95": mine["p95"] / theirs["p95"],
        "open_and_first_search_ms": extra["open_and_first_search_ms"]["p50"],
        "fts5_mb": round(db_path.stat().st_size / 1e6, 1),
    }


def _timed(calls: list[Callable[[], object]]) -> dict[str, float]:
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return summary(times)


def feature_rows(work: Path) -> dict[str, Any]:
    """Related list, entity view and `reader show`: p50/p95 ms, or the reason for a skip."""
    from reader.archive import Archive
    from reader.config import Config

    archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
    out: dict[str, Any] = {}
    try:
        archive.sync_index()
        ids = sorted(archive.store.scan())
        sample = random.Random(8).sample(ids, min(SAMPLES, len(ids)))
        related = getattr(archive, "related", None)
        if related is None:
            out["related"] = "skipped: Archive.related does not exist yet"
        else:
            related(sample[0])
            out["related"] = _timed([lambda i=i: related(i) for i in sample[1:]])
        view = getattr(archive, "entity_view", None)
        top = getattr(archive, "top_entities", None)
        if view is None or top is None:
            out["entity_view"] = "skipped: Archive.entity_view does not exist yet"
        else:
            entities = top(None, 200)
            chosen = random.Random(9).sample(entities, min(SAMPLES, len(entities)))
            if chosen:
                view(chosen[0].name, chosen[0].kind)
                out["entity_view"] = _timed([lambda e=e: view(e.name, e.kind) for e in chosen[1:]])
            else:
                out["entity_view"] = "skipped: no entities in the archive"
    finally:
        archive.close()
    reader = shutil.which("reader", path=str(Path(sys.executable).parent))
    if reader is None:
        out["show"] = "skipped: no `reader` command in the virtualenv"
    else:
        paths = ["--archive", str(work / "archive"), "--index", str(work / "index")]
        runs = [
            lambda i=i: subprocess.run([reader, *paths, "show", i], capture_output=True)
            for i in sample[:10]
        ]
        out["show"] = _timed(runs)
    return out


# -- TUI ----------------------------------------------------------------------------------


def _bench_tui() -> Any:
    path = REPO / "tests" / "tui" / "bench_tui.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("bench_tui", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    spec.loader.exec_module(module)
    return module


async def _minimal_keystrokes(count: int) -> list[float]:
    """Key event to painted screen in a minimal app with one Input (the pilot's floor)."""
    from textual import events
    from textual.app import App, ComposeResult
    from textual.widgets import Input

    class Floor(App[None]):
        def compose(self) -> ComposeResult:
            yield Input()

    app = Floor()
    times = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        box = app.query_one(Input)
        box.focus()
        for number in range(count):
            char = "abcdefgh"[number % 8]
            before = box.value
            started = time.perf_counter()
            app.post_message(events.Key(char, char))
            while box.value == before:
                await asyncio.sleep(0.0005)
            painted = asyncio.Event()
            app.call_after_refresh(painted.set)
            await painted.wait()
            times.append((time.perf_counter() - started) * 1000)
            if len(box.value) > 20:
                box.value = ""
    return times


def _tui_child(work: Path) -> dict[str, Any]:
    """Type the keystroke script into the TUI (pilot) in this process; timings and RSS."""
    from reader.archive import Archive
    from reader.config import Config

    module = _bench_tui()
    archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
    try:
        archive.sync_index()
        state = Path(tempfile.mkdtemp(prefix="reader-bench-state-")) / "state.json"
        times, engine = asyncio.run(module.keystrokes(archive, state))
        out = {
            "keystroke_painted_ms": summary(times),
            "keystroke_engine_ms": summary(engine),
            "rss_after_searches_mb": round(_rss_mb(), 1),
            "rss_anon_after_searches_mb": round(_rss_mb("RssAnon"), 1),
            "searches": len(times),
        }
        with_facets, _ = asyncio.run(module.keystrokes(archive, state, facets=True))
        out["keystroke_painted_facets_ms"] = summary(with_facets)
        return out
    finally:
        archive.close()


def tui_rows(work: Path, cold: bool) -> dict[str, Any]:
    """TUI figures through tests/tui/bench_tui.py, or the reason they are missing."""
    try:
        module = _bench_tui()
    except Exception as error:  # another team's file: report, never fail the run
        return {"note": f"skipped: tests/tui/bench_tui.py does not load ({error})"}
    if module is None:
        return {"note": "skipped: tests/tui/bench_tui.py is missing"}
    out: dict[str, Any] = {}
    # In a fresh process, so its RSS is the TUI's own, not what this run measured before.
    command = [sys.executable, "-m", "bench", "--tui-child", str(work)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "src")])}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)
    if done.returncode == 0:
        out.update(json.loads(done.stdout.strip().splitlines()[-1]))
    else:  # the TUI is being changed by others right now
        out["note"] = f"keystrokes skipped: {done.stderr.strip()[-500:]}"
    with contextlib.suppress(Exception):
        out["floor_keystroke_painted_ms"] = summary(asyncio.run(_minimal_keystrokes(100)))
    if cold:
        starts = module.cold_start(work)
        if starts:
            out["cold_start_ms"] = percentile([first for first, _ in starts], 0.5)
            out["cold_start_results_ms"] = percentile([then for _, then in starts], 0.5)
        else:
            out["cold_start_note"] = "skipped: tmux or the reader command is missing"
        floor = module.cold_start(work, floor=True)  # a bare Textual app, the same way
        if floor:
            out["floor_cold_start_ms"] = percentile([first for first, _ in floor], 0.5)
    return out


# -- the table ----------------------------------------------------------------------------


def _cell(value: Any, key: str = "") -> str:
    if isinstance(value, dict):
        if "p50" in value:
            return f"{value['p50']:.1f} / {value['p95']:.1f}" + (
                f" / {value['max']:.0f}" if key == "max" else ""
            )
        return "-"
    if isinstance(value, str):
        return value if len(value) < 30 else value[:27] + "..."
    if isinstance(value, float):
        return f"{value:.1f}" if value < 1000 else f"{value:.0f}"
    return "-" if value is None else str(value)


def table(results: dict[int, dict[str, Any]]) -> str:
    """One row per figure, one column per size."""
    sizes = sorted(results)

    def get(size: int, *path: str) -> Any:
        value: Any = results[size]
        for part in path:
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value

    rows: list[tuple[str, Callable[[int], str]]] = [
        ("import+index articles/s (wall)", lambda s: _cell(get(s, "import", "articles_per_s"))),
        (
            "  CPU s main / writer procs",
            lambda s: (
                f"{_cell(get(s, 'import', 'cpu_main_s'))} / "
                f"{_cell(get(s, 'import', 'cpu_writers_s'))}"
            ),
        ),
        ("  peak RSS MB (import)", lambda s: _cell(get(s, "import", "peak_rss_mb"))),
        ("  index MB", lambda s: _cell(get(s, "import", "index_mb"))),
        (f"import {FEW} into full archive s", lambda s: _cell(get(s, "few", "seconds"))),
        (
            "keystroke ms p50/p95/max reader",
            lambda s: _cell(get(s, "search", "reader_ms"), "max"),
        ),
        ("keystroke ms p50/p95/max FTS5", lambda s: _cell(get(s, "search", "fts5_ms"), "max")),
        (
            "  ratio reader/FTS5 p50, p95",
            lambda s: (
                f"{_cell(get(s, 'search', 'ratio_p50'))}, {_cell(get(s, 'search', 'ratio_p95'))}"
            ),
        ),
        ("open + first search ms", lambda s: _cell(get(s, "search", "open_and_first_search_ms"))),
        ("related list ms p50/p95", lambda s: _cell(get(s, "features", "related"))),
        ("entity view ms p50/p95", lambda s: _cell(get(s, "features", "entity_view"))),
        ("`reader show` ms p50/p95 (process)", lambda s: _cell(get(s, "features", "show"))),
        ("facets of a query ms p50/p95 wall", lambda s: _cell(get(s, "facets", "wall_ms"))),
        ("  CPU ms p50/p95", lambda s: _cell(get(s, "facets", "cpu_ms"))),
        (
            "  +480 field values wall, CPU p95",
            lambda s: (
                f"{_cell(get(s, 'facets', 'synthetic_fields_wall_ms', 'p95'))}, "
                f"{_cell(get(s, 'facets', 'synthetic_fields_cpu_ms', 'p95'))}"
            ),
        ),
        (
            "  first of a generation ms wall, CPU",
            lambda s: (
                f"{_cell(get(s, 'facets', 'first_call', 'wall_ms'))}, "
                f"{_cell(get(s, 'facets', 'first_call', 'cpu_ms'))}"
            ),
        ),
        (
            "  terms checked, wrong",
            lambda s: (
                f"{_cell(get(s, 'facets', 'exact', 'values'))}, "
                f"{_cell(get(s, 'facets', 'exact', 'wrong'))}"
            ),
        ),
        ("TUI key->painted ms p50/p95", lambda s: _cell(get(s, "tui", "keystroke_painted_ms"))),
        (
            "  with the facets panel shown",
            lambda s: _cell(get(s, "tui", "keystroke_painted_facets_ms")),
        ),
        (
            "  minimal app floor p50/p95",
            lambda s: _cell(get(s, "tui", "floor_keystroke_painted_ms")),
        ),
        ("TUI cold start ms (median of 5)", lambda s: _cell(get(s, "tui", "cold_start_ms"))),
        ("  minimal app floor ms", lambda s: _cell(get(s, "tui", "floor_cold_start_ms"))),
        ("TUI RSS MB after searches", lambda s: _cell(get(s, "tui", "rss_after_searches_mb"))),
    ]
    width = 36
    lines = [f"{'':<{width}}" + "".join(f"{size:>24,}" for size in sizes)]
    for label, fmt in rows:
        lines.append(f"{label:<{width}}" + "".join(f"{fmt(size):>24}" for size in sizes))
    notes = [
        f"{size}: {key}: {value}"
        for size in sizes
        for part in ("features", "tui")
        for key, value in (results[size].get(part) or {}).items()
        if isinstance(value, str)
    ]
    return "\n".join(lines + notes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--quick", action="store_true", help=f"one {QUICK_SIZE}-article archive")
    parser.add_argument("--sizes", default=None, help="comma-separated article counts")
    parser.add_argument("--repeat", type=int, default=2, help="keystroke script repetitions")
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI figures")
    parser.add_argument("--no-cold", action="store_true", help="skip the tmux cold starts")
    parser.add_argument("--only-build", action="store_true", help="build the caches and stop")
    parser.add_argument("--import-child", nargs=3, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tui-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.import_child:
        print(json.dumps(_import_child(*args.import_child)))
        return 0
    if args.tui_child:
        print(json.dumps(_tui_child(args.tui_child)))
        return 0
    corpus.require(args.corpus)
    if args.sizes:
        sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    else:
        sizes = [QUICK_SIZE] if args.quick else list(SIZES)

    def log(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        work = CACHE / f"n{size}"
        entry: dict[str, Any] = {"import": build_size(size, args.corpus, log)}
        results[size] = entry
        if args.only_build:
            continue
        log(f"[{size}] import of {FEW} into the full archive")
        entry["few"] = few_into_big(work, args.corpus)
        log(f"[{size}] keystrokes")
        entry["search"] = search_rows(work, args.repeat, log)
        log(f"[{size}] related, entity view, show")
        entry["features"] = feature_rows(work)
        log(f"[{size}] facets")
        entry["facets"] = facets_speed.measure(work)
        if not args.no_tui:
            log(f"[{size}] TUI")
            entry["tui"] = tui_rows(work, cold=not args.no_cold)
    name = "bench-quick" if args.quick else "bench"
    path = write_results(name, {"sizes": results, "script_queries": len(SCRIPT)})
    print(table(results))
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
