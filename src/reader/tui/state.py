"""What the reader remembers between launches, kept in a small JSON file (no Textual here).

Only the UI's own state: the query, the open article and where it was scrolled, the earlier
searches, the sort and the theme. Bookmarks, read state and saved searches are the user's
research and live in the archive's research folder; a section written by an older reader
still holds them, and they are kept there as they were (`Archive.migrate_ui_state` takes them
over once), never dropped by a later write.

The file lives in the user's data directory and holds one section per archive, keyed by the
archive's resolved path, so two archives (or two clones of one repository) never see each
other's query, open article or bookmarks. It is written atomically, re-read just before each
write so that a reader open on another archive keeps its section, and a file that cannot be
read is ignored (the caller tells the user) rather than stopping the app.

`StateWriter` lets the app write it from thread workers: any thread may write, one at a time,
and a state handed over earlier never overwrites one handed over later.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.atomic import write_text_atomic

STATE_VERSION = 2
"""Version 2: `{"version": 2, "theme": {...}, "archives": {resolved path: section}}` (version 1
had one unkeyed section; it is not adopted, since nothing says which archive it belonged to).
The theme is the user's, not an archive's: it is kept beside the sections."""
SORTS = ("relevance", "date")
MAX_SEARCHES = 100
"""Earlier searches remembered (for `up` in the search box) at most."""
LEGACY_KEYS = ("read", "bookmarks", "saved_searches")
"""What an older reader kept in a section, now in the research folder: kept as it was."""


def default_state_path() -> Path:
    """`state.json` in the user's data directory for reader."""
    from platformdirs import user_data_path

    return user_data_path("reader") / "state.json"


@dataclass
class UiState:
    """The remembered state of the reader."""

    query: str = ""
    """The last query in the search box."""
    article_id: str | None = None
    """The article that was open."""
    scroll_y: float = 0.0
    """How far that article was scrolled."""
    sort: str = "relevance"
    """`relevance` or `date`."""
    searches: list[str] = field(default_factory=list)
    """Earlier searches, oldest first (`up` in the search box recalls them)."""
    theme: str | None = None
    """The colour theme chosen in the command palette (kept beside the sections)."""
    theme_config: str | None = None
    """The config file's `theme:` when that choice was made: a different one set since wins."""

    def to_json(self) -> dict[str, Any]:
        """This archive's section of the state file."""
        return {
            "query": self.query,
            "article_id": self.article_id,
            "scroll_y": self.scroll_y,
            "sort": self.sort,
            "searches": self.searches,
        }

    def copy(self) -> UiState:
        """A copy sharing no list or dict with this one (to be written from another thread)."""
        return replace(self, searches=list(self.searches))

    def remember_search(self, query: str) -> bool:
        """Add `query` to the earlier searches (moved to the end when it is there already);
        True when that changed them."""
        query = query.strip()
        if not query or (self.searches and self.searches[-1] == query):
            return False
        if query in self.searches:
            self.searches.remove(query)
        self.searches.append(query)
        del self.searches[:-MAX_SEARCHES]
        return True

    def theme_for(self, configured: str | None) -> str | None:
        """The theme to start with: the palette's choice, unless the config's `theme:` was
        changed since it was made (then the config's); None leaves Textual's default."""
        if self.theme and configured == self.theme_config:
            return self.theme
        return configured


def _str_list(value: object) -> list[str]:
    if not isinstance(value, list):
        raise ValueError("expected a list")
    return [str(item) for item in value if isinstance(item, str)]


def archive_key(root: Path) -> str:
    """The key of an archive's section: its resolved path."""
    return str(Path(root).expanduser().resolve())


def _sections(data: object) -> dict[str, Any]:
    """The per-archive sections of a state document (ValueError when it is not one of ours)."""
    if not isinstance(data, dict) or data.get("version") not in (1, STATE_VERSION):
        raise ValueError("not a reader state file of a known version")
    if data["version"] == 1:
        return {}
    sections = data.get("archives", {})
    if not isinstance(sections, dict):
        raise ValueError("archives must be a mapping")
    return sections


