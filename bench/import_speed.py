"""Import throughput on the shared corpus: `python -m bench.import_speed [--articles N]`.

Imports N corpus files (all by default) into a fresh archive and index in a temp directory,
through the same `Archive.import_paths` the CLI uses, and prints articles per second.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus import corpus_files
from reader.archive import Archive
from reader.config import Config

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "baomoi-vi-news.tar.gz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=0, help="how many files (0: all)")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"corpus not found at {CORPUS}: skipping")
        return 0
    files = corpus_files(CORPUS)
    if args.articles:
        files = files[: args.articles]
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs"
        inputs.mkdir()
        for path in files:
            shutil.copyfile(path, inputs / path.name)
        archive = Archive(Config(archive_dir=Path(tmp) / "archive", index_dir=Path(tmp) / "idx"))
        started = time.perf_counter()
        summary = archive.import_paths([inputs])
        elapsed = time.perf_counter() - started
        index_bytes = archive.index.size_bytes()
        archive.close()
    result = {
        "files": len(files),
        "imported": summary.count("imported"),
        "duplicate": summary.count("duplicate"),
        "failed": summary.count("failed"),
        "seconds": round(elapsed, 2),
        "articles_per_s": round(summary.count("imported") / elapsed, 1),
        "index_mb": round(index_bytes / 1e6, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    reasons: dict[str, int] = {}
    for outcome in summary.failed:
        reasons[str(outcome.reason)] = reasons.get(str(outcome.reason), 0) + 1
    result["failure_reasons"] = reasons
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "import_speed.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
