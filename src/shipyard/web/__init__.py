"""UI and HTTP API: webhooks, health, metrics."""

from __future__ import annotations
