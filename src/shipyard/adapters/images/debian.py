"""A real Debian base image, made once with debootstrap and pushed to a registry.

``debootstrap --variant=minbase`` (plus python3 for Python services) builds a root file system
of about 200 MB in a minute; GNU tar packs it with sorted names, one mtime and numeric root
ownership, so the layer is made once per machine and cached under the shipyard cache. Device
nodes and the contents of /proc, /sys and /dev are left out: a container runtime provides them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from shipyard import errors
from shipyard.core.images import layers

SUITE = "bookworm"
MIRROR = "http://deb.debian.org/debian"
PACKAGES = ("python3-minimal", "ca-certificates")
ENV_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _key(suite: str, packages: tuple[str, ...]) -> str:
    return hashlib.sha256(f"{suite}:{','.join(packages)}".encode()).hexdigest()[:16]


def rootfs_layer(
    *, cache: Path, suite: str = SUITE, packages: tuple[str, ...] = PACKAGES
) -> layers.Layer:
    """The base's single layer (cached); debootstrap runs only the first time."""
    key = _key(suite, packages)
    blob_path = cache / f"debian-{suite}-{key}.tar.gz"
    meta_path = blob_path.with_suffix(".json")
    if blob_path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        blob = blob_path.read_bytes()
        return layers.Layer(blob=blob, digest=meta["digest"], diff_id=meta["diff_id"])
    debootstrap = shutil.which("debootstrap") or "/usr/sbin/debootstrap"
    if not Path(debootstrap).exists():
        raise errors.UserError(
            "debootstrap is missing; install it with: apt-get install -y debootstrap"
        )
    cache.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="shipyard-debian-", dir=cache) as tmp:
        root = Path(tmp) / "rootfs"
        argv = [debootstrap, "--variant=minbase", f"--include={','.join(packages)}",
                suite, str(root), MIRROR]  # fmt: skip
        done = subprocess.run(argv, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-10:])
            raise errors.TransientError(f"debootstrap {suite} failed:\n{tail}")
        for volatile in ("proc", "sys", "dev", "run", "tmp", "var/cache/apt/archives"):
            target = root / volatile
            if target.is_dir():
                for child in target.iterdir():
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child)
                    else:
                        child.unlink()
        tar_path = Path(tmp) / "layer.tar"
        packed = subprocess.run(
            ["tar", "--sort=name", "--mtime=@0", "--owner=0", "--group=0", "--numeric-owner",
             "--pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime",
             "-C", str(root), "-cf", str(tar_path), "."],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if packed.returncode != 0:
            raise errors.TransientError(f"packing the Debian root file system: {packed.stderr}")
        raw = tar_path.read_bytes()
    blob = gzip.compress(raw, compresslevel=6, mtime=0)
    layer = layers.Layer(
        blob=blob,
        digest="sha256:" + hashlib.sha256(blob).hexdigest(),
        diff_id="sha256:" + hashlib.sha256(raw).hexdigest(),
    )
    partial = blob_path.with_suffix(".partial")
    partial.write_bytes(blob)
    partial.replace(blob_path)
    meta_path.write_text(json.dumps({"digest": layer.digest, "diff_id": layer.diff_id}))
    return layer
