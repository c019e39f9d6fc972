"""Sync engine figures on the local environment, against kubectl in the same run.

For an application of 1,000 objects (400 ConfigMaps, 300 Deployments, 300 Services) in one
Git directory:

- first sync with shipyard vs `kubectl apply --server-side` of the same files (wall time ratio;
  target <= 1.0x), each into a fresh namespace;
- no-op resync of the same objects (target <= 0.5 s) and the write requests it sent, read from
  the API server's own `apiserver_request_total` counters (target: 0);
- render + diff (a dry-run sync) of the unchanged application;
- peak RSS of this process.

Deployments have 0 replicas so that pod churn from one phase does not load the next.
Medians of --runs runs are printed.

    .venv/bin/python bench/sync.py --runs 3
"""

from __future__ import annotations

import argparse
import resource
import ssl
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from lightkube.models import meta_v1
from lightkube.resources import core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import environment, gitserver, layout
from shipyard.core import tracking
from shipyard.engine.sync import spec, syncing

WRITE_VERBS = ("POST", "PUT", "PATCH", "DELETE", "APPLY")


def manifests_text(
    count_cm: int = 400, count_deploy: int = 300, count_svc: int = 300
) -> dict[str, str]:
    files: dict[str, str] = {}
    docs = []
    for i in range(count_cm):
        docs.append(
            f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-{i}\ndata:\n  key: value-{i}\n"
        )
    files["configmaps.yaml"] = "---\n".join(docs)
    docs = []
    for i in range(count_deploy):
        docs.append(
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-{i}\nspec:\n  replicas: 0\n"
            f"  selector: {{matchLabels: {{app: web-{i}}}}}\n  template:\n    metadata: {{labels: {{app: web-{i}}}}}\n"
            f"    spec:\n      containers: [{{name: web, image: 'registry.invalid/web:1.0.{i}'}}]\n"
        )
    files["deployments.yaml"] = "---\n".join(docs)
    docs = []
    for i in range(count_svc):
        docs.append(
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-{i}\nspec:\n  selector: {{app: web-{i}}}\n"
            f"  ports: [{{port: 80, targetPort: 8080}}]\n"
        )
    files["services.yaml"] = "---\n".join(docs)
    return files


MEASURED_RESOURCES = ('resource="configmaps"', 'resource="deployments"', 'resource="services"')


def write_requests(env: environment.LocalEnvironment) -> float:
    """The API server's count of write requests to the benchmark's kinds (not their status).

    Controllers write only the status subresource of these kinds and node leases and events
    are other resources, so what remains is the sync's own writes (dry-runs included).
    """
    certs = env.certs
    context = ssl.create_default_context(cafile=str(certs.ca_cert))
    context.load_cert_chain(str(certs.client_cert("admin")), str(certs.client_key("admin")))
    text = httpx.get(f"{env.endpoints().apiserver}/metrics", verify=context, timeout=30).text
    total = 0.0
    for line in text.splitlines():
        if line.startswith("apiserver_request_total{") and any(
            f'verb="{v}"' in line for v in WRITE_VERBS
        ):
            total += float(line.rsplit(" ", 1)[1])
    return total


def git(*args: str, cwd: Path) -> None:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="shipyard-bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        env = environment.LocalEnvironment(
            name="bench", env_layout=layout.EnvLayout(root=tmp / "env")
        )
        endpoints = env.up(timeout=300)
        try:
            work = tmp / "work"
            (work / "app").mkdir(parents=True)
            for name, text in manifests_text().items():
                (work / "app" / name).write_text(text)
            gitserver.create_repository(root=env.layout.data_dir("git"), name="bench.git")
            url = f"{endpoints.git}/bench.git"
            git("init", "-q", "-b", "main", cwd=work)
            git("add", ".", cwd=work)
            git("commit", "-q", "-m", "bench", cwd=work)
            git("push", "-q", url, "main", cwd=work)
            kubectl = endpoints.bin_dir / "kubectl"
            client = env.client()
            kube = kube_objects.Objects(client)
            # Count this process's own requests by method, on the client's HTTP hooks
            # (lightkube's inner httpx client; a benchmark may reach in).
            sent: list[str] = []
            client._client._client.event_hooks["request"].append(
                lambda request: sent.append(str(request.method))
            )
            for run in range(args.runs):
                ns_kubectl, ns_shipyard = f"k-{uuid.uuid4().hex[:6]}", f"s-{uuid.uuid4().hex[:6]}"
                for ns in (ns_kubectl, ns_shipyard):
                    client.create(core_v1.Namespace(metadata=meta_v1.ObjectMeta(name=ns)))
                started = time.perf_counter()
                subprocess.run(
                    [
                        str(kubectl),
                        f"--kubeconfig={endpoints.kubeconfig}",
                        "apply",
                        "--server-side",
                        "-n",
                        ns_kubectl,
                        "-f",
                        str(work / "app"),
                    ],
                    check=True,
                    capture_output=True,
                )
                kubectl_s = time.perf_counter() - started

                app = spec.AppSpec(
                    key=tracking.AppKey(namespace="shipyard", name=ns_shipyard),
                    repo_url=url,
                    revision="main",
                    path="app",
                    namespace=ns_shipyard,
                    prune=True,
                )
                cache = tmp / f"cache-{run}"
                started = time.perf_counter()
                first = syncing.sync(app, kube=kube, cache=cache, inventory=())
                first_s = time.perf_counter() - started
                assert len(first.changes.changes) == 1000, first.changes.summary()

                # Controllers still react to the first sync (the deployment controller writes a
                # revision annotation on every Deployment): wait until writes stop, so what the
                # no-op resync adds is its own.
                writes_before = write_requests(env)
                for _ in range(60):
                    time.sleep(1)
                    now = write_requests(env)
                    if now == writes_before:
                        break
                    writes_before = now
                sent.clear()
                started = time.perf_counter()
                again = syncing.sync(app, kube=kube, cache=cache, inventory=first.inventory)
                noop_s = time.perf_counter() - started
                writes = write_requests(env) - writes_before
                own = {"requests": len(sent), "writes": sum(1 for m in sent if m != "GET")}
                assert again.changes.summary() == "1000 unchanged", again.changes.summary()

                started = time.perf_counter()
                syncing.sync(app, kube=kube, cache=cache, inventory=first.inventory, dry_run=True)
                diff_s = time.perf_counter() - started

                figures = {
                    "kubectl_apply_s": kubectl_s,
                    "shipyard_first_sync_s": first_s,
                    "ratio_first_sync": first_s / kubectl_s,
                    "noop_resync_s": noop_s,
                    "noop_server_writes_all_clients": writes,
                    "noop_own_requests": own["requests"],
                    "noop_own_write_requests": own["writes"],
                    "render_diff_s": diff_s,
                }
                for key, value in figures.items():
                    results.setdefault(key, []).append(value)
                print(
                    f"run {run + 1}: " + ", ".join(f"{k}={v:.3f}" for k, v in figures.items()),
                    flush=True,
                )
                for ns in (ns_kubectl, ns_shipyard):
                    client.delete(core_v1.Namespace, ns)
                # Let the namespace controller finish its deletes before the next run.
                deadline = time.monotonic() + 300
                while time.monotonic() < deadline and any(
                    n.metadata is not None and n.metadata.name in (ns_kubectl, ns_shipyard)
                    for n in client.list(core_v1.Namespace)
                ):
                    time.sleep(1)
        finally:
            env.down()
    print("median: " + ", ".join(f"{k}={statistics.median(v):.3f}" for k, v in results.items()))
    print(
        f"peak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
    )


if __name__ == "__main__":
    main()
