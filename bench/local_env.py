"""Figures of the local environment: start time, time to a 3-replica rollout, memory.

Runs `LocalEnvironment.up` on fresh temporary environments (binaries already built), rolls out
a 3-replica Deployment, reads the resident and peak memory of every process, and takes the
environment down. Prints the median of several runs. No anchor runs here: kind and k3d need a
Docker engine, which this machine does not have.

    .venv/bin/python bench/local_env.py --runs 3
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from lightkube.models import apps_v1 as apps_models
from lightkube.models import core_v1 as core_models
from lightkube.models import meta_v1
from lightkube.resources import apps_v1

from shipyard.adapters.local import environment, layout


def _deployment() -> apps_v1.Deployment:
    labels = {"app": "bench"}
    return apps_v1.Deployment(
        metadata=meta_v1.ObjectMeta(name="bench", namespace="default"),
        spec=apps_models.DeploymentSpec(
            replicas=3,
            selector=meta_v1.LabelSelector(matchLabels=labels),
            template=core_models.PodTemplateSpec(
                metadata=meta_v1.ObjectMeta(labels=labels),
                spec=core_models.PodSpec(
                    containers=[core_models.Container(name="c", image="registry.invalid/c:1")]
                ),
            ),
        ),
    )


def one_run(root: Path) -> dict[str, float]:
    env = environment.LocalEnvironment(name="bench", env_layout=layout.EnvLayout(root=root))
    started = time.monotonic()
    try:
        env.up(timeout=300)
        up_seconds = time.monotonic() - started
        with env.client() as client:
            created = time.monotonic()
            client.create(_deployment())
            while True:
                status = client.get(apps_v1.Deployment, "bench", namespace="default").status
                if status is not None and status.availableReplicas == 3:
                    break
                if time.monotonic() - created > 120:
                    raise RuntimeError("rollout did not finish in 120 s")
                time.sleep(0.1)
            rollout_seconds = time.monotonic() - created
        rows = env.status()
        return {
            "up_s": up_seconds,
            "rollout_s": rollout_seconds,
            "rss_mib": sum(row.rss_kib for row in rows) / 1024,
            "peak_mib": sum(row.peak_rss_kib for row in rows) / 1024,
        }
    finally:
        env.down()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = []
    for index in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="shipyard-bench-") as tmp:
            result = one_run(Path(tmp) / "env")
        results.append(result)
        print(f"run {index + 1}: " + ", ".join(f"{k}={v:.2f}" for k, v in result.items()))
    print(
        "median: "
        + ", ".join(f"{key}={statistics.median(r[key] for r in results):.2f}" for key in results[0])
    )


if __name__ == "__main__":
    main()
