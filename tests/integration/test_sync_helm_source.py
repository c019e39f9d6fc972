"""A Helm chart in Git as an Application's source: rendered by shipyard's chart engine with
value files from the repository and inline values, Helm hooks run as sync hooks, and value
files outside the repository refused."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest
from lightkube.resources import apps_v1, core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import toolchain
from shipyard.api import loading
from shipyard.engine.sync import applications, installing, syncing
from tests.integration.conftest import Cluster, GitServer
from tests.integration.test_sync_engine import Repo

APP = """apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata: {{name: web, namespace: {ns}}}
spec:
  source:
    repoURL: "{url}"
    targetRevision: main
    path: charts/web
    helm:
      valueFiles: [{value_files}]
      values: |
        podLabels: {{tier: gitops}}
  destination: {{namespace: {ns}}}
"""


def _chart_files(tmp: Path) -> dict[str, str | None]:
    subprocess.run([str(toolchain.tool_path("helm")), "create", str(tmp / "web")], check=True,
                   capture_output=True, env={**os.environ, "HELM_CONFIG_HOME": str(tmp / "hc")})  # fmt: skip
    files: dict[str, str | None] = {}
    for path in (tmp / "web").rglob("*"):
        if path.is_file():
            files[f"charts/web/{path.relative_to(tmp / 'web')}"] = path.read_text()
    files["charts/web/templates/migrate.yaml"] = (
        "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-migrate\n"
        "  annotations:\n    helm.sh/hook: pre-install,pre-upgrade\n"
        "    helm.sh/hook-delete-policy: hook-succeeded\nspec:\n  template:\n    spec:\n"
        "      restartPolicy: Never\n      containers: [{name: m, image: 'registry.invalid/m:1'}]\n"
    )
    files["envs/prod/values.yaml"] = "replicaCount: 3\nimage: {tag: '1.27'}\n"
    return files


def _app(cluster: Cluster, ns: str, url: str, value_files: str) -> None:
    kube = kube_objects.Objects(cluster.client)
    installing.install_crds(kube)
    installing.ensure_namespace(kube, ns)
    installing.create(kube, loading.load_application(
        APP.format(ns=ns, url=url, value_files=value_files), source="web.yaml"))  # fmt: skip


def test_a_chart_in_git_is_synced_with_its_values(
    cluster: Cluster, git_server: GitServer, tmp_path: Path
) -> None:
    ns = f"helm-{uuid.uuid4().hex[:6]}"
    repo = Repo(url=git_server.create_repo(f"helm/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "w")
    repo.commit(_chart_files(tmp_path))
    _app(cluster, ns, repo.url, "../../envs/prod/values.yaml")
    kube = kube_objects.Objects(cluster.client)
    result = applications.sync(kube, namespace=ns, name="web", cache=tmp_path / "cache")
    assert not result.changes.failed, result.changes.summary()
    deployment = cluster.client.get(apps_v1.Deployment, "web", namespace=ns)
    assert deployment.spec is not None and deployment.spec.replicas == 3
    template = deployment.spec.template
    assert template.metadata is not None and (template.metadata.labels or {})["tier"] == "gitops"
    assert template.spec is not None and template.spec.containers[0].image == "nginx:1.27"
    assert cluster.client.get(core_v1.Service, "web", namespace=ns)
    # The pre-install hook ran as a PreSync hook and was deleted after success; the test
    # hook of `helm create` is not applied.
    kinds = {(c.ref.kind, c.ref.name) for c in result.changes.changes}
    assert ("Job", "web-migrate") in kinds
    assert not any(name.endswith("test-connection") for _, name in kinds)
    assert kube.get(api_version="batch/v1", ref=next(c.ref for c in result.changes.changes
                                                     if c.ref.name == "web-migrate")) is None  # fmt: skip


def test_a_value_file_outside_the_repository_is_refused(
    cluster: Cluster, git_server: GitServer, tmp_path: Path
) -> None:
    ns = f"helm-{uuid.uuid4().hex[:6]}"
    repo = Repo(url=git_server.create_repo(f"helm/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "w")
    repo.commit(_chart_files(tmp_path))
    _app(cluster, ns, repo.url, "../../../../etc/passwd")
    with pytest.raises(syncing.SyncFailed, match="outside the repository"):
        applications.sync(kube_objects.Objects(cluster.client), namespace=ns, name="web",
                          cache=tmp_path / "cache")  # fmt: skip
    assert list(cluster.client.list(apps_v1.Deployment, namespace=ns)) == []
