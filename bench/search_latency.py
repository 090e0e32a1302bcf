"""Per-keystroke latency of search-as-you-type: the reader against SQLite FTS5.

Every query of a fixed script is typed one character at a time; each prefix is searched the
way the TUI does it (parse, search, top 20 with snippets and title marks, total count). The
same keystrokes run on FTS5 in the same process. Each repetition opens a fresh index, so no
answer is cached from an earlier repetition.

    python -m bench.search_latency --corpus PATH [--articles N] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import corpus, fts
from bench.common import DEFAULT_CORPUS, ensure_index, summary, write_results
from reader.index import ArticleIndex

# Thirty-two realistic queries: half typed without diacritics, half with them.
SCRIPT = [
    "can tho lao",
    "da nang",
    "hop tac viet nam",
    "bong da",
    "gia vang hom nay",
    "covid 19",
    "ha noi",
    "thu tuong",
    "chung khoan",
    "tai nan giao thong",
    "bat dong san",
    "gia xang",
    "ho chi minh",
    "xuat khau gao",
    "hoc sinh thi",
    "mobifone vinaphone",
    "Cần Thơ",
    "Đà Nẵng",
    "hữu nghị",
    "bóng đá",
    "giá vàng",
    "thủ tướng",
    "chứng khoán",
    "tai nạn giao thông",
    "bất động sản",
    "giá xăng dầu",
    "Hà Nội",
    "học sinh",
    "ngân hàng nhà nước",
    "Việt Nam Lào",
    "Trung Quốc",
    "thời tiết",
]


def keystrokes(script: list[str]) -> list[str]:
    """Every prefix of every query, as typed."""
    return [query[:i] for query in script for i in range(1, len(query) + 1)]


def run_reader(
    index_dir: Path, typed: list[str], repeat: int
) -> tuple[list[float], dict[str, Any]]:
    """Keystroke timings (ms) over `repeat` fresh opens of the index."""
    timings: list[float] = []
    opens: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        index = ArticleIndex.open(index_dir, create=False)
        index.keep_warm()  # as the TUI's index is: each generation is prepared in a thread
        index.search("khởi động")  # the first searcher opens here, as when the TUI starts
        opens.append((time.perf_counter() - started) * 1000)
        # Typed once the warm-up is done, as a user types a second or so after launching
        # (the first name or typo typed during it builds what it needs in the foreground).
        index.wait_warm(timeout=30)
        for text in typed:
            started = time.perf_counter()
            result = index.search(text, limit=20)
            _ = (result.total, [h.snippet.text for h in result.hits])
            timings.append((time.perf_counter() - started) * 1000)
        index.close()
    return timings, {"open_and_first_search_ms": summary(opens)}


def searcher_open_cost(index_dir: Path, tries: int = 10) -> dict[str, float]:
    """What opening a searcher per query would cost (the alternative to a shared one)."""
    from whoosh import index as windex

    ix = windex.open_dir(str(index_dir), indexname="MAIN")
    costs = []
    for _ in range(tries):
        started = time.perf_counter()
        searcher = ix.searcher()
        searcher.doc_count()
        searcher.close()
        costs.append((time.perf_counter() - started) * 1000)
    ix.close()
    return summary(costs)


def run_fts(db_path: Path, typed: list[str], repeat: int) -> list[float]:
    timings: list[float] = []
    for _ in range(repeat):
        searcher = fts.FtsSearcher(db_path)
        for text in typed:
            started = time.perf_counter()
            searcher.search(text, limit=20)
            timings.append((time.perf_counter() - started) * 1000)
        searcher.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=None, help="use the first N articles")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=None, help="keep indexes here (reused)")
    args = parser.parse_args(argv)
    corpus.require(args.corpus)

    articles = corpus.load(args.corpus, args.articles)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    index_dir = workdir / f"reader-{len(articles)}"
    build = ensure_index(index_dir, articles)
    db_path = workdir / f"fts-{len(articles)}.sqlite"
    fts_build = fts.build(db_path, articles) if not db_path.exists() else None

    typed = keystrokes(SCRIPT)
    reader_ms, reader_extra = run_reader(index_dir, typed, args.repeat)
    fts_ms = run_fts(db_path, typed, args.repeat)
    reader_s, fts_s = summary(reader_ms), summary(fts_ms)
    slowest = sorted(zip(reader_ms, typed * args.repeat, strict=True), reverse=True)[:10]
    data = {
        "articles": len(articles),
        "keystrokes": len(typed),
        "repeat": args.repeat,
        "reader_ms": reader_s,
        "fts5_ms": fts_s,
        "ratio_p50": reader_s["p50"] / fts_s["p50"],
        "ratio_p95": reader_s["p95"] / fts_s["p95"],
        "reader_build": build,
        "fts5_build_articles_per_s": fts_build,
        "fts5_size_bytes": db_path.stat().st_size,
        "searcher_open_ms": searcher_open_cost(index_dir),
        "slowest_keystrokes": [(round(ms, 1), text) for ms, text in slowest],
        **reader_extra,
    }
    out = write_results(f"search_latency-{len(articles)}", data)
    print(f"{len(articles)} articles, {len(typed)} keystrokes x {args.repeat}")
    print(f"{'per keystroke (ms)':<22}{'p50':>8}{'p95':>8}{'max':>8}")
    rows = [("reader", reader_s), ("FTS5", fts_s)]
    for name, s in rows:
        print(f"{name:<22}{s['p50']:>8.2f}{s['p95']:>8.2f}{s['max']:>8.1f}")
    print(f"{'reader / FTS5':<22}{data['ratio_p50']:>8.2f}{data['ratio_p95']:>8.2f}")
    if build.get("built"):
        print(f"reader build: {build['articles_per_s']:.0f} articles/s")
    sizes = (build["size_bytes"] / 1e6, data["fts5_size_bytes"] / 1e6)
    print(f"index size: reader {sizes[0]:.0f} MB, FTS5 {sizes[1]:.0f} MB")
    opened = reader_extra["open_and_first_search_ms"]["p50"]
    print(
        f"open + first search: {opened:.0f} ms; searcher open alone: "
        f"{data['searcher_open_ms']['p50']:.0f} ms (p50)"
    )
    print(f"slowest keystrokes: {data['slowest_keystrokes'][:5]}")
    if fts_build:
        print(f"FTS5 build: {fts_build:.0f} articles/s")
    print(f"results: {out}")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
