"""Related lists cached per article, for as long as the index does not change.

Answers are kept per index generation (the reader's bitmaps object, replaced on every change
to the index): when the index changes the old generation and its answers are dropped.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable

from reader.related.model import RelatedList

PER_GENERATION = 512
"""Lists kept per index generation (least recently used dropped first)."""


class RelatedCache:
    """A thread-safe LRU of related lists per index generation."""

    def __init__(self, size: int = PER_GENERATION) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._lists: weakref.WeakKeyDictionary[object, OrderedDict[Hashable, RelatedList]] = (
            weakref.WeakKeyDictionary()
        )

    def get(self, generation: object, key: Hashable) -> RelatedList | None:
        with self._lock:
            lists = self._lists.get(generation)
            if lists is None or key not in lists:
                return None
            lists.move_to_end(key)
            return lists[key]

    def put(self, generation: object, key: Hashable, related: RelatedList) -> None:
        with self._lock:
            lists = self._lists.setdefault(generation, OrderedDict())
            lists[key] = related
            if len(lists) > self.size:
                lists.popitem(last=False)
