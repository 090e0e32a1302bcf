"""Snippets: a short window of stored text with the matched words' character spans.

Cheap by design: it runs only for the hits returned, over a few hundred stored characters:
one regular expression over the folded text finds the words that may match (folded, so
`can tho` marks `Cần Thơ`), and each distinct word is checked once per page. Whoosh's
highlighter re-analyses and re-scores text per hit, which costs far more.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reader.index.query import Highlight
from reader.model.search import Snippet, Span
from reader.text.normalize import fold
from reader.text.tokens import WORD_RE, exact_form, folded_form

SNIPPET_CHARS = 180
# Characters of context kept before the first marked word of the window.
LEAD_IN = 40
ELLIPSIS = "…"
_UNSEEN = "\0"


def _matches(word: str, marks: Highlight) -> str | None:
    """The folded key of `word` when it matches, else None."""
    folded = folded_form(word)
    if folded in marks.folded:
        return folded
    if any(folded.startswith(p) for p in marks.folded_prefixes):
        return folded
    if marks.exact or marks.exact_prefixes:
        exact = exact_form(word)
        if exact in marks.exact or any(exact.startswith(p) for p in marks.exact_prefixes):
            return folded
    return None


def mark_spans(text: str, marks: Highlight) -> list[tuple[Span, str]]:
    """Spans of the syllables of `text` that the query matched, with their folded keys.

    The words that may match are found by one regular expression over the folded text, not
    by a Python loop over every syllable (a page of snippets has thousands), whenever
    folding keeps the text's length, so that its offsets are the text's own."""
    if marks.empty:
        return []
    folded = fold(text)
    words = (
        (match.span() for match in _pattern(marks).finditer(folded))
        if len(folded) == len(text)
        else (match.span() for match in WORD_RE.finditer(text))
    )
    found: list[tuple[Span, str]] = []
    seen = marks.seen
    for start, end in words:
        word = text[start:end]
        key = seen.get(word, _UNSEEN)
        if key is _UNSEEN:
            key = seen[word] = _matches(word, marks)
        if key is not None:
            found.append(((start, end), key))
    return found


def _pattern(marks: Highlight) -> re.Pattern[str]:
    """Folded words that may match `marks` (`_matches` decides), in folded text."""
    return _compiled(
        tuple(sorted(marks.folded | {folded_form(w) for w in marks.exact})),
        tuple(sorted(marks.folded_prefixes | {folded_form(p) for p in marks.exact_prefixes})),
    )


@lru_cache(maxsize=256)
def _compiled(whole: tuple[str, ...], prefixes: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = []
    if whole:
        alternatives.append(f"(?:{'|'.join(map(re.escape, whole))})(?![^\\W_])")
    if prefixes:
        alternatives.append(f"(?:{'|'.join(map(re.escape, prefixes))})[^\\W_]*")
    return re.compile(f"(?<![^\\W_])(?:{'|'.join(alternatives)})")


def title_marks(title: str, marks: Highlight) -> tuple[Span, ...]:
    """The matched spans of a title (the whole title is shown, so no window)."""
    return tuple(span for span, _ in mark_spans(title, marks))


def _best_start(found: list[tuple[Span, str]], width: int) -> int:
    """Index into `found` of the window start covering the most distinct matched words."""
    best, best_count = 0, 0
    for i, ((start, _), _) in enumerate(found):
        keys = {key for (s, _), key in found[i:] if s < start + width - LEAD_IN}
        if len(keys) > best_count:
            best, best_count = i, len(keys)
    return best


def make_snippet(text: str, marks: Highlight, width: int = SNIPPET_CHARS) -> Snippet:
    """A window of about `width` characters of `text` around its best-matching part."""
    found = mark_spans(text, marks)
    if len(text) <= width:
        return Snippet(text, tuple(span for span, _ in found))
    start = 0
    if found:
        first = found[_best_start(found, width)][0][0]
        if first + width - LEAD_IN > len(text):
            start = max(0, len(text) - width)
        else:
            start = max(0, first - LEAD_IN)
        if start > 0:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start
    spans = tuple((s + shift, e + shift) for (s, e), _ in found if s >= start and e <= end)
    return Snippet(f"{prefix}{window}{suffix}", spans)
