"""shipyard: a GitOps software factory for Kubernetes."""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported at start: `shipyard chart template` is timed
if TYPE_CHECKING:
    from typing import Any


def __getattr__(name: str) -> Any:
    # Looked up on first use: importlib.metadata costs ~50 ms at every command's start.
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("shipyard")
        except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
            return "0.0.0+unknown"
    raise AttributeError(name)
