"""Related articles: for one article, the archive articles a reader would want next.

`related_for(index, article)` ranks archived articles by the page's own links (both ways),
shared entities, similar text and closeness in time, folds copies of one story, and lists the
linked titles that are not in the archive. Answers are computed on request and cached per
article until the index changes. No UI code here, and no Whoosh outside `reader.index`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.related.cache import RelatedCache
from reader.related.finder import PageLinks, find_related
from reader.related.model import NotInArchive, RelatedArticle, RelatedList

if TYPE_CHECKING:
    from reader.index.article_index import ArticleIndex
    from reader.model.article import Article

__all__ = ["NotInArchive", "PageLinks", "RelatedArticle", "RelatedList", "related_for"]

_CACHE = RelatedCache()


def related_for(
    index: ArticleIndex,
    article: Article,
    *,
    limit: int = 10,
    page_links: PageLinks | None = None,
) -> RelatedList:
    """The related list of `article` over `index`, from the cache when the index is unchanged."""
    from reader.index.similar import view

    key = (
        article.id,
        limit,
        article.content_sha256,
        article.title,
        article.related_titles,
        article.related_links,
        article.entities,
        article.published,
    )
    with view(index) as current:
        cached = _CACHE.get(current.generation, key)
        if cached is not None:
            return cached
        related = find_related(current, article, limit=limit, page_links=page_links)
        _CACHE.put(current.generation, key, related)
        return related
