"""Outgoing notifications."""

from __future__ import annotations
