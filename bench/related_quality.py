"""Related-list quality on the shared corpus without hand labels.

`python -m bench.related_quality [--sample 200] [--seed 11]`

- Near-duplicates: for random articles, an edited copy (`reader.related.quality.edited_copy`:
  title reworded, a sentence dropped, words changed, another source) is added to a copy of
  the corpus index; the related lists of originals and copies should mark each other "same
  story" (recall) and mark nothing else (precision). Flagged pairs that were not constructed
  are counted as wrong; how many of them have near-identical titles (the corpus's own
  re-publications) is reported beside.
- Topicality: the share of the top-5 related items (copies left out) that share at least one
  rare entity or rare syllable pair (held by <= 1% of articles) with their source.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import DEFAULT_CORPUS, write_results
from bench.corpus import require
from bench.related_corpus import corpus_paths, with_entities
from bench.related_speed import corpus_index_dir
from reader.index import ArticleIndex
from reader.index.similar import view
from reader.model.article import Article
from reader.related import RelatedList, related_for
from reader.related.quality import duplicate_figures, edited_copy, rare_features, topical_share
from reader.related.titles import title_similarity


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workdir", type=Path, default=None, help="index cache (bench/cache)")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    require(args.corpus)
    paths = corpus_paths(args.corpus)
    index_dir, _ = corpus_index_dir(args, paths)
    rng = random.Random(args.seed)
    ids = rng.sample(sorted(paths), args.sample)
    originals = [with_entities(paths[i]) for i in ids]
    copies = [edited_copy(a, rng, f"copy-{a.id}") for a in originals]
    pairs = {a.id: c.id for a, c in zip(originals, copies, strict=True)}
    loaded: dict[str, Article] = {a.id: a for a in (*originals, *copies)}

    def article_of(article_id: str) -> Article | None:
        if article_id not in loaded and article_id in paths:
            loaded[article_id] = with_entities(paths[article_id])
        return loaded.get(article_id)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "index"
        shutil.copytree(index_dir, work)
        index = ArticleIndex.open(work, create=False)
        index.update((c, "copy") for c in copies)
        started = time.perf_counter()
        lists: dict[str, RelatedList] = {a.id: related_for(index, a) for a in loaded.values()}
        seconds = time.perf_counter() - started
        partner = {**pairs, **{c: o for o, c in pairs.items()}}
        flagged_titles = [
            title_similarity(loaded[article_id].title, item.title)
            for article_id, related in lists.items()
            for item in related.items
            if item.signal == "same_story" and item.id != partner.get(article_id)
        ]
        figures = duplicate_figures(pairs, lists)
        copy_ids = set(pairs.values())
        topical_lists = {
            a.id: RelatedList(
                a.id,
                tuple(
                    i
                    for i in lists[a.id].items
                    if i.id not in copy_ids and i.signal != "same_story"
                ),
            )
            for a in originals
        }
        with view(index) as current:
            size = current.size

            def rare_of(article: Article) -> set[str]:
                return rare_features(article, current.df, size)

            share, counted = topical_share(originals, topical_lists, rare_of, article_of)
        index.close()
    result = {
        "articles": len(paths),
        "sample": args.sample,
        "near_duplicates": {
            "pairs": figures.pairs,
            "found": figures.found,
            "recall": round(figures.recall, 3),
            "flagged": figures.flagged,
            "wrong": figures.wrong,
            "precision": round(figures.precision, 3),
            "wrong_with_near_identical_titles": sum(1 for t in flagged_titles if t >= 0.8),
        },
        "top5_share_rare_entity_or_phrase": round(share, 3),
        "top5_items_counted": counted,
        "lists_per_s": round(len(lists) / seconds, 1),
    }
    write_results("related_quality", result)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
