"""The agent's work queue: dedup, no concurrent processing of a key, delays."""

from __future__ import annotations

import time

from shipyard.agent import queue


def test_a_key_is_queued_once() -> None:
    work: queue.WorkQueue[str] = queue.WorkQueue()
    work.add("a")
    work.add("a")
    work.add("b")
    assert work.depth() == 2
    assert work.get(timeout=0.1) == "a"
    assert work.get(timeout=0.1) == "b"
    assert work.get(timeout=0.05) is None


def test_a_key_added_while_processing_comes_back_after_done() -> None:
    work: queue.WorkQueue[str] = queue.WorkQueue()
    work.add("a")
    assert work.get(timeout=0.1) == "a"
    work.add("a")
    assert work.get(timeout=0.05) is None  # not handed to a second worker meanwhile
    work.done("a")
    assert work.get(timeout=0.1) == "a"


def test_delayed_keys_wait_their_turn() -> None:
    work: queue.WorkQueue[str] = queue.WorkQueue()
    work.add_after("late", 0.2)
    work.add("now")
    assert work.get(timeout=0.1) == "now"
    started = time.monotonic()
    assert work.get(timeout=2) == "late"
    assert time.monotonic() - started >= 0.1


def test_close_releases_waiting_workers() -> None:
    work: queue.WorkQueue[str] = queue.WorkQueue()
    work.close()
    assert work.get(timeout=5) is None


def test_a_key_keeps_one_pending_delay_the_earliest() -> None:
    # Each reconcile schedules the next resync; reconciles caused by triggers must not pile up
    # timers (which would multiply the resync rate over time).
    work: queue.WorkQueue[str] = queue.WorkQueue()
    for _ in range(5):
        work.add_after("a", 0.3)
    work.add_after("a", 0.1)
    assert work.depth() == 1
    assert work.get(timeout=2) == "a"
    work.done("a")
    assert work.depth() == 0
    assert work.get(timeout=0.5) is None  # the later, replaced delays do not fire


def test_busy_counts_ready_and_processing_keys_only() -> None:
    work: queue.WorkQueue[str] = queue.WorkQueue()
    work.add("a")
    work.add_after("b", 60)
    assert work.busy() == 1
    assert work.get(timeout=0.1) == "a"
    assert work.busy() == 1
    work.done("a")
    assert work.busy() == 0 and work.depth() == 1
