"""Folded forms of titles and URLs for matching a page's links to archived articles.

A page rarely copies a linked title exactly: case, diacritics, tone placement (`hoà`/`hòa`),
punctuation and a word or two differ. Titles are compared as sequences of folded syllables
(`reader.related.titles`); the index finds candidates by `link_terms`: each linked title under
its whole folded key and under its first and last `EDGE_WORDS` syllables, so that one changed,
added or dropped word (or a title cut short with an ellipsis) still meets the archived title
on one side. The fuzzy matcher then confirms the candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from reader.text.normalize import d_as_d

_SYLLABLE = re.compile(r"[^\W_]+")
_MARKS = re.compile("[\u0300-\u036f]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)

EDGE_WORDS = 5
"""Syllables of a linked title's head and tail keys."""
MAX_TERM_CHARS = 300
"""Longer keys are not indexed (a title or URL that long is not a link worth finding)."""
WHOLE, HEAD, TAIL, URL = "=", "<", ">", "@"
"""Prefixes of the four kinds of link terms."""


def quick_fold(text: str) -> str:
    """`reader.text.normalize.fold` for comparing texts, in C-speed steps: lower case, `đ` as
    `d`, and the combining diacritics (U+0300-U+036F, every Vietnamese mark) removed."""
    return _MARKS.sub("", unicodedata.normalize("NFD", d_as_d(text).lower()))


def folded_syllables(text: str) -> list[str]:
    """The folded syllables of any text (not cached: for long texts)."""
    return _SYLLABLE.findall(quick_fold(text))


@lru_cache(maxsize=50_000)
def title_words(title: str) -> tuple[str, ...]:
    """The folded syllables of a title.

    Folding drops every diacritic, tone marks included, so `hoà` and `hòa` (two placements of
    one tone) fold alike without `canonical_tones`.
    """
    return tuple(folded_syllables(title))


def title_key(title: str) -> str:
    """A title folded for exact look-ups: no case, diacritics or punctuation, single spaces."""
    return " ".join(title_words(title))


def title_terms(title: str) -> list[str]:
    """The link terms of one title: whole key, then head and tail keys (see the module)."""
    words = title_words(title)
    if not words:
        return []
    terms = [WHOLE + "_".join(words)]
    if len(words) >= EDGE_WORDS:
        terms.append(HEAD + "_".join(words[:EDGE_WORDS]))
        terms.append(TAIL + "_".join(words[-EDGE_WORDS:]))
    return [term for term in terms if len(term) <= MAX_TERM_CHARS]


def url_term(url: str) -> str | None:
    """The link term of a URL: no scheme, no trailing slash, lower-case host, no spaces."""
    bare = "".join(url.split())
    bare = _SCHEME.sub("", bare).rstrip("/")
    if not bare or len(bare) + 1 > MAX_TERM_CHARS:
        return None
    host, slash, path = bare.partition("/")
    return f"{URL}{host.lower()}{slash}{path}"


def link_terms(titles: Iterable[str], urls: Iterable[str]) -> list[str]:
    """The index terms of a page's related titles and link URLs, each once."""
    terms: dict[str, None] = {}
    for title in titles:
        terms.update(dict.fromkeys(title_terms(title)))
    for url in urls:
        term = url_term(url)
        if term:
            terms[term] = None
    return list(terms)
