"""A phrase trie over token keys: the longest known phrase starting at a position."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

_END = object()
_NONE: tuple[int, Any] = (0, None)


class PhraseTrie:
    """Maps token-key sequences to values; finds the longest match at a position."""

    def __init__(self) -> None:
        self._root: dict[Any, Any] = {}

    def add(self, keys: Sequence[str], value: object) -> None:
        """Store `value` under the phrase `keys` (an empty phrase is ignored)."""
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        node[_END] = value

    def phrases(self) -> Iterator[tuple[str, ...]]:
        """Every phrase stored (as its keys)."""
        stack: list[tuple[tuple[str, ...], dict[Any, Any]]] = [((), self._root)]
        while stack:
            keys, node = stack.pop()
            for key, child in node.items():
                if key is _END:
                    yield keys
                else:
                    stack.append(((*keys, key), child))

    def first_keys(self) -> frozenset[str]:
        """The keys phrases start with."""
        return frozenset(self._root)

    def get(self, keys: Sequence[str]) -> Any:
        """The value stored for exactly `keys`, or None."""
        node: Any = self._root
        for key in keys:
            node = node.get(key)
            if node is None:
                return None
        return node.get(_END)

    def longest(self, keys: Sequence[str], start: int) -> tuple[int, Any]:
        """The length and value of the longest phrase at `keys[start:]`; (0, None) if none."""
        # Called millions of times in a large import, mostly at keys no phrase starts with:
        # that answer costs one look-up.
        if start >= len(keys):
            return _NONE
        node: Any = self._root.get(keys[start])
        if node is None:
            return _NONE
        best: tuple[int, Any] = (1, node[_END]) if _END in node else _NONE
        for offset in range(start + 1, len(keys)):
            node = node.get(keys[offset])
            if node is None:
                break
            if _END in node:
                best = (offset - start + 1, node[_END])
        return best
