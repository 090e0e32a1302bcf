"""Printing helpers: article text is data, so it never reaches the terminal as markup or escapes."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

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


def stdout_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


def json_line(payload: Any) -> str:
    """`payload` as one line of JSON, readable UTF-8 except for characters a terminal would
    act on (C1 controls, direction overrides and isolates), which are written as `\\uXXXX`."""
    text = json.dumps(payload, ensure_ascii=False)
    return _TERMINAL_ACTIVE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def print_json_line(payload: Any) -> None:
    """One JSON document on one line, flushed so that a script reading a pipe sees it at once."""
    sys.stdout.write(json_line(payload) + "\n")
    sys.stdout.flush()
