"""Helm 3 releases as Helm stores them, so helm and shipyard read each other's releases.

A revision is a Secret ``sh.helm.release.v1.<name>.v<revision>`` of type
``helm.sh/release.v1`` with labels ``name``, ``owner=helm``, ``status``, ``version`` and
``modifiedAt``; its ``release`` key holds base64(gzip(JSON)) of the release with Helm's field
names (name, info, chart, config, manifest, hooks, version, namespace). The JSON is kept as
read, so fields shipyard does not interpret survive a round trip unchanged.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime
import gzip
import io
import json
from collections.abc import Mapping
from typing import Any

from shipyard import errors

SECRET_TYPE = "helm.sh/release.v1"
OWNER = "helm"
MAX_RELEASE_BYTES = 64 * 1024 * 1024  # decompressed; a gzip bomb stops here

DEPLOYED = "deployed"
SUPERSEDED = "superseded"
FAILED = "failed"
UNINSTALLED = "uninstalled"
UNINSTALLING = "uninstalling"
PENDING_INSTALL = "pending-install"
PENDING_UPGRADE = "pending-upgrade"
PENDING_ROLLBACK = "pending-rollback"
PENDING = (PENDING_INSTALL, PENDING_UPGRADE, PENDING_ROLLBACK)


def secret_name(name: str, version: int) -> str:
    return f"sh.helm.release.v1.{name}.v{version}"


def now() -> str:
    """A timestamp as Go's RFC 3339 with fractional seconds (what Helm writes)."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclasses.dataclass(frozen=True)
class Release:
    """One revision of a release: Helm's JSON, read-only; ``with_`` methods give new ones."""

    data: Mapping[str, Any]

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def namespace(self) -> str:
        return str(self.data.get("namespace", ""))

    @property
    def version(self) -> int:
        return int(self.data.get("version", 0))

    @property
    def info(self) -> Mapping[str, Any]:
        return self.data.get("info") or {}

    @property
    def status(self) -> str:
        return str(self.info.get("status", "unknown"))

    @property
    def description(self) -> str:
        return str(self.info.get("description", ""))

    @property
    def chart_metadata(self) -> Mapping[str, Any]:
        return (self.data.get("chart") or {}).get("metadata") or {}

    @property
    def chart(self) -> str:
        metadata = self.chart_metadata
        return f"{metadata.get('name', '')}-{metadata.get('version', '')}"

    @property
    def app_version(self) -> str:
        return str(self.chart_metadata.get("appVersion", ""))

    @property
    def config(self) -> Mapping[str, Any]:
        """The values the user supplied (``helm get values``)."""
        return self.data.get("config") or {}

    @property
    def manifest(self) -> str:
        return str(self.data.get("manifest", ""))

    @property
    def hooks(self) -> list[Mapping[str, Any]]:
        return list(self.data.get("hooks") or ())

    @property
    def updated(self) -> str:
        return str(self.info.get("last_deployed", ""))

    def with_status(self, status: str, *, description: str | None = None) -> Release:
        info = {**self.info, "status": status}
        if description is not None:
            info["description"] = description
        return Release({**self.data, "info": info})

    def with_version(self, version: int) -> Release:
        return Release({**self.data, "version": version})

    def with_info(self, **fields: Any) -> Release:
        return Release({**self.data, "info": {**self.info, **fields}})

    def labels(self, *, modified_at: int) -> dict[str, str]:
        return {
            "name": self.name,
            "owner": OWNER,
            "status": self.status,
            "version": str(self.version),
            "modifiedAt": str(modified_at),
        }


def encode(release: Release) -> str:
    """What goes in the Secret's ``release`` key: base64(gzip(JSON))."""
    body = json.dumps(release.data, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.b64encode(gzip.compress(body, mtime=0)).decode()


def decode(text: str | bytes, *, where: str) -> Release:
    """A release from a Secret's ``release`` value (gzip or, for very old releases, plain)."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as exc:
        raise errors.UserError(f"{where}: release data is not base64") from exc
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as unzipped:
                raw = unzipped.read(MAX_RELEASE_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise errors.UserError(f"{where}: release data is not valid gzip") from exc
        if len(raw) > MAX_RELEASE_BYTES:
            raise errors.UserError(f"{where}: release data exceeds 64 MiB decompressed")
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.UserError(f"{where}: release data is not JSON") from exc
    if not isinstance(value, dict) or not isinstance(value.get("version"), int):
        raise errors.UserError(f"{where}: not a Helm release (no version)")
    return Release(value)


def latest(revisions: list[Release]) -> Release | None:
    return max(revisions, key=lambda r: r.version) if revisions else None


def deployed(revisions: list[Release]) -> Release | None:
    """The newest revision with status deployed (what Helm upgrades and rolls back from)."""
    candidates = [r for r in revisions if r.status == DEPLOYED]
    return latest(candidates)
