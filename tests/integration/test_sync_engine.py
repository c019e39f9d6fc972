"""The sync engine against the real cluster and Git server: create, update, no-op resync,
prune, ownership, dry-run failures, empty renders, outages, CRD-then-CR, masking."""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from lightkube.models import meta_v1
from lightkube.resources import apps_v1, core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import changeset, diff, health, tracking
from shipyard.engine.sync import spec, syncing
from tests.integration.conftest import Cluster, GitServer

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com", "GIT_CONFIG_NOSYSTEM": "1",
}  # fmt: skip

CONFIGMAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  colour: {colour}
"""
DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "registry.invalid/web:1.0.0"}]
"""


class Repo:
    """A working copy pushed to the local Git server after every commit."""

    def __init__(self, *, url: str, work: Path) -> None:
        self.url = url
        self.work = work
        work.mkdir(parents=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def git(self, *args: str) -> str:
        env = {**os.environ, **GIT_ENV, "HOME": str(self.work)}
        result = subprocess.run(
            ["git", *args], cwd=self.work, env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    def commit(self, files: dict[str, str | None], message: str = "change") -> str:
        for name, content in files.items():
            path = self.work / name
            if content is None:
                path.unlink()
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content)
        self.git("add", "-A")
        self.git("commit", "--quiet", "--allow-empty", "-m", message)
        self.git("push", "--quiet", "--force", self.url, "main")
        return self.git("rev-parse", "HEAD")


@pytest.fixture
def repo(git_server: GitServer, tmp_path: Path) -> Repo:
    url = git_server.create_repo(f"apps/{uuid.uuid4().hex[:8]}.git")
    return Repo(url=url, work=tmp_path / "work")


@pytest.fixture
def kube(cluster: Cluster) -> kube_objects.Objects:
    return kube_objects.Objects(cluster.client)


@pytest.fixture
def make_app(repo: Repo, namespace: str) -> Callable[..., spec.AppSpec]:
    def make(**overrides: object) -> spec.AppSpec:
        values: dict[str, object] = {
            "key": tracking.AppKey(namespace="shipyard", name=f"app-{namespace}"),
            "repo_url": repo.url, "revision": "main", "path": "manifests",
            "namespace": namespace, "prune": True,
        }  # fmt: skip
        values.update(overrides)
        return spec.AppSpec(**values)  # type: ignore[arg-type]

    return make


def _actions(result: syncing.SyncResult) -> dict[str, str]:
    return {str(c.ref): c.action.value for c in result.changes.changes}


def test_create_resync_update_and_prune(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    first = repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="teal"), "manifests/web.yaml": DEPLOYMENT}
    )
    app = make_app()
    cache = tmp_path / "cache"
    result = syncing.sync(app, kube=kube, cache=cache, inventory=())
    assert result.revision == first
    assert _actions(result) == {
        f"ConfigMap {namespace}/settings": "created",
        f"Deployment.apps {namespace}/web": "created",
    }
    cm = cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace)
    assert cm.metadata is not None and cm.metadata.annotations is not None
    assert cm.metadata.annotations[tracking.ANNOTATION].startswith(f"{app.key}:/ConfigMap:")
    version = cm.metadata.resourceVersion

    again = syncing.sync(app, kube=kube, cache=cache, inventory=result.inventory)
    assert set(_actions(again).values()) == {"unchanged"}
    cm = cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace)
    assert cm.metadata is not None and cm.metadata.resourceVersion == version

    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="plum"), "manifests/web.yaml": None})
    third = syncing.sync(app, kube=kube, cache=cache, inventory=again.inventory)
    assert _actions(third) == {
        f"ConfigMap {namespace}/settings": "configured",
        f"Deployment.apps {namespace}/web": "pruned",
    }
    assert cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace).data == {
        "colour": "plum"
    }
    assert len(third.inventory) == 1


