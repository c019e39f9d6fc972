"""Release hooks beside the real helm v3.22.0 on the local cluster: one chart, installed,
upgraded, rolled back and uninstalled by shipyard on one release and by helm on its twin, in
the same namespace. Both must create the hook objects in the same order, leave the same ones
behind, and write the same release records (status, description, each hook's last run).

The order of creation is read from the API server itself: watches of Pods, Jobs and ConfigMaps
replay every ADDED event from a resourceVersion taken before the operations, and the
resourceVersion of each ADDED event (etcd's global revision) orders them, whatever their kind
and however soon they are deleted again.

KWOK finishes bare pods that carry a ``helm.sh/hook`` annotation (kwok-stages.yaml): they
succeed, or fail when annotated ``shipyard.dev/kwok-fail: "true"``; pods of Jobs succeed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from lightkube.core import resource
from lightkube.resources import batch_v1, core_v1

from shipyard.adapters.charts import storage
from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import toolchain
from shipyard.core import manifests
from shipyard.core.charts import releases
from tests.integration import hookpods
from tests.integration.conftest import Cluster

WATCHED: dict[str, type[resource.NamespacedResource]] = {
    "ConfigMap": core_v1.ConfigMap,
    "Job": batch_v1.Job,
    "Pod": core_v1.Pod,
}
POD = """apiVersion: v1
kind: Pod
metadata:
  name: {{{{ .Release.Name }}}}-{name}
  annotations:
    helm.sh/hook: {events}
{extra}spec:
  restartPolicy: Never
  containers:
    - name: main
      image: registry.invalid/hook:1
"""
JOB = """apiVersion: batch/v1
kind: Job
metadata:
  name: {{{{ .Release.Name }}}}-{name}
  annotations:
    helm.sh/hook: {events}
{extra}spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: main
          image: registry.invalid/hook:1
"""
CONFIG_MAP = """apiVersion: v1
kind: ConfigMap
metadata:
  name: {{{{ .Release.Name }}}}-{name}
  annotations:
    helm.sh/hook: {events}
{extra}data:
  revision: {{{{ .Release.Revision | quote }}}}
