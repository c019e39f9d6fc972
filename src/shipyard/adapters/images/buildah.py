"""Dockerfile builds with buildah: no daemon, chroot isolation, vfs storage in our cache.

``buildah bud --timestamp`` fixes the image's created time and every file time in the layers,
so a rebuild of the same inputs gives the same digest. The image is written to an OCI layout
directory (not pushed by buildah): shipyard then pushes it with its own registry client, so the
tag policy is checked before anything is tagged.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from shipyard import errors


def _buildah() -> str:
    found = shutil.which("buildah")
    if found is None:
        raise errors.UserError("buildah is missing; install it with: apt-get install -y buildah")
    return found


def build_to_layout(
    *,
    context: Path,
    dockerfile: Path,
    layout: Path,
    storage: Path,
    epoch: int,
    build_args: Mapping[str, str],
    insecure_registries: bool,
) -> None:
    """Builds ``dockerfile`` and writes the image to the OCI layout ``layout`` (tag ``build``).

    Raises UserError with the tail of buildah's log when the build fails."""
    buildah = _buildah()
    common = [
        buildah, "--storage-driver", "vfs",
        "--root", str(storage / "root"), "--runroot", str(storage / "run"),
    ]  # fmt: skip
    name = f"localhost/shipyard-build-{epoch}"
    argv = [
        *common, "bud", "--isolation", "chroot", "--timestamp", str(epoch),
        "--tls-verify=false" if insecure_registries else "--tls-verify=true",
        "--file", str(dockerfile), "--tag", name,
    ]  # fmt: skip
    for key, value in sorted(build_args.items()):
        argv += ["--build-arg", f"{key}={value}"]
    argv.append(str(context))
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-25:])
        raise errors.UserError(
            f"{dockerfile}: build failed (buildah exit {done.returncode}):\n{tail}"
        )
    if layout.exists():
        shutil.rmtree(layout)
    pushed = subprocess.run(
        [*common, "push", "--quiet", name, f"oci:{layout}:build"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    subprocess.run([*common, "rmi", "--force", name], capture_output=True, check=False)
    if pushed.returncode != 0:
        raise errors.TransientError(f"buildah could not write the image: {pushed.stderr[-2000:]}")


def read_layout(layout: Path) -> tuple[bytes, str, dict[str, bytes]]:
    """(manifest, its media type, every blob it references by digest) of an OCI layout."""
    index = json.loads((layout / "index.json").read_text())
    entry = index["manifests"][0]
    blobs = layout / "blobs" / "sha256"
    manifest = (blobs / entry["digest"].removeprefix("sha256:")).read_bytes()
    body = json.loads(manifest)
    wanted = [body["config"]["digest"], *(layer["digest"] for layer in body["layers"])]
    return (
        manifest,
        str(entry.get("mediaType") or body.get("mediaType")),
        {digest: (blobs / digest.removeprefix("sha256:")).read_bytes() for digest in wanted},
    )
