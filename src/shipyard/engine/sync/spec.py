"""What the sync engine needs to know about one Application, as plain values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from shipyard.core import diff, repocreds, tracking
from shipyard.core import health as health_rules


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppSpec:
    key: tracking.AppKey
    repo_url: str
    revision: str  # Git: branch, tag or SHA; chart: version, constraint or version@digest
    path: str
    chart: str = ""  # a chart from a chart repository or OCI registry (repo_url) when set
    # Credentials for repo_url, from a repository Secret (never shown: repr=False).
    credentials: repocreds.Credentials | None = dataclasses.field(
        default=None, repr=False, compare=False
    )
    recurse: bool = False
    helm_release: str = ""  # Helm sources: release name (default: the Application's name)
    helm_value_files: tuple[str, ...] = ()
    helm_values: str = ""
    helm_skip_crds: bool = False
    namespace: str
    prune: bool = False
    allow_empty: bool = False
    create_namespace: bool = False
    prune_last: bool = False
    replace: bool = False  # update with a full PUT (kubectl replace) instead of apply
    force: bool = False  # delete and recreate objects whose immutable fields changed
    ignores: tuple[diff.Ignore, ...] = ()
    # Custom health checks (CEL) by (group, kind), from the administrator's configuration.
    health_checks: Mapping[tuple[str, str], health_rules.CustomCheck] = dataclasses.field(
        default_factory=dict
    )


@dataclasses.dataclass(frozen=True, kw_only=True)
class DesiredObject:
    """An object to apply: its manifest (namespace and tracking id set) and where it came from."""

    api_version: str
    manifest: dict[str, Any]
    source: str
    line: int
