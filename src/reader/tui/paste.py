"""Pasted text arrives as text, never as key commands.

A terminal with bracketed paste sends a paste as one `Paste` event. Without it (an old
terminal, a multiplexer that does not pass it on, tmux's `send-keys`) the characters come as
keys: a newline is Enter and the rest are commands (`e` hides a panel, `s` sorts, `q` quits).
The keys of one paste come in one read of the terminal, microseconds apart; a person's
keystrokes are tens of milliseconds apart. So the driver here holds each key for a moment
(BURST_GAP), and `coalesce` makes every run of two or more text keys (Enter and tab included)
that came less than BURST_GAP apart one `Paste` event. A single key is a key, as before, a
BURST_GAP later.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

from textual import events
from textual.driver import Driver
from textual.message import Message

BURST_GAP = 0.002
"""Keys closer together than this (in seconds) came from one read of the terminal: a paste."""
_TEXT_KEYS = {"enter": "\n", "ctrl+j": "\n", "tab": "\t"}
"""Keys that stand for text in a paste, besides printable characters."""

Stamped = tuple[float, events.Key]


def key_text(key: events.Key) -> str | None:
    """The text a key stands for in a paste, or None for a key that is only a command."""
    if key.key in _TEXT_KEYS:
        return _TEXT_KEYS[key.key]
    if key.is_printable and key.character:
        return key.character
    return None


def coalesce(keys: Iterable[Stamped], gap: float = BURST_GAP) -> list[Message]:
    """The messages to send for `keys` (stamped with when they arrived, in order): each run of
    two or more text keys less than `gap` apart becomes one Paste; other keys stay keys."""
    out: list[Message] = []
    run: list[events.Key] = []
    last: float | None = None

    def flush() -> None:
        texts = [key_text(key) for key in run]
        if len(run) >= 2:
            out.append(events.Paste("".join(text or "" for text in texts)))
        else:
            out.extend(run)
        run.clear()

    for stamp, key in keys:
        joins = last is not None and stamp - last < gap
        last = stamp
        if key_text(key) is None:
            flush()
            out.append(key)
            continue
        if not joins:
            flush()
        run.append(key)
    flush()
    return out


def paste_aware(base: type[Driver]) -> type[Driver]:
    """`base` (a terminal driver class) with the keys of a paste sent as one Paste event."""

    class PasteAwareDriver(base):  # type: ignore[valid-type, misc]
        """Holds keys for BURST_GAP and sends each burst of text keys as a paste."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[Stamped] = []
            self._holding = threading.Lock()

        def process_message(self, message: Message) -> None:
            # Runs in the driver's input thread.
            if isinstance(message, events.Key):
                with self._holding:
                    self._held.append((time.monotonic(), message))
                    first = len(self._held) == 1
                if first:
                    self._loop.call_soon_threadsafe(self._release)
                return
            self._send_held()  # what came before this event goes before it
            super().process_message(message)

        def _release(self) -> None:
            """On the event loop: send the held keys once no key came for BURST_GAP."""
            with self._holding:
                newest = self._held[-1][0] if self._held else None
            if newest is not None and time.monotonic() - newest < BURST_GAP:
                self._loop.call_later(BURST_GAP, self._release)
                return
            self._send_held()

        def _send_held(self) -> None:
            with self._holding:
                held, self._held = self._held, []
                for message in coalesce(held):
                    super().process_message(message)

    return PasteAwareDriver
