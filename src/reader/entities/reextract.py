"""Re-extraction: every article's entities computed again with today's rules and data.

When it is done, the archive folder records this extractor's version
(`reader.entities.version`), so the reader can tell an archive whose entities are older.

Articles whose front matter carries `entities_locked: true` were corrected by hand: their
entities stay as written, and their names join the known names that later articles resolve
against. Only files whose entities change are rewritten (atomically, by the store); the others
are left byte for byte as they were.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.entities.extract import extract_entities
from reader.entities.known import KnownNames
from reader.entities.version import mark_extractor
from reader.model.article import ENTITY_KINDS, Article, Entities
from reader.model.canonical import ArticleFormatError
from reader.store import ArchiveStore

Progress = Callable[[int, int], None]


@dataclass
class ReextractReport:
    """What a re-extraction did."""

    checked: int = 0
    changed: int = 0
    locked: int = 0
    failed: list[tuple[Path, str]] = field(default_factory=list)
    sync: Any = None
    """The index sync that followed (an `archive.SyncReport`)."""

    def as_json(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "changed": self.changed,
            "locked": self.locked,
            "failed": [{"path": str(p), "reason": r} for p, r in self.failed],
        }


def remember(known: KnownNames, entities: Entities) -> None:
    """Add every name of `entities` to `known`."""
    for kind in ENTITY_KINDS:
        for name in entities.of_kind(kind):
            known.add(kind, name)


def fresh_entities(article: Article, known: KnownNames) -> Entities:
    """The entities `article` should carry: its own when locked, else extracted anew."""
    if article.entities_locked:
        return article.entities
    return extract_entities(article, known)


def reextract(store: ArchiveStore, progress: Progress | None = None) -> ReextractReport:
    """Re-extract the entities of every article file in `store`, in file order."""
    report = ReextractReport()
    known = KnownNames()
    total = len(store.scan())
    for done, (stored, result) in enumerate(store.iter_articles(), 1):
        if isinstance(result, ArticleFormatError):
            report.failed.append((stored.path, str(result)))
        else:
            report.checked += 1
            entities = fresh_entities(result, known)
            remember(known, entities)
            if result.entities_locked:
                report.locked += 1
            elif entities != result.entities:
                store.write(result.with_changes(entities=entities))
                report.changed += 1
        if progress is not None:
            progress(done, total)
    mark_extractor(store.root)
    return report
