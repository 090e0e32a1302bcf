"""The idle collector: full garbage collections wait for a pause in the user's input."""

from __future__ import annotations

import gc

from reader.tui.collector import IDLE_SECONDS, MAX_DEFERRED, NEVER, IdleCollector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_full_collections_wait_for_idle_and_thresholds_come_back() -> None:
    before = gc.get_threshold()
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    try:
        assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] == NEVER
        gc.collect(1)  # a middle-generation collection: the oldest one is now due
        assert gc.get_count()[2] > 0
        collector.input_seen()
        clock.now += IDLE_SECONDS / 2
        assert not collector.collect_if_idle(), "not while the user types"
        clock.now += IDLE_SECONDS
        assert collector.collect_if_idle()
        assert gc.get_count()[2] == 0
        clock.now += IDLE_SECONDS * 3
        assert not collector.collect_if_idle(), "nothing new to collect"
    finally:
        collector.stop()
    assert gc.get_threshold() == before


def test_a_user_who_never_pauses_still_gets_collections() -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    collector.start()
    try:
        collector.input_seen()
        for _ in range(MAX_DEFERRED):
            gc.collect(1)
        assert collector.collect_if_idle(), "too much deferred: collected while typing"
    finally:
        collector.stop()
