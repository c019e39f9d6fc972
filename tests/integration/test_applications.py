"""Applications end to end through the CLI and the use case: create, diff exit codes, sync,
status and history, rollback, Project restrictions, dependsOn, cascade delete."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from lightkube.resources import apps_v1, core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.api import loading
from shipyard.engine.sync import applications, installing, syncing
from tests.integration.conftest import Cluster, GitServer
from tests.integration.test_sync_engine import CONFIGMAP, DEPLOYMENT, Repo

APP = """apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata:
  name: {name}
  namespace: {app_namespace}
spec:
  project: {project}
  source: {{repoURL: "{url}", targetRevision: main, path: manifests}}
  destination: {{namespace: {namespace}}}
  syncPolicy:
    syncOptions: [CreateNamespace=true]
{extra}"""


@pytest.fixture
def repo(git_server: GitServer, tmp_path: Path) -> Repo:
    url = git_server.create_repo(f"envs/{uuid.uuid4().hex[:8]}.git")
    return Repo(url=url, work=tmp_path / "work")


@pytest.fixture
def app_namespace(cluster: Cluster) -> Iterator[str]:
    name = f"apps-{uuid.uuid4().hex[:6]}"
    yield name
    subprocess.run(
        [str(cluster.bin_dir / "kubectl"), f"--kubeconfig={cluster.kubeconfig}", "delete",
         "namespace", name, "--ignore-not-found", "--wait=false"],
        capture_output=True, check=False,
    )  # fmt: skip


def shipyard(cluster: Cluster, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KUBECONFIG": str(cluster.kubeconfig), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "shipyard", *args], capture_output=True, text=True, env=env,
        timeout=300,
    )  # fmt: skip


def _write_app(tmp_path: Path, **values: str) -> Path:
    values.setdefault("project", "default")
    values.setdefault("extra", "")
    path = tmp_path / f"{values['name']}.yaml"
    path.write_text(APP.format(**values))
    return path


def test_cli_create_diff_sync_status_history_and_rollback(
    cluster: Cluster, repo: Repo, app_namespace: str, tmp_path: Path
) -> None:
    target = f"dst-{uuid.uuid4().hex[:6]}"
    first = repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="teal"),
                         "manifests/web.yaml": DEPLOYMENT})  # fmt: skip
    file = _write_app(
        tmp_path, name="web", app_namespace=app_namespace, url=repo.url, namespace=target
    )
    try:
        created = shipyard(cluster, "app", "create", "-f", str(file))
        assert created.returncode == 0, created.stderr
        ns = ["-n", app_namespace]
        assert shipyard(cluster, "app", "diff", "web", *ns).returncode == 2  # out of sync
        synced = shipyard(cluster, "app", "sync", "web", *ns)
        assert synced.returncode == 0, synced.stderr
        assert "3 created" in synced.stdout
        in_sync = shipyard(cluster, "app", "diff", "web", *ns)
        assert in_sync.returncode == 0, in_sync.stdout
        assert shipyard(cluster, "app", "wait", "web", *ns, "--timeout", "60").returncode == 0

        got = json.loads(shipyard(cluster, "app", "get", "web", *ns, "-o", "json").stdout)
        status = got["status"]
        assert status["sync"] == {"status": "Synced", "revision": first}
        assert status["health"]["status"] == "Healthy"
        assert len(status["inventory"]) == 2  # the CreateNamespace namespace is not tracked
        assert [c["type"] for c in status["conditions"]] == ["Ready", "Reconciling", "Stalled"]

        second = repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="plum")})
        assert shipyard(cluster, "app", "sync", "web", *ns).returncode == 0
        cm = cluster.client.get(core_v1.ConfigMap, "settings", namespace=target)
        assert cm.data == {"colour": "plum"}
        history = shipyard(cluster, "app", "history", "web", *ns).stdout
        assert first[:12] in history and second[:12] in history

        rolled = shipyard(cluster, "app", "rollback", "web", "1", *ns)
        assert rolled.returncode == 0, rolled.stderr
        cm = cluster.client.get(core_v1.ConfigMap, "settings", namespace=target)
        assert cm.data == {"colour": "teal"}
        assert shipyard(cluster, "app", "rollback", "web", "99", *ns).returncode == 1

        deleted = shipyard(cluster, "app", "delete", "web", *ns, "--cascade")
        assert deleted.returncode == 0, deleted.stderr
        assert not list(cluster.client.list(apps_v1.Deployment, namespace=target))
    finally:
        subprocess.run([str(cluster.bin_dir / "kubectl"), f"--kubeconfig={cluster.kubeconfig}",
                        "delete", "namespace", target, "--ignore-not-found", "--wait=false"],
                       capture_output=True, check=False)  # fmt: skip


def test_invalid_application_file_lists_problems_with_lines(
    cluster: Cluster, tmp_path: Path
) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(
        "apiVersion: shipyard.dev/v1alpha1\nkind: Application\nmetadata: {name: Bad_Name}\n"
        "spec:\n  source: {repoURL: 'file:///etc', path: ../up}\n  destination: {namespace: x}\n"
        "  syncPolicy: {syncOptions: [Explode=true]}\n"
    )
    result = shipyard(cluster, "app", "create", "-f", str(file))
    assert result.returncode == 1
    for expected in (f"{file}:3", f"{file}:5", f"{file}:7"):
        assert expected in result.stderr, result.stderr


def test_rollback_is_refused_while_automated_sync_is_on(
    cluster: Cluster, repo: Repo, app_namespace: str, tmp_path: Path
) -> None:
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    file = _write_app(tmp_path, name="auto", app_namespace=app_namespace, url=repo.url,
                      namespace=app_namespace, extra="    automated: {prune: true}\n")  # fmt: skip
    assert shipyard(cluster, "app", "create", "-f", str(file)).returncode == 0
    result = shipyard(cluster, "app", "rollback", "auto", "1", "-n", app_namespace)
    assert result.returncode == 1
    assert "automated sync on" in result.stderr


@pytest.fixture
def kube(cluster: Cluster) -> kube_objects.Objects:
    objects = kube_objects.Objects(cluster.client)
    installing.install_crds(objects)
    return objects


def test_project_restrictions_fail_before_anything_is_applied(
    cluster: Cluster, kube: kube_objects.Objects, repo: Repo, app_namespace: str, tmp_path: Path
) -> None:
    installing.ensure_namespace(kube, app_namespace)
    project = f"""apiVersion: shipyard.dev/v1alpha1
