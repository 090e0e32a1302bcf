"""Facet counts of a query (issue 20) on a cached archive: `python -m bench.facets_speed
[--size 24842]`, and the facets rows of `python -m bench`.

Through `Archive.facets`, as the TUI and `reader search --facets` call it: the query's results
(evaluated as search does), then counts by source, section, year, month and language and the
top 10 people, places and organisations, each value with its term and narrowed query. Each
query is counted afresh (the per-generation answer cache is emptied first; the tables built
for the generation are kept, as they are between two searches of a session). Wall and CPU
time (this thread's) per query, p50/p95: on a busy machine the CPU figure is the one to
compare.

The bench corpus has no sources, sections or dates (only languages and entities), so those
facets are empty there. The `synthetic` row adds field values as an archive with them would
have (50 outlets, 300 sections, 120 months, 10 years, each a bitmap of random articles) to
the same tables, and times the same queries again: a value costs one AND of two bitmaps
whatever it is.

`exact`: for a sample of the queries, every value's narrowed query searched, and its total
compared with the value's count (and the query chosen again compared with the query).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path
from typing import Any

from bench.common import summary
from bench.search_latency import SCRIPT

QUERIES = [
    "",
    *SCRIPT,
    'place:"Hà Nội"',
    "lang:vi bóng đá",
    "-bóng",
    "manchestr united",
    'org:"Chính phủ" kinh te',
]
REPEAT = 3
EXACT_QUERIES = ["", "bong da", "can tho lao", 'place:"Hà Nội"', "-bóng", "vinamilk"]


def _synthetic(size: int, live: int) -> dict[str, list[Any]]:
    """Field values as an archive with outlets, sections and dates has them."""
    from reader.index import query as q
    from reader.index.facet_counts import Value

    rng = random.Random(20)
    docs = [d for d in range(size) if live >> d & 1]

    def values(field: str, labels: list[str], term: str, share: float) -> list[Any]:
        out = []
        for label in labels:
            bits = 0
            for d in rng.sample(docs, max(1, int(len(docs) * share * rng.random()))):
                bits |= 1 << d
            node = q.parse(term.format(label), prefix_last=False)
            assert node is not None
            out.append(Value(label, term.format(label), node, bits))
        return out

    return {
        "source": values("source", [f"Báo {n}" for n in range(50)], 'source:"{}"', 0.04),
        "section": values("section", [f"Mục {n}" for n in range(300)], 'section:"{}"', 0.01),
        "month": values(
            "month", [f"{2015 + n // 12}-{n % 12 + 1:02d}" for n in range(120)], "date:{}", 0.02
        ),
        "year": values("year", [str(2015 + n) for n in range(10)], "date:{}", 0.2),
    }


def _time(archive: Any, tables: Any, queries: list[str]) -> tuple[list[float], list[float]]:
    wall, cpu = [], []
    for _ in range(REPEAT):
        for query in queries:
            tables.answers.clear()
            started, started_cpu = time.perf_counter(), time.thread_time()
            archive.facets(query)
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def _exact(archive: Any) -> dict[str, int]:
    checked = wrong = 0
    for query in EXACT_QUERIES:
        found = archive.facets(query)
        for group in found.groups:
            for value in group.values:
                checked += 1
                if value.chosen:
                    wrong += value.count != found.total
                    continue
                total = archive.search(value.query, typing=False, limit=1).total
                back = archive.toggle_facet(value.query, value.term)
                wrong += total != value.count or back != query
    return {"values": checked, "wrong": wrong}


def measure(work: Path) -> dict[str, Any]:
    """The facets rows for the cached archive in `work` (`bench/cache/nN`)."""
    from reader.archive import Archive
    from reader.config import Config
    from reader.index.facet_counts import tables_of

    archive = Archive(Config(archive_dir=work / "archive", index_dir=work / "index"))
    try:
        archive.sync_index()
        archive.search("")  # the searcher is open, as in a session
        started, started_cpu = time.perf_counter(), time.thread_time()
        archive.facets("")
        first = {
            "wall_ms": (time.perf_counter() - started) * 1000,
            "cpu_ms": (time.thread_time() - started_cpu) * 1000,
        }
        for query in QUERIES:  # the engine's term bitmaps loaded, as after a search
            archive.search(query, typing=False)
        with archive.index.snapshot() as snapshot:  # type: ignore[attr-defined]
            tables = tables_of(snapshot.bitmaps)
            size, live = snapshot.bitmaps.size, snapshot.bitmaps.live
        wall, cpu = _time(archive, tables, QUERIES)
        tables._fields.update(_synthetic(size, live))
        wall_more, cpu_more = _time(archive, tables, QUERIES)
        tables._fields.clear()
        tables.answers.clear()
        exact = _exact(archive)
    finally:
        archive.close()
    return {
        "queries": len(QUERIES),
        "repeat": REPEAT,
        "first_call": first,
        "wall_ms": summary(wall),
        "cpu_ms": summary(cpu),
        "synthetic_fields_wall_ms": summary(wall_more),
        "synthetic_fields_cpu_ms": summary(cpu_more),
        "exact": exact,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=24_842)
    args = parser.parse_args(argv)
    work = Path(__file__).resolve().parent / "cache" / f"n{args.size}"
    if not (work / "index").is_dir():
        print(f"no cached archive at {work}: run `python -m bench --sizes {args.size}` first")
        return 0
    print(json.dumps(measure(work), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