def parse_state(data: object) -> UiState:
    """Check and convert one archive's section (raises ValueError when it is damaged)."""
    if not isinstance(data, dict):
        raise ValueError("an archive's state must be a mapping")
    article_id = data.get("article_id")
    scroll = data.get("scroll_y", 0.0)
    sort = data.get("sort", "relevance")
    return UiState(
        query=str(data.get("query") or ""),
        article_id=article_id if isinstance(article_id, str) else None,
        scroll_y=float(scroll) if isinstance(scroll, (int, float)) else 0.0,
        sort=sort if sort in SORTS else "relevance",
        searches=_str_list(data.get("searches", []))[-MAX_SEARCHES:],
    )


def _theme(data: object) -> tuple[str | None, str | None]:
    """(theme, config's theme then) from a state document; (None, None) when it has none."""
    theme = data.get("theme") if isinstance(data, dict) else None
    if not isinstance(theme, dict) or not isinstance(theme.get("name"), str):
        return None, None
    configured = theme.get("config")
    return theme["name"], configured if isinstance(configured, str) else None


def load_state(path: Path, key: str) -> tuple[UiState, str | None]:
    """The state of the archive `key` in `path`, and a one-line problem when the file was
    there but unusable (an archive with no section yet starts fresh, silently)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return UiState(), None
    except (OSError, UnicodeDecodeError) as exc:
        return UiState(), f"Could not read the saved state ({exc}); starting fresh."
    try:
        document = json.loads(text)
        section = _sections(document).get(key)
        state = UiState() if section is None else parse_state(section)
        state.theme, state.theme_config = _theme(document)
        return state, None
    except (ValueError, TypeError) as exc:
        return UiState(), f"The saved state in {path} was damaged ({exc}); starting fresh."


def save_state(path: Path, state: UiState, key: str) -> None:
    """Write the archive `key`'s section atomically (temp file, fsync, rename), keeping the
    other archives' sections as they are in the file now."""
    try:
        sections = dict(_sections(json.loads(path.read_text(encoding="utf-8"))))
    except (OSError, UnicodeDecodeError, ValueError, TypeError):
        sections = {}  # missing or damaged (the user was told at start): ours alone
    before = sections.get(key)
    kept = {k: before[k] for k in LEGACY_KEYS if k in before} if isinstance(before, dict) else {}
    sections[key] = kept | state.to_json()
    document: dict[str, Any] = {"version": STATE_VERSION, "archives": sections}
    if state.theme:
        document["theme"] = {"name": state.theme, "config": state.theme_config}
    write_text_atomic(path, json.dumps(document, ensure_ascii=False, indent=1) + "\n")


class StateWriter:
    """Writes the newest state handed to it, from any thread, one write at a time.

    `hand` (on the event loop) keeps a copy of the state; `write` (in a thread worker, or at
    exit) writes the newest copy not yet written. Writes take turns, and a write that finds
    the newest copy already written (a later worker took it) does nothing, so the file never
    goes back to an older state, however the workers are scheduled. Handing over never waits
    for a write under way.
    """

    def __init__(self, path: Path, key: str) -> None:
        self.path = path
        """The state file."""
        self.key = key
        """This archive's section in it."""
        self._handing = threading.Lock()
        """Guards the newest copy and its number (held for an assignment, never for I/O)."""
        self._writing = threading.Lock()
        """Held by the one write under way."""
        self._newest: UiState | None = None
        self._handed = 0
        self._written = 0

    def hand(self, state: UiState) -> None:
        """Take a copy of `state` to be written by the next `write`."""
        newest = state.copy()
        with self._handing:
            self._newest = newest
            self._handed += 1

    @property
    def pending(self) -> bool:
        """Whether a state handed over is not written yet."""
        return self._written < self._handed

    def write(self) -> str | None:
        """Write the newest state handed over, if it is not written yet; a one-line reason
        when the file could not be written (the state stays pending)."""
        with self._writing:
            with self._handing:
                state, number = self._newest, self._handed
            if state is None or number <= self._written:
                return None
            try:
                save_state(self.path, state, self.key)
            except OSError as exc:
                return f"Could not save the reader's state: {exc}"
            self._written = number
            return None
