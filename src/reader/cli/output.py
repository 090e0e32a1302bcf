"""Printing helpers: article text is data, so it never reaches the terminal as markup or escapes."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.text import Text

from reader.text.normalize import clean_text


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


def print_json_line(payload: Any) -> None:
    """One JSON document on one line, flushed so that a script reading a pipe sees it at once."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()
