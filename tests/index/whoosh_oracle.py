"""The query language translated to Whoosh's own queries: a test oracle for the engine.

The reader never evaluates queries with Whoosh (its per-posting Python work is too slow for
search as you type); `engine.py` matches over term bitmaps. This translation states what a
query matches in Whoosh's terms, field by field, so that Whoosh's own searcher can say, for any
archive and query, whether the engine matched exactly the right documents. Ranking is not
compared, only the set of matches. What the index decides (which terms a prefix expands to,
which catalogue entry a name means) is asked of the same lexicon and catalogue the engine
uses: the oracle checks how the answer is matched, not those choices. The user's annotations
(`tag:`, `note:`, `has:`, `is:`) are not in the index: the oracle asks the same look-up the
engine is handed for each leaf's ids and matches them on the `id` field.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

from whoosh import query as wq

from reader.index import query as q
from reader.index.schema import name_term
from reader.text import tokens


def translate(node: q.Node, lexicon: Any, facets: Any, annotations: Any = None) -> wq.Query:
    """The Whoosh query matching what `node` matches, for the top of a query (`alone`)."""
    return _node(node, lexicon, facets, alone=True, annotations=annotations)


def _node(
    node: q.Node, lexicon: Any, facets: Any, alone: bool = False, annotations: Any = None
) -> wq.Query:
    if isinstance(node, q.Mark):
        # No id is empty: a term that matches nothing, which (unlike NullQuery) NOT inverts.
        ids = annotations.ids(node.kind, node.value, node.prefix) if annotations else ()
        return wq.Or([wq.Term("id", article_id) for article_id in ["", *sorted(ids)]])
    if isinstance(node, q.Word):
        return _word(node, lexicon, alone)
    if isinstance(node, q.Phrase):
        return _phrase(node, lexicon)
    if isinstance(node, q.Name):
        key = facets.resolve(node.text, node.field)
        names = [key[1]] if key else [n for k, n in _holding(facets, node.text, node.field)]
        return _any([wq.Term(node.field, name_term(name, folded=False)) for name in names])
    if isinstance(node, q.Lang):
        return wq.Term("language", node.code)
    if isinstance(node, q.DateSpan):
        end = node.end - timedelta(microseconds=1) if node.end else None
        return wq.DateRange("published", node.start, end)
    if isinstance(node, q.Not):
        return wq.Not(_node(node.child, lexicon, facets, annotations=annotations))
    if isinstance(node, q.Any):
        return wq.Or([_node(c, lexicon, facets, annotations=annotations) for c in node.children])
    return wq.And([_node(c, lexicon, facets, annotations=annotations) for c in node.children])


def _any(parts: list[wq.Query]) -> wq.Query:
    return wq.Or(parts) if parts else wq.NullQuery


def _holding(facets: Any, text: str, kind: str) -> list[tuple[str, str]]:
    return [facets.names[number] for number in facets._holding(text, kind)]


def _fields(word: str, fieldname: str | None) -> tuple[str, str, str]:
    folded = tokens.is_folded(word)
    key = tokens.folded_form(word) if folded else tokens.exact_form(word)
    base = fieldname or "text"
    main = f"{base}_f" if folded else base
    title = ("title_f" if folded else "title") if fieldname is None else main
    return key, main, title


def _word(word: q.Word, lexicon: Any, alone: bool) -> wq.Query:
    key, main, title = _fields(word.text, word.field)
    if word.prefix:
        return _prefix(key, main, title, alone and word.field is None, lexicon)
    parts: list[wq.Query] = [wq.Term(main, key)]
    if word.field is None and main == "text_f":
        stem = tokens.english_stem(key)
        if lexicon.has("en", stem):
            parts.append(wq.Term("en", stem))
    return _any(parts)


def _prefix(key: str, main: str, title: str, alone: bool, lexicon: Any) -> wq.Query:
    """A word being typed: the word itself and its most frequent completions, as bounded as
    the engine bounds them (a lone short prefix completes in titles only)."""
    short = len(key) <= q.SHORT_PREFIX
    parts: list[wq.Query] = []
    if short and alone and main.startswith("text"):
        if lexicon.has(main, key):
            parts.append(wq.Term(main, key))
        parts += [wq.Term(title, t) for t in lexicon.expand(title, key, q.SHORT_PREFIX_TERMS)]
    else:
        limit = q.SHORT_PREFIX_TERMS if short else q.PREFIX_TERMS
        parts += [wq.Term(main, t) for t in lexicon.expand(main, key, limit)]
    return _any(parts)


def _phrase(phrase: q.Phrase, lexicon: Any) -> wq.Query:
    words = phrase.words
    if phrase.field is None:
        parts: list[wq.Query] = [
            wq.Term("text_bi", tokens.bigram(a, b)) for a, b in itertools.pairwise(words)
        ]
        parts += [wq.Term("text", tokens.exact_form(w)) for w in words if not tokens.is_folded(w)]
    elif phrase.field == "title":
        parts = [wq.Term("title_bi", tokens.bigram(a, b)) for a, b in itertools.pairwise(words)]
    else:
        parts = [_word(q.Word(w, phrase.field), lexicon, alone=False) for w in words]
    return wq.And(parts)
