"""Dockerfile builds (buildah) pushed with the same tag policy as the daemonless builder.

    buildah bud ▶ OCI layout ▶ tag check ▶ push blobs ▶ manifest ▶ tags

A failing Dockerfile stops before the registry is touched; the build log's tail is the error.
"""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from shipyard import errors
from shipyard.adapters.images import buildah
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from shipyard.core.images import tags
from shipyard.engine.images import daemonless


@dataclasses.dataclass(frozen=True, kw_only=True)
class Request:
    context: Path
    target: oci.Reference
    tags: tuple[str, ...]
    dockerfile: Path | None = None
    build_args: tuple[tuple[str, str], ...] = ()
    epoch: int = 0
    force: bool = False


def build(
    request: Request,
    *,
    open_registry: Callable[[str], registry_client.Registry],
    cache: Path,
    report: daemonless.Report = daemonless.quiet,
) -> daemonless.Result:
    started = time.monotonic()
    if not request.tags:
        raise errors.UserError("an image build needs at least one tag")
    for tag in request.tags:
        tags.check(tag)
    dockerfile = request.dockerfile or request.context / "Dockerfile"
    if not dockerfile.is_file():
        raise errors.UserError(f"{dockerfile}: no such Dockerfile")
    report(f"buildah bud {dockerfile}")
    with tempfile.TemporaryDirectory(prefix="shipyard-buildah-") as tmp:
        layout = Path(tmp) / "layout"
        buildah.build_to_layout(
            context=request.context,
            dockerfile=dockerfile,
            layout=layout,
            storage=cache / "buildah",
            epoch=request.epoch,
            build_args=dict(request.build_args),
            insecure_registries=True,
        )
        manifest, media_type, blobs = buildah.read_layout(layout)
    digest = oci.digest_of(manifest)
    registry = open_registry(request.target.registry)
    repository = request.target.repository
    problems = []
    for tag in request.tags:
        existing = registry.head_manifest(repository, tag)
        why = None if existing is None else tags.move_refused(
            reference=str(request.target.with_tag(tag)), existing=existing, new=digest,
            force=request.force)  # fmt: skip
        if why:
            problems.append(why)
    if problems:
        raise errors.UserError("nothing pushed:\n  " + "\n  ".join(problems))
    report(f"push {len(blobs)} blobs to {request.target.registry}/{repository}")
    uploaded = 0
    summary = []
    for blob_digest, data in blobs.items():
        present = registry.blob_exists(repository, blob_digest)
        if not present:
            registry.push_blob(repository, data, chunk_size=16 * 1024 * 1024)
            uploaded += len(data)
        summary.append(("blob", blob_digest, len(data), present))
    registry.put_manifest(repository, digest, manifest, media_type=media_type)
    for tag in request.tags:
        registry.put_manifest(repository, tag, manifest, media_type=media_type)
    return daemonless.Result(
        reference=request.target.with_digest(digest),
        digest=digest,
        tags=request.tags,
        layers=tuple(summary),
        uploaded_bytes=uploaded,
        seconds=time.monotonic() - started,
    )
