"""shipyard: a GitOps software factory for Kubernetes."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("shipyard")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"