kind: Project
metadata: {{name: tenant, namespace: {app_namespace}}}
spec:
  sourceRepos: ["{repo.url}"]
  destinations: [{{namespace: "{app_namespace}"}}]
  clusterResourceWhitelist: []
"""
    kube.apply(loading.load_project(project, source="project.yaml").model_dump(
        mode="json", by_alias=True, exclude_none=True), dry_run=False)  # fmt: skip
    role_binding = (
        "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
        "metadata: {name: tenant-admin}\nroleRef: {apiGroup: rbac.authorization.k8s.io, "
        "kind: ClusterRole, name: cluster-admin}\nsubjects: [{kind: User, name: tenant}]\n"
    )
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="a"), "manifests/crb.yaml": role_binding}
    )
    for name, destination, expected in (
        ("escalate", app_namespace, "cluster-scoped kind not permitted by project tenant"),
        ("elsewhere", "kube-system", "does not permit destination"),
    ):
        text = APP.format(name=name, app_namespace=app_namespace, project="tenant", url=repo.url,
                          namespace=destination, extra="").replace("    syncOptions: [CreateNamespace=true]\n", "    syncOptions: []\n")  # fmt: skip
        installing.create(kube, loading.load_application(text, source=f"{name}.yaml"))
        with pytest.raises(syncing.SyncFailed) as caught:
            applications.sync(kube, namespace=app_namespace, name=name, cache=tmp_path / "c")
        assert caught.value.stage == "project"
        assert expected in str(caught.value)
        stored = applications.get(kube, namespace=app_namespace, name=name)
        assert stored.status is not None
        assert stored.status.conditions[0].reason == "ProjectFailed"
    assert not list(
        cluster.client.list(
            core_v1.ConfigMap, namespace=app_namespace, fields={"metadata.name": "settings"}
        )
    )
    assert cluster.kubectl("get", "clusterrolebinding", "tenant-admin", check=False).returncode != 0


def test_depends_on_waits_for_a_healthy_dependency(
    kube: kube_objects.Objects, repo: Repo, app_namespace: str, tmp_path: Path
) -> None:
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    text = APP.format(name="frontend", app_namespace=app_namespace, project="default", url=repo.url,
                      namespace=app_namespace, extra="  dependsOn: [{name: backend}]\n")  # fmt: skip
    installing.create(kube, loading.load_application(text, source="frontend.yaml"))
    with pytest.raises(syncing.SyncFailed, match="backend does not exist") as caught:
        applications.sync(kube, namespace=app_namespace, name="frontend", cache=tmp_path / "c")
    assert caught.value.stage == "dependencies"

    backend = APP.format(name="backend", app_namespace=app_namespace, project="default",
                         url=repo.url, namespace=f"{app_namespace}-b", extra="")  # fmt: skip
    installing.create(kube, loading.load_application(backend, source="backend.yaml"))
    try:
        applications.sync(kube, namespace=app_namespace, name="backend", cache=tmp_path / "c")
        result = applications.sync(
            kube, namespace=app_namespace, name="frontend", cache=tmp_path / "c"
        )
        assert result.changes.summary() == "1 created"
    finally:
        applications.delete(kube, namespace=app_namespace, name="backend", cascade=True)


def _kubeconfig_secret(cluster: Cluster, kube: kube_objects.Objects, *, namespace: str, name: str,
                       user: dict[str, object]) -> None:  # fmt: skip
    kubeconfig = {
        "apiVersion": "v1", "kind": "Config", "current-context": "remote",
        "clusters": [{"name": "remote", "cluster": {
            "server": cluster.apiserver,
            "certificate-authority-data": base64.b64encode(cluster.ca_file.read_bytes()).decode()}}],
        "users": [{"name": "deployer", "user": user}],
        "contexts": [{"name": "remote", "context": {"cluster": "remote", "user": "deployer"}}],
    }  # fmt: skip
    kube.apply({
        "apiVersion": "v1", "kind": "Secret", "metadata": {"name": name, "namespace": namespace},
        "data": {"value": base64.b64encode(yaml.safe_dump(kubeconfig).encode()).decode()},
    }, dry_run=False)  # fmt: skip


def test_destination_cluster_from_a_kubeconfig_secret(
    cluster: Cluster, kube: kube_objects.Objects, repo: Repo, app_namespace: str, tmp_path: Path
) -> None:
    installing.ensure_namespace(kube, app_namespace)
    target = f"remote-{uuid.uuid4().hex[:6]}"
    forbidden = f"forbidden-{uuid.uuid4().hex[:6]}"
    for namespace in (target, forbidden):
        installing.ensure_namespace(kube, namespace)
    # A service account that may only manage ConfigMaps in `target`.
    kube.apply({"apiVersion": "v1", "kind": "ServiceAccount",
                "metadata": {"name": "deployer", "namespace": app_namespace}}, dry_run=False)  # fmt: skip
    kube.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role",
                "metadata": {"name": "deployer", "namespace": target},
                "rules": [{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["*"]}]},
               dry_run=False)  # fmt: skip
    kube.apply({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding",
                "metadata": {"name": "deployer", "namespace": target},
                "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "deployer"},
                "subjects": [{"kind": "ServiceAccount", "name": "deployer", "namespace": app_namespace}]},
               dry_run=False)  # fmt: skip
    token = cluster.kubectl("create", "token", "deployer", "-n", app_namespace).stdout.strip()
    _kubeconfig_secret(
        cluster, kube, namespace=app_namespace, name="staging-cluster", user={"token": token}
    )
    _kubeconfig_secret(cluster, kube, namespace=app_namespace, name="plugin-cluster",
                       user={"exec": {"apiVersion": "client.authentication.k8s.io/v1",
                                      "command": "/bin/sh", "args": ["-c", "cat /etc/passwd"]}})  # fmt: skip
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="remote")})
    destination = (
        "destination: {{namespace: {ns}, name: staging, kubeconfigSecret: {{name: {secret}}}}}"
    )
    for name, namespace, secret in (("ok", target, "staging-cluster"), ("denied", forbidden, "staging-cluster"),
                                    ("plugin", target, "plugin-cluster")):  # fmt: skip
        text = APP.format(name=name, app_namespace=app_namespace, project="default", url=repo.url,
                          namespace=namespace, extra="").replace(
            f"destination: {{namespace: {namespace}}}", destination.format(ns=namespace, secret=secret)
        ).replace("CreateNamespace=true", "CreateNamespace=false")  # fmt: skip
        installing.create(kube, loading.load_application(text, source=f"{name}.yaml"))

    applications.sync(kube, namespace=app_namespace, name="ok", cache=tmp_path / "c")
    assert cluster.client.get(core_v1.ConfigMap, "settings", namespace=target).data == {
        "colour": "remote"
    }

    with pytest.raises(syncing.SyncFailed) as denied:
        applications.sync(kube, namespace=app_namespace, name="denied", cache=tmp_path / "c")
    assert denied.value.stage == "observe"  # even reading is refused there: nothing applied
    assert "forbidden" in str(denied.value).lower()
    assert token not in str(denied.value)

    with pytest.raises(syncing.SyncFailed) as plugin:
        applications.sync(kube, namespace=app_namespace, name="plugin", cache=tmp_path / "c")
    assert plugin.value.stage == "destination"
    assert "exec credentials are not allowed" in str(plugin.value)
    assert "/etc/passwd" not in str(plugin.value)
    for namespace in (target, forbidden):
        cluster.kubectl("delete", "namespace", namespace, "--wait=false")


def test_custom_cel_health_checks_from_the_configuration(
    cluster: Cluster, kube: kube_objects.Objects, repo: Repo, app_namespace: str, tmp_path: Path
) -> None:
    installing.ensure_namespace(kube, app_namespace)
    suffix = uuid.uuid4().hex[:6]
    plural, kind = f"widgets{suffix}", f"Widget{suffix}"
    crd = f"""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {{name: {plural}.examples.shipyard.dev}}
