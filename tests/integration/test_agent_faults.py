"""The agent through faults, on an environment of its own (components are stopped and
restarted here): the Git server down then up, the API server restarted, and the agent killed
with SIGKILL in the middle of a sync."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lightkube.resources import apps_v1, coordination_v1, core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import environment, layout, processes
from shipyard.agent import controller
from shipyard.api import loading
from shipyard.engine.sync import applications, installing
from tests.integration.test_sync_engine import CONFIGMAP, DEPLOYMENT, Repo

APP = """apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata: {{name: {name}, namespace: shipyard}}
spec:
  source: {{repoURL: "{url}", targetRevision: main, path: manifests}}
  destination: {{namespace: {namespace}}}
  syncPolicy:
    automated: {{prune: true, selfHeal: true}}
    syncOptions: [CreateNamespace=true]
    retry: {{limit: 0}}
"""


HOOK = (
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: slow-migration\n  annotations:\n"
    "    shipyard.dev/hook: PreSync\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n"
    "      containers: [{name: m, image: 'registry.invalid/m:1'}]\n"
)


@pytest.fixture(scope="module")
def private_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[environment.LocalEnvironment]:
    env = environment.LocalEnvironment(
        name="faults", env_layout=layout.EnvLayout(root=tmp_path_factory.mktemp("faults") / "env")
    )
    try:
        env.up(timeout=300)
        yield env
    finally:
        env.down()


def _eventually(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if check():
                return
        except Exception:  # the API server may be restarting
            pass
        assert time.monotonic() < deadline, f"{what} not within {timeout} s"
        time.sleep(0.2)


def _stop(env: environment.LocalEnvironment, component: str) -> None:
    record = processes.read_record(env.layout.pid_file(component))
    assert record is not None and processes.stop(record)


def _colour(env: environment.LocalEnvironment, namespace: str) -> str | None:
    with env.client() as client:
        return (client.get(core_v1.ConfigMap, "settings", namespace=namespace).data or {}).get(
            "colour"
        )


def _setup(env: environment.LocalEnvironment, tmp_path: Path, name: str) -> tuple[Repo, str]:
    endpoints = env.endpoints()
    import httpx

    url = f"{endpoints.git}/{name}-{uuid.uuid4().hex[:6]}.git"
    httpx.put(url, trust_env=False).raise_for_status()
    repo = Repo(url=url, work=tmp_path / name)
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="teal"), "manifests/web.yaml": DEPLOYMENT}
    )
    target = f"{name}-{uuid.uuid4().hex[:6]}"
    with env.client() as client:
        kube = kube_objects.Objects(client)
        installing.create(kube, loading.load_application(
            APP.format(name=name, url=url, namespace=target), source=f"{name}.yaml"))  # fmt: skip
    return repo, target


def test_git_outage_then_recovery_and_api_server_restart(
    private_env: environment.LocalEnvironment, tmp_path: Path
) -> None:
    client = private_env.client()
    running = controller.Agent(client=client, settings=controller.Settings(
        namespace="shipyard", cache=tmp_path / "cache", interval=300, workers=2,
        max_backoff=2.0))  # fmt: skip
    installing.install_crds(running.kube)
    installing.ensure_namespace(running.kube, "shipyard")
    running.start()
    try:
        repo, target = _setup(private_env, tmp_path, "outage")
        key = controller.Key(namespace="shipyard", name="outage")
        _eventually(lambda: _colour(private_env, target) == "teal", timeout=30, what="first sync")

        _stop(private_env, "git-server")
        running.queue.add(key)

        def fetch_failure_recorded() -> bool:
            app = applications.get(running.kube, namespace="shipyard", name="outage")
            conditions = app.status.conditions if app.status else ()
            return bool(conditions) and conditions[0].reason == "FetchFailed"

        _eventually(fetch_failure_recorded, timeout=30, what="the Git outage reported")
        assert _colour(private_env, target) == "teal"  # nothing pruned or changed meanwhile

        private_env.up(timeout=120)  # restarts only the Git server
        repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="plum")})
        running.queue.add(key)
        _eventually(
            lambda: _colour(private_env, target) == "plum",
            timeout=30,
            what="recovery after the outage",
        )

        # The API server restarts in the middle of a sync (while its PreSync hook runs).
        repo.commit(
            {"manifests/cm.yaml": CONFIGMAP.format(colour="olive"), "manifests/hook.yaml": HOOK}
        )

        def hook_started() -> bool:
            with private_env.client() as fresh:
                return bool(
                    list(
                        fresh.list(
                            core_v1.Pod, namespace=target, labels={"job-name": "slow-migration"}
                        )
                    )
                )

        running.queue.add(key)
        _eventually(hook_started, timeout=30, what="the PreSync hook started")
        _stop(private_env, "kube-apiserver")
        time.sleep(1)
        private_env.up(timeout=120)  # restarts only the API server
        _eventually(lambda: _colour(private_env, target) == "olive", timeout=60,
                    what="the interrupted sync completed after the restart")  # fmt: skip
        with private_env.client() as fresh:
            fresh.patch(apps_v1.Deployment, "web", {"spec": {"replicas": 6}}, namespace=target)

        def healed() -> bool:
            with private_env.client() as fresh:
                spec = fresh.get(apps_v1.Deployment, "web", namespace=target).spec
                return spec is not None and spec.replicas == 2

        _eventually(healed, timeout=60, what="drift healed after the API server restart")
    finally:
        running.stop()


def test_agent_killed_during_a_sync_converges_on_restart(
    private_env: environment.LocalEnvironment, tmp_path: Path
) -> None:
    endpoints = private_env.endpoints()
    repo, target = _setup(private_env, tmp_path, "killed")
    hook = HOOK
    env = {
        **os.environ,
        "KUBECONFIG": str(endpoints.kubeconfig),
        "SHIPYARD_CACHE": str(tmp_path / "cache"),
    }

    def start_agent() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "shipyard", "agent", "--listen", "127.0.0.1:0", "--interval", "300"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip

    agent = start_agent()
    try:
        _eventually(lambda: _colour(private_env, target) == "teal", timeout=60, what="first sync")
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=30)
        # A new revision with a PreSync hook: the restarted agent syncs it at once.
        repo.commit(
            {"manifests/cm.yaml": CONFIGMAP.format(colour="plum"), "manifests/hook.yaml": hook}
        )

        def hook_started() -> bool:
            with private_env.client() as client:
                return bool(
                    list(
                        client.list(
                            core_v1.Pod, namespace=target, labels={"job-name": "slow-migration"}
                        )
                    )
                )

        agent = start_agent()
        _eventually(hook_started, timeout=60, what="the PreSync hook started")
        agent.send_signal(signal.SIGKILL)  # in the middle of the sync: before the apply
        agent.wait()
        # (Whether the kill landed before or after the apply depends on timing; either way the
        # restarted agent must converge with nothing duplicated.)
        agent = start_agent()
        _eventually(
            lambda: _colour(private_env, target) == "plum",
            timeout=120,  # the 15 s lease of the killed agent, then the hook Job, on a busy machine
            what="convergence after SIGKILL",
        )
        with private_env.client() as client:
            assert (
                len(list(client.list(apps_v1.Deployment, namespace=target))) == 1
            )  # nothing duplicated
            assert (
                len(
                    list(
                        client.list(
                            core_v1.ConfigMap,
                            namespace=target,
                            fields={"metadata.name": "settings"},
                        )
                    )
                )
                == 1
            )
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=30)


def test_two_agent_processes_fail_over_when_the_leader_is_killed(
    private_env: environment.LocalEnvironment, tmp_path: Path
) -> None:
    endpoints = private_env.endpoints()
    _, target = _setup(private_env, tmp_path, "failover")
    env = {
        **os.environ,
        "KUBECONFIG": str(endpoints.kubeconfig),
        "SHIPYARD_CACHE": str(tmp_path / "cache"),
    }
    agents = [
        subprocess.Popen(
            [sys.executable, "-m", "shipyard", "agent", "--listen", "127.0.0.1:0",
             "--lease-duration", "4", "--lease-renew", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]  # fmt: skip
    try:
        _eventually(lambda: _colour(private_env, target) == "teal", timeout=60, what="first sync")

        def holder_pid() -> int:
            with private_env.client() as client:
                lease = client.get(coordination_v1.Lease, "shipyard-agent", namespace="shipyard")
            assert lease.spec is not None and lease.spec.holderIdentity
            return int(lease.spec.holderIdentity.split("_")[1])

        leader_pid = holder_pid()
        leader = next(a for a in agents if a.pid == leader_pid)
        survivor = next(a for a in agents if a.pid != leader_pid)
        leader.send_signal(signal.SIGKILL)
        leader.wait()
        _eventually(
            lambda: holder_pid() == survivor.pid, timeout=15, what="failover to the other process"
        )
        # The survivor reconciles: drift on the Deployment is healed.
        with private_env.client() as client:
            client.patch(apps_v1.Deployment, "web", {"spec": {"replicas": 5}}, namespace=target)

        def healed() -> bool:
            with private_env.client() as client:
                spec = client.get(apps_v1.Deployment, "web", namespace=target).spec
                return spec is not None and spec.replicas == 2

        _eventually(healed, timeout=30, what="drift healed by the new leader")
    finally:
        for agent in agents:
            if agent.poll() is None:
                agent.send_signal(signal.SIGTERM)
                agent.wait(timeout=30)
