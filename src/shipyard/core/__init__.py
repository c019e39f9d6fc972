"""Pure logic: no network, subprocess, filesystem writes, clock or environment access."""

from __future__ import annotations
