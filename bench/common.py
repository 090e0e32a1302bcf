"""Shared pieces of the benchmarks: argument defaults, index reuse, percentiles, output."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.index import ArticleIndex
from reader.model.article import Article

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "baomoi-vi-news.tar.gz"
RESULTS_DIR = Path(__file__).resolve().parent / "results"


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` (0..1) percentile by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))
    return ordered[rank]


def summary(values: Sequence[float]) -> dict[str, float]:
    """p50, p95, max and mean of timings in milliseconds."""
    return {
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "max": max(values) if values else float("nan"),
        "mean": statistics.fmean(values) if values else float("nan"),
        "n": len(values),
    }


def ensure_index(index_dir: Path, articles: Sequence[Article]) -> dict[str, Any]:
    """Build the reader's index of `articles` unless `index_dir` already holds exactly them."""
    index = ArticleIndex.open(index_dir)
    try:
        if index.doc_count() == len(articles) and set(index.stamps()) == {a.id for a in articles}:
            return {"built": False, "size_bytes": index.size_bytes()}
        started = time.perf_counter()
        index.rebuild(((a, "bench") for a in articles), total=len(articles))
        seconds = time.perf_counter() - started
        return {
            "built": True,
            "seconds": seconds,
            "articles_per_s": len(articles) / seconds,
            "size_bytes": index.size_bytes(),
        }
    finally:
        index.close()


def write_results(name: str, data: dict[str, Any]) -> Path:
    """Write `data` as JSON under bench/results/ and return the path."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), "utf-8")
    return path
