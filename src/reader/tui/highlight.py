"""Spans to highlight in article text: query words and find-in-article matches.

Pure string work, no Textual: spans are (start, end) character offsets into the original text,
found on a folded copy (lower case, no diacritics) so `can tho` lights up `Cần Thơ`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from reader.text.normalize import fold, has_diacritics

Span = tuple[int, int]

_FIELD = re.compile(r"\b(?:title|author|section|person|place|org):", re.IGNORECASE)
_DATE = re.compile(r"\bdate:\S*", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_OPERATORS = frozenset({"and", "or", "not"})


def mapped(text: str, transform: Callable[[str], str]) -> tuple[str, Sequence[int]]:
    """`transform` applied character by character, with each output offset's source offset.

    The map has one extra entry (the length of `text`) so that an end offset maps too.
    """
    whole = transform(text)
    if len(whole) == len(text) and all(len(transform(char)) == 1 for char in set(text)):
        # Each character gives one: offsets stay put. The common case, and the one that runs
        # at C speed; the loop below takes seconds on an article of megabytes.
        return whole, range(len(text) + 1)
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = transform(char)
        out.append(piece)
        origin.extend([index] * len(piece))
    origin.append(len(text))
    return "".join(out), origin


def query_words(query: str) -> list[str]:
    """The words of a search query worth highlighting: no operators, dates, field names, -words."""
    query = _DATE.sub(" ", query)
    query = _FIELD.sub(" ", query)
    words: list[str] = []
    for token in query.split():
        if token.startswith("-"):
            continue
        for word in _WORD.findall(token):
            if word.lower() not in _OPERATORS and word not in words:
                words.append(word)
    return words


def merge(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, overlapping or touching spans joined."""
    result: list[list[int]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1][1] = max(result[-1][1], end)
        else:
            result.append([start, end])
    return tuple((start, end) for start, end in result)


def word_spans(text: str, words: Iterable[str]) -> tuple[Span, ...]:
    """Where words of `text` start with one of `words` (each as a prefix, like search).

    A word typed without diacritics matches with or without them; one typed with diacritics
    matches only those diacritics.
    """
    words = [w for w in words if w]
    if not words or not text:
        return ()
    folded, folded_map = mapped(text, fold)
    lowered, lowered_map = mapped(text, str.lower)
    spans: list[Span] = []
    for word in words:
        exact = has_diacritics(word)
        haystack, origin = (lowered, lowered_map) if exact else (folded, folded_map)
        needle = word.lower() if exact else fold(word)
        pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"\w*")
        for match in pattern.finditer(haystack):
            spans.append((origin[match.start()], origin[match.end()]))
    return merge(spans)


def find_spans(text: str, needle: str) -> tuple[Span, ...]:
    """Every occurrence of `needle` in `text`, ignoring case and diacritics."""
    needle = fold(needle.strip())
    if not needle or not text:
        return ()
    folded, origin = mapped(text, fold)
    spans: list[Span] = []
    start = folded.find(needle)
    while start != -1:
        spans.append((origin[start], origin[start + len(needle)]))
        start = folded.find(needle, start + len(needle))
    return tuple(spans)


def title_key(title: str) -> str:
    """A title folded for matching: no case, diacritics or punctuation, single spaces."""
    return " ".join(_WORD.findall(fold(title).replace("_", " ")))
