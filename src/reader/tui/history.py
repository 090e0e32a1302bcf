"""Back and forward between the views a user has seen: a result list, or an opened article."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class View:
    """What the main screen showed: the query of the result list, and the open article if any."""

    query: str
    article_id: str | None = None


@dataclass
class History:
    """A browser-like history: pushing after going back drops the forward entries."""

    entries: list[View] = field(default_factory=list)
    """Every view in order."""
    position: int = -1
    """Index of the current view in `entries`."""
    limit: int = 200
    """Oldest views are dropped past this many."""

    @property
    def current(self) -> View | None:
        return self.entries[self.position] if self.position >= 0 else None

    def push(self, view: View) -> None:
        """Record a new view (a repeat of the current one is ignored)."""
        if view == self.current:
            return
        del self.entries[self.position + 1 :]
        self.entries.append(view)
        if len(self.entries) > self.limit:
            del self.entries[0]
        self.position = len(self.entries) - 1

    def replace(self, view: View) -> None:
        """Change the current view in place (the query edited while it is shown)."""
        if self.position < 0:
            self.push(view)
        else:
            self.entries[self.position] = view

    def back(self) -> View | None:
        if self.position <= 0:
            return None
        self.position -= 1
        return self.entries[self.position]

    def forward(self) -> View | None:
        if self.position >= len(self.entries) - 1:
            return None
        self.position += 1
        return self.entries[self.position]
