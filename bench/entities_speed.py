"""Entity extraction cost per article on the shared corpus: median and p95 in milliseconds.

    python -m bench.entities_speed [--corpus PATH] [--limit N] [--json]

Also reports the cold cost of the first call (loading the YAML data) and checks that
extraction imports no NLP toolkit. Exits cleanly when the corpus is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from bench import corpus
from bench.common import DEFAULT_CORPUS, summary
from reader.model.article import Article

_TOOLKITS = ("underthesea", "pyvi", "spacy", "stanza", "transformers", "torch")


def measure(articles: list[Article]) -> dict[str, object]:
    """Time `extract_entities` on each article, after timing the first (cold) call."""
    started = time.perf_counter()
    from reader.entities.extract import extract_entities

    extract_entities(articles[0])
    cold_ms = (time.perf_counter() - started) * 1000
    timings = []
    mentions = 0
    for article in articles:
        started = time.perf_counter()
        found = extract_entities(article)
        timings.append((time.perf_counter() - started) * 1000)
        mentions += len(found.person) + len(found.place) + len(found.org)
    sizes = sorted(len(a.title) + len(a.lead) + len(a.body) for a in articles)
    return {
        "articles": len(articles),
        "median_chars": sizes[len(sizes) // 2],
        "cold_first_call_ms": round(cold_ms, 1),
        "per_article_ms": {k: round(v, 3) for k, v in summary(timings).items()},
        "entities_per_article": round(mentions / len(articles), 2),
        "toolkits_imported": [name for name in _TOOLKITS if name in sys.modules],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="first N articles only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    corpus.require(args.corpus)
    articles = corpus.load(args.corpus, args.limit)
    result = measure(articles)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        timing = result["per_article_ms"]
        print(
            f"{result['articles']} articles (median {result['median_chars']} chars): "
            f"median {timing['p50']:.2f} ms, p95 {timing['p95']:.2f} ms, "
            f"max {timing['max']:.1f} ms per article; "
            f"first call {result['cold_first_call_ms']} ms; "
            f"{result['entities_per_article']} entities per article; "
            f"toolkits imported: {result['toolkits_imported'] or 'none'}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
