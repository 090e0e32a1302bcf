"""One line above the footer while pages are fetched: counts so far and the URL at work."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class FetchStatus(Static):
    """Shows the progress of a background fetch; hidden when none runs."""

    def show_progress(
        self, done: int, total: int, counts: dict[str, int], current: str | None
    ) -> None:
        """Draw `done` of `total` URLs with the fetched/duplicate/failed counts so far."""
        self.display = True
        of = f"/{total}" if total else ""
        line = Content.assemble(
            ("Fetching ", "bold"),
            f"{done}{of} · ",
            (f"{counts.get('fetched', 0)} fetched", "$text-success"),
            f" · {counts.get('duplicate', 0)} duplicate · ",
            (f"{counts.get('failed', 0)} failed", "$text-error" if counts.get("failed") else ""),
        )
        if current:
            line = line.append(Content.styled(f"  {current}", "$text-muted"))
        self.update(line, layout=False)

    def clear(self) -> None:
        """Hide the line."""
        self.display = False
