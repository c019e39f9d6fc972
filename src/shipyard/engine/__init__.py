"""Use cases composed from core and adapters: sync, release, ci, delivery."""

from __future__ import annotations
