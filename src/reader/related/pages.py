"""Reading the page links of many stored articles quickly: only two front-matter keys.

Checking whether candidates link back to an article reads their `related_titles` and
`related_links`; parsing each whole front matter costs milliseconds, so only the lines of those
two keys are cut out and parsed (safe YAML loader). A file that cannot be read gives None.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from reader.related.finder import Links

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEYS = ("related_titles:", "related_links:")


def _front_matter(text: str) -> str | None:
    if not text.startswith("---"):
        return None
    end = text.find("\n---", 3)
    return text[3:end] if end >= 0 else None


def _entries(front: str) -> str:
    """The lines of the two keys, each with its continuation lines (indented or `- `)."""
    kept: list[str] = []
    inside = False
    for line in front.splitlines():
        if line.startswith(_KEYS):
            inside = True
        elif line and not line.startswith((" ", "-", "\t")):
            inside = False
        if inside:
            kept.append(line)
    return "\n".join(kept)


def _titles(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(item) for item in value if isinstance(item, str | int | float))


def _links(value: object) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, list):
        return ()
    pairs = []
    for item in value:
        if isinstance(item, dict) and item.get("title") and item.get("url"):
            pairs.append((str(item["title"]), str(item["url"])))
        elif isinstance(item, list | tuple) and len(item) == 2:
            pairs.append((str(item[0]), str(item[1])))
    return tuple(pairs)


def read_page_links(path: Path) -> Links | None:
    """The related titles and links in the front matter of an article file."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    front = _front_matter(text)
    if front is None:
        return None
    try:
        data = yaml.load(_entries(front), Loader=_Loader) or {}
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    return _titles(data.get("related_titles")), _links(data.get("related_links"))
