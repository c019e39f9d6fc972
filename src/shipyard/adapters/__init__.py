"""Every I/O edge of shipyard, each translating its library's errors into shipyard.errors."""

from __future__ import annotations
