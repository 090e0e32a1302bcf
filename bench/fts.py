"""The SQLite FTS5 baseline: the same articles, folded by `unicode61 remove_diacritics 2`.

Prefix indexes for 1-3 characters, bm25 with the title weighted 5x, top 20 with `snippet()`
and the total count: the work the reader's search does, done by FTS5.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path

from reader.model.article import Article

_WORD = re.compile(r"[^\W_]+")

SCHEMA = """
CREATE VIRTUAL TABLE docs USING fts5(
    id UNINDEXED, title, body,
    tokenize = "unicode61 remove_diacritics 2",
    prefix = '1 2 3'
)
"""


def build(path: Path, articles: Sequence[Article]) -> float:
    """Create the FTS5 database at `path`; returns articles per second."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute(SCHEMA)
    db.executemany(
        "INSERT INTO docs (id, title, body) VALUES (?, ?, ?)",
        ((a.id, a.title, f"{a.lead}\n{a.body}\n" + "\n".join(a.captions)) for a in articles),
    )
    db.commit()
    db.execute("INSERT INTO docs(docs) VALUES('optimize')")
    db.commit()
    db.close()
    return len(articles) / (time.perf_counter() - started)


def match_expression(text: str) -> str | None:
    """Words AND'ed, each quoted; the last a prefix unless the text ends with a space."""
    words = _WORD.findall(text)
    if not words:
        return None
    parts = [f'"{w}"' for w in words]
    if not text[-1].isspace():
        parts[-1] += "*"
    return " AND ".join(parts)


class FtsSearcher:
    """Top-k search with snippets and the total count over one FTS5 database."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, check_same_thread=False)

    def search(self, text: str, limit: int = 20) -> tuple[int, list[tuple[str, str, str]]]:
        """(total, [(id, title, snippet)]) for what was typed."""
        expression = match_expression(text)
        if expression is None:
            rows = self.db.execute("SELECT id, title, '' FROM docs LIMIT ?", (limit,)).fetchall()
            return -1, rows
        rows = self.db.execute(
            "SELECT id, title, snippet(docs, 2, '[', ']', '…', 16) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 0.0, 5.0, 1.0) LIMIT ?",
            (expression, limit),
        ).fetchall()
        total = self.db.execute(
            "SELECT count(*) FROM docs WHERE docs MATCH ?", (expression,)
        ).fetchone()[0]
        return total, rows

    def size_bytes(self, path: Path) -> int:
        return path.stat().st_size

    def close(self) -> None:
        self.db.close()
