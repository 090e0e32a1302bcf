"""Entity facets at corpus scale: catalogue build, entity views, side-bar counts, month counts.

    python -m bench.entities_view [--corpus PATH] [--articles N] [--views 200] [--workdir DIR]

The corpus articles get their entities extracted as an import would (one KnownNames growing
over the run; cached in the work directory) and, since the corpus pages carry no dates, a
publication date spread over 2019-2022 by a hash of their id, so the months are realistic.
Timed, on a fresh searcher generation:

- `catalogue_ms`: the first facet look-up after the index changed (reading the columns);
- `view_ms`: `Archive.entity_view`-equivalent look-ups (resolve the name, newest articles,
  months, companions) for the most mentioned entities and a seeded sample of the rest;
- `sidebar_ms`: counts for one article's entities (`Archive.entity_counts`);
- `month_counts_ms`: articles per month of a query's matching set (`Archive.month_counts`);
- `known_names_ms`: the KnownNames an import starts from, built from the catalogue.

Exits cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any

from bench import corpus
from bench.common import DEFAULT_CORPUS, ensure_index, summary, write_results
from reader.entities.extract import extract_entities
from reader.entities.known import KnownNames
from reader.index import ArticleIndex, facets
from reader.model.article import ENTITY_KINDS, Article, Entities

TZ = timezone(timedelta(hours=7))
START = datetime(2019, 1, 1, 8, 0, tzinfo=TZ)
QUERIES = ("", "viet nam", "bóng đá", "ha noi", "kinh te", 'place:"Hà Nội"', "covid")


def with_date(article: Article) -> Article:
    """The article with a repeatable publication time in 2019-2022."""
    minutes = zlib.crc32(article.id.encode()) % (4 * 365 * 24 * 60)
    return article.with_changes(published=START + timedelta(minutes=minutes))


def extracted(articles: list[Article], cache: Path) -> list[Article]:
    """The articles with entities, extracted once and cached as JSON in `cache`."""
    if cache.exists():
        saved = json.loads(cache.read_text("utf-8"))
        if len(saved) == len(articles):
            return [
                a.with_changes(entities=Entities(**{k: tuple(v) for k, v in e.items()}))
                for a, e in zip(articles, saved, strict=True)
            ]
    known = KnownNames()
    out = []
    for article in articles:
        found = extract_entities(article, known)
        for kind in ENTITY_KINDS:
            for name in found.of_kind(kind):
                known.add(kind, name)
        out.append(article.with_changes(entities=found))
    cache.write_text(json.dumps([a.entities.as_dict() for a in out], ensure_ascii=False), "utf-8")
    return out


def lookup(counts: dict, wanted: list) -> list[int]:
    """Side-bar counts from the catalogue."""
    return [counts.get(key, 0) for key in wanted]


def known_from(counts: dict) -> KnownNames:
    """What an import starts from: the catalogue's names (`Archive.known_names`)."""
    known = KnownNames()
    for kind, name in counts:
        known.add(kind, name)
    return known


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return (time.perf_counter() - started) * 1000


def on(index: ArticleIndex, work: Callable[..., Any], *args: object) -> Any:
    """`work(snapshot, *args)` on the index's current generation."""
    with index.snapshot() as snapshot:
        return work(snapshot, *args)


def measure(index: ArticleIndex, articles: list[Article], views: int, seed: int) -> dict:
    index._changed()  # a fresh searcher generation: nothing cached
    catalogue_ms = timed(partial(on, index, facets.entity_counts))
    counts = on(index, facets.entity_counts)
    ranked = sorted(counts, key=lambda k: -counts[k])
    known_ms = timed(partial(known_from, counts))
    rng = random.Random(seed)
    top = ranked[:20]
    sample = rng.sample(ranked[20:], min(max(0, views - len(top)), max(0, len(ranked) - 20)))
    view_times = []
    for kind, name in [*top, *sample]:
        view_times.append(timed(partial(on, index, facets.entity_view, name, kind, 50)))
    typed = [name.lower() for _, name in rng.sample(ranked, min(50, len(ranked)))]
    folded_times = [timed(partial(on, index, facets.entity_view, t, None, 50)) for t in typed]
    biggest = counts[top[0]] if top else 0
    sidebar_times = []
    for article in rng.sample(articles, min(200, len(articles))):
        wanted = [(k, n) for k in ENTITY_KINDS for n in article.entities.of_kind(k)]
        sidebar_times.append(timed(partial(lookup, counts, wanted)))
        sidebar_times[-1] += timed(partial(on, index, facets.entity_counts))
    month_times = {}
    for query in QUERIES:
        month_times[query or "(all)"] = round(
            timed(partial(on, index, facets.month_counts, query)), 2
        )
    index._changed()
    first_months_ms = timed(partial(on, index, facets.month_counts, "viet nam"))
    return {
        "articles": index.doc_count(),
        "entities": len(counts),
        "largest_entity": {"kind": top[0][0], "name": top[0][1], "articles": biggest}
        if top
        else None,
        "catalogue_ms": round(catalogue_ms, 1),
        "known_names_ms": round(known_ms, 1),
        "view_ms": {k: round(v, 2) for k, v in summary(view_times).items()},
        "view_typed_lowercase_ms": {k: round(v, 2) for k, v in summary(folded_times).items()},
        "top20_view_ms": [round(t, 1) for t in view_times[:20]],
        "sidebar_ms": {k: round(v, 3) for k, v in summary(sidebar_times).items()},
        "month_counts_ms": month_times,
        "first_month_counts_after_write_ms": round(first_months_ms, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=None, help="first N articles only")
    parser.add_argument("--views", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/reader-bench-entities"))
    args = parser.parse_args(argv)
    corpus.require(args.corpus)
    articles = [with_date(a) for a in corpus.load(args.corpus, args.articles)]
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    articles = extracted(articles, args.workdir / f"entities-{len(articles)}.json")
    extract_s = time.perf_counter() - started
    index_dir = args.workdir / f"index-{len(articles)}"
    build = ensure_index(index_dir, articles)
    index = ArticleIndex.open(index_dir)
    try:
        result = measure(index, articles, args.views, args.seed)
    finally:
        index.close()
    result["extract_s"] = round(extract_s, 1)
    result["index"] = build
    path = write_results(f"entities_view-{len(articles)}", result)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
