"""Index-side primitives for related articles, over the same searcher and bitmaps as search.

`view(index)` holds the index's lock and gives an `IndexView` of the current reader: document
frequencies, term and entity bitmaps, look-ups by id and URL, title candidates, and the top
documents of a weighted sum of bitmaps (the engine's bit-sliced `Scores`). The view's
`generation` (the reader's bitmaps object) changes whenever the index does, so callers can
cache answers per generation.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from reader.index.engine import Bitmaps, Scores
from reader.index.schema import name_term, snippet_source
from reader.model.article import Article
from reader.text import tokens
from reader.text.title_keys import title_terms, url_term

if TYPE_CHECKING:
    from reader.index.article_index import ArticleIndex

TITLE_CANDIDATES = 8
"""Archived titles checked per linked title."""
DF_MEMO = 200_000
"""Document frequencies remembered per index generation."""

_memos: weakref.WeakKeyDictionary[Bitmaps, dict[tuple[str, str], int]] = weakref.WeakKeyDictionary()
_memo_lock = threading.Lock()


def _memo(bitmaps: Bitmaps) -> dict[tuple[str, str], int]:
    """Document frequencies known for one generation, seeded from the saved frequent terms."""
    with _memo_lock:
        memo = _memos.get(bitmaps)
        if memo is None:
            memo = {}
            for fieldname in ("text", "text_bi"):
                for term, df in bitmaps.frequent(fieldname) or ():
                    memo[(fieldname, term)] = df
            _memos[bitmaps] = memo
        return memo


def article_snippet(article: Article) -> str:
    """The text the index stores for snippets (`snip`), made from an article not yet read back."""
    return snippet_source(article)


class IndexView:
    """Read-only look-ups over one reader of the index; valid while `view()` holds it."""

    def __init__(self, searcher: Any, bitmaps: Bitmaps) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.bitmaps = bitmaps

    @property
    def generation(self) -> object:
        """An object that is replaced whenever the index changes."""
        return self.bitmaps

    @property
    def size(self) -> int:
        """Live articles."""
        return int(self.searcher.doc_count())

    @property
    def live(self) -> int:
        return self.bitmaps.live

    def docnum(self, article_id: str) -> int | None:
        """The document number of a live article, or None."""
        if not article_id:
            return None
        found = self.searcher.document_number(id=article_id)
        return found if found is not None and self.bitmaps.live >> found & 1 else None

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a document (id, title, published, source, url, snip...)."""
        return dict(self.reader.stored_fields(docnum))

    def df(self, fieldname: str, term: str) -> int:
        """How many documents hold `term` in `fieldname` (remembered for this generation)."""
        memo = _memo(self.bitmaps)
        key = (fieldname, term)
        found = memo.get(key)
        if found is None:
            found = self.reader.doc_frequency(fieldname, term)
            if len(memo) > DF_MEMO:
                memo.clear()
            memo[key] = found
        return found

    def docs(self, fieldname: str, term: str) -> int:
        """Bitmap of the live documents holding the term."""
        return self.bitmaps.docs(fieldname, term) & self.bitmaps.live

    def entity_docs(self, kind: str, name: str) -> int:
        """Bitmap of the live documents naming an entity (canonical name, exact form)."""
        term = name_term(name, folded=False)
        return self.docs(kind, term) if term else 0

    def url_docs(self, url: str) -> int:
        """Bitmap of the live documents stored from `url` (trailing slash and scheme aside)."""
        url = url.strip()
        if not url:
            return 0
        bare = url.rstrip("/")
        variants = {url, bare, bare + "/"}
        for scheme, other in (("https://", "http://"), ("http://", "https://")):
            if bare.startswith(scheme):
                swapped = other + bare[len(scheme) :]
                variants.update({swapped, swapped + "/"})
        found = 0
        for variant in variants:
            found |= self.docs("url", variant)
        return found

    def title_candidates(self, title: str, limit: int = TITLE_CANDIDATES) -> list[int]:
        """Documents whose titles share the most (rarity-weighted) syllables with `title`."""
        scores = Scores.empty()
        union = 0
        size = max(1, self.bitmaps.size)
        for word in set(tokens.folded_tokens(title)):
            found = self.docs("title_f", word)
            if not found:
                continue
            union |= found
            scores.add(found, rarity(found.bit_count(), size))
        return scores.top(union, limit) if union else []

    def linking_docs(self, title: str, url: str | None) -> tuple[int, int]:
        """Live documents whose pages link an article with this title or URL, across the
        whole archive: (certain, possible).

        Certain: a linked title equal to `title` once folded (case, diacritics, punctuation),
        or a link to `url`; possible: a linked title with the same first or last few syllables,
        for the caller to confirm with the fuzzy title matcher.
        """
        terms = title_terms(title)
        certain = self.docs("links", terms[0]) if terms else 0
        url_key = url_term(url) if url else None
        if url_key:
            certain |= self.docs("links", url_key)
        possible = 0
        for term in terms[1:]:
            possible |= self.docs("links", term)
        return certain, possible & ~certain

    def top(self, weighted: Sequence[tuple[int, int]], exclude: int, limit: int) -> list[int]:
        """The `limit` live documents with the highest sum of weights, outside `exclude`."""
        scores = Scores.empty()
        union = 0
        for bitmap, weight in weighted:
            if weight > 0:
                union |= bitmap
                scores.add(bitmap, weight)
        candidates = union & self.bitmaps.live & ~exclude
        return scores.top(candidates, limit) if candidates else []


def rarity(df: int, size: int) -> int:
    """A small integer weight that grows as a term gets rarer."""
    return max(1, round(4 * math.log(1 + size / max(1, df))))


@contextmanager
def view(index: ArticleIndex) -> Iterator[IndexView]:
    """Hold the index's shared reader for a series of look-ups (searches wait meanwhile)."""
    with index.snapshot() as snapshot:
        yield IndexView(snapshot.searcher, snapshot.bitmaps)
