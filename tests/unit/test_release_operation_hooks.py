"""Install, upgrade, rollback and uninstall run their hooks through ``hooking`` and write the
release as helm does (records, statuses, descriptions), against an in-memory store and a
cluster that finishes each pod with a chosen phase (tests/integration compares with helm)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import manifests
from shipyard.core.charts import releases
from shipyard.engine.charts import templating
from shipyard.engine.releases import hooking, installing, operations


class FakeCluster:
    """Pods finish with the phase chosen for their name (default Succeeded), Jobs complete,
    other kinds just exist."""

    def __init__(self, phases: dict[str, str] | None = None) -> None:
        self.phases = phases or {}
        self.live: dict[str, str] = {}  # name: kind
        self.calls: list[str] = []

    def kind(self, *, api_version: str, kind: str) -> kube_objects.Kind:
        return kube_objects.Kind(resource=object(), namespaced=True)

    def get(self, *, api_version: str, ref: manifests.ObjectRef) -> dict[str, Any] | None:
        if ref.name not in self.live:
            return None
        if ref.kind == "Pod":
            return {"status": {"phase": self.phases.get(ref.name, "Succeeded")}}
        if ref.kind == "Job":
            return {"status": {"conditions": [{"type": "Complete", "status": "True"}]}}
        return {}

    def create(self, manifest: manifests.Manifest) -> dict[str, Any]:
        ref = manifests.ref_of(manifest)
        if ref.name in self.live:
            raise kube_objects.ApplyRefused(ref=ref, code=409, reason="already exists")
        self.calls.append(f"create {ref.name}")
        self.live[ref.name] = ref.kind
        return dict(manifest)

    def apply(self, manifest: manifests.Manifest, *, dry_run: bool) -> dict[str, Any]:
        ref = manifests.ref_of(manifest)
        if not dry_run:
            self.calls.append(f"apply {ref.name}")
            self.live[ref.name] = ref.kind
        return dict(manifest)

    def delete(self, *, api_version: str, ref: manifests.ObjectRef) -> bool:
        self.calls.append(f"delete {ref.name}")
        return self.live.pop(ref.name, None) is not None


class FakeStore:
    """Revisions by version; ``written`` keeps (version, status, phases) of every write."""

    def __init__(self) -> None:
        self.revisions: dict[int, releases.Release] = {}
        self.written: list[tuple[int, str, dict[str, str]]] = []

    def history(self, *, name: str, namespace: str) -> list[releases.Release]:
        return [self.revisions[v] for v in sorted(self.revisions)]

    def _write(self, release: releases.Release) -> None:
        self.revisions[release.version] = release
        phases = {h["name"]: h["last_run"]["phase"] for h in release.hooks}
        self.written.append((release.version, release.status, phases))

    def create(self, release: releases.Release) -> None:
        assert release.version not in self.revisions
        self._write(release)

    def update(self, release: releases.Release) -> None:
        assert release.version in self.revisions
        self._write(release)

    def delete(self, release: releases.Release) -> None:
        del self.revisions[release.version]


POD = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
  annotations:
    helm.sh/hook: {events}
    helm.sh/hook-weight: "{weight}"
{extra}spec:
  containers: [{{name: m, image: m}}]
"""


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    root = tmp_path / "c"
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: c\nversion: 0.1.0\n")
    (root / "values.yaml").write_text("failing: ''\n")
    (root / "templates" / "main.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: main\ndata: {}\n"
    )
    hooks = {
        "b": ("pre-install,pre-upgrade,pre-rollback,pre-delete", 0,
              "    helm.sh/hook-delete-policy: hook-succeeded\n"),
        "a": ("pre-install,pre-upgrade,pre-rollback,post-delete", 0, ""),
        "z": ("post-install,post-upgrade,post-rollback", -1, ""),
        "f": ("{{ .Values.failing }}", 1, "    helm.sh/hook-delete-policy: hook-failed\n"),
    }  # fmt: skip
    for name, (events, weight, extra) in hooks.items():
        text = POD.format(name=name, events=events, weight=weight, extra=extra)
        if name == "f":
            text = "{{- if .Values.failing }}\n" + text + "{{- end }}\n"
        (root / "templates" / f"{name}.yaml").write_text(text)
    (root / "templates" / "cm.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n"
        "    helm.sh/hook: post-install\n    helm.sh/hook-delete-policy: hook-succeeded\n"
        "data:\n  revision: {{ .Release.Revision | quote }}\n"
    )
    return root