"""
PRE = "pre-install,pre-upgrade,pre-rollback"


def _extra(weight: int | None = None, policy: str = "", fail: bool = False) -> str:
    lines = []
    if weight is not None:
        lines.append(f'    helm.sh/hook-weight: "{weight}"')
    if policy:
        lines.append(f"    helm.sh/hook-delete-policy: {policy}")
    if fail:
        lines.append('    shipyard.dev/kwok-fail: "true"')
    return "".join(line + "\n" for line in lines)


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    """Hooks of equal and different weights, of three kinds, with each delete policy. At equal
    weight helm's record lists them by kind (ConfigMap, Pod, Job) while they run by name, so
    the names are chosen in the other order."""
    root = tmp_path / "hooked"
    templates = root / "templates"
    templates.mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: hooked\nversion: 0.1.0\n")
    (root / "values.yaml").write_text("note: one\nfail: ''\n")
    (templates / "main.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-main\n"
        "data:\n  note: {{ .Values.note | quote }}\n"
    )
    hooks = {
        # pre-* hooks: weight -5, then three of weight 0 that run b, c, d
        "a-first": POD.format(name="a-first", events=f"{PRE},pre-delete",
                              extra=_extra(-5, "hook-succeeded")),
        "b-job": JOB.format(name="b-job", events="pre-install,pre-upgrade,post-rollback",
                            extra=_extra(0, "hook-succeeded")),
        "c-pod": POD.format(name="c-pod", events=f"{PRE},post-delete", extra=""),
        "d-config": CONFIG_MAP.format(name="d-config", events=PRE,
                                      extra=_extra(None, "before-hook-creation")),
        # post-* hooks: weight -1, then two of weight 5 that run e, g
        "f-post": CONFIG_MAP.format(name="f-post", events="post-install,post-upgrade",
                                    extra=_extra(-1, "hook-succeeded")),
        "e-job": JOB.format(name="e-job", events="post-install,post-upgrade,post-delete",
                            extra=_extra(5, "before-hook-creation")),
        "g-pod": POD.format(name="g-pod", events="post-install,post-upgrade,post-rollback",
                            extra=_extra(5, "hook-failed,before-hook-creation")),
    }  # fmt: skip
    for name, text in hooks.items():
        (templates / f"{name}.yaml").write_text(text)
    # A hook that fails on the event named by --set fail=EVENT (kwok-fail), removed by its
    # policy; the earlier hook-succeeded ones are removed too.
    failing = POD.format(name="h-fail", events="{{ .Values.fail }}",
                         extra=_extra(1, "hook-failed", fail=True))  # fmt: skip
    (templates / "h-fail.yaml").write_text("{{- if .Values.fail }}\n" + failing + "{{- end }}\n")
    return root


@pytest.fixture(scope="module", autouse=True)
def kwok_finishes_hook_pods(cluster: Cluster) -> Iterator[None]:
    with hookpods.kwok_finishes_hook_pods(cluster, event="pre-install"):
        yield


@pytest.fixture
def namespace(cluster: Cluster, namespace: str) -> str:
    hookpods.wait_service_account(cluster, namespace)
    return namespace


def _api_version(kind: str) -> str:
    return "batch/v1" if kind == "Job" else "v1"


def _get(cluster: Cluster, kind: str, namespace: str, name: str) -> dict[str, Any] | None:
    group = "batch" if kind == "Job" else ""
    ref = manifests.ObjectRef(group=group, kind=kind, namespace=namespace, name=name)
    return kube_objects.Objects(cluster.client).get(api_version=_api_version(kind), ref=ref)


class Creations:
    """Every Pod, Job and ConfigMap created in a namespace while the block runs, in the order
    the API server stored them. Each watch replays from a resourceVersion listed before the
    block, so nothing is missed while it connects, and stops at a sentinel of its kind created
    after the block."""

    def __init__(self, cluster: Cluster, namespace: str) -> None:
        self.cluster, self.namespace = cluster, namespace
        self.end = f"end-{uuid.uuid4().hex[:6]}"
        self.created: list[tuple[int, str, str]] = []  # resourceVersion, kind, name
        self.failures: list[BaseException] = []
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()

    def __enter__(self) -> Creations:
        listed = self.cluster.client.list(core_v1.ConfigMap, namespace=self.namespace)
        list(listed)
        start = str(listed.resourceVersion)
        for kind in WATCHED:
            thread = threading.Thread(target=self._watch, args=(kind, start), daemon=True)
            thread.start()
            self.threads.append(thread)
        return self

    def _watch(self, kind: str, start: str) -> None:
        client = kube_client.connect(self.cluster.kubeconfig)
        try:
            for event, obj in client.watch(WATCHED[kind], namespace=self.namespace,
                                           resource_version=start):  # fmt: skip
                metadata = kube_objects.as_dict(obj).get("metadata") or {}
                name = str(metadata.get("name", ""))
                if event != "ADDED" or not name:
                    continue
                if name == self.end:
                    return
                if metadata.get("ownerReferences"):  # a Job's pod: the Job is the hook
                    continue
                with self.lock:
                    self.created.append((int(metadata.get("resourceVersion", 0)), kind, name))
        except BaseException as exc:  # reported by __exit__
            self.failures.append(exc)
        finally:
            client.close()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        kube = kube_objects.Objects(self.cluster.client)
        meta = {"name": self.end, "namespace": self.namespace}
        container = {"name": "m", "image": "registry.invalid/m:1"}
        kube.create({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta})
        kube.create({"apiVersion": "v1", "kind": "Pod", "metadata": meta,
                     "spec": {"containers": [container]}})  # fmt: skip
        kube.create({"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
                     "spec": {"suspend": True, "template": {"spec": {
                         "restartPolicy": "Never", "containers": [container]}}}})  # fmt: skip
        for thread in self.threads:
            thread.join(timeout=30)
        assert not self.failures, self.failures
        assert not any(thread.is_alive() for thread in self.threads), "a watch did not stop"

    def of(self, release: str) -> list[str]:
        """The release's objects as "Kind REL-name", oldest first."""
        return [f"{kind} {name.replace(release, 'REL')}"
                for _, kind, name in sorted(self.created) if name.startswith(release + "-")]  # fmt: skip


def _run(cluster: Cluster, argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "KUBECONFIG": str(cluster.kubeconfig), "COLUMNS": "200",
             "HELM_CACHE_HOME": "/tmp/helm-cache", "HELM_CONFIG_HOME": "/tmp/helm-config",
             "HELM_DATA_HOME": "/tmp/helm-data"},
    )  # fmt: skip


