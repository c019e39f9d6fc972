"""The image config and manifest of a build on top of a base image.

Settings follow Dockerfile semantics: ``ENV`` replaces a variable of the same name and keeps
the others, labels merge, setting the entrypoint clears the base's cmd unless a cmd is given
too, exposed ports add to the base's. JSON is canonical (sorted keys, no spaces), so equal
inputs give equal digests.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from collections.abc import Mapping, Sequence
from typing import Any

from shipyard import errors
from shipyard.core import oci
from shipyard.core.images import layers

SOURCE_LABEL = "org.opencontainers.image.source"
REVISION_LABEL = "org.opencontainers.image.revision"
VERSION_LABEL = "org.opencontainers.image.version"
CREATED_LABEL = "org.opencontainers.image.created"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Settings:
    entrypoint: tuple[str, ...] | None = None
    cmd: tuple[str, ...] | None = None
    env: tuple[tuple[str, str], ...] = ()
    user: str = ""
    workdir: str = ""
    labels: tuple[tuple[str, str], ...] = ()
    exposed_ports: tuple[str, ...] = ()


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def timestamp(epoch: int) -> str:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _port(port: str) -> str:
    number, _, protocol = port.partition("/")
    if not number.isdigit() or not 0 < int(number) < 65536 or protocol not in ("", "tcp", "udp"):
        raise errors.UserError(f"exposed port {port!r}: expected NUMBER[/tcp|/udp]")
    return f"{int(number)}/{protocol or 'tcp'}"


def image_config(
    *,
    base: Mapping[str, Any],
    settings: Settings,
    added: Sequence[layers.Layer],
    epoch: int,
    comment: str,
) -> bytes:
    """The new config: the base's, with ``settings`` applied and ``added`` layers on top."""
    base_config = dict(base.get("config") or {})
    env = dict(item.split("=", 1) for item in base_config.get("Env") or () if "=" in item)
    env.update(dict(settings.env))
    config: dict[str, Any] = {**base_config, "Env": [f"{k}={v}" for k, v in env.items()]}
    if settings.entrypoint is not None:
        config["Entrypoint"] = list(settings.entrypoint)
        if settings.cmd is None:
            config.pop("Cmd", None)
    if settings.cmd is not None:
        config["Cmd"] = list(settings.cmd)
    if settings.user:
        config["User"] = settings.user
    if settings.workdir:
        config["WorkingDir"] = settings.workdir
    labels = {**(base_config.get("Labels") or {}), **dict(settings.labels)}
    if labels:
        config["Labels"] = labels
    ports = {**(base_config.get("ExposedPorts") or {})}
    for port in settings.exposed_ports:
        ports[_port(port)] = {}
    if ports:
        config["ExposedPorts"] = ports
    created = timestamp(epoch)
    rootfs = dict(base.get("rootfs") or {"type": "layers", "diff_ids": []})
    history = list(base.get("history") or ())
    entry = {"created": created, "created_by": "shipyard image build", "comment": comment}
    history += [entry for _ in added]  # one history entry per added layer
    result: dict[str, Any] = {
        **{k: v for k, v in base.items() if k not in ("config", "rootfs", "history", "created")},
        "architecture": base.get("architecture", "amd64"),
        "os": base.get("os", "linux"),
        "created": created,
        "config": config,
        "rootfs": {
            "type": "layers",
            "diff_ids": [*rootfs.get("diff_ids", ()), *(layer.diff_id for layer in added)],
        },
        "history": history,
    }
    return canonical(result)


# Docker's media types for the same bytes: base layers are relabelled for an OCI manifest.
_OCI_TYPES = {
    "application/vnd.docker.image.rootfs.diff.tar.gzip": oci.OCI_LAYER_GZIP,
    "application/vnd.docker.image.rootfs.diff.tar": oci.OCI_LAYER,
}


def oci_layer(descriptor: oci.Descriptor) -> oci.Descriptor:
    media_type = _OCI_TYPES.get(descriptor.media_type, descriptor.media_type)
    return dataclasses.replace(descriptor, media_type=media_type)


def image_manifest(
    *,
    config: bytes,
    layer_descriptors: Sequence[oci.Descriptor],
    annotations: Mapping[str, str],
) -> bytes:
    value: dict[str, Any] = {
        "schemaVersion": 2,
        "mediaType": oci.OCI_MANIFEST,
        "config": oci.Descriptor(
            media_type=oci.OCI_CONFIG, digest=oci.digest_of(config), size=len(config)
        ).to_json(),
        "layers": [oci_layer(descriptor).to_json() for descriptor in layer_descriptors],
    }
    if annotations:
        value["annotations"] = dict(annotations)
    return canonical(value)