def test_without_prune_removed_objects_stay_and_stay_in_inventory(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="a"), "manifests/web.yaml": DEPLOYMENT}
    )
    app = make_app(prune=False)
    first = syncing.sync(app, kube=kube, cache=tmp_path / "c", inventory=())
    repo.commit({"manifests/web.yaml": None})
    second = syncing.sync(app, kube=kube, cache=tmp_path / "c", inventory=first.inventory)
    assert "pruned" not in _actions(second).values()
    cluster.client.get(apps_v1.Deployment, "web", namespace=namespace)  # still there
    assert any("Deployment:" in entry for entry in second.inventory)


def test_object_of_another_application_is_neither_adopted_nor_changed(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    foreign_id = f"shipyard/other:/ConfigMap:{namespace}/settings"
    cluster.client.create(
        core_v1.ConfigMap(
            metadata=meta_v1.ObjectMeta(
                name="settings", annotations={tracking.ANNOTATION: foreign_id}
            ),
            data={"colour": "theirs"},
        ),
        namespace=namespace,
    )
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="mine"), "manifests/web.yaml": DEPLOYMENT}
    )
    with pytest.raises(syncing.SyncFailed) as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    assert caught.value.stage == "ownership"
    assert "belongs to Application shipyard/other" in str(caught.value)
    assert "cm.yaml:1" in str(caught.value)
    live = cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace)
    assert live.data == {"colour": "theirs"}
    assert not list(cluster.client.list(apps_v1.Deployment, namespace=namespace))


def test_one_invalid_object_fails_the_dry_run_and_nothing_is_applied(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    broken = DEPLOYMENT.replace("replicas: 2", "replicas: many")
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a"), "manifests/web.yaml": broken})
    with pytest.raises(syncing.SyncFailed) as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    assert caught.value.stage == "dry-run"
    assert "web.yaml:1" in str(caught.value) and "nothing was applied" in str(caught.value)
    assert not list(
        cluster.client.list(
            core_v1.ConfigMap, namespace=namespace, fields={"metadata.name": "settings"}
        )
    )


@pytest.mark.parametrize("breakage", ["empty", "invalid-yaml", "git-outage"])
def test_render_errors_empty_renders_and_outages_prune_nothing(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path, breakage: str,
) -> None:  # fmt: skip
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="a"), "manifests/web.yaml": DEPLOYMENT}
    )
    app = make_app()
    first = syncing.sync(app, kube=kube, cache=tmp_path / "c", inventory=())
    if breakage == "empty":
        repo.commit({"manifests/cm.yaml": None, "manifests/web.yaml": None})
        expected_stage = "render"
    elif breakage == "invalid-yaml":
        repo.commit({"manifests/web.yaml": "kind: [unclosed\n"})
        expected_stage = "render"
    else:
        app = make_app(repo_url=repo.url.replace("/apps/", "/missing/"))
        expected_stage = "fetch"
    with pytest.raises(syncing.SyncFailed) as caught:
        syncing.sync(app, kube=kube, cache=tmp_path / "c", inventory=first.inventory)
    assert caught.value.stage == expected_stage
    assert "nothing" in str(caught.value) and "pruned" in str(caught.value)
    cluster.client.get(apps_v1.Deployment, "web", namespace=namespace)
    cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace)