spec:
  group: examples.shipyard.dev
  scope: Namespaced
  names: {{plural: {plural}, singular: w{suffix}, kind: {kind}, listKind: {kind}List}}
  versions:
    - name: v1
      served: true
      storage: true
      subresources: {{status: {{}}}}
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
"""
    widget = f"apiVersion: examples.shipyard.dev/v1\nkind: {kind}\nmetadata: {{name: w1}}\nspec: {{size: 1}}\n"
    repo.commit({"manifests/crd.yaml": crd, "manifests/widget.yaml": widget})
    checks = (
        f"examples.shipyard.dev/{kind}:\n"
        "  healthy: \"has(object.status) && object.status.phase == 'Ready'\"\n"
        "  degraded: \"has(object.status) && object.status.phase == 'Failed'\"\n"
        "  message: \"'phase ' + (has(object.status) ? object.status.phase : 'none')\"\n"
    )
    kube.apply({"apiVersion": "v1", "kind": "ConfigMap",
                "metadata": {"name": applications.HEALTH_CHECKS_CONFIGMAP, "namespace": app_namespace},
                "data": {applications.HEALTH_CHECKS_KEY: checks}}, dry_run=False)  # fmt: skip
    text = APP.format(name="widgets", app_namespace=app_namespace, project="default", url=repo.url,
                      namespace=app_namespace, extra="")  # fmt: skip
    installing.create(kube, loading.load_application(text, source="widgets.yaml"))
    try:
        result = applications.sync(
            kube, namespace=app_namespace, name="widgets", cache=tmp_path / "c"
        )
        assert result.health.status.value == "Progressing"
        assert "no health condition matched" in result.health.message
        ref = next(c.ref for c in result.changes.changes if c.ref.kind == kind)
        kube.patch_status(
            api_version="examples.shipyard.dev/v1", ref=ref, status={"phase": "Failed"}
        )
        refreshed = applications.refresh_health(kube, namespace=app_namespace, name="widgets")
        assert refreshed.status is not None
        assert refreshed.status.health.status == "Degraded"
        assert "phase Failed" in refreshed.status.health.message
        # A broken configuration fails the sync at its own stage, naming the ConfigMap.
        kube.apply({"apiVersion": "v1", "kind": "ConfigMap",
                    "metadata": {"name": applications.HEALTH_CHECKS_CONFIGMAP, "namespace": app_namespace},
                    "data": {applications.HEALTH_CHECKS_KEY: f"examples.shipyard.dev/{kind}:\n  healthy: 'object.('\n"}},
                   dry_run=False)  # fmt: skip
        with pytest.raises(syncing.SyncFailed) as caught:
            applications.sync(kube, namespace=app_namespace, name="widgets", cache=tmp_path / "c")
        assert caught.value.stage == "health-checks"
        assert applications.HEALTH_CHECKS_CONFIGMAP in str(caught.value)
    finally:
        cluster.kubectl(
            "delete", "crd", f"{plural}.examples.shipyard.dev", "--wait=false", check=False
        )
