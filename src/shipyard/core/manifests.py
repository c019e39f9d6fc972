"""Kubernetes objects as plain values: the ``Manifest`` type, object identities, and loading
YAML/JSON documents from text with limits on size, depth and alias expansion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# A Kubernetes object as decoded JSON. Kinds have arbitrary top-level fields (spec, data, rules,
# webhooks...), so a read-only mapping is the honest type; helpers below read it safely.
Manifest = Mapping[str, Any]