def test_empty_render_with_allow_empty_prunes(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    first = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    repo.commit({"manifests/cm.yaml": None, "manifests/README.md": "nothing here\n"})
    result = syncing.sync(
        make_app(allow_empty=True), kube=kube, cache=tmp_path / "c", inventory=first.inventory
    )
    assert _actions(result) == {f"ConfigMap {namespace}/settings": "pruned"}
    assert result.inventory == ()


def test_crd_and_its_custom_resource_in_one_sync(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    plural = f"gadgets{uuid.uuid4().hex[:6]}"
    crd = f"""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {{name: {plural}.examples.shipyard.dev}}
spec:
  group: examples.shipyard.dev
  scope: Namespaced
  names:
    plural: {plural}
    singular: {plural[:-1]}
    kind: Gadget{plural[-6:]}
    listKind: Gadget{plural[-6:]}List
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: {{type: object, properties: {{size: {{type: integer}}}}}}
"""
    cr = f"""apiVersion: examples.shipyard.dev/v1
kind: Gadget{plural[-6:]}
metadata: {{name: g1}}
spec: {{size: 4}}
"""
    repo.commit({"manifests/a-cr.yaml": cr, "manifests/b-crd.yaml": crd})
    result = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    try:
        assert set(_actions(result).values()) == {"created"}
        assert result.health.status is health.Health.HEALTHY
        live = kube.get(
            api_version="examples.shipyard.dev/v1",
            ref=next(c.ref for c in result.changes.changes if c.ref.kind.startswith("Gadget")),
        )
        assert live is not None and live["spec"] == {"size": 4}
    finally:
        kube.delete(
            api_version="apiextensions.k8s.io/v1",
            ref=next(
                c.ref for c in result.changes.changes if c.ref.kind == "CustomResourceDefinition"
            ),
        )


def test_secret_values_never_appear_in_diffs(
    repo: Repo, kube: kube_objects.Objects, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    secret = (
        "apiVersion: v1\nkind: Secret\nmetadata: {{name: creds}}\nstringData: {{password: {}}}\n"
    )
    repo.commit({"manifests/s.yaml": secret.format("hunter2-first")})
    first = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    repo.commit({"manifests/s.yaml": secret.format("hunter2-second")})
    preview = syncing.sync(
        make_app(), kube=kube, cache=tmp_path / "c", inventory=first.inventory, dry_run=True
    )
    (change,) = preview.changes.changes
    assert change.action is changeset.Action.CONFIGURED
    text = change.diff
    assert "password" in text and "++++++++" in text
    for leaked in ("hunter2", "aHVudGVyMi", "first", "second"):
        assert leaked not in text


def test_committed_symlink_is_refused_and_its_target_never_shown(
    repo: Repo,
    kube: kube_objects.Objects,
    make_app: Callable[..., spec.AppSpec],
    tmp_path: Path,
) -> None:
    (repo.work / "manifests").mkdir()
    (repo.work / "manifests" / "values.yaml").symlink_to("/etc/passwd")
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    with pytest.raises(syncing.SyncFailed) as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    assert "symbolic link" in str(caught.value)
    assert "root:" not in str(caught.value)


def test_create_namespace_option(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    target = f"created-{uuid.uuid4().hex[:6]}"
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    result = syncing.sync(make_app(namespace=target, create_namespace=True), kube=kube,
                          cache=tmp_path / "c", inventory=())  # fmt: skip
    try:
        assert _actions(result)[f"Namespace {target}"] == "created"
        cluster.client.get(core_v1.ConfigMap, "settings", namespace=target)
    finally:
        cluster.client.delete(core_v1.Namespace, target)


def test_kustomize_overlay_is_rendered_by_the_real_kustomize(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({
        "base/kustomization.yaml": "resources: [web.yaml]\n",
        "base/web.yaml": DEPLOYMENT,
        "overlays/prod/kustomization.yaml": (
            "resources: [../../base]\nnamePrefix: prod-\n"
            "replicas: [{name: web, count: 3}]\n"
            "configMapGenerator: [{name: settings, literals: [colour=teal]}]\n"
        ),
    })  # fmt: skip
    result = syncing.sync(
        make_app(path="overlays/prod"), kube=kube, cache=tmp_path / "c", inventory=()
    )
    names = {c.ref.name for c in result.changes.changes}
    assert "prod-web" in names
    assert any(name.startswith("prod-settings-") for name in names)  # hashed generator name
    deployment = cluster.client.get(apps_v1.Deployment, "prod-web", namespace=namespace)
    assert deployment.spec is not None and deployment.spec.replicas == 3


def test_unsafe_kustomization_is_refused_with_nothing_applied(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({
        "app/kustomization.yaml": (
            "resources: [cm.yaml]\n"
            "configMapGenerator: [{name: leak, files: [/proc/self/environ]}]\n"
        ),
        "app/cm.yaml": CONFIGMAP.format(colour="a"),
    })  # fmt: skip
    with pytest.raises(syncing.SyncFailed) as caught:
        syncing.sync(make_app(path="app"), kube=kube, cache=tmp_path / "c", inventory=())
    assert caught.value.stage == "render"
    assert "absolute paths are not allowed" in str(caught.value)
    assert not list(
        cluster.client.list(
            core_v1.ConfigMap, namespace=namespace, fields={"metadata.name": "settings"}
        )
    )


JOB_HOOK = """apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
  annotations:
    shipyard.dev/hook: {phase}
    shipyard.dev/hook-delete-policy: {policy}
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers: [{{name: m, image: "registry.invalid/migrate:1"}}]
"""


def test_hooks_run_in_phase_order_and_are_not_inventoried(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({
        "manifests/cm.yaml": CONFIGMAP.format(colour="a"),
        "manifests/web.yaml": DEPLOYMENT,
        "manifests/pre.yaml": JOB_HOOK.format(name="migrate", phase="PreSync", policy="BeforeHookCreation"),
        "manifests/post.yaml": JOB_HOOK.format(name="smoke", phase="PostSync", policy="HookSucceeded"),
    })  # fmt: skip
    stages: list[str] = []
    result = syncing.sync(
        make_app(), kube=kube, cache=tmp_path / "c", inventory=(), report=stages.append
    )
    hook_stages = [s for s in stages if "hook" in s]
    assert hook_stages[0].startswith("PreSync hook Job.batch") and "migrate" in hook_stages[0]
    assert hook_stages[-1].startswith("PostSync hook") and "smoke" in hook_stages[-1]
    assert (
        stages.index(hook_stages[0]) < stages.index("apply wave 0") < stages.index(hook_stages[-1])
    )
    reasons = {c.ref.name: c.reason for c in result.changes.changes}
    assert reasons["migrate"].startswith("PreSync hook succeeded")
    assert "deleted by its delete policy" in reasons["smoke"]
    assert all("Job" not in entry for entry in result.inventory)
    # The PreSync Job stays (BeforeHookCreation); the PostSync one was deleted when it succeeded.
    assert kube.get(
        api_version="batch/v1",
        ref=next(c.ref for c in result.changes.changes if c.ref.name == "migrate"),
    )
    assert (
        kube.get(
            api_version="batch/v1",
            ref=next(c.ref for c in result.changes.changes if c.ref.name == "smoke"),
        )
        is None
    )
    # A second sync recreates the PreSync hook instead of failing on the immutable Job.
    again = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=result.inventory)
    assert {c.ref.name: c.action.value for c in again.changes.changes}["migrate"] == "created"


def test_unknown_hook_phase_is_a_render_error(
    repo: Repo, kube: kube_objects.Objects, make_app: Callable[..., spec.AppSpec], tmp_path: Path
) -> None:
    repo.commit(
        {
            "manifests/pre.yaml": JOB_HOOK.format(
                name="m", phase="BeforeEverything", policy="HookSucceeded"
            )
        }
    )
    with pytest.raises(
        syncing.SyncFailed, match="hook phase 'BeforeEverything' is not one of"
    ) as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    assert caught.value.stage == "render"


def test_sync_waves_order_the_apply(
    repo: Repo, kube: kube_objects.Objects, make_app: Callable[..., spec.AppSpec], tmp_path: Path
) -> None:
    wave = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  annotations: {{shipyard.dev/sync-wave: '{wave}'}}\n"
    repo.commit({
        "manifests/a.yaml": wave.format(name="late", wave="5"),
        "manifests/b.yaml": wave.format(name="early", wave="-2"),
        "manifests/c.yaml": CONFIGMAP.format(colour="x"),
    })  # fmt: skip
    stages: list[str] = []
    result = syncing.sync(
        make_app(), kube=kube, cache=tmp_path / "c", inventory=(), report=stages.append
    )
    assert [s for s in stages if s.startswith("apply")] == [
        "apply wave -2",
        "apply wave 0",
        "apply wave 5",
    ]
    assert [c.ref.name for c in result.changes.changes] == ["early", "settings", "late"]


def test_prune_last_prunes_after_everything_is_healthy(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="a"), "manifests/web.yaml": DEPLOYMENT}
    )
    first = syncing.sync(make_app(prune_last=True), kube=kube, cache=tmp_path / "c", inventory=())
    repo.commit(
        {"manifests/cm.yaml": None, "manifests/web.yaml": DEPLOYMENT.replace("1.0.0", "1.1.0")}
    )
    stages: list[str] = []
    second = syncing.sync(make_app(prune_last=True), kube=kube, cache=tmp_path / "c",
                          inventory=first.inventory, report=stages.append)  # fmt: skip
    assert stages.index("wait until healthy") < stages.index("prune (PruneLast)")
    assert _actions(second)[f"ConfigMap {namespace}/settings"] == "pruned"


def test_object_held_by_a_finalizer_stays_in_the_inventory(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    held = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  finalizers: [example.com/keep]\n"
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a"), "manifests/held.yaml": held})
    first = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    repo.commit({"manifests/held.yaml": None})
    second = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=first.inventory)
    assert any(entry.endswith("/held") for entry in second.inventory)
    reasons = {c.ref.name: c.reason for c in second.changes.changes}
    assert "waits for finalizers example.com/keep" in reasons["held"]
    cluster.client.patch(
        core_v1.ConfigMap, "held", {"metadata": {"finalizers": None}}, namespace=namespace
    )
    third = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=second.inventory)
    assert not any(entry.endswith("/held") for entry in third.inventory)


def test_ignore_differences_keep_an_hpa_managed_replica_count(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({"manifests/web.yaml": DEPLOYMENT})
    ignore = diff.Ignore(group="apps", kind="Deployment", json_pointers=("/spec/replicas",))
    first = syncing.sync(make_app(ignores=(ignore,)), kube=kube, cache=tmp_path / "c", inventory=())
    cluster.client.patch(apps_v1.Deployment, "web", {"spec": {"replicas": 5}}, namespace=namespace,
                         field_manager="hpa")  # fmt: skip
    preview = syncing.sync(make_app(ignores=(ignore,)), kube=kube, cache=tmp_path / "c",
                           inventory=first.inventory, dry_run=True)  # fmt: skip
    assert _actions(preview) == {f"Deployment.apps {namespace}/web": "unchanged"}
    without = syncing.sync(
        make_app(), kube=kube, cache=tmp_path / "c", inventory=first.inventory, dry_run=True
    )
    assert _actions(without) == {f"Deployment.apps {namespace}/web": "configured"}


def test_secret_refused_by_the_server_shows_no_data(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    bad = "apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\ndata: {password: 'c3VwZXJzZWNyZXQ!!not-base64'}\n"
    repo.commit({"manifests/s.yaml": bad, "manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    with pytest.raises(syncing.SyncFailed) as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    assert caught.value.stage == "dry-run"
    assert "s.yaml:1" in str(caught.value)
    for leaked in ("c3VwZXJzZWNyZXQ", "supersecret", "not-base64"):
        assert leaked not in str(caught.value)
    assert not list(
        cluster.client.list(
            core_v1.ConfigMap, namespace=namespace, fields={"metadata.name": "settings"}
        )
    )


def test_immutable_field_change_fails_unless_force_recreates(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({"manifests/web.yaml": DEPLOYMENT})
    first = syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    uid = cluster.client.get(apps_v1.Deployment, "web", namespace=namespace).metadata.uid  # type: ignore[union-attr]
    repo.commit({"manifests/web.yaml": DEPLOYMENT.replace("app: web", "app: web2")})
    with pytest.raises(syncing.SyncFailed, match="field is immutable") as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=first.inventory)
    assert caught.value.stage == "dry-run"
    preview = syncing.sync(make_app(force=True), kube=kube, cache=tmp_path / "c",
                           inventory=first.inventory, dry_run=True)  # fmt: skip
    assert _actions(preview) == {f"Deployment.apps {namespace}/web": "configured"}
    syncing.sync(make_app(force=True), kube=kube, cache=tmp_path / "c", inventory=first.inventory)
    recreated = cluster.client.get(apps_v1.Deployment, "web", namespace=namespace)
    assert recreated.metadata is not None and recreated.metadata.uid != uid
    assert recreated.spec is not None and recreated.spec.selector.matchLabels == {"app": "web2"}


def test_replace_updates_with_a_full_put(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster, namespace: str,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="a")})
    first = syncing.sync(make_app(replace=True), kube=kube, cache=tmp_path / "c", inventory=())
    # A field another manager added is removed by a replace, unlike by an apply.
    cluster.client.patch(
        core_v1.ConfigMap, "settings", {"data": {"extra": "x"}}, namespace=namespace
    )
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="b")})
    syncing.sync(make_app(replace=True), kube=kube, cache=tmp_path / "c", inventory=first.inventory)
    assert cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace).data == {
        "colour": "b"
    }


def test_sources_over_the_file_or_byte_caps_are_refused_before_parsing(
    repo: Repo, kube: kube_objects.Objects, make_app: Callable[..., spec.AppSpec],
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from shipyard.adapters.git import source

    repo.commit(
        {
            f"manifests/cm{i}.yaml": CONFIGMAP.format(colour=i).replace("settings", f"s{i}")
            for i in range(5)
        }
    )
    monkeypatch.setattr(source, "MAX_FILES", 3)
    with pytest.raises(syncing.SyncFailed, match="exceed the limits of 3 files") as caught:
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())
    assert caught.value.stage == "fetch" and not caught.value.transient
    monkeypatch.setattr(source, "MAX_FILES", 10_000)
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 20)
    with pytest.raises(syncing.SyncFailed, match="over the per-file limit of 20"):
        syncing.sync(make_app(), kube=kube, cache=tmp_path / "c", inventory=())


