"""Load the shared corpus as Articles: line 1 title, line 2 lead, the rest body.

Accepts the directory of extracted `.txt` files or the `.tar.gz` itself (extracted once under
the system temp directory). Files are taken in name order, so runs are repeatable.
"""

from __future__ import annotations

import sys
import tarfile
import tempfile
from pathlib import Path

from reader.model.article import Article
from reader.text.normalize import clean_text

EXTRACT_DIR = Path(tempfile.gettempdir()) / "reader-bench-corpus"


def corpus_files(path: Path) -> list[Path]:
    """The article files of the corpus at `path` (a directory or a .tar.gz)."""
    if path.is_file() and path.name.endswith((".tar.gz", ".tgz")):
        marker = EXTRACT_DIR / ".complete"
        if not marker.exists():
            EXTRACT_DIR.mkdir(parents=True, exist_ok=True)
            with tarfile.open(path) as archive:
                archive.extractall(EXTRACT_DIR, filter="data")
            marker.touch()
        path = EXTRACT_DIR
    return sorted(path.rglob("*.txt"))


def load_article(file: Path) -> Article:
    """One corpus file as an Article whose id is the file's stem."""
    text = clean_text(file.read_text("utf-8", errors="replace"))
    title, _, rest = text.strip().partition("\n")
    lead, _, body = rest.partition("\n")
    return Article(title=title.strip(), lead=lead.strip(), body=body.strip(), id=file.stem)


def load(path: Path, limit: int | None = None) -> list[Article]:
    """Up to `limit` articles of the corpus, in file-name order."""
    files = corpus_files(path)
    if limit is not None:
        files = files[:limit]
    return [load_article(f) for f in files]


def require(path: Path) -> None:
    """Exit cleanly (status 0, one line) when the corpus is absent."""
    if not path.exists():
        print(f"corpus not found at {path}: skipping", file=sys.stderr)
        raise SystemExit(0)