def _both(
    cluster: Cluster, namespace: str, ours: str, theirs: str, *args: str
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """One operation, by `shipyard release` on ``ours`` then by helm on ``theirs`` (``{}`` in
    ``args`` stands for the release name), each marked in the namespace before it starts."""
    done = []
    for tool, name in ((["-m", "shipyard", "release"], ours), ([], theirs)):
        mark = f"{name}-mark-{args[0]}"
        kube_objects.Objects(cluster.client).create(
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": mark,
                                                                    "namespace": namespace}})  # fmt: skip
        argv = [sys.executable, *tool] if tool else [str(toolchain.tool_path("helm"))]
        argv += [a.replace("{}", name) for a in args]
        done.append(_run(cluster, [*argv, "-n", namespace, "--timeout", "60s"]))
    return done[0], done[1]


def _remaining(cluster: Cluster, namespace: str, release: str) -> set[str]:
    """The release's hook objects (and its manifest's) that exist now, as "Kind REL-name"."""
    found = set()
    for kind, kind_resource in WATCHED.items():
        for item in cluster.client.list(kind_resource, namespace=namespace):
            metadata = kube_objects.as_dict(item).get("metadata") or {}
            name = str(metadata.get("name", ""))
            if not name.startswith(release + "-") or metadata.get("ownerReferences"):
                continue
            if "-mark-" not in name:
                found.add(f"{kind} {name.replace(release, 'REL')}")
    return found


def _history(cluster: Cluster, namespace: str, release: str) -> list[dict[str, Any]]:
    """Each revision's status, description and hooks with the release name and times taken
    out (whether each time is set stays)."""
    result = []
    for revision in storage.Store(cluster.client).history(name=release, namespace=namespace):
        hooks = []
        for hook in revision.hooks:
            run = hook["last_run"]
            shape = {key: str(value).replace(release, "REL") if key in ("name", "manifest")
                     else value for key, value in hook.items() if key != "last_run"}  # fmt: skip
            shape.update(phase=run["phase"], started=bool(run["started_at"]),
                         completed=bool(run["completed_at"]))  # fmt: skip
            hooks.append(shape)
        result.append({"version": revision.version, "status": revision.status,
                       "description": revision.description.replace(release, "REL"),
                       "deleted": bool(revision.info.get("deleted")), "hooks": hooks})  # fmt: skip
    return result


def _phases(cluster: Cluster, namespace: str, release: str, version: int) -> dict[str, str]:
    for revision in storage.Store(cluster.client).history(name=release, namespace=namespace):
        if revision.version == version:
            return {h["name"].removeprefix(release + "-"): h["last_run"]["phase"]
                    for h in revision.hooks}  # fmt: skip
    raise AssertionError(f"{release} has no revision {version}")


