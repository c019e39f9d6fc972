"""A work queue of Application keys, as controllers use them.

A key is queued at most once; a key added while a worker processes it is processed again after,
never by two workers at once; keys can be added after a delay (interval resyncs, backoff). A
key has at most one pending delay, the earliest asked for: every reconcile schedules its next
resync, and without this a key reconciled by a trigger would gain a timer each time.
"""

from __future__ import annotations

import heapq
import threading
import time
from collections.abc import Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class WorkQueue(Generic[K]):
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._ready: list[K] = []
        self._queued: set[K] = set()
        self._processing: set[K] = set()
        self._dirty: set[K] = set()
        self._delayed: list[tuple[float, int, K]] = []
        self._due: dict[K, float] = {}  # the one pending delay of each key
        self._counter = 0
        self._closed = False

    def add(self, key: K) -> None:
        with self._lock:
            if key in self._processing:
                self._dirty.add(key)
                return
            if key not in self._queued:
                self._queued.add(key)
                self._ready.append(key)
                self._lock.notify()

    def add_after(self, key: K, delay: float) -> None:
        if delay <= 0:
            self.add(key)
            return
        due = time.monotonic() + delay
        with self._lock:
            if key in self._due and self._due[key] <= due:
                return
            self._due[key] = due
            self._counter += 1
            heapq.heappush(self._delayed, (due, self._counter, key))
            self._lock.notify()

    def _promote_due(self) -> float | None:
        """Moves due delayed keys to ready; returns seconds until the next one, if any."""
        now = time.monotonic()
        while self._delayed and self._delayed[0][0] <= now:
            due, _, key = heapq.heappop(self._delayed)
            if self._due.get(key) != due:
                continue  # replaced by an earlier delay, already promoted
            del self._due[key]
            if key in self._processing:
                self._dirty.add(key)
            elif key not in self._queued:
                self._queued.add(key)
                self._ready.append(key)
        return self._delayed[0][0] - now if self._delayed else None

    def get(self, *, timeout: float = 1.0) -> K | None:
        """The next key to process (mark it ``done`` afterwards), or None after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self._closed:
                wait = self._promote_due()
                if self._ready:
                    key = self._ready.pop(0)
                    self._queued.discard(key)
                    self._processing.add(key)
                    return key
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._lock.wait(min(remaining, wait) if wait is not None else remaining)
            return None

    def done(self, key: K) -> None:
        with self._lock:
            self._processing.discard(key)
            if key in self._dirty:
                self._dirty.discard(key)
                if key not in self._queued:
                    self._queued.add(key)
                    self._ready.append(key)
                    self._lock.notify()

    def depth(self) -> int:
        with self._lock:
            return len(self._ready) + len(self._due)

    def busy(self) -> int:
        """Keys ready or being processed (delayed resyncs not counted)."""
        with self._lock:
            return len(self._ready) + len(self._processing)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()
