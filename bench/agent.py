"""Agent figures on the local environment, measured in one run.

- drift-to-healed latency: a Deployment's replicas edited by hand, until selfHeal reverted it
  (target median <= 2 s);
- commit-to-synced latency with a webhook: push, POST the signed webhook, until the new value
  is live (target <= 5 s);
- idle cost with N Applications x 10 objects all in sync: requests per minute this agent sends
  (counted on its client), API-server write requests in that minute from all clients, CPU
  seconds of this process per minute (target: no periodic full re-apply: 0 writes);
- RSS of the process with the N x 10 objects managed.

Argo CD is not run here (it needs its own images and Redis); its documented defaults are a 3 min
poll and no watch-based drift detection.

    .venv/bin/python bench/agent.py --apps 100 --samples 5 --idle 60
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import hmac
import json
import resource
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from lightkube.resources import apps_v1, core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import environment, gitserver, layout, ports
from shipyard.agent import controller
from shipyard.api import loading
from shipyard.engine.sync import installing
from shipyard.web import server

SECRET = b"bench"


def git(*args: str, cwd: Path) -> None:
    import subprocess

    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(cwd),
            "GIT_AUTHOR_NAME": "b",
            "GIT_AUTHOR_EMAIL": "b@x",
            "GIT_COMMITTER_NAME": "b",
            "GIT_COMMITTER_EMAIL": "b@x",
        },
    )


def app_files(index: int, colour: str) -> dict[str, str]:
    files = {}
    for i in range(9):
        files[f"cm{i}.yaml"] = (
            f"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: cm-{i}}}\ndata: {{colour: {colour}}}\n"
        )
    files["web.yaml"] = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 1\n"
        "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
        "    spec: {containers: [{name: web, image: 'registry.invalid/web:1'}]}\n"
    )
    return files


def _resource_of(path: str) -> str:
    """``/api/v1/namespaces/app3/configmaps/cm-1`` -> ``configmaps/<name>`` (for a breakdown)."""
    parts = path.strip("/").split("/")
    if "namespaces" in parts and parts.index("namespaces") + 2 < len(parts):
        parts = parts[parts.index("namespaces") + 2 :]
    else:
        parts = parts[2:] if parts[:1] == ["api"] else parts[3:]
    return "/".join(parts[:1] + ["<name>"] * (len(parts) > 1) + parts[2:])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--apps", type=int, default=100)
    parser.add_argument("--samples", type=int, default=5)
    parser.add_argument("--idle", type=float, default=60.0)
    parser.add_argument(
        "--interval", type=float, default=180.0, help="The agent's resync interval."
    )
    parser.add_argument(
        "--shared-repo",
        type=int,
        default=0,
        help="Applications beyond the first N share one repository (faster set-up for 1,000).",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="shipyard-bench-agent-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment.LocalEnvironment(
            name="bench", env_layout=layout.EnvLayout(root=tmp / "env")
        )
        endpoints = env.up(timeout=300)
        try:
            run(env, endpoints, tmp, args)
        finally:
            env.down()


def run(
    env: environment.LocalEnvironment,
    endpoints: environment.Endpoints,
    tmp: Path,
    args: argparse.Namespace,
) -> None:
    client = env.client()
    kube = kube_objects.Objects(client)
    installing.install_crds(kube)
    installing.ensure_namespace(kube, "shipyard")
    repos: list[tuple[str, str, Path]] = []
    for index in range(args.apps):
        name = f"app{index}"
        shared = bool(args.shared_repo) and index >= args.shared_repo
        if shared and index > args.shared_repo:
            _, url, work = repos[args.shared_repo]
        else:
            work = tmp / "work" / name
            (work / "manifests").mkdir(parents=True)
            for file, text in app_files(index, "a").items():
                (work / "manifests" / file).write_text(text)
            gitserver.create_repository(root=env.layout.data_dir("git"), name=f"{name}.git")
            url = f"{endpoints.git}/{name}.git"
            git("init", "-q", "-b", "main", cwd=work)
            git("add", ".", cwd=work)
            git("commit", "-q", "-m", "a", cwd=work)
            git("push", "-q", url, "main", cwd=work)
        installing.ensure_namespace(kube, name)
        installing.create(
            kube,
            loading.load_application(
                f"apiVersion: shipyard.dev/v1alpha1\nkind: Application\nmetadata: {{name: {name}, namespace: shipyard}}\n"
                f"spec:\n  source: {{repoURL: '{url}', targetRevision: main, path: manifests}}\n"
                f"  destination: {{namespace: {name}}}\n  syncPolicy: {{automated: {{prune: true, selfHeal: true}}}}\n",
                source=name,
            ),
        )
        repos.append((name, url, work))
    settings = controller.Settings(
        namespace="shipyard",
        cache=tmp / "cache",
        interval=args.interval,
        workers=4,
        webhook_secret=SECRET,
    )
    agent = controller.Agent(client=client, settings=settings)
    sent: list[str] = []
    client._client._client.event_hooks["request"].append(
        lambda r: sent.append(f"{r.method} {_resource_of(r.url.path)}")
    )
    (port,) = ports.pick_free_ports(1)
    http_server = server.serve(agent, host="127.0.0.1", port=port)
    started = time.monotonic()
    agent.start()
    try:

        def synced(name: str, colour: str) -> bool:
            try:
                return (client.get(core_v1.ConfigMap, "cm-0", namespace=name).data or {}).get(
                    "colour"
                ) == colour
            except Exception:
                return False

        # (queue depth also counts the delayed interval resyncs, so it is no signal here)
        while not all(synced(name, "a") for name, _, _ in repos):
            time.sleep(0.5)
        print(
            f"initial sync of {args.apps} x 10 objects: {time.monotonic() - started:.1f} s",
            flush=True,
        )
        # Let the backlog of the initial sync drain (status writes, watch events): wait until
        # no key is ready or in work (interval resyncs of many apps keep it busy now and then,
        # so a moment of calm is the signal), at most 5 minutes.
        settle_deadline = time.monotonic() + 300
        while agent.queue.busy() and time.monotonic() < settle_deadline:
            time.sleep(0.05)
        time.sleep(2)

        drift, commit = [], []
        for sample in range(args.samples):
            name, url, work = repos[sample]
            client.patch(apps_v1.Deployment, "web", {"spec": {"replicas": 5}}, namespace=name)
            t0 = time.monotonic()
            while client.get(apps_v1.Deployment, "web", namespace=name).spec.replicas != 1:
                time.sleep(0.02)
            drift.append(time.monotonic() - t0)
            colour = f"c{sample}"
            (work / "manifests" / "cm0.yaml").write_text(app_files(sample, colour)["cm0.yaml"])
            git("commit", "-q", "-am", colour, cwd=work)
            git("push", "-q", url, "main", cwd=work)
            body = json.dumps({"ref": "refs/heads/main", "repository": {"clone_url": url}}).encode()
            signature = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
            t0 = time.monotonic()
            httpx.post(
                f"http://127.0.0.1:{port}/api/webhook",
                content=body,
                trust_env=False,
                headers={
                    "X-GitHub-Event": "push",
                    "X-GitHub-Delivery": uuid.uuid4().hex,
                    "X-Hub-Signature-256": signature,
                },
            )
            while not synced(name, colour):
                time.sleep(0.02)
            commit.append(time.monotonic() - t0)
        print(
            f"drift-to-healed: median {statistics.median(drift):.2f} s (samples {', '.join(f'{d:.2f}' for d in drift)})"
        )
        print(
            f"commit-to-synced with webhook: median {statistics.median(commit):.2f} s "
            f"(samples {', '.join(f'{c:.2f}' for c in commit)})"
        )

        time.sleep(5)
        sent.clear()
        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        t0 = time.monotonic()
        time.sleep(args.idle)
        elapsed = time.monotonic() - t0
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = (cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime)
        writes = sum(1 for request in sent if not request.startswith("GET "))
        print(
            f"idle with {args.apps} x 10 in sync over {elapsed:.0f} s: {len(sent) * 60 / elapsed:.1f} requests/min "
            f"from the agent ({writes} writes), CPU {cpu * 60 / elapsed:.2f} s/min"
        )
        breakdown = collections.Counter(sent).most_common(8)
        print("  by request: " + ", ".join(f"{what} x{count}" for what, count in breakdown))
        print(
            f"RSS of the process with {args.apps} x 10 managed: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (peak)"
        )
    finally:
        http_server.shutdown()
        agent.stop()


if __name__ == "__main__":
    main()
