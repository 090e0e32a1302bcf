"""The Whoosh index of an archive: schema, writing, query building, search and snippets."""

from reader.index.store import ArticleIndex, IndexBusy, IndexUnavailable

__all__ = ["ArticleIndex", "IndexBusy", "IndexUnavailable"]
