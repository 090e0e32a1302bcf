"""The subscriptions file: `<archive>/feeds.yaml`, plain YAML the user may read and edit.

```yaml
feeds:
- name: VnExpress
  url: https://vnexpress.net/rss/tin-moi-nhat.rss
  tags: [tin tức]
  added: 2024-05-01T10:15:00+07:00
  etag: '"5f2a"'
  updated: 2024-05-02T08:00:00+07:00
  new: 3
  items: [vnexpress-net-...-1a2b3c4d, ...]
```

Only fields with a value are written; fields the user adds to a feed are kept. Every change
re-reads the file under a lock (`.feeds.lock`, a `flock` held only while one change is
written, so a running update and a `reader feeds add` never undo each other's change) and
writes it atomically. A file that cannot be read is reported, never written over.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from reader.atomic import write_text_atomic
from reader.feeds.model import FeedsError, Subscription
from reader.lock import ArchiveReadOnly

try:
    import fcntl
except ImportError:  # not POSIX: changes are still atomic, only not serialised
    fcntl = None  # type: ignore[assignment]

FEEDS_FILE = "feeds.yaml"
LOCK_FILE = ".feeds.lock"
HEADER = (
    "# Feed subscriptions of this archive (`reader feeds`, `reader update`).\n"
    "# name, url and tags are yours to edit; the other fields are what updates remember.\n"
)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_FIELDS = (
    "name",
    "url",
    "tags",
    "added",
    "etag",
    "last_modified",
    "updated",
    "checked",
    "error",
    "new",
    "gone",
    "moved_from",
    "items",
)


class _Dumper(_BaseDumper):  # type: ignore[misc, valid-type]
    """Writes datetimes as ISO 8601 timestamps."""


_Dumper.add_representer(
    datetime,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat()),
)


class FeedStore:
    """Reads and changes the subscriptions file of one archive."""

    def __init__(self, archive_root: Path) -> None:
        self.root = archive_root
        self.path = archive_root / FEEDS_FILE
        self._writing = threading.RLock()

    def load(self) -> list[Subscription]:
        """The subscriptions, in the file's order (none when there is no file).

        Raises:
            FeedsError: the file cannot be read (it is left as it is).
        """
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise FeedsError(f"{self.path}: cannot be read ({exc.strerror or exc})") from None
        return parse(data, str(self.path))

    def change(
        self, change: Callable[[list[Subscription]], list[Subscription]]
    ) -> list[Subscription]:
        """Apply `change` to the subscriptions as the file says now and write the result.

        Raises:
            FeedsError: the file cannot be read.
            ArchiveReadOnly: the archive folder cannot be written.
        """
        with self._locked():
            before = self.load()
            after = change(list(before))
            if after != before:
                try:
                    write_text_atomic(self.path, render(after))
                except OSError as exc:
                    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                        raise _read_only(self.root, exc) from None
                    raise
        return after

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._writing:
            if fcntl is None:
                yield
                return
            try:
                self.root.mkdir(parents=True, exist_ok=True)
                fd = os.open(
                    self.root / LOCK_FILE,
                    os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                    0o644,
                )
            except OSError as exc:
                if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                    raise _read_only(self.root, exc) from None
                raise
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing drops the flock


def _read_only(root: Path, exc: OSError) -> ArchiveReadOnly:
    return ArchiveReadOnly(
        f"the archive folder {root} is read-only ({(exc.strerror or 'refused').lower()}): "
        "its subscriptions can be listed, not changed"
    )


def parse(data: bytes, where: str) -> list[Subscription]:
    """The subscriptions a file's bytes hold.

    Raises:
        FeedsError: not UTF-8, not YAML, or not a list of feeds with a name and a URL each.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FeedsError(f"{where}: not UTF-8 text") from None
    try:
        document = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise FeedsError(f"{where}: malformed YAML{at}") from None
    except (ValueError, OverflowError, RecursionError) as exc:
        raise FeedsError(f"{where}: a value cannot be read ({exc})") from None
    if document is None:
        return []
    if not isinstance(document, dict) or not isinstance(document.get("feeds") or [], list):
        raise FeedsError(f"{where}: not a list of feeds under `feeds:`")
    found = []
    for number, entry in enumerate(document.get("feeds") or [], 1):
        found.append(_subscription(entry, f"{where}: feed {number}"))
    return found


def _subscription(entry: Any, where: str) -> Subscription:
    if not isinstance(entry, dict):
        raise FeedsError(f"{where} is not a mapping of fields")
    name, url = entry.get("name"), entry.get("url")
    if not isinstance(url, str) or not url.strip():
        raise FeedsError(f"{where} has no url")
    if not isinstance(name, str | int | float) or isinstance(name, bool) or not str(name).strip():
        raise FeedsError(f"{where} has no name")
    tags = entry.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    items = entry.get("items") or []
    if not isinstance(tags, list) or not isinstance(items, list):
        raise FeedsError(f"{where}: tags and items are lists")
    new = entry.get("new") or 0
    if not isinstance(new, int) or isinstance(new, bool):
        raise FeedsError(f"{where}: new is a number")
    return Subscription(
        name=" ".join(str(name).split()),
        url=url.strip(),
        tags=tuple(str(tag) for tag in tags if str(tag).strip()),
        added=_moment(entry.get("added"), where, "added"),
        etag=_text(entry.get("etag")),
        last_modified=_text(entry.get("last_modified")),
        updated=_moment(entry.get("updated"), where, "updated"),
        checked=_moment(entry.get("checked"), where, "checked"),
        error=_text(entry.get("error")),
        new=new,
        gone=entry.get("gone") is True,
        moved_from=_text(entry.get("moved_from")),
        items=tuple(dict.fromkeys(str(item) for item in items if item)),
        extra={k: v for k, v in entry.items() if k not in _FIELDS},
    )


def _text(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _moment(value: Any, where: str, name: str) -> datetime | None:
    if value is None or value == "" or isinstance(value, datetime):
        return value or None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FeedsError(f"{where}: {name} is not a date and time")


def render(subscriptions: list[Subscription]) -> str:
    """The file text for `subscriptions`: only fields with a value, the user's own kept."""
    feeds = []
    for sub in subscriptions:
        fields: dict[str, Any] = {"name": sub.name, "url": sub.url}
        if sub.tags:
            fields["tags"] = list(sub.tags)
        optional: dict[str, Any] = {
            "added": sub.added,
            "etag": sub.etag,
            "last_modified": sub.last_modified,
            "updated": sub.updated,
            "checked": sub.checked,
            "error": sub.error,
            "new": sub.new,
            "gone": sub.gone,
            "moved_from": sub.moved_from,
        }
        fields |= {key: value for key, value in optional.items() if value}
        fields |= dict(sub.extra)
        if sub.items:
            fields["items"] = list(sub.items)
        feeds.append(fields)
    body = yaml.dump(
        {"feeds": feeds},
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )
    return HEADER + body
