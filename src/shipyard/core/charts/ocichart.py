"""Charts in OCI registries, in the layout helm 3 pushes and pulls.

The manifest's config (``application/vnd.cncf.helm.config.v1+json``) is Chart.yaml's metadata
as JSON; its one layer (``application/vnd.cncf.helm.chart.content.v1.tar+gzip``) is the
packaged chart; the tag is the chart version with ``+`` as ``_``. Annotations carry the OCI
image title, version and description, as helm writes them.
"""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Mapping
from typing import Any

import yaml

from shipyard import errors
from shipyard.core import oci

CONFIG_MEDIA_TYPE = "application/vnd.cncf.helm.config.v1+json"
CHART_MEDIA_TYPE = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
PROVENANCE_MEDIA_TYPE = "application/vnd.cncf.helm.chart.provenance.v1.prov"
MAX_CHART_BYTES = 100 * 1024 * 1024

# chart.Metadata's JSON field order in helm (empty fields are left out).
_METADATA_FIELDS = (
    "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon",
    "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion",
    "dependencies", "type",
)  # fmt: skip


def chart_yaml_of(archive: bytes, *, where: str) -> dict[str, Any]:
    """Chart.yaml of a packaged chart (``<name>/Chart.yaml`` in the archive)."""
    if len(archive) > MAX_CHART_BYTES:
        raise errors.UserError(f"{where}: chart archive exceeds 100 MiB")
    try:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            for member in tar:
                parts = member.name.split("/")
                if len(parts) == 2 and parts[1] == "Chart.yaml" and member.isfile():
                    if member.size > 5 * 1024 * 1024:
                        raise errors.UserError(f"{where}: Chart.yaml exceeds 5 MiB")
                    handle = tar.extractfile(member)
                    text = handle.read() if handle is not None else b""
                    break
            else:
                raise errors.UserError(f"{where}: no <chart>/Chart.yaml in the archive")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise errors.UserError(f"{where}: not a gzipped tar archive ({exc})") from exc
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise errors.UserError(f"{where}: Chart.yaml is not valid YAML") from exc
    if not isinstance(value, dict) or not value.get("name") or not value.get("version"):
        raise errors.UserError(f"{where}: Chart.yaml needs a name and a version")
    name = str(value["name"])
    if "/" in name or "\\" in name or name in (".", ".."):
        raise errors.UserError(f"{where}: chart name {name!r} has path segments")
    return value


def config_json(chart_yaml: Mapping[str, Any]) -> bytes:
    ordered = {key: chart_yaml[key] for key in _METADATA_FIELDS if chart_yaml.get(key)}
    return json.dumps(ordered, separators=(",", ":"), ensure_ascii=False).encode()


def tag_of(version: str) -> str:
    return oci.check_tag(version.replace("+", "_"))


def manifest(
    *, config: bytes, archive: bytes, chart_yaml: Mapping[str, Any], created: str
) -> bytes:
    annotations = {
        "org.opencontainers.image.created": created,
        "org.opencontainers.image.title": str(chart_yaml["name"]),
        "org.opencontainers.image.version": str(chart_yaml["version"]),
    }
    if chart_yaml.get("description"):
        annotations["org.opencontainers.image.description"] = str(chart_yaml["description"])
    value = {
        "schemaVersion": 2,
        "mediaType": oci.OCI_MANIFEST,
        "config": {"mediaType": CONFIG_MEDIA_TYPE, "digest": oci.digest_of(config),
                   "size": len(config)},
        "layers": [{"mediaType": CHART_MEDIA_TYPE, "digest": oci.digest_of(archive),
                    "size": len(archive)}],
        "annotations": annotations,
    }  # fmt: skip
    return json.dumps(value, separators=(",", ":")).encode()


def chart_layer(manifest_body: Mapping[str, Any], *, where: str) -> str:
    """The digest of the chart archive a manifest points to."""
    config = manifest_body.get("config") or {}
    if config.get("mediaType") != CONFIG_MEDIA_TYPE:
        raise errors.UserError(f"{where} is not a Helm chart (config {config.get('mediaType')})")
    for layer in manifest_body.get("layers") or ():
        if layer.get("mediaType") == CHART_MEDIA_TYPE:
            if int(layer.get("size", 0)) > MAX_CHART_BYTES:
                raise errors.UserError(f"{where}: chart archive exceeds 100 MiB")
            return str(layer["digest"])
    raise errors.UserError(f"{where}: no chart layer")
