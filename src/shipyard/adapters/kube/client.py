"""Kubernetes API clients (lightkube), built from a kubeconfig file.

lightkube is chosen over kr8s for its typed models (mypy --strict works on resource objects),
its synchronous and asynchronous clients sharing one API, and first-class server-side apply
and watches, which the sync engine and the agent need (docs/decisions.md).
"""

from __future__ import annotations

from pathlib import Path

import httpx2
import lightkube
from lightkube.config import kubeconfig

from shipyard import errors

FIELD_MANAGER = "shipyard"


def connect(
    path: Path, *, field_manager: str = FIELD_MANAGER, timeout: float = 30.0
) -> lightkube.Client:
    """A client for the current context of the kubeconfig at ``path``."""
    try:
        config = kubeconfig.KubeConfig.from_file(path)
    except (OSError, ValueError, KeyError, lightkube.ConfigError) as exc:
        raise errors.UserError(f"cannot read kubeconfig {path}: {exc}") from exc
    return lightkube.Client(
        config=config,
        field_manager=field_manager,
        timeout=httpx2.Timeout(timeout),
        trust_env=False,
    )
