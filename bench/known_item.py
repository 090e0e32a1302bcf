"""Known-item search quality: can a reader find an article from a few words of its title?

For several hundred articles picked at random (fixed seed), 2-4 of the most distinctive
syllables of the title (rarest among all titles, kept in title order) are typed without
diacritics, and separately with them. Reported: the share of queries that put the article
first and in the top 10, for the reader and for SQLite FTS5 on the same queries.
An article whose title is shared by another (the corpus has reposts) counts as found when
either copy is.

    python -m bench.known_item --corpus PATH [--articles N] [--sample 400] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from collections import Counter
from pathlib import Path

from bench import corpus, fts
from bench.common import DEFAULT_CORPUS, ensure_index, write_results
from reader.index import ArticleIndex
from reader.model.article import Article
from reader.text.normalize import fold
from reader.text.tokens import syllables


def make_queries(articles: list[Article], sample: int, seed: int) -> list[tuple[Article, str, str]]:
    """(article, query without diacritics, query with diacritics) for a random sample."""
    title_df = Counter()
    for article in articles:
        title_df.update({fold(w) for w in syllables(article.title)})
    rng = random.Random(seed)
    pool = [a for a in articles if len({fold(w) for w in syllables(a.title)}) >= 3]
    queries = []
    for article in rng.sample(pool, min(sample, len(pool))):
        words = []
        seen = set()
        for word in syllables(article.title):
            if fold(word) not in seen:
                seen.add(fold(word))
                words.append(word)
        count = rng.choice((2, 3, 4))
        rarest = sorted(range(len(words)), key=lambda i: (title_df[fold(words[i])], i))[:count]
        chosen = [words[i] for i in sorted(rarest)]
        queries.append(
            (article, " ".join(fold(w) for w in chosen), " ".join(w.lower() for w in chosen))
        )
    return queries


def _rank(found_titles: list[str], found_ids: list[str], article: Article) -> int | None:
    title = " ".join(article.title.split())
    for rank, (fid, ftitle) in enumerate(zip(found_ids, found_titles, strict=True)):
        if fid == article.id or " ".join(ftitle.split()) == title:
            return rank
    return None


def evaluate(index: ArticleIndex, searcher: fts.FtsSearcher, queries, column: int) -> dict:
    ranks = {"reader": [], "fts5": []}
    misses = []
    for item in queries:
        article, text = item[0], item[column]
        result = index.search(text, limit=10)
        rank = _rank([h.title for h in result.hits], [h.id for h in result.hits], article)
        ranks["reader"].append(rank)
        if rank != 0 and len(misses) < 15:
            misses.append({"query": text, "id": article.id, "title": article.title, "rank": rank})
        _, rows = searcher.search(text, limit=10)
        ranks["fts5"].append(_rank([r[1] for r in rows], [r[0] for r in rows], article))
    out = {}
    for engine, found in ranks.items():
        out[engine] = {
            "first": sum(1 for r in found if r == 0) / len(found),
            "top10": sum(1 for r in found if r is not None) / len(found),
        }
    out["reader_misses"] = misses
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workdir", type=Path, default=None, help="keep indexes here (reused)")
    args = parser.parse_args(argv)
    corpus.require(args.corpus)

    articles = corpus.load(args.corpus, args.articles)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="reader-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    index_dir = workdir / f"reader-{len(articles)}"
    ensure_index(index_dir, articles)
    db_path = workdir / f"fts-{len(articles)}.sqlite"
    if not db_path.exists():
        fts.build(db_path, articles)

    queries = make_queries(articles, args.sample, args.seed)
    index = ArticleIndex.open(index_dir, create=False)
    searcher = fts.FtsSearcher(db_path)
    data = {
        "articles": len(articles),
        "queries": len(queries),
        "seed": args.seed,
        "without_diacritics": evaluate(index, searcher, queries, 1),
        "with_diacritics": evaluate(index, searcher, queries, 2),
        "examples": [q[1:] for q in queries[:10]],
    }
    index.close()
    searcher.close()
    out = write_results(f"known_item-{len(articles)}", data)
    print(f"{len(articles)} articles, {len(queries)} known-item queries (seed {args.seed})")
    print(f"{'':<22}{'reader top10':>14}{'first':>8}{'FTS5 top10':>12}{'first':>8}")
    for label in ("without_diacritics", "with_diacritics"):
        r, f = data[label]["reader"], data[label]["fts5"]
        print(
            f"{label:<22}{r['top10']:>14.1%}{r['first']:>8.1%}{f['top10']:>12.1%}{f['first']:>8.1%}"
        )
    print(f"results: {out}")
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
