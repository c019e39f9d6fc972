"""Kubernetes API clients (lightkube), built from a kubeconfig file.

lightkube is chosen over kr8s for its typed models (mypy --strict works on resource objects),
its synchronous and asynchronous clients sharing one API, and first-class server-side apply
and watches, which the sync engine and the agent need (docs/decisions.md).
"""

from __future__ import annotations

from pathlib import Path

import httpx2
import lightkube
import yaml
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
    return _client(config, field_manager=field_manager, timeout=timeout)


def _client(
    config: kubeconfig.KubeConfig, *, field_manager: str, timeout: float
) -> lightkube.Client:
    # trust_env off: proxies from the environment never see cluster credentials.
    return lightkube.Client(
        config=config,
        field_manager=field_manager,
        timeout=httpx2.Timeout(timeout),
        trust_env=False,
    )


def connect_from_text(
    text: str,
    *,
    source: str,
    allow_exec: bool = False,
    field_manager: str = FIELD_MANAGER,
    timeout: float = 30.0,
) -> lightkube.Client:
    """A client from kubeconfig text held elsewhere (a Secret of a remote destination).

    Credential plugins (``exec``) and ``auth-provider`` run programs or reach identity
    providers on this machine, so a tenant's kubeconfig with them is refused unless an
    administrator opted in (../shared/SECURITY-CASES.md 23). Local file references (token,
    certificate and key files) are refused too: they would read this machine's files.
    """
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise errors.UserError(f"{source}: kubeconfig is not valid YAML") from exc
    if not isinstance(document, dict):
        raise errors.UserError(f"{source}: kubeconfig must be a mapping")
    problems = []
    for user in document.get("users") or []:
        name = (user or {}).get("name", "?")
        settings = (user or {}).get("user") or {}
        for field in ("exec", "auth-provider"):
            if field in settings and not allow_exec:
                problems.append(f"user {name}: {field} credentials are not allowed")
        for field in ("tokenFile", "client-certificate", "client-key", "username", "password"):
            if field in settings:
                problems.append(f"user {name}: {field} is not allowed (embed data instead)")
    for cluster in document.get("clusters") or []:
        settings = (cluster or {}).get("cluster") or {}
        if "certificate-authority" in settings:
            problems.append(
                f"cluster {(cluster or {}).get('name', '?')}: certificate-authority files are "
                "not allowed (use certificate-authority-data)"
            )
    if problems:
        raise errors.UserError(f"{source}: refused kubeconfig: " + "; ".join(problems))
    try:
        config = kubeconfig.KubeConfig.from_dict(document)
    except (ValueError, KeyError, TypeError, lightkube.ConfigError) as exc:
        raise errors.UserError(f"{source}: invalid kubeconfig ({type(exc).__name__})") from exc
    return _client(config, field_manager=field_manager, timeout=timeout)
