"""The daemonless builder (ko/Jib style) for images that need no RUN step.

    base ▶ layers (dependencies, then code) ▶ config ▶ tag check ▶ push blobs ▶ manifest ▶ tags

The base image comes from a registry (an index resolves to its linux/amd64 manifest). New
layers are reproducible (see ``core.images.layers``) and the config carries one fixed
timestamp, so the same inputs give the same digest on any machine. Base layers are mounted
across repositories when the base lives on the target registry, copied otherwise. Every tag is
checked before anything is tagged: an existing tag on another digest stops the build unless
forced, and a failure leaves no partial tag (blobs without a manifest are unreferenced).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.images import context, pydeps
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from shipyard.core.images import config as image_config
from shipyard.core.images import layers, tags

Report = Callable[[str], None]
OpenRegistry = Callable[[str], registry_client.Registry]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Request:
    base: oci.Reference
    target: oci.Reference  # registry and repository; tags come separately
    tags: tuple[str, ...]
    context: Path
    app_dir: str = "/app"
    exclude: tuple[str, ...] = ()
    requirements: Path | None = None
    deps_dir: str = "/app/deps"
    python_version: str = "3.11"
    settings: image_config.Settings = dataclasses.field(default_factory=image_config.Settings)
    epoch: int = 0
    source: str = ""
    revision: str = ""
    version: str = ""
    force: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class Result:
    reference: oci.Reference  # with the digest
    digest: str
    tags: tuple[str, ...]
    layers: tuple[tuple[str, str, int, bool], ...]  # (what, digest, size, reused)
    uploaded_bytes: int
    seconds: float


def quiet(_: str) -> None:
    return None


def _base_image(
    registry: registry_client.Registry, base: oci.Reference
) -> tuple[dict[str, Any], list[oci.Descriptor]]:
    manifest = registry.get_manifest(base.repository, base.reference)
    body = manifest.json()
    if manifest.media_type in (oci.OCI_INDEX, oci.DOCKER_LIST) or "manifests" in body:
        chosen = next(
            (
                m
                for m in body.get("manifests", ())
                if (m.get("platform") or {}).get("os") == "linux"
                and (m.get("platform") or {}).get("architecture") == "amd64"
            ),
            None,
        )
        if chosen is None:
            raise errors.UserError(f"base image {base} has no linux/amd64 manifest")
        manifest = registry.get_manifest(base.repository, str(chosen["digest"]))
        body = manifest.json()
    try:
        config_digest = str(body["config"]["digest"])
        base_layers = [
            oci.Descriptor(
                media_type=str(item["mediaType"]),
                digest=str(item["digest"]),
                size=int(item["size"]),
            )
            for item in body["layers"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise errors.UserError(f"base image {base}: not an image manifest ({exc})") from exc
    config = json.loads(registry.get_blob(base.repository, config_digest))
    if not isinstance(config, dict):
        raise errors.UserError(f"base image {base}: its config is not a JSON object")
    return config, base_layers


def build(
    request: Request, *, open_registry: OpenRegistry, cache: Path, report: Report = quiet
) -> Result:
    started = time.monotonic()
    for tag in request.tags:
        tags.check(tag)
    if not request.tags:
        raise errors.UserError("an image build needs at least one tag")

    report(f"base {request.base}")
    base_registry = open_registry(request.base.registry)
    target_registry = (
        base_registry
        if request.target.registry == request.base.registry
        else open_registry(request.target.registry)
    )
    base_config, base_layers = _base_image(base_registry, request.base)

    new_layers: list[tuple[str, layers.Layer, bool]] = []
    if request.requirements is not None:
        report(f"dependencies layer from {request.requirements.name}")
        deps, cached = pydeps.dependency_layer(
            request.requirements,
            dest=request.deps_dir,
            python_version=request.python_version,
            mtime=request.epoch,
            cache=cache / "layers",
        )
        new_layers.append(("dependencies", deps, cached))
    report(f"application layer from {request.context}")
    code = layers.layer(
        context.read_tree(request.context, dest=request.app_dir, exclude=request.exclude),
        mtime=request.epoch,
        where=str(request.context),
    )
    new_layers.append(("application", code, False))

    labels = dict(request.settings.labels)
    annotations = {}
    for key, value in (
        (image_config.SOURCE_LABEL, request.source),
        (image_config.REVISION_LABEL, request.revision),
        (image_config.VERSION_LABEL, request.version),
    ):
        if value:
            labels[key] = value
            annotations[key] = value
    annotations[image_config.CREATED_LABEL] = image_config.timestamp(request.epoch)
    annotations["org.opencontainers.image.base.name"] = str(request.base)
    settings = dataclasses.replace(request.settings, labels=tuple(sorted(labels.items())))
    config = image_config.image_config(
        base=base_config,
        settings=settings,
        added=[layer for _, layer, _ in new_layers],
        epoch=request.epoch,
        comment=f"{request.source}@{request.revision}" if request.revision else "",
    )
    descriptors = [*base_layers, *(layer.descriptor() for _, layer, _ in new_layers)]
    manifest = image_config.image_manifest(
        config=config, layer_descriptors=descriptors, annotations=annotations
    )
    digest = oci.digest_of(manifest)

    repository = request.target.repository
    report("tag check")
    _check_tags(target_registry, request, digest)

    uploaded = 0
    summary: list[tuple[str, str, int, bool]] = []
    report(f"push {len(descriptors)} layers to {request.target.registry}/{repository}")
    for descriptor in base_layers:
        reused = _copy_base_layer(base_registry, target_registry, request, descriptor)
        summary.append(("base", descriptor.digest, descriptor.size, reused))
    for what, layer, cached in new_layers:
        present = target_registry.blob_exists(repository, layer.digest)
        if not present:
            target_registry.push_blob(repository, layer.blob, chunk_size=16 * 1024 * 1024)
            uploaded += layer.size
        summary.append((what, layer.digest, layer.size, present or cached))
    if not target_registry.blob_exists(repository, oci.digest_of(config)):
        target_registry.push_blob(repository, config)
        uploaded += len(config)
    report(f"manifest {digest}")
    target_registry.put_manifest(repository, digest, manifest, media_type=oci.OCI_MANIFEST)
    for tag in request.tags:
        target_registry.put_manifest(repository, tag, manifest, media_type=oci.OCI_MANIFEST)
    return Result(
        reference=request.target.with_digest(digest),
        digest=digest,
        tags=request.tags,
        layers=tuple(summary),
        uploaded_bytes=uploaded,
        seconds=time.monotonic() - started,
    )


def _check_tags(registry: registry_client.Registry, request: Request, digest: str) -> None:
    problems = []
    for tag in request.tags:
        existing = registry.head_manifest(request.target.repository, tag)
        if existing is None:
            continue
        why = tags.move_refused(
            reference=str(request.target.with_tag(tag)),
            existing=existing,
            new=digest,
            force=request.force,
        )
        if why:
            problems.append(why)
    if problems:
        raise errors.UserError("nothing pushed:\n  " + "\n  ".join(problems))


def _copy_base_layer(
    source: registry_client.Registry,
    target: registry_client.Registry,
    request: Request,
    descriptor: oci.Descriptor,
) -> bool:
    """Makes a base layer present in the target repository; True when nothing was uploaded."""
    repository = request.target.repository
    if target.blob_exists(repository, descriptor.digest):
        return True
    if source is target and target.mount_blob(
        repository, descriptor.digest, source=request.base.repository
    ):
        return True
    data = source.get_blob(request.base.repository, descriptor.digest)
    target.push_blob(repository, data, chunk_size=16 * 1024 * 1024)
    return False


def summary_lines(result: Result) -> Sequence[str]:
    lines = [
        f"{result.reference}  ({result.seconds:.2f} s, {result.uploaded_bytes} bytes uploaded)"
    ]
    for what, digest, size, reused in result.layers:
        lines.append(f"  {what:<13} {digest[:19]}  {size:>10}  {'reused' if reused else 'new'}")
    return lines
