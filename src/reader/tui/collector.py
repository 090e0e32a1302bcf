"""Full garbage collections moved to the moments the user pauses.

CPython's full (oldest-generation) collection walks every live container: the index's caches
and Textual's widgets make that 50-130 ms on this machine, paid by whichever keystroke
allocated the object that tipped the count. The young generations stay automatic (a few ms
each); the full one runs when nothing was typed or clicked for a moment.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

IDLE_SECONDS = 1.5
"""Quiet time before a full collection may run."""
NEVER = 1_000_000_000
"""An oldest-generation threshold that is never reached."""
MAX_DEFERRED = 100
"""Middle-generation collections after which a full one runs even without a pause: bounds
the memory held by garbage (Textual's strips form cycles) when the user never stops."""


class IdleCollector:
    """Holds back automatic full collections and runs them when the user is idle."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Stop the automatic full collections (the young ones go on)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, NEVER)

    def stop(self) -> None:
        """Give the interpreter its own thresholds back."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        """A key or mouse event: the user is busy."""
        self._last_input = self._clock()

    def collect_if_idle(self) -> bool:
        """Run a full collection if the user paused and young collections ran since the last
        (or if too many did). Returns whether it ran."""
        deferred = gc.get_count()[2]
        idle = self._clock() - self._last_input >= IDLE_SECONDS
        if not (idle and deferred) and deferred < MAX_DEFERRED:
            return False
        gc.collect()
        return True
