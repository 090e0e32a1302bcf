"""A one-line input whose paste keeps every line: newlines become spaces.

Textual's `Input` keeps only the first line of a paste; a query, a find text or a list of
URLs pasted from a page often spans several.
"""

from __future__ import annotations

import re

from textual import events
from textual.widgets import Input

_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def one_line(text: str) -> str:
    """`text` on one line: each run of line breaks (and the blanks around it) is one space,
    tabs are spaces, and the ends are trimmed of breaks."""
    return _BREAKS.sub(" ", text.strip("\r\n")).replace("\t", " ")


class LineInput(Input):
    """An `Input` that takes a pasted text whole, on one line."""

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()  # Input's own handler would insert the first line again
        self.insert_pasted(event.text)

    def insert_pasted(self, text: str) -> None:
        """Insert `text` at the cursor (over the selection), its lines joined by spaces."""
        line = one_line(text)
        if not line:
            return
        selection = self.selection
        if selection.is_empty:
            self.insert_text_at_cursor(line)
        else:
            self.replace(line, *selection)
