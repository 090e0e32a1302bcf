"""Where the running reader's memory goes: RSS after each phase of a TUI-like session.

Opens a cached benchmark archive (`bench/cache/nN`, built by `python -m bench`) the way the TUI
does (Textual imported, first search, sync, then the keystroke script of
`bench.search_latency` through `Archive.search`, a timeline count and a few entity views) and
prints the resident memory after each phase, the sizes of the engine's caches and, with
`--trace`, the top allocation sites still alive (tracemalloc; slows everything down).

    python -m bench.memory [--size 24842] [--trace]
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import itertools
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

from bench.search_latency import SCRIPT, keystrokes

CACHE = Path(__file__).resolve().parent / "cache"


def rss_mb(kind: str = "VmRSS") -> float:
    """Resident memory of this process now, in MB (`kind`: VmRSS, RssAnon or RssFile)."""
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith(f"{kind}:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def engine_sizes(archive: Any) -> dict[str, float]:
    """MB held by the engine's caches of the open index (bitmaps, date order, results)."""
    index = archive.index
    with index.snapshot() as snapshot:
        bitmaps = snapshot.bitmaps
    cached = list(bitmaps._cache.values())
    terms = sum(sys.getsizeof(tier) for tiers in cached for tier in tiers)
    order = bitmaps._date_order
    dates = sys.getsizeof(order) if order is not None else 0
    return {
        "bitmap_cache_entries": len(cached),
        "bitmap_cache_mb": terms / 1e6,
        "date_order_mb": dates / 1e6,
        "result_cache_entries": len(index._results),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=24842)
    parser.add_argument("--trace", action="store_true", help="top live allocation sites")
    args = parser.parse_args(argv)
    work = CACHE / f"n{args.size}"
    if not (work / "index").is_dir():
        print(f"no cached archive at {work}: run python -m bench --sizes {args.size} --only-build")
        return 1
    if args.trace:
        tracemalloc.start(8)
    phases: list[tuple[str, float, float]] = [("python", rss_mb(), rss_mb("RssFile"))]
    snapshots: list[tuple[str, Any]] = []

    def mark(name: str) -> None:
        phases.append((name, rss_mb(), rss_mb("RssFile")))
        if args.trace:
            snapshots.append((name, tracemalloc.take_snapshot()))

    import textual.app  # noqa: F401  (the TUI's own import cost)

    mark("textual imported")
    from reader.archive import Archive
    from reader.config import Config

    archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
    started = time.perf_counter()
    archive.search("", limit=20, sort="date")
    mark(f"first search ({(time.perf_counter() - started) * 1000:.0f} ms)")
    archive.sync_index()
    mark("sync")
    typed = keystrokes(SCRIPT)
    for text in typed:
        archive.search(text, limit=20)
    mark(f"{len(typed)} searches")
    for text in SCRIPT:
        archive.month_counts(text)
    mark("timeline counts")
    for entity in archive.top_entities(None, 10):
        archive.entity_view(entity.name, entity.kind)
    mark("entity views")
    gc.collect()
    mark("after gc")
    ctypes.CDLL(None).malloc_trim(0)
    mark("after malloc_trim")

    previous = 0.0
    print(f"{args.size} articles")
    print(f"  {'phase':<32}{'RSS MB':>8}{'growth':>8}{'of it, mapped files':>21}")
    for name, mb, mapped in phases:
        print(f"  {name:<32}{mb:>8.1f}{mb - previous:>+8.1f}{mapped:>21.1f}")
        previous = mb
    for key, value in engine_sizes(archive).items():
        print(f"  {key:<32}{value:>8.1f}")
    if args.trace:
        snapshot = tracemalloc.take_snapshot()
        for (_, before), (name, after) in itertools.pairwise(snapshots):
            print(f"grew during {name}:")
            for stat in after.compare_to(before, "filename")[:6]:
                print(f"  {stat.size_diff / 1e6:>8.1f}  {stat.traceback[0].filename}")
        current, peak = tracemalloc.get_traced_memory()
        print(f"traced: {current / 1e6:.1f} MB live, {peak / 1e6:.1f} MB at the peak")
        print("top live allocations (MB):")
        for stat in snapshot.statistics("lineno")[:25]:
            frame = stat.traceback[0]
            print(f"  {stat.size / 1e6:>8.1f}  {stat.count:>8}  {frame.filename}:{frame.lineno}")
    archive.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
