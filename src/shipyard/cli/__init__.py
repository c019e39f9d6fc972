"""Command-line interface: one module per command group; parses arguments and prints."""

from __future__ import annotations