def test_a_release_lifecycle_runs_its_hooks_as_helm_does(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    ours, theirs = f"s{uuid.uuid4().hex[:6]}", f"h{uuid.uuid4().hex[:6]}"
    steps = {
        "install": ("install", "{}", str(chart)),
        "upgrade": ("upgrade", "{}", str(chart), "--set", "note=two"),
        "rollback": ("rollback", "{}", "1"),
        "uninstall": ("uninstall", "{}", "--keep-history"),
    }
    remaining: dict[str, tuple[set[str], set[str]]] = {}
    histories: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    with Creations(cluster, namespace) as creations:
        for step, args in steps.items():
            by_us, by_helm = _both(cluster, namespace, ours, theirs, *args)
            assert by_us.returncode == 0, (step, by_us.stderr)
            assert by_helm.returncode == 0, (step, by_helm.stderr)
            remaining[step] = (_remaining(cluster, namespace, ours),
                               _remaining(cluster, namespace, theirs))  # fmt: skip
            histories[step] = (_history(cluster, namespace, ours),
                               _history(cluster, namespace, theirs))  # fmt: skip

    # The same objects, created in the same order, by weight then name.
    assert creations.of(ours) == creations.of(theirs)
    assert creations.of(ours) == [
        "ConfigMap REL-mark-install",
        "Pod REL-a-first", "Job REL-b-job", "Pod REL-c-pod", "ConfigMap REL-d-config",
        "ConfigMap REL-main",
        "ConfigMap REL-f-post", "Job REL-e-job", "Pod REL-g-pod",
        "ConfigMap REL-mark-upgrade",
        "Pod REL-a-first", "Job REL-b-job", "Pod REL-c-pod", "ConfigMap REL-d-config",
        "ConfigMap REL-f-post", "Job REL-e-job", "Pod REL-g-pod",
        "ConfigMap REL-mark-rollback",
        "Pod REL-a-first", "Pod REL-c-pod", "ConfigMap REL-d-config",
        "Job REL-b-job", "Pod REL-g-pod",
        "ConfigMap REL-mark-uninstall",
        "Pod REL-a-first",
        "Pod REL-c-pod", "Job REL-e-job",
    ]  # fmt: skip
    # The same objects left behind after each step: hook-succeeded ones are gone, the others
    # stay until their next run (or for good: uninstall leaves hook objects, as helm does).
    for step, (left_by_us, left_by_helm) in remaining.items():
        assert left_by_us == left_by_helm, step
    assert remaining["install"][0] == {"ConfigMap REL-main", "Pod REL-c-pod",
                                       "ConfigMap REL-d-config", "Job REL-e-job",
                                       "Pod REL-g-pod"}  # fmt: skip
    assert remaining["uninstall"][0] == {"Pod REL-c-pod", "ConfigMap REL-d-config",
                                         "Job REL-e-job", "Pod REL-g-pod"}  # fmt: skip
    # The same records after each step, hook by hook.
    for step, (records_of_ours, records_of_helm) in histories.items():
        assert records_of_ours == records_of_helm, step
    final = histories["uninstall"][0]
    assert [(r["version"], r["status"], r["description"]) for r in final] == [
        (1, "superseded", "Install complete"), (2, "superseded", "Upgrade complete"),
        (3, "uninstalled", "Uninstallation complete")]  # fmt: skip
    # The rollback's revision carried revision 1's hooks: those that ran on rollback and
    # uninstall show those runs, the others still show their install runs.
    assert set(_phases(cluster, namespace, ours, 3).values()) == {"Succeeded"}


def test_a_failing_pre_install_hook_fails_the_install_as_helm_does(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    ours, theirs = f"s{uuid.uuid4().hex[:6]}", f"h{uuid.uuid4().hex[:6]}"
    with Creations(cluster, namespace) as creations:
        by_us, by_helm = _both(cluster, namespace, ours, theirs, "install", "{}", str(chart),
                               "--set", "fail=pre-install")  # fmt: skip
    assert by_us.returncode == 1 and by_helm.returncode == 1
    assert (
        "failed pre-install" in by_helm.stderr and f"pod {theirs}-h-fail failed" in by_helm.stderr
    )
    assert "failed pre-install" in by_us.stderr and f"pod {ours}-h-fail failed" in by_us.stderr

    # h-fail (weight 1) ran after the weight 0 ones; the post-install hooks never ran.
    assert creations.of(ours) == creations.of(theirs) == [
        "ConfigMap REL-mark-install", "Pod REL-a-first", "Job REL-b-job", "Pod REL-c-pod",
        "ConfigMap REL-d-config", "Pod REL-h-fail"]  # fmt: skip
    # hook-failed removed h-fail, and the earlier hook-succeeded ones went too.
    assert _remaining(cluster, namespace, ours) == _remaining(cluster, namespace, theirs) == {
        "Pod REL-c-pod", "ConfigMap REL-d-config"}  # fmt: skip
    # The same failed revision, with helm's very description, and the same hook runs.
    mine, helms = _history(cluster, namespace, ours), _history(cluster, namespace, theirs)
    assert mine == helms
    assert [(r["status"], r["description"]) for r in mine] == [
        ("failed", 'Release "REL" failed: failed pre-install: 1 error occurred:\n'
                   "\t* pod REL-h-fail failed\n\n")]  # fmt: skip
    assert _phases(cluster, namespace, ours, 1) == {
        "d-config": "Succeeded", "a-first": "Succeeded", "c-pod": "Succeeded",
        "h-fail": "Failed", "b-job": "Succeeded", "f-post": "", "g-pod": "", "e-job": ""}  # fmt: skip


def test_a_failing_pre_upgrade_hook_fails_the_upgrade_as_helm_does(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    ours, theirs = f"s{uuid.uuid4().hex[:6]}", f"h{uuid.uuid4().hex[:6]}"
    for done in _both(cluster, namespace, ours, theirs, "install", "{}", str(chart)):
        assert done.returncode == 0, done.stderr
    by_us, by_helm = _both(cluster, namespace, ours, theirs, "upgrade", "{}", str(chart),
                           "--set", "fail=pre-upgrade")  # fmt: skip
    assert by_us.returncode == 1 and by_helm.returncode == 1
    mine, helms = _history(cluster, namespace, ours), _history(cluster, namespace, theirs)
    assert mine == helms
    assert [(r["status"], r["description"]) for r in mine] == [
        ("deployed", "Install complete"),
        ("failed", 'Upgrade "REL" failed: pre-upgrade hooks failed: 1 error occurred:\n'
                   "\t* pod REL-h-fail failed\n\n")]  # fmt: skip
    assert _remaining(cluster, namespace, ours) == _remaining(cluster, namespace, theirs)


def test_where_helm_leaves_a_failed_hook_pending_shipyard_records_the_failure(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    """The two documented differences (engine/releases/operations.py): a failed rollback hook
    marks the revision failed (helm leaves it pending-rollback, which blocks every later
    upgrade); a failed pre-delete hook leaves it uninstalling as helm does, its run Failed
    (helm's record keeps it Running)."""
    ours, theirs = f"s{uuid.uuid4().hex[:6]}", f"h{uuid.uuid4().hex[:6]}"
    for args in (("install", "{}", str(chart), "--set", "fail=pre-rollback"),
                 ("upgrade", "{}", str(chart))):  # fmt: skip
        for done in _both(cluster, namespace, ours, theirs, *args):
            assert done.returncode == 0, done.stderr
    by_us, by_helm = _both(cluster, namespace, ours, theirs, "rollback", "{}", "1")
    assert by_us.returncode == 1 and by_helm.returncode == 1
    assert f"pod {ours}-h-fail failed" in by_us.stderr
    mine, helms = _history(cluster, namespace, ours), _history(cluster, namespace, theirs)
    assert [r["status"] for r in helms] == ["superseded", "deployed", "pending-rollback"]
    assert [r["status"] for r in mine] == ["superseded", "deployed", "failed"]
    assert mine[2]["description"] == (
        'Rollback "REL" failed: 1 error occurred:\n\t* pod REL-h-fail failed\n\n'
    )
    assert _phases(cluster, namespace, ours, 3)["h-fail"] == "Failed"
    assert _phases(cluster, namespace, theirs, 3)["h-fail"] == "Running"
    assert _remaining(cluster, namespace, ours) == _remaining(cluster, namespace, theirs)

    # pre-delete: both leave the release uninstalling with helm's description.
    failing = ("upgrade", "{}", str(chart), "--set", "fail=pre-delete")
    done = _run(cluster, [sys.executable, "-m", "shipyard", "release",
                          *(a.replace("{}", ours) for a in failing), "-n", namespace])  # fmt: skip
    assert done.returncode == 0, done.stderr
    # helm refuses to upgrade its pending-rollback twin: a fresh one plays helm's part.
    twin = f"h{uuid.uuid4().hex[:6]}"
    done = _run(cluster, [str(toolchain.tool_path("helm")), "install", twin, str(chart),
                          "--set", "fail=pre-delete", "-n", namespace])  # fmt: skip
    assert done.returncode == 0, done.stderr
    by_us, by_helm = _both(cluster, namespace, ours, twin, "uninstall", "{}")
    assert by_us.returncode == 1 and by_helm.returncode == 1
    for name in (ours, twin):
        newest = _newest(cluster, namespace, name)
        assert (newest.status, newest.description) == (
            "uninstalling", "Deletion in progress (or silently failed)")  # fmt: skip
    ran = {name: _phases(cluster, namespace, name, _newest(cluster, namespace, name).version)
           for name in (ours, twin)}  # fmt: skip
    assert (ran[ours]["a-first"], ran[ours]["h-fail"]) == ("Succeeded", "Failed")
    assert (ran[twin]["a-first"], ran[twin]["h-fail"]) == ("Succeeded", "Running")


def _newest(cluster: Cluster, namespace: str, name: str) -> releases.Release:
    newest = releases.latest(storage.Store(cluster.client).history(name=name, namespace=namespace))
    assert newest is not None
    return newest
