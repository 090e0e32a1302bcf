"""The corpus as the related-articles benchmarks need it: articles with entities, one index.

The corpus files carry no entities, while an import extracts them; the related list weighs
shared entities, so the articles are given their entities here (two processes) before the
index is built once into `bench/cache/` (reused while it holds exactly these articles).
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from bench.common import ensure_index
from bench.corpus import corpus_files, load, load_article
from reader.model.article import Article

CACHE = Path(__file__).resolve().parent / "cache"


def _with_entities(article: Article) -> Article:
    from reader.entities.extract import extract_entities

    return article.with_changes(entities=extract_entities(article))


def load_with_entities(corpus: Path, limit: int | None = None) -> list[Article]:
    """Corpus articles in file order, each with the entities an import would give it."""
    articles = load(corpus, limit)
    with multiprocessing.Pool(2) as pool:
        return pool.map(_with_entities, articles, chunksize=200)


def corpus_index(
    articles: list[Article], workdir: Path | None = None
) -> tuple[Path, dict[str, Any]]:
    """The index directory of `articles` (built unless already there) and how it was built."""
    index_dir = (workdir or CACHE) / f"related-{len(articles)}"
    return index_dir, ensure_index(index_dir, articles)


def corpus_paths(corpus: Path) -> dict[str, Path]:
    """Each corpus article's id (its file stem) with its file."""
    return {path.stem: path for path in corpus_files(corpus)}


def with_entities(path: Path) -> Article:
    """One corpus article with its entities, as an import would store it."""
    return _with_entities(load_article(path))
