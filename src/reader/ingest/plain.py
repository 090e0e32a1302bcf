"""Corpus-style plain text: line 1 the title, line 2 the lead, then the body.

Body paragraphs come one per line (blank lines between them are allowed and ignored). News
texts often end with the writer's byline, either as a short last line (`Hà Vy`) or as the
words after the last sentence (`... điều tra làm rõ. Nhị Tiến`). The byline becomes the
article's author only when it plainly looks like one; anything doubtful stays in the body.
"""

from __future__ import annotations

import re

from reader.ingest.errors import IngestError
from reader.model.article import Article
from reader.text.language import guess_language

_MAX_BYLINE_WORDS = 5
_MAX_BYLINE_CHARS = 60

# The end of a sentence inside a paragraph: a stop (optionally `./.`, the Vietnamese
# end-of-article mark) and closing quotes or brackets, then white space.
_SENTENCE_END = re.compile(r"(?:[.!?…]|\./\.)[\"'”’»)\]]*\s+")

# Abbreviations whose full stop does not end a sentence (`TP. Hồ Chí Minh`).
_ABBREVIATIONS = frozenset("tp q p tt ts ths gs pgs bs ks ls nxb mr mrs ms dr st no vs".split())
_LONGEST_ABBREVIATION = max(len(word) for word in _ABBREVIATIONS)
_WORD_END = re.compile(r"\w+$")

_PARENTHESES = re.compile(r"\([^()]{0,60}\)")
# One byline word: capitalised letters, dots and hyphens (`Nguyễn`, `P.Thúy`, `TTXVN`,
# `VOV.VN`), possibly several joined by a slash (`Hồng Hạnh/Báo Tin Tức`) or `&`.
_NAME_WORD = re.compile(r"^[^\W\d_][\w.\-']*$")
_JOINERS = frozenset({"&", "-", "/"})
_FINAL_PUNCTUATION = tuple(".!?:;,…\"”'’")


def parse_plain_text(text: str) -> Article:
    """Read a corpus-style text file: title, lead, body paragraphs, maybe a byline.

    Args:
        text: the decoded file text.

    Returns:
        An Article with title, lead, body (paragraphs joined by one blank line), the author
        when the last words are clearly a byline, and a guessed language.

    Raises:
        IngestError: `empty file`, or `no article text (only a title)`.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    if not lines:
        raise IngestError("empty file")
    if len(lines) == 1:
        raise IngestError("no article text (only a title)")
    title = lines[0]
    if len(lines) == 2:
        lead, paragraphs = "", [lines[1]]
    else:
        lead, paragraphs = lines[1], lines[2:]
    paragraphs, author = split_byline(paragraphs)
    body = "\n\n".join(paragraphs)
    return Article(
        title=title,
        lead=lead,
        body=body,
        author=author,
        language=guess_language(f"{title}\n{lead}\n{body}"),
    )


def split_byline(paragraphs: list[str]) -> tuple[list[str], str | None]:
    """Take a byline off the end of the body when it can be told apart from the text.

    Args:
        paragraphs: the body paragraphs, in order.

    Returns:
        The paragraphs without the byline, and the byline (None when there is none or it is
        doubtful). The body never becomes empty.
    """
    if not paragraphs:
        return paragraphs, None
    last = paragraphs[-1]
    head, tail = _last_sentence(last)
    if not looks_like_byline(tail):
        return paragraphs, None
    tail = " ".join(tail.split())
    if head:
        return [*paragraphs[:-1], head], tail
    if len(paragraphs) == 1:
        return paragraphs, None
    return paragraphs[:-1], tail


def _last_sentence(paragraph: str) -> tuple[str, str]:
    """Split `paragraph` before its last sentence: (everything before, the last sentence)."""
    cut = 0
    for match in _SENTENCE_END.finditer(paragraph):
        if _ends_abbreviation(paragraph, match.start()):
            continue
        if match.end() < len(paragraph):
            cut = match.end()
    return paragraph[:cut].rstrip(), paragraph[cut:].strip()


def _ends_abbreviation(paragraph: str, mark: int) -> bool:
    """Whether the full stop at `mark` closes an abbreviation (`TP.`), not a sentence.

    Looks only at the few characters before it (a search of everything before each mark made
    long paragraphs quadratic: a millisecond of every import).
    """
    if paragraph[mark] != ".":
        return False
    start = max(0, mark - _LONGEST_ABBREVIATION - 1)
    word = _WORD_END.search(paragraph, start, mark)
    if word is None or (word.start() == start and start and _WORD_END.match(paragraph[start - 1])):
        return False
    return word.group().lower() in _ABBREVIATIONS


def looks_like_byline(line: str) -> bool:
    """True for a short run of capitalised name words that is not a sentence.

    `Hà Vy`, `Nguyễn Văn A (TTXVN)`, `PV`, `Theo VOV` and `Hồng Hạnh/Báo Tin Tức` pass;
    `Xem thêm:`, `Ảnh: Reuters`, `Euro 2016` and anything ending in sentence punctuation
    do not.
    """
    line = line.strip()
    if not line or len(line) > _MAX_BYLINE_CHARS or line.endswith(_FINAL_PUNCTUATION):
        return False
    if any(char.isdigit() for char in line) or ":" in line:
        return False
    outside = _PARENTHESES.sub(" ", line)
    if "(" in outside or ")" in outside:
        return False
    words = [w for w in re.split(r"[\s/]+", outside) if w and w not in _JOINERS]
    if not 1 <= len(words) <= _MAX_BYLINE_WORDS:
        return False
    return all(_NAME_WORD.match(word) and word[0].isupper() for word in words)
