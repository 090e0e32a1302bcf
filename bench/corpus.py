"""Locate and unpack the shared corpus of real Vietnamese news articles (never committed)."""

from __future__ import annotations

import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS_TARBALL = REPO.parent / "shared" / "corpus" / "baomoi-vi-news.tar.gz"
CACHE = REPO / "bench" / "cache"


def corpus_dir(tarball: Path = CORPUS_TARBALL) -> Path | None:
    """The unpacked corpus folder (unpacked once into bench/cache), or None without it."""
    target = CACHE / "baomoi"
    if target.is_dir() and any(target.iterdir()):
        return target
    if not tarball.is_file():
        return None
    CACHE.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as archive:
        archive.extractall(CACHE, filter="data")
    return target
