"""Long-running reconcilers: work queue, watches, leader election, status writing."""

from __future__ import annotations
