"""Image build figures, measured in one run against buildah on the same machine.

The example service (examples/webapp) is built on the Debian base image of the local
environment and pushed to its registry, each run into a new repository:

- shipyard: `shipyard image build` (daemonless; process start included);
- anchor: `buildah bud --timestamp` of the service's Dockerfile then `buildah push` (vfs
  storage, chroot isolation, as our set-up runs buildah).

Both images hold the same files and config (the Dockerfile also runs `useradd`, which the
daemonless build cannot and does not need: it sets the numeric user). Printed: medians of
--runs, the ratio (target: shipyard >= 5x faster), and whether a rebuild gives the same digest.

    .venv/bin/python bench/image_build.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from shipyard.adapters.local import environment, layout
from shipyard.adapters.registry import client as registry_client
from shipyard.engine.images import base

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "webapp"
EPOCH = "1700000000"


def shipyard_build(registry: str, base_ref: str, repository: str, cache: Path) -> tuple[float, str]:
    argv = [
        str(Path(sys.executable).parent / "shipyard"), "image", "build", str(EXAMPLE / "app"),
        "--base", base_ref, "--image", f"{registry}/{repository}", "--tag", "0.1.0",
        "--entrypoint", '["python3", "-m", "server"]', "--env", "PORT=8080", "--user", "10001",
        "--workdir", "/app", "--port", "8080", "--epoch", EPOCH, "-o", "json",
    ]  # fmt: skip
    started = time.monotonic()
    done = subprocess.run(
        argv, capture_output=True, text=True, check=False, env={"SHIPYARD_CACHE": str(cache),
                                                               "PATH": "/usr/bin:/bin"})  # fmt: skip
    elapsed = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"shipyard image build failed:\n{done.stderr}")
    return elapsed, str(json.loads(done.stdout)["digest"])


def buildah_build(
    registry: str, base_ref: str, repository: str, storage: Path
) -> tuple[float, str]:
    common = ["buildah", "--storage-driver", "vfs", "--root", str(storage / "root"),
              "--runroot", str(storage / "run")]  # fmt: skip
    name = f"localhost/bench-{uuid.uuid4().hex[:8]}"
    digest_file = storage / "digest"
    started = time.monotonic()
    subprocess.run(
        [*common, "bud", "--quiet", "--isolation", "chroot", "--timestamp", EPOCH,
         "--tls-verify=false", "--build-arg", f"BASE={base_ref}", "-t", name, str(EXAMPLE)],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run(
        [*common, "push", "--quiet", "--tls-verify=false", "--digestfile", str(digest_file),
         name, f"docker://{registry}/{repository}:0.1.0"],
        check=True, capture_output=True,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    subprocess.run([*common, "rmi", "--force", name], capture_output=True, check=False)
    return elapsed, digest_file.read_text().strip()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if shutil.which("buildah") is None:
        raise SystemExit("buildah is missing: scripts/bootstrap.sh installs it")
    with tempfile.TemporaryDirectory(prefix="shipyard-bench-image-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment.LocalEnvironment(
            name="bench-image", env_layout=layout.EnvLayout(root=tmp / "env")
        )
        endpoints = env.up(timeout=300)
        try:
            with registry_client.Registry(host=endpoints.registry, insecure=True) as registry:
                reference = base.publish(registry, cache=layout.cache_home())
            base_ref = f"{reference.registry}/{reference.repository}:{reference.tag}"
            storage = tmp / "buildah"
            # Warm-up, not timed: buildah pulls the base into its storage once.
            buildah_build(endpoints.registry, base_ref, "warmup/buildah", storage)
            ours, theirs, our_digests, their_digests = [], [], set(), set()
            for run in range(args.runs):
                seconds, digest = shipyard_build(
                    endpoints.registry, base_ref, f"bench/shipyard-{run}", tmp / "cache"
                )
                ours.append(seconds)
                our_digests.add(digest)
                seconds, digest = buildah_build(
                    endpoints.registry, base_ref, f"bench/buildah-{run}", storage
                )
                theirs.append(seconds)
                their_digests.add(digest)
        finally:
            env.down()
    ours_median, theirs_median = statistics.median(ours), statistics.median(theirs)
    print(f"shipyard image build + push: median {ours_median:.2f} s "
          f"(runs {', '.join(f'{s:.2f}' for s in ours)})")  # fmt: skip
    print(f"buildah bud + push:          median {theirs_median:.2f} s "
          f"(runs {', '.join(f'{s:.2f}' for s in theirs)})")  # fmt: skip
    print(f"speed-up: {theirs_median / ours_median:.1f}x (target >= 5x)")
    print(
        f"shipyard digest identical on every rebuild: {len(our_digests) == 1} ({min(our_digests)})"
    )
    print(f"buildah digest identical on every rebuild:  {len(their_digests) == 1}")


if __name__ == "__main__":
    main()
