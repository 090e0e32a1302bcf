"""The user's keymap: binding ids from the `keymap:` config section, checked against the app's.

Textual applies the keymap itself (`App.set_keymap`); this module only finds the binding ids the
reader defines, so that a misspelt id in the config is told rather than silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode


@cache
def _reader_types() -> tuple[type[DOMNode], ...]:
    return tuple(reader_node_types())


def key_of(app: App[Any], binding_id: str) -> str:
    """The first key of the binding `binding_id` as the footer writes it (with the user's
    keymap applied); "" when no binding has that id."""
    keys = app._keymap.get(binding_id) if app._keymap else None
    if not keys:
        keys = next(
            (
                binding.key
                for node_type in _reader_types()
                for binding in vars(node_type).get("BINDINGS", [])
                if getattr(binding, "id", None) == binding_id
            ),
            "",
        )
    first = keys.split(",")[0].strip()
    return app.get_key_display(Binding(first, "")) if first else ""


def reader_node_types() -> list[type[DOMNode]]:
    """Every app, screen and widget class of the reader's TUI (importing its modules)."""
    import importlib
    import pkgutil

    import reader.tui as package

    types: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # a module being written by someone else must not stop the app
            continue
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
                and value not in types
            ):
                types.append(value)
    return types


def binding_ids(node_types: Iterable[type[DOMNode]]) -> set[str]:
    """The ids of the bindings of `node_types` (with their bases' bindings)."""
    ids: set[str] = set()
    for node_type in node_types:
        merged = node_type._merged_bindings
        for bindings in merged.key_to_bindings.values() if merged else ():
            ids.update(binding.id for binding in bindings if binding.id)
    return ids


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    """The ids in `keymap` that no binding of the reader has, sorted."""
    known = binding_ids(reader_node_types())
    return sorted(set(keymap) - known)
