"""Answering one query over a snapshot: candidates, ranking, the page of hits with snippets.

The engine (`engine.py`) finds the candidates and scores them; here they become a page:
newest first when the query has no word to rank by, else by score (ties: the first sentence
has every word, then newest, then id), followed, when few articles match every word, by those
matching all but one, and searched again with the archive's word when a word was a typo.
"""

from __future__ import annotations

from typing import Any

from whoosh.searching import Searcher

from reader.index import query as q
from reader.index.engine import ORDER_DEPTH, Bitmaps, Evaluator
from reader.index.reading import Lexicon
from reader.index.snippets import make_snippet, title_marks
from reader.model.search import SearchHit, SearchResult

# Fewer full matches than this and a query of several words lists its near matches too.
RELAX_BELOW = 20


def answer(
    searcher: Searcher,
    bitmaps: Bitmaps,
    lexicon: Lexicon,
    node: q.Node | None,
    text: str,
    limit: int,
    by_date: bool,
    offset: int,
    annotations: q.Annotations | None = None,
) -> SearchResult:
    """Candidates and ranking from the bitmaps; stored fields and snippets for the page.
    `annotations`: what `tag:`, `note:`, `has:` and `is:` ask (none: no article has any)."""
    wanted = max(0, offset) + max(1, limit)
    evaluator = Evaluator(bitmaps, lexicon, searcher, annotations)
    partial = 0
    suggestion = None
    first: int = 0  # listed before the others: what the words as typed match
    if node is None:
        candidates, by_date = bitmaps.live, True
    else:
        candidates = evaluator.run(node)
        by_date = by_date or not q.has_words(node)
        if evaluator.corrections:
            # A word found almost nothing: search again with what it was taken for.
            meant = q.corrected(node, evaluator.corrections)
            again = Evaluator(bitmaps, lexicon, searcher, annotations)
            found = again.run(meant)
            if found & ~candidates:
                suggestion = q.corrected_text(text, evaluator.corrections)
                first, candidates = candidates, candidates | found
                evaluator, node = again, meant
    places = bitmaps.places()
    reader = searcher.reader()
    stored: dict[int, dict[str, Any]] = {}

    def fields(docnum: int) -> dict[str, Any]:
        found = stored.get(docnum)
        if found is None:
            found = stored[docnum] = reader.stored_fields(docnum)
        return found

    def title(docnum: int) -> str:
        return str(fields(docnum).get("title", ""))

    def opening(docnum: int) -> str:
        return str(fields(docnum).get("snip", ""))

    if by_date:
        packed = candidates.to_bytes(bitmaps.nbytes, "little")
        page: list[int] = []
        for docnum in bitmaps.date_order():
            if packed[docnum >> 3] & (1 << (docnum & 7)):
                page.append(docnum)
                if len(page) >= wanted:
                    break
    else:
        scores = evaluator.scores
        depth = max(wanted, ORDER_DEPTH)
        page = []
        if first:
            page = evaluator.rerank(scores.top(first, depth, places), title, opening)[:wanted]
        rest = evaluator.rerank(scores.top(candidates & ~first, depth, places), title, opening)
        page += rest[: wanted - len(page)]
        if candidates.bit_count() < RELAX_BELOW:
            near = evaluator.near() & ~candidates
            partial = near.bit_count()
            if near and len(page) < wanted:
                page += scores.top(near, wanted - len(page), places)
    body_marks = narrow(q.highlight_terms(node), evaluator.expanded)
    head_marks = narrow(q.highlight_terms(node, title=True), evaluator.expanded)
    hits = []
    for docnum in page[offset:wanted]:
        row = fields(docnum)
        heading = row.get("title", "")
        hits.append(
            SearchHit(
                id=row["id"],
                title=heading,
                published=row.get("published"),
                author=row.get("author"),
                section=tuple(row.get("section") or ()),
                score=0.0 if by_date else float(evaluator.score_of(docnum)),
                snippet=make_snippet(row.get("snip", ""), body_marks),
                title_marks=title_marks(heading, head_marks),
            )
        )
    return SearchResult(text, candidates.bit_count(), False, 0.0, tuple(hits), partial, suggestion)


def narrow(marks: q.Highlight, expanded: set[tuple[str, str]]) -> q.Highlight:
    """Mark what a one- or two-letter prefix actually expanded to, not every word it starts."""
    for prefixes, terms, suffix in (
        (marks.folded_prefixes, marks.folded, "_f"),
        (marks.exact_prefixes, marks.exact, ""),
    ):
        short = {p for p in prefixes if len(p) <= q.SHORT_PREFIX}
        if not short:
            continue
        prefixes -= short
        for fieldname, term in expanded:
            if fieldname.endswith("_f") == bool(suffix) and term.startswith(tuple(short)):
                terms.add(term)
    return marks
