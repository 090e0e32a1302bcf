"""Turning article data into Textual Content: text is always data, styles come from spans.

Nothing here parses markup: `Content(text)` takes the text literally, and highlights are
applied by offsets, so `[bold]` in a title stays the six characters `[bold]`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from textual.content import Content
from textual.content import Span as StyleSpan

from reader.text.normalize import nfc

Span = tuple[int, int]

_INVISIBLE = frozenset(
    "\u200b\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
)

_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

MARK_STYLE = "bold $text-warning"
"""How matched query words are shown."""
FIND_STYLE = "bold $foreground on $warning 50%"
"""How find-in-article matches are shown."""
CURRENT_FIND_STYLE = "bold $background on $warning"
"""How the current find match is shown."""


def _inert_char(char: str) -> str:
    code = ord(char)
    if char in "\n":
        return char
    if char == "\t":
        return " "
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ESC shows as a visible ␛
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code <= 0x9F:
        return "\ufffd"
    if char in _INVISIBLE:
        return ""
    return char


def inert(text: str | None, spans: Iterable[Span] = ()) -> tuple[str, tuple[Span, ...]]:
    """Text that can do nothing to a terminal, and `spans` moved to match.

    Control characters become visible pictures (ESC is `␛`) and invisible direction
    overrides are dropped, so escape sequences are shown, never obeyed.
    """
    text, spans = text or "", tuple(spans)
    if not _UNSAFE.search(text):  # the common case: nothing to change, nothing to move
        return text, spans
    if not spans:  # nothing to move: only the unsafe characters are visited, in C
        return _UNSAFE.sub(lambda match: _inert_char(match.group()), text), ()
    out: list[str] = []
    new_offset: list[int] = []
    size = 0
    for char in text:
        new_offset.append(size)
        piece = _inert_char(char)
        out.append(piece)
        size += len(piece)
    new_offset.append(size)
    moved = tuple(
        (new_offset[max(0, min(s, len(text)))], new_offset[max(0, min(e, len(text)))])
        for s, e in spans
    )
    return "".join(out), moved


def safe(text: str | None) -> str:
    """Article text in NFC with control characters made inert (see `inert`)."""
    return inert(nfc(text or ""))[0]


def marked(text: str, spans: Iterable[Span] = (), style: str = MARK_STYLE) -> Content:
    """`text` as literal Content with `spans` styled (spans outside the text are ignored)."""
    text, spans = inert(text, spans)
    size = len(text)
    clipped = ((max(0, start), min(size, end)) for start, end in spans)
    styled = [StyleSpan(start, end, style) for start, end in clipped if start < end]
    # All spans at once (one `stylize` per span copies the list each time: quadratic), and
    # no control codes left for Content to strip: `inert` made them visible.
    return Content(text, styled, strip_control_codes=False)


QUOTED_CHARS = 60
"""Characters of a title a notice quotes at most."""


def quoted(title: str) -> str:
    """A title for a notice: on one line, in quotes, cut with an ellipsis when long."""
    title = " ".join(safe(title).split())
    if len(title) > QUOTED_CHARS:
        title = title[: QUOTED_CHARS - 1].rstrip() + "…"
    return f"“{title}”"


def short_date(value: datetime | None) -> str:
    """`05/09/22`, or blanks when the article has no date."""
    return value.strftime("%d/%m/%y") if value else " " * 8


def long_date(value: datetime | None) -> str:
    """`16:33 05/09/2022`, or the date alone when the time is midnight (often unknown)."""
    if value is None:
        return ""
    if (value.hour, value.minute) == (0, 0):
        return value.strftime("%d/%m/%Y")
    return value.strftime("%H:%M %d/%m/%Y")
