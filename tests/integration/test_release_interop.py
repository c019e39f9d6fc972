"""Releases shared with the real helm v3.22.0 on the local cluster: shipyard reads and rolls
back what helm installed, and helm reads and rolls back what shipyard wrote."""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from lightkube.resources import apps_v1

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import toolchain
from shipyard.core import manifests
from shipyard.core.charts import releases
from shipyard.engine.releases import operations
from tests.integration.conftest import Cluster


def _helm(cluster: Cluster, *args: str) -> str:
    done = subprocess.run(
        [str(toolchain.tool_path("helm")), *args],
        capture_output=True, text=True, check=False,
        env={**os.environ, "KUBECONFIG": str(cluster.kubeconfig), "HELM_CACHE_HOME": "/tmp/helm-cache",
             "HELM_CONFIG_HOME": "/tmp/helm-config", "HELM_DATA_HOME": "/tmp/helm-data"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def chart(tmp_path: Path, cluster: Cluster) -> Path:
    _helm(cluster, "create", str(tmp_path / "demo"))
    return tmp_path / "demo"


def _replicas(cluster: Cluster, namespace: str, name: str) -> int | None:
    # helm create's fullname: "<release>-<chart>" when the release name lacks the chart's
    deployment = cluster.client.get(apps_v1.Deployment, f"{name}-demo", namespace=namespace)
    return deployment.spec.replicas if deployment.spec else None


def test_rollbacks_both_ways(cluster: Cluster, chart: Path, namespace: str) -> None:
    store = storage.Store(cluster.client)
    kube = kube_objects.Objects(cluster.client)
    name = f"r{uuid.uuid4().hex[:6]}"
    _helm(cluster, "install", name, str(chart), "-n", namespace, "--set", "replicaCount=1")
    _helm(cluster, "upgrade", name, str(chart), "-n", namespace, "--set", "replicaCount=2")

    # shipyard reads helm's releases.
    history = store.history(name=name, namespace=namespace)
    assert [(r.version, r.status) for r in history] == [(1, "superseded"), (2, "deployed")]
    assert history[-1].config == {"replicaCount": 2} and history[-1].chart == "demo-0.1.0"
    assert [r.name for r in store.list(namespace=namespace)] == [name]

    # shipyard rolls back; helm sees the new revision, its values and its status.
    operations.rollback(store=store, kube=kube, name=name, namespace=namespace, revision=1)
    assert _replicas(cluster, namespace, name) == 1
    helm_history = json.loads(_helm(cluster, "history", name, "-n", namespace, "-o", "json"))
    assert [(h["revision"], h["status"], h["description"]) for h in helm_history] == [
        (1, "superseded", "Install complete"), (2, "superseded", "Upgrade complete"),
        (3, "deployed", "Rollback to 1")]  # fmt: skip
    assert json.loads(_helm(cluster, "get", "values", name, "-n", namespace, "-o", "json")) == {
        "replicaCount": 1
    }

    # helm rolls back shipyard's revision; shipyard reads the result.
    _helm(cluster, "rollback", name, "2", "-n", namespace)
    assert _replicas(cluster, namespace, name) == 2
    newest = releases.latest(store.history(name=name, namespace=namespace))
    assert newest is not None and (newest.version, newest.status) == (4, "deployed")

    # shipyard uninstalls; helm no longer lists it and the objects are gone.
    operations.uninstall(store=store, kube=kube, name=name, namespace=namespace)
    assert json.loads(_helm(cluster, "list", "-n", namespace, "-o", "json")) == []
    assert kube.get(api_version="apps/v1", ref=_ref(namespace, name)) is None


def _ref(namespace: str, name: str) -> manifests.ObjectRef:
    return manifests.ObjectRef(
        group="apps", kind="Deployment", namespace=namespace, name=f"{name}-demo"
    )


def test_a_pending_revision_blocks_another_operation(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    store = storage.Store(cluster.client)
    name = f"p{uuid.uuid4().hex[:6]}"
    _helm(cluster, "install", name, str(chart), "-n", namespace)
    _helm(cluster, "upgrade", name, str(chart), "-n", namespace, "--set", "replicaCount=2")
    newest = releases.latest(store.history(name=name, namespace=namespace))
    assert newest is not None
    store.update(newest.with_status(releases.PENDING_UPGRADE))  # as if an upgrade crashed
    with pytest.raises(errors.UserError, match="another operation is in progress"):
        operations.rollback(store=store, kube=kube_objects.Objects(cluster.client), name=name,
                            namespace=namespace, revision=1)  # fmt: skip
    assert len(store.history(name=name, namespace=namespace)) == 2  # nothing written


def test_corrupt_release_data_is_a_clear_error() -> None:
    with pytest.raises(errors.UserError, match="Secret ns/x: release data is not base64"):
        releases.decode("%%%", where="Secret ns/x")
    import base64
    import gzip

    bomb = base64.b64encode(gzip.compress(b"{" + b" " * (releases.MAX_RELEASE_BYTES + 10)))
    with pytest.raises(errors.UserError, match="exceeds 64 MiB"):
        releases.decode(bomb, where="Secret ns/x")


def _install(cluster: Cluster, chart: Path, namespace: str, name: str, *, install: bool,
             sets: tuple[str, ...] = (), atomic: bool = False, timeout: float = 60) -> object:  # fmt: skip
    from shipyard.engine.charts import templating
    from shipyard.engine.releases import installing

    request = installing.Request(
        template=templating.TemplateRequest(chart=chart, release_name=name, namespace=namespace,
                                            values=templating.ValueOptions(set_values=sets)),
        install=install, atomic=atomic, timeout=timeout,
    )  # fmt: skip
    return installing.run(
        request, store=storage.Store(cluster.client), kube=kube_objects.Objects(cluster.client)
    )


def test_install_and_upgrade_both_ways(cluster: Cluster, chart: Path, namespace: str) -> None:
    name = f"i{uuid.uuid4().hex[:6]}"
    _install(cluster, chart, namespace, name, install=True, sets=("replicaCount=3",))
    assert _replicas(cluster, namespace, name) == 3
    listed = json.loads(_helm(cluster, "list", "-n", namespace, "-o", "json"))
    assert [(r["name"], r["revision"], r["status"], r["chart"]) for r in listed] == [
        (name, "1", "deployed", "demo-0.1.0")]  # fmt: skip
    # helm upgrades shipyard's release; its stored manifest equals what helm renders itself.
    _helm(cluster, "upgrade", name, str(chart), "-n", namespace, "--set", "replicaCount=1")
    assert _replicas(cluster, namespace, name) == 1
    # shipyard upgrades helm's revision; helm reads the manifest shipyard stored.
    _install(cluster, chart, namespace, name, install=False, sets=("replicaCount=2",))
    assert _replicas(cluster, namespace, name) == 2
    stored = _helm(cluster, "get", "manifest", name, "-n", namespace)
    rendered = _helm(cluster, "template", name, str(chart), "-n", namespace, "--set",
                     "replicaCount=2", "--is-upgrade", "--skip-tests")  # fmt: skip
    assert stored.strip() == rendered.strip()
    helm_history = json.loads(_helm(cluster, "history", name, "-n", namespace, "-o", "json"))
    assert [(h["revision"], h["status"]) for h in helm_history] == [
        (1, "superseded"), (2, "superseded"), (3, "deployed")]  # fmt: skip
    assert json.loads(_helm(cluster, "get", "values", name, "-n", namespace, "-o", "json")) == {
        "replicaCount": 2
    }
    with pytest.raises(errors.UserError, match="still in use"):
        _install(cluster, chart, namespace, name, install=True)


def test_atomic_upgrade_rolls_back(cluster: Cluster, chart: Path, namespace: str) -> None:
    name = f"a{uuid.uuid4().hex[:6]}"
    _install(cluster, chart, namespace, name, install=True, sets=("replicaCount=2",))
    # An invalid port is refused by the API server: nothing of the upgrade is applied.
    with pytest.raises(errors.UserError, match="rolled back due to atomic"):
        _install(cluster, chart, namespace, name, install=False, atomic=True,
                 sets=("replicaCount=1", "service.port=99999"))  # fmt: skip
    assert _replicas(cluster, namespace, name) == 2
    helm_history = json.loads(_helm(cluster, "history", name, "-n", namespace, "-o", "json"))
    assert [h["status"] for h in helm_history] == ["superseded", "failed", "deployed"]
    assert helm_history[-1]["description"] == "Rollback to 1"


def test_hooks_run_by_weight_with_delete_policies(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    for weight, hook_name in (("5", "late"), ("-5", "early")):
        (chart / "templates" / f"hook-{hook_name}.yaml").write_text(
            "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-" + hook_name
            + "\n  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n"
            f"    helm.sh/hook-weight: \"{weight}\"\n"
            "    helm.sh/hook-delete-policy: hook-succeeded\nspec:\n  template:\n    spec:\n"
            "      restartPolicy: Never\n      containers: [{name: m, image: 'registry.invalid/m:1'}]\n"
        )  # fmt: skip
    name = f"h{uuid.uuid4().hex[:6]}"
    _install(cluster, chart, namespace, name, install=True, timeout=120)
    newest = releases.latest(storage.Store(cluster.client).history(name=name, namespace=namespace))
    assert newest is not None and newest.status == "deployed"
    runs = {h["name"]: h for h in newest.hooks if h["kind"] == "Job"}
    assert {
        runs[f"{name}-early"]["last_run"]["phase"],
        runs[f"{name}-late"]["last_run"]["phase"],
    } == {"Succeeded"}
    assert (
        runs[f"{name}-early"]["last_run"]["completed_at"]
        <= runs[f"{name}-late"]["last_run"]["started_at"]
    )
    kube = kube_objects.Objects(cluster.client)
    ref = manifests.ObjectRef(group="batch", kind="Job", namespace=namespace, name=f"{name}-early")
    assert kube.get(api_version="batch/v1", ref=ref) is None  # hook-succeeded: deleted
    assert "Job" in _helm(cluster, "get", "hooks", name, "-n", namespace)