def _install(
    chart: Path, store: FakeStore, cluster: FakeCluster, *, install: bool = True, failing: str = ""
) -> operations.Outcome:
    sets = (f"failing={failing}",) if failing else ()
    request = installing.Request(
        template=templating.TemplateRequest(chart=chart, release_name="r", namespace="ns",
                                            values=templating.ValueOptions(set_values=sets)),
        install=install, timeout=5,
    )  # fmt: skip
    return installing.run(request, store=cast(storage.Store, store),
                          kube=cast(kube_objects.Objects, cluster))  # fmt: skip


def _kwargs(store: FakeStore, cluster: FakeCluster) -> dict[str, Any]:
    return {"store": cast(storage.Store, store), "kube": cast(kube_objects.Objects, cluster),
            "name": "r", "namespace": "ns", "timeout": 5}  # fmt: skip


def test_install_runs_hooks_by_weight_then_name_and_records_each_start(chart: Path) -> None:
    store, cluster = FakeStore(), FakeCluster()
    outcome = _install(chart, store, cluster)
    # a and z (default policy before-hook-creation) are deleted first, even when absent.
    assert cluster.calls == ["delete a", "create a", "create b", "delete b", "apply main",
                             "delete z", "create z", "create cm", "delete cm"]  # fmt: skip
    assert (outcome.release.status, outcome.release.description) == ("deployed", "Install complete")
    # pending-install as each hook starts (helm's recordRelease), then deployed.
    assert [(status, phases.get("a"), phases.get("b")) for _, status, phases in store.written] == [
        ("pending-install", "", ""), ("pending-install", "Running", ""),
        ("pending-install", "Succeeded", "Running"), ("pending-install", "Succeeded", "Succeeded"),
        ("pending-install", "Succeeded", "Succeeded"), ("deployed", "Succeeded", "Succeeded")]  # fmt: skip
    cm = next(h for h in outcome.release.hooks if h["name"] == "cm")
    assert cm["last_run"]["phase"] == "Succeeded" and 'revision: "1"' in cm["manifest"]


def test_an_upgrade_renders_its_own_revision_and_reruns_the_hooks(chart: Path) -> None:
    store, cluster = FakeStore(), FakeCluster()
    _install(chart, store, cluster)
    cluster.calls.clear()
    outcome = _install(chart, store, cluster, install=False)
    # a has the default before-hook-creation policy: deleted, then created again.
    assert cluster.calls[:4] == ["delete a", "create a", "create b", "delete b"]
    assert (outcome.release.version, outcome.release.description) == (2, "Upgrade complete")
    cm = next(h for h in outcome.release.hooks if h["name"] == "cm")
    assert 'revision: "2"' in cm["manifest"]  # .Release.Revision, as helm renders it
    assert [r.status for r in store.history(name="r", namespace="ns")] == ["superseded", "deployed"]


@pytest.mark.parametrize(
    ("install", "description"),
    [
        (True, 'Release "r" failed: failed pre-install: 1 error occurred:\n\t* pod f failed\n\n'),
        (False, 'Upgrade "r" failed: pre-upgrade hooks failed: 1 error occurred:\n'
                "\t* pod f failed\n\n"),
    ],
)  # fmt: skip
def test_a_failing_pre_hook_fails_the_revision_with_helms_description(
    chart: Path, install: bool, description: str
) -> None:
    store, cluster = FakeStore(), FakeCluster({"f": "Failed"})
    if not install:
        _install(chart, store, cluster)
    event = "pre-install" if install else "pre-upgrade"
    prefix = f"failed {event}" if install else f"{event} hooks failed"
    with pytest.raises(hooking.HookFailed, match=f"^{prefix}: pod f failed$"):
        _install(chart, store, cluster, install=install, failing=event)
    newest = store.history(name="r", namespace="ns")[-1]
    assert (newest.status, newest.description) == ("failed", description)
    phases = {h["name"]: h["last_run"]["phase"] for h in newest.hooks}
    assert phases == {"a": "Succeeded", "b": "Succeeded", "f": "Failed", "z": "", "cm": ""}
    assert ("main" in cluster.live) is not install  # an install never got to its manifest
    assert "f" not in cluster.live and "b" not in cluster.live  # hook-failed; hook-succeeded


