"""The Python dependency layer: wheels installed with pip into a directory, cached by input.

The layer depends only on the requirements file, the target Python version and the install
path, so it is built once and reused while the code changes (the registry already has its
blob, so it is not uploaded again either). Only wheels are accepted (``--only-binary``):
building an sdist runs arbitrary code and gives different bytes from build to build.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from shipyard import errors
from shipyard.adapters.images import context
from shipyard.core.images import layers


def _key(requirements: bytes, *, python_version: str, dest: str, mtime: int) -> str:
    digest = hashlib.sha256()
    for part in (requirements, python_version.encode(), dest.encode(), str(mtime).encode()):
        digest.update(part + b"\0")
    return digest.hexdigest()[:32]


def dependency_layer(
    requirements: Path, *, dest: str, python_version: str, mtime: int, cache: Path
) -> tuple[layers.Layer, bool]:
    """The layer and whether it came from the cache."""
    text = requirements.read_bytes()
    key = _key(text, python_version=python_version, dest=dest, mtime=mtime)
    blob_path = cache / f"{key}.tar.gz"
    meta_path = cache / f"{key}.json"
    if blob_path.is_file() and meta_path.is_file():
        meta = json.loads(meta_path.read_text())
        blob = blob_path.read_bytes()
        cached = layers.Layer(blob=blob, digest=meta["digest"], diff_id=meta["diff_id"])
        if hashlib.sha256(blob).hexdigest() == cached.digest.removeprefix("sha256:"):
            return cached, True
    with tempfile.TemporaryDirectory(prefix="shipyard-deps-") as tmp:
        target = Path(tmp) / "site"
        argv = [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-compile",
            "--disable-pip-version-check", "--only-binary=:all:", "--target", str(target),
            "--python-version", python_version, "-r", str(requirements),
        ]  # fmt: skip
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PIP_NO_INPUT": "1"},
        )
        if done.returncode != 0:
            tail = "\n".join(done.stderr.strip().splitlines()[-15:])
            raise errors.UserError(f"{requirements}: pip install failed:\n{tail}")
        target.mkdir(exist_ok=True)
        layer = layers.layer(
            context.read_tree(target, dest=dest, exclude=("bin",)),
            mtime=mtime,
            where=str(requirements),
        )
    cache.mkdir(parents=True, exist_ok=True)
    partial = blob_path.with_suffix(".partial")
    partial.write_bytes(layer.blob)
    partial.replace(blob_path)
    meta_path.write_text(json.dumps({"digest": layer.digest, "diff_id": layer.diff_id}))
    return layer, False
