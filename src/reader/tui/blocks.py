"""An article cut into blocks of bounded size, grouped into parts that are shown one at a time.

What the article view costs on the event loop grows with the text it lays out and draws: one
19 MB paragraph froze the reader for 21 s. No block here is longer than MAX_BLOCK characters
(a longer paragraph is cut after a sentence, else at a space) and no part holds more than
PART_CHARS characters or PART_BLOCKS blocks, so showing a part costs about the same whatever
the article. Every article of the shared corpus (37,000 characters at most) is one part and
shows as before, but for 7 paragraphs of its 24,842 articles, which are longer than a block.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from reader.model.article import Article
from reader.text.normalize import fold
from reader.tui.render import safe

MAX_BLOCK = 16_000
"""Characters in a block at most."""
PART_CHARS = 50_000
"""Characters in a part at most (unless its one block is longer)."""
PART_BLOCKS = 120
"""Blocks in a part at most: each is a widget to lay out."""

_SENTENCE_ENDS = (". ", "! ", "? ", "… ", '." ', ".” ", ".) ")


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of an article, its text made safe to show."""

    text: str
    kind: str
    """`title`, `lead`, `paragraph` or `caption`: also the CSS class it is shown with."""
    paragraph: int = 0
    """The paragraph of the body it is (part of), from 1 as highlights count them
    (`reader.research.passages`); 0 for the title, the lead and captions not in the body."""


def paragraphs(body: str) -> list[str]:
    """The paragraphs of `body` (blank-line separated), each on one line."""
    blocks = [" ".join(line.strip() for line in chunk.splitlines()) for chunk in body.split("\n\n")]
    return [b for b in blocks if b.strip()]


def pieces(text: str, limit: int = MAX_BLOCK) -> Iterator[str]:
    """`text` in pieces of at most `limit` characters: cut after the last sentence that ends in
    the second half of a piece, else at its last space, else anywhere."""
    start, size = 0, len(text)
    while size - start > limit:
        low, high = start + limit // 2, start + limit
        end = max(text.rfind(mark, low, high) + len(mark) - 1 for mark in _SENTENCE_ENDS)
        if end < low:  # no sentence ends there
            end = text.rfind(" ", low, high)
        cut, resume = (end, end + 1) if end >= low else (high, high)
        yield text[start:cut]
        start = resume
    yield text[start:]


def article_blocks(article: Article) -> Iterator[Block]:
    """Title, lead, paragraphs and captions (those not already in the body, last) as blocks;
    a paragraph that is one of the captions is shown as a caption where it stands."""

    def cut(text: str, kind: str, paragraph: int = 0) -> Iterator[Block]:
        for piece in pieces(text):
            yield Block(safe(piece), kind, paragraph)

    yield from cut(article.title, "title")
    if article.lead.strip():
        yield from cut(article.lead.strip(), "lead")
    captions = {fold(c.strip()): c for c in article.captions if c.strip()}
    shown: set[str] = set()
    for number, paragraph in enumerate(paragraphs(article.body), 1):
        key = fold(paragraph.strip()) if captions else ""
        if key in captions:
            shown.add(key)
            yield from cut(paragraph, "caption", number)
        else:
            yield from cut(paragraph, "paragraph", number)
    for key, caption in captions.items():
        if key not in shown:
            yield from cut(caption, "caption")


def part_ranges(blocks: list[Block]) -> list[range]:
    """Consecutive blocks grouped into parts of at most PART_CHARS characters and PART_BLOCKS
    blocks each (a part holds at least one block)."""
    parts: list[range] = []
    start, size = 0, 0
    for index, block in enumerate(blocks):
        if index > start and (size + len(block.text) > PART_CHARS or index - start >= PART_BLOCKS):
            parts.append(range(start, index))
            start, size = index, 0
        size += len(block.text)
    if blocks:
        parts.append(range(start, len(blocks)))
    return parts
