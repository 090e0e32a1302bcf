"""Printing helpers: article text is data, so it never reaches the terminal as markup or escapes."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from typing import Any, TextIO

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from reader.text.normalize import clean_text

# Characters JSON leaves raw that a terminal may act on: DEL, C1 controls, bidi controls.
_TERMINAL_ACTIVE = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(value: object) -> str:
    """Text with control characters and direction overrides removed."""
    return clean_text(str(value)) if value is not None else ""


def data_text(value: object, style: str = "") -> Text:
    """A Rich Text of untrusted data: never parsed as markup."""
    return Text(safe(value), style=style)


class _Console(Console):
    """A Rich console that leaves a closed pipe to `main` (Rich's own exits with status 1)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def is_terminal(stream: TextIO) -> bool:
    """Whether `stream` is a terminal (a pipe or a file is not, whatever FORCE_COLOR says)."""
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def stdout_console() -> Console:
    """The commands' output. At a terminal, text is wrapped at words to its width; anywhere
    else (a pipe, a file) each line is written whole, never wrapped nor padded with spaces."""
    return _Console(highlight=False, soft_wrap=not is_terminal(sys.stdout))


def stderr_console() -> Console:
    """Notices and progress bars: a line is never wrapped by the reader (a terminal wraps it
    for the eye; a log keeps it whole)."""
    return _Console(stderr=True, highlight=False, soft_wrap=True)


def silence_stdout() -> None:
    """After a closed pipe: what is still buffered for stdout goes nowhere, so that exiting
    does not fail on it."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def print_indented(out: Console, text: Text, indent: int, lead: Text | None = None) -> None:
    """`text` after `lead` (default: `indent` spaces). At a terminal its wrapped lines are
    indented by `indent` columns under it; elsewhere it is one whole line."""
    first = lead if lead is not None else Text(" " * indent)
    if out.soft_wrap:
        out.print(Text.assemble(first, text))
        return
    lines = text.divide(word_breaks(text.plain, max(20, out.width - indent)))
    for n, line in enumerate(lines):
        line.rstrip()
        out.print(Text.assemble(first if n == 0 else " " * indent, line), soft_wrap=True)


_WORD = re.compile(r"\S+\s*")


def word_breaks(text: str, width: int) -> list[int]:
    """Where to break `text` into lines of at most `width` cells, between words only: a word
    longer than that (an id, a URL) gets a line of its own, whole; a newline always breaks."""
    breaks: list[int] = []
    start = 0
    for paragraph in text.split("\n"):
        used = 0
        for word in _WORD.finditer(paragraph):
            size = cell_len(word.group().rstrip())
            if used and used + size > width:
                breaks.append(start + word.start())
                used = 0
            used += cell_len(word.group())
        start += len(paragraph) + 1
        if start <= len(text):
            breaks.append(start)
    return breaks


def print_whole(out: Console, text: Text) -> None:
    """One line never wrapped by the reader, at a terminal too: an id, a path, a URL."""
    out.print(text, soft_wrap=True)


def number(n: int) -> str:
    """A count for people: `3,299` (JSON keeps plain numbers)."""
    return f"{n:,}"


def plural(n: int, noun: str, nouns: str | None = None) -> str:
    """`1 article`, `3,299 articles`."""
    return f"{n:,} {noun if n == 1 else (nouns or noun + 's')}"


def shown_path(path: object) -> str:
    """A path for a message: the home folder written `~`."""
    text = str(path)
    home = os.path.expanduser("~")
    if home not in ("", "/", "~") and (text == home or text.startswith(home + os.sep)):
        return "~" + text[len(home) :]
    return text


def json_line(payload: Any) -> str:
    """`payload` as one line of JSON, readable UTF-8 except for characters a terminal would
    act on (C1 controls, direction overrides and isolates), which are written as `\\uXXXX`."""
    text = json.dumps(payload, ensure_ascii=False)
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def print_json_line(payload: Any) -> None:
    """One JSON document on one line, flushed so that a script reading a pipe sees it at once."""
    sys.stdout.write(json_line(payload) + "\n")
    sys.stdout.flush()


def repaired(line: str) -> str:
    """The notice of an index rebuilt after damage, without the advice to rebuild it that
    the damage's description ends with (`index at … is damaged (…): rebuild it`)."""
    reason = line.removeprefix("index rebuilt: ")
    reason = re.sub(r"[:;,]?\s*(?:run `reader index` to )?rebuild it\.?$", "", reason.rstrip())
    return f"index rebuilt from the article files; it was unusable: {reason}"
