"""Corpus-style plain text: line 1 the title, line 2 the lead, then the body.

Body paragraphs come one per line (blank lines between them are allowed and ignored). News
texts often end with the writer's byline, either as a short last line (`Hà Vy`) or as the
words after the last sentence (`... điều tra làm rõ. Nhị Tiến`), often with its outlet, a
source or a photo credit (`Trang Thu/Báo Tin tức`, `Hải Phong, Theo Trí Thức Trẻ`,
`Đông Linh - Ảnh: Reuters`, `Minh Khuê (tổng hợp). Ảnh: Internet`), sometimes glued to the
last sentence with no stop (`... tạp chí Nature Genetics Theo Nhân Hà/ Dân trí`). The byline
becomes the article's author only when it plainly looks like one; anything doubtful stays in
the body.
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
# The parts of a byline: names, outlets, sources and credits (`Trang Thu/Báo Tin tức`,
# `Hải Phong, Theo Trí Thức Trẻ`, `Đông Linh - Ảnh: Reuters`); the slash is kept as a part
# (what follows it is an outlet).
_PART_SPLIT = re.compile(r"\s*(/)\s*|\s*[,;]\s*|\s+[-–&]\s+|(?<=[^\W\d_]{2})\.\s+")
# A cue before a source, an outlet or a credit: `Theo`, `Nguồn:`, `Ảnh:`, `PV`.
_CUE = re.compile(
    r"^(theo|nguồn\s*:|ảnh\s*:|bài và ảnh\s*:?|bài, ảnh\s*:?|video\s*:|clip\s*:|pv|ctv)"
    r"(?:\s+|$)",
    re.IGNORECASE,
)
_CREDIT_CUES = ("nguồn", "ảnh", "video", "clip")
# A credit standing alone after the byline's sentence: `Ảnh: Internet`.
_CREDIT_ONLY = re.compile(r"^(?:Ảnh|Nguồn|Video|Clip)\s*:\s*\S", re.IGNORECASE)
# `tổng hợp` (compiled by) after a name: `Sơn Tùng Tổng hợp`, `Duy Phan tổng hợp`.
_NOTE_END = re.compile(r"(?:^|\s+)(?:tổng hợp|lược dịch|TH)$", re.IGNORECASE)
# An initial that belongs to the byline after it: `... khá mỏng. V. Minh`.
_TRAILING_INITIAL = re.compile(r"(?:^|[.!?…]\s+)([A-ZĐ]\.)$")
# A byline glued to the last sentence without a stop: `... Genetics Theo Nhân Hà/ Dân trí`.
_GLUED_THEO = re.compile(r"(?<=\s)Theo\s+([^.!?:]+)$")
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
    head, tail = _byline_tail(paragraphs[-1])
    if tail is None:
        return paragraphs, None
    if head:
        return [*paragraphs[:-1], head], tail
    if len(paragraphs) == 1:
        return paragraphs, None
    return paragraphs[:-1], tail


def _byline_tail(paragraph: str) -> tuple[str, str | None]:
    """`paragraph` without the byline ending it, and that byline (None: no clear byline).

    The last sentence is the byline when it looks like one (`... làm rõ. Nhị Tiến`); a
    credit after it (`Minh Khuê (tổng hợp). Ảnh: Internet`) goes with it, and an initial
    before it stays with it (`... khá mỏng. V. Minh`). With no stop before it, a byline
    glued to the last sentence is taken only after a capitalised `Theo` and with an outlet
    after a slash (`... Nature Genetics Theo Nhân Hà/ Dân trí`).
    """
    head, tail = _last_sentence(paragraph)
    if head and _CREDIT_ONLY.match(tail):
        before, last = _last_sentence(head)
        if last and looks_like_byline(f"{last} {tail}"):
            head, tail = before, f"{last} {tail}"
    if looks_like_byline(tail):
        initial = _TRAILING_INITIAL.search(head)
        if initial:
            head, tail = head[: initial.start(1)].rstrip(), f"{initial.group(1)} {tail}"
        return head, " ".join(tail.split())
    glued = _GLUED_THEO.search(tail)
    if glued and "/" in glued.group(1) and looks_like_byline(glued.group()):
        cut = len(paragraph) - len(tail) + glued.start()
        return paragraph[:cut].rstrip(), " ".join(glued.group().split())
    return paragraph, None


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

    `Hà Vy`, `Nguyễn Văn A (TTXVN)`, `PV`, `Theo VOV`, `Hồng Hạnh/Báo Tin Tức`,
    `Trang Thu/Báo Tin tức`, `Hải Phong, Theo Trí Thức Trẻ`, `Đông Linh - Ảnh: Reuters` and
    `Sơn Tùng Tổng hợp` pass; `Xem thêm:`, `Ảnh: Reuters` (a credit alone names no writer),
    `Euro 2016` and anything ending in sentence punctuation do not. Lower-case words are
    allowed only in an outlet (after a slash or a cue: `Báo điện tử Chính phủ`) and in
    the note `tổng hợp`.
    """
    line = line.strip()
    if not line or len(line) > _MAX_BYLINE_CHARS or line.endswith(_FINAL_PUNCTUATION):
        return False
    if any(char.isdigit() for char in line):
        return False
    outside = re.sub(r"\s+\.", ".", _PARENTHESES.sub(" ", line))
    if "(" in outside or ")" in outside:
        return False
    parts = [part.strip() for part in _PART_SPLIT.split(outside) if part is not None]
    words = 0
    writer = False
    for index, part in enumerate(parts):
        if part == "/":
            continue
        if not part:
            return False
        cue = _CUE.match(part)
        rest = part[cue.end() :] if cue else part
        rest = _NOTE_END.sub("", rest).strip()
        if ":" in rest:
            return False
        split = [w for w in rest.split() if w not in _JOINERS]
        words += len(split)
        if not split:
            if not cue and not _NOTE_END.search(part):
                return False
            # `PV`, `CTV` or the note `TH` alone still sign the article.
            writer = writer or not cue or cue.group(1).casefold() in ("pv", "ctv")
            continue
        outlet = cue is not None or (index > 0 and parts[index - 1] == "/")
        if not outlet and len(split) > _MAX_BYLINE_WORDS:
            return False  # a clause
        if len(parts) > 1 and split == [split[0][:1]]:
            return False  # a lone letter among other parts (`Đ,Bắc`)
        if not _NAME_WORD.match(split[0]) or not split[0][0].isupper():
            return False
        if not all(_NAME_WORD.match(w) and (outlet or w[0].isupper()) for w in split):
            return False
        if not cue or not cue.group(1).casefold().startswith(_CREDIT_CUES):
            writer = True
    return writer and words <= 2 * _MAX_BYLINE_WORDS
