"""The Whoosh index of an archive: schema, writing, query building, search and snippets.

Importing the package imports nothing else: `reader.index.folder` (which folders the index
may use) is read without Whoosh; `ArticleIndex` and its errors load `article_index` when
first named.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reader.index.article_index import ArticleIndex, IndexBusy, IndexUnavailable

__all__ = ["ArticleIndex", "IndexBusy", "IndexUnavailable"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reader.index import article_index

        return getattr(article_index, name)
    raise AttributeError(f"module 'reader.index' has no attribute {name!r}")