def test_rollback_runs_the_target_revisions_hooks(chart: Path) -> None:
    store, cluster = FakeStore(), FakeCluster()
    _install(chart, store, cluster)
    _install(chart, store, cluster, install=False)
    cluster.calls.clear()
    outcome = operations.rollback(revision=1, **_kwargs(store, cluster))
    assert cluster.calls == ["delete a", "create a", "create b", "delete b", "apply main",
                             "delete z", "create z"]  # fmt: skip
    assert (outcome.release.version, outcome.release.status) == (3, "deployed")
    # cm did not run on rollback: it keeps revision 1's run.
    runs = {h["name"]: h["last_run"] for h in outcome.release.hooks}
    first = {h["name"]: h["last_run"] for h in store.history(name="r", namespace="ns")[0].hooks}
    assert runs["cm"] == first["cm"] and runs["a"]["started_at"] > first["a"]["started_at"]


def test_a_failing_rollback_hook_marks_the_rollback_failed(chart: Path) -> None:
    store, cluster = FakeStore(), FakeCluster({"f": "Failed"})
    _install(chart, store, cluster, failing="pre-rollback")
    _install(chart, store, cluster, install=False)
    with pytest.raises(hooking.HookFailed, match=r"^pod f failed$"):
        operations.rollback(revision=1, **_kwargs(store, cluster))
    assert [(r.status, r.description) for r in store.history(name="r", namespace="ns")] == [
        ("superseded", "Install complete"), ("deployed", "Upgrade complete"),
        ("failed", 'Rollback "r" failed: 1 error occurred:\n\t* pod f failed\n\n')]  # fmt: skip


@pytest.mark.parametrize("keep_history", [True, False])
def test_uninstall_runs_delete_hooks_around_the_deletion(chart: Path, keep_history: bool) -> None:
    store, cluster = FakeStore(), FakeCluster()
    _install(chart, store, cluster)
    cluster.calls.clear()
    outcome = operations.uninstall(keep_history=keep_history, **_kwargs(store, cluster))
    assert cluster.calls == ["create b", "delete b", "delete main", "delete a", "create a"]
    assert (outcome.release.status, outcome.release.description) == (
        "uninstalled", "Uninstallation complete")  # fmt: skip
    assert outcome.release.info["deleted"]
    history = store.history(name="r", namespace="ns")
    assert [r.status for r in history] == (["uninstalled"] if keep_history else [])
    assert store.written[-2 if keep_history else -1][1] == "uninstalling"


def test_a_failing_pre_delete_hook_stops_the_uninstall(chart: Path) -> None:
    store, cluster = FakeStore(), FakeCluster({"f": "Failed"})
    _install(chart, store, cluster, failing="pre-delete")
    with pytest.raises(hooking.HookFailed, match=r"^pod f failed$"):
        operations.uninstall(**_kwargs(store, cluster))
    newest = store.history(name="r", namespace="ns")[-1]
    assert (newest.status, newest.description) == (
        "uninstalling", "Deletion in progress (or silently failed)")  # fmt: skip
    assert {h["name"]: h["last_run"]["phase"] for h in newest.hooks}["f"] == "Failed"
    assert "main" in cluster.live  # nothing of the release was deleted


def test_a_failing_post_delete_hook_is_reported_once_the_uninstall_is_complete(
    chart: Path,
) -> None:
    store, cluster = FakeStore(), FakeCluster()
    _install(chart, store, cluster)
    cluster.phases["a"] = "Failed"
    with pytest.raises(errors.TerminalError,
                       match=r"^uninstallation completed with 1 error\(s\): pod a failed$"):  # fmt: skip
        operations.uninstall(keep_history=True, **_kwargs(store, cluster))
    newest = store.history(name="r", namespace="ns")[-1]
    assert newest.status == "uninstalled" and "main" not in cluster.live
    assert {h["name"]: h["last_run"]["phase"] for h in newest.hooks}["a"] == "Failed"
