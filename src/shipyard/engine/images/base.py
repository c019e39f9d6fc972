"""Publishing the Debian base image to a registry (the local environment's, for the demo and
the tests): the cached debootstrap layer, a config and a manifest."""

from __future__ import annotations

from pathlib import Path

from shipyard.adapters.images import debian
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from shipyard.core.images import config as image_config

REPOSITORY = "shipyard/debian"
TAG = f"{debian.SUITE}-python3"


def publish(
    registry: registry_client.Registry, *, cache: Path, repository: str = REPOSITORY
) -> oci.Reference:
    """Pushes the base (a no-op when the registry has it) and returns its reference."""
    layer = debian.rootfs_layer(cache=cache / "base")
    config = image_config.canonical(
        {
            "architecture": "amd64",
            "os": "linux",
            "created": image_config.timestamp(0),
            "config": {"Env": [debian.ENV_PATH, "LANG=C.UTF-8"], "Cmd": ["bash"]},
            "rootfs": {"type": "layers", "diff_ids": [layer.diff_id]},
            "history": [
                {
                    "created": image_config.timestamp(0),
                    "created_by": f"debootstrap --variant=minbase {debian.SUITE} "
                    f"--include={','.join(debian.PACKAGES)}",
                }
            ],
        }
    )
    manifest = image_config.image_manifest(
        config=config, layer_descriptors=[layer.descriptor()], annotations={}
    )
    digest = oci.digest_of(manifest)
    if registry.head_manifest(repository, TAG) != digest:
        if not registry.blob_exists(repository, layer.digest):
            registry.push_blob(repository, layer.blob, chunk_size=16 * 1024 * 1024)
        registry.push_blob(repository, config)
        registry.put_manifest(repository, TAG, manifest, media_type=oci.OCI_MANIFEST)
    return oci.Reference(registry=registry.host, repository=repository, tag=TAG, digest=digest)