def test_a_namespace_still_holding_the_applications_objects_is_never_pruned(
    repo: Repo, kube: kube_objects.Objects, cluster: Cluster,
    make_app: Callable[..., spec.AppSpec], tmp_path: Path,
) -> None:  # fmt: skip
    target = f"ns-{uuid.uuid4().hex[:6]}"
    namespace_doc = f"apiVersion: v1\nkind: Namespace\nmetadata: {{name: {target}}}\n"
    repo.commit(
        {"manifests/ns.yaml": namespace_doc, "manifests/cm.yaml": CONFIGMAP.format(colour="a")}
    )
    app = make_app(namespace=target)
    first = syncing.sync(app, kube=kube, cache=tmp_path / "c", inventory=())
    try:
        # The Namespace leaves the render while the ConfigMap stays in it.
        repo.commit({"manifests/ns.yaml": None})
        second = syncing.sync(make_app(namespace=target, create_namespace=True), kube=kube,
                              cache=tmp_path / "c", inventory=first.inventory)  # fmt: skip
        assert _actions(second)[f"Namespace {target}"] == "skipped"
        cluster.client.get(core_v1.ConfigMap, "settings", namespace=target)
        namespace = cluster.client.get(core_v1.Namespace, target)
        assert namespace.metadata is not None and namespace.metadata.deletionTimestamp is None
    finally:
        cluster.client.delete(core_v1.Namespace, target)
