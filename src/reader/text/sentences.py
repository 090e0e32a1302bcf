"""Sentences of a paragraph, told apart at their last mark but not at an abbreviation's full
stop (`TP. Hồ Chí Minh`, `ông T. nói`): what a highlight counts, and where a story's first
sentence ends for ranking."""

from __future__ import annotations

import re

# A sentence ends here: its last mark (and closing quotes or brackets), then spaces.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
# Abbreviations after which a full stop does not end a sentence (lower case, without the dot).
_ABBREVIATIONS = frozenset(
    "tp tt ts ths pgs gs bs ks ls ncs ng st mr mrs ms dr prof jr sr co inc ltd no vs ca etc".split()
)


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each without the spaces that follow it."""
    found: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(paragraph):
        before = paragraph[start : match.start()].rsplit(None, 1)
        # Lower-cased, not folded: `cá.` ends a sentence, `ca.` (circa) does not.
        word = before[-1].lower().strip("\"'“‘«([") if before else ""
        if match.group().startswith(".") and (
            word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha())
        ):
            continue
        found.append(paragraph[start : match.end()].rstrip())
        start = match.end()
    rest = paragraph[start:].rstrip()
    if rest:
        found.append(rest)
    return found


def first_sentence(text: str) -> str:
    """The first sentence of `text` (empty for a text without words)."""
    found = sentences(text.strip())
    return found[0] if found else ""
