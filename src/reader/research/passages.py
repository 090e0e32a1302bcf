"""Paragraphs and sentences of an article's body: what a highlight's position counts.

A paragraph is what the reader shows as one (blank-line separated, its lines joined with a
space: the TUI's `blocks.paragraphs`); a sentence ends with `.`, `!`, `?` or `…` (and any
closing quotes or brackets) before a space, except after a common abbreviation (`TP.`,
`TS.`, `Mr.`) or an initial (`J.`). Positions count from 1.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.text.sentences import sentences


def paragraphs(body: str) -> list[str]:
    """The paragraphs of `body` (blank-line separated), each on one line."""
    blocks = [" ".join(line.strip() for line in chunk.splitlines()) for chunk in body.split("\n\n")]
    return [b for b in blocks if b.strip()]


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
