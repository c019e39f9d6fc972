"""The Git edge: fetching a revision of a repository and reading its files (git CLI)."""

from __future__ import annotations
