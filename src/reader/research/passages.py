"""Paragraphs and sentences of an article's body: what a highlight's position counts.

A paragraph is what the reader shows as one (blank-line separated, its lines joined with a
space: the TUI's `blocks.paragraphs`); a sentence ends with `.`, `!`, `?` or `…` (and any
closing quotes or brackets) before a space, except after a common abbreviation (`TP.`,
`TS.`, `Mr.`) or an initial (`J.`). Positions count from 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends here: its last mark (and closing quotes or brackets), then spaces.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’»)\]]*\s+")
# Abbreviations after which a full stop does not end a sentence (lower case, without the dot).
_ABBREVIATIONS = frozenset(
    "tp tt ts ths pgs gs bs ks ls ncs ng st mr mrs ms dr prof jr sr co inc ltd no vs ca etc".split()
)


def paragraphs(body: str) -> list[str]:
    """The paragraphs of `body` (blank-line separated), each on one line."""
    blocks = [" ".join(line.strip() for line in chunk.splitlines()) for chunk in body.split("\n\n")]
    return [b for b in blocks if b.strip()]


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


def passage(body: str, paragraph: int, sentence: int | None = None) -> str | None:
    """The text of paragraph `paragraph` (or of its sentence `sentence`), None when the
    body has no such paragraph or sentence."""
    paras = paragraphs(body)
    if not 1 <= paragraph <= len(paras):
        return None
    text = paras[paragraph - 1]
    if sentence is None:
        return text
    parts = sentences(text)
    return parts[sentence - 1] if 1 <= sentence <= len(parts) else None


@dataclass(frozen=True, slots=True)
class Place:
    """Where a quote stands in a body now: paragraph and sentence (None: a whole paragraph),
    and whether it moved from where it was marked."""

    paragraph: int
    sentence: int | None
    moved: bool


def locate(body: str, quote: str, paragraph: int, sentence: int | None = None) -> Place | None:
    """Where `quote`, marked at (`paragraph`, `sentence`), stands in `body` now: there if it
    still reads the same, else the nearest paragraph (or sentence) that reads as the quote,
    else the nearest paragraph that contains it; None when the body no longer holds it."""
    if passage(body, paragraph, sentence) == quote:
        return Place(paragraph, sentence, False)
    paras = paragraphs(body)
    order = sorted(range(1, len(paras) + 1), key=lambda n: (abs(n - paragraph), n))
    for number in order:
        text = paras[number - 1]
        if sentence is None and text == quote:
            return Place(number, None, True)
        if sentence is not None and quote in text:
            for at, part in enumerate(sentences(text), 1):
                if part == quote:
                    return Place(number, at, True)
    for number in order:
        if quote and quote in paras[number - 1]:
            return Place(number, None, True)
    return None
