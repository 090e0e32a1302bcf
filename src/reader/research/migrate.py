"""Taking over the read state, bookmarks and saved searches of the reader's old state file.

Before the research folder, the TUI kept them in its state file in the user's data directory
(`state.json`: `{"version": 2, "archives": {<resolved archive path>: {"read": [...],
"bookmarks": [...], "saved_searches": {...}, ...}}}`). `migrate_ui_state` copies this
archive's section into the research folder once, losing nothing:

- every read id is added to `research/read.txt` (ids already there stay where they are);
- every bookmark becomes a bookmark of its article, in the same order: the first (newest)
  gets the time of the migration, each next one a second earlier; an article already
  bookmarked keeps its time;
- every saved search is added to `research/searches.yaml`; one whose name is taken by a
  different query is added as `<name> (2)` (then `(3)`, ...).

What was taken over is recorded in `research/migrated.yaml`; a second call for the same
state file and archive does nothing. The state file itself is only read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from reader.model.ids import is_valid_id
from reader.research.model import Annotations, now
from reader.research.store import ResearchError, ResearchStore

STATE_VERSION = 2


@dataclass
class MigrationReport:
    """What `migrate_ui_state` took over."""

    state_file: Path
    found: bool = False
    """The state file had a section for this archive."""
    already: bool = False
    """It had been taken over before: nothing was done."""
    read: int = 0
    """Read ids added to the archive's read list."""
    bookmarks: int = 0
    """Articles bookmarked that were not."""
    saved_searches: int = 0
    """Saved searches added."""
    renamed: dict[str, str] = field(default_factory=dict)
    """Saved searches added under another name (name taken by another query): old -> new."""


def state_key(archive_root: Path) -> str:
    """The key of an archive's section in the state file: its resolved path."""
    return str(Path(archive_root).expanduser().resolve())


def _section(state_path: Path, key: str) -> dict[str, object] | None:
    """This archive's section of the state file (None: no file, or no section).

    Raises:
        ResearchError: the file is there but is not a state file the reader can read.
    """
    try:
        text = state_path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResearchError(f"cannot read the state file {state_path}: {exc}") from None
    try:
        data = json.loads(text)
    except ValueError:
        raise ResearchError(f"the state file {state_path} is not JSON") from None
    if not isinstance(data, dict) or data.get("version") not in (1, STATE_VERSION):
        raise ResearchError(f"{state_path} is not a reader state file of a known version")
    if data["version"] == 1:
        return None  # one unkeyed section: nothing says which archive it belonged to
    sections = data.get("archives")
    section = sections.get(key) if isinstance(sections, dict) else None
    return section if isinstance(section, dict) else None


def _ids(value: object) -> list[str]:
    if not isinstance(value, list):
        return []
    return [item for item in dict.fromkeys(value) if isinstance(item, str) and is_valid_id(item)]


def _searches(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        return {}
    return {str(name): query for name, query in value.items() if isinstance(query, str)}


def migrate_ui_state(store: ResearchStore, state_path: Path, archive_root: Path) -> MigrationReport:
    """Copy the archive's read state, bookmarks and saved searches from the state file
    `state_path` into its research folder, once (see the module's docstring).

    Raises:
        ResearchError: the state file cannot be read (nothing is changed or recorded).
        OSError: the research folder cannot be written (what was written stays, nothing is
            recorded: a second call completes it).
    """
    report = MigrationReport(state_path)
    key = state_key(archive_root)
    section = _section(state_path, key)
    if section is None:
        return report
    report.found = True
    with store.locked():
        done = {(entry.get("state_file"), entry.get("archive")) for entry in store.migrations()}
        if (str(state_path), key) in done:
            report.already = True
            return report
        report.read = store.set_read(_ids(section.get("read")), read=True)
        moment = now()
        bookmarks = _ids(section.get("bookmarks"))
        for at, article_id in enumerate(bookmarks):
            when = moment - timedelta(seconds=at)

            def bookmark(found: Annotations, when: datetime = when) -> Annotations:
                if found.bookmarked is not None:
                    return found
                return found.changed(bookmarked=when)

            before = store.get(article_id).bookmarked
            if before is None and store.update(article_id, bookmark).bookmarked is not None:
                report.bookmarks += 1
        wanted = _searches(section.get("saved_searches"))

        def add(saved: dict[str, str]) -> dict[str, str]:
            for name, query in wanted.items():
                if saved.get(name) == query:
                    continue
                new = name
                number = 2
                while new in saved:
                    if saved[new] == query:
                        break
                    new = f"{name} ({number})"
                    number += 1
                else:
                    saved[new] = query
                    report.saved_searches += 1
                    if new != name:
                        report.renamed[name] = new
            return saved

        store.change_searches(add)
        store.record_migration(
            {
                "state_file": str(state_path),
                "archive": key,
                "migrated": moment,
                "read": report.read,
                "bookmarks": report.bookmarks,
                "saved_searches": report.saved_searches,
            }
        )
    return report
