"""Related-list latency on the shared corpus, and what it costs an import.

`python -m bench.related_speed [--sample 300] [--seed 7] [--import-articles 500]`

1. Latency: the corpus index is built once into bench/cache (see bench/related_corpus); for
   random articles, `related_for` with an empty answer cache (each list computed, not recalled),
   p50/p95/max in ms; the first request after opening the index is reported apart (it reads the
   saved frequent-term tables). Reading the article file (what `Archive.related` adds) is timed
   on the same articles written to a temporary archive.
2. Import: `Archive.import_paths` of N corpus files into a fresh archive (related lists are lazy,
   so nothing of them runs there), then the first related list after that import, and what
   precomputing every imported article's list would have added.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

import reader.related as related_module
from bench.common import DEFAULT_CORPUS, summary, write_results
from bench.corpus import require
from bench.related_corpus import corpus_index, corpus_paths, with_entities
from reader.archive import Archive
from reader.config import Config
from reader.index import ArticleIndex
from reader.related import RelatedCache, related_for
from reader.store import ArchiveStore


def _latency(index_dir: Path, paths: dict[str, Path], sample: int, seed: int) -> dict[str, object]:
    ids = random.Random(seed).sample(sorted(paths), sample)
    articles = [with_entities(paths[i]) for i in ids]
    index = ArticleIndex.open(index_dir, create=False)
    try:
        started = time.perf_counter()
        related_for(index, articles[0])
        first = (time.perf_counter() - started) * 1000
        timings = []
        recalled = []
        sizes = []
        for article in articles:
            related_module._CACHE = RelatedCache()
            started = time.perf_counter()
            related = related_for(index, article)
            timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            related_for(index, article)
            recalled.append((time.perf_counter() - started) * 1000)
            sizes.append(len(related.items))
    finally:
        index.close()
    with tempfile.TemporaryDirectory() as tmp:
        store = ArchiveStore(Path(tmp))
        for article in articles:
            store.write(article)
        reads = []
        for article in articles:
            started = time.perf_counter()
            store.read(article.id)
            reads.append((time.perf_counter() - started) * 1000)
    return {
        "articles": sample,
        "first_after_open_ms": round(first, 1),
        "related_ms": summary(timings),
        "read_article_ms": summary(reads),
        "cached_ms": summary(recalled),
        "mean_items": sum(sizes) / len(sizes),
    }


def _import(paths: dict[str, Path], count: int) -> dict[str, object]:
    files = [paths[i] for i in sorted(paths)[:count]]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for path in files:
            shutil.copyfile(path, inputs / path.name)
        archive = Archive(Config(archive_dir=Path(tmp) / "a", index_dir=Path(tmp) / "i"))
        started = time.perf_counter()
        archive.import_paths([inputs])
        seconds = time.perf_counter() - started
        ids = sorted(archive.store.scan())
        started = time.perf_counter()
        archive.related(ids[0])
        first = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        for article_id in ids:
            archive.related(article_id)
        every = time.perf_counter() - started
        archive.close()
    return {
        "articles": len(files),
        "import_s": round(seconds, 2),
        "first_related_after_import_ms": round(first, 1),
        "lazy_import_overhead_pct": 0.0,
        "precompute_all_s": round(every, 2),
        "precompute_overhead_pct": round(100 * every / seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=None, help="index cache (bench/cache)")
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--import-articles", type=int, default=500)
    args = parser.parse_args()
    require(args.corpus)
    paths = corpus_paths(args.corpus)
    index_dir, built = corpus_index_dir(args, paths)
    result = {"index": built, "latency": _latency(index_dir, paths, args.sample, args.seed)}
    if args.import_articles:
        result["import"] = _import(paths, args.import_articles)
    out = write_results("related_speed", result)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {out}")
    return 0


def corpus_index_dir(
    args: argparse.Namespace, paths: dict[str, Path]
) -> tuple[Path, dict[str, object]]:
    """The cached corpus index (built with entities the first time)."""
    from bench.related_corpus import CACHE, load_with_entities

    index_dir = (args.workdir or CACHE) / f"related-{len(paths)}"
    if index_dir.is_dir():
        return index_dir, {"built": False}
    return corpus_index(load_with_entities(args.corpus), args.workdir)


if __name__ == "__main__":
    raise SystemExit(main())
