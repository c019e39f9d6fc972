"""Hook runs in helm's order with helm's delete policies, against an in-memory cluster that
finishes each pod with a chosen phase (the real cluster is in tests/integration)."""

from __future__ import annotations

from typing import Any, cast

import pytest

from shipyard import errors
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import manifests
from shipyard.engine.releases import hooking


class FakeCluster:
    """Pods get the phase chosen for their name as soon as they are created."""

    def __init__(self, phases: dict[str, str], *, existing: tuple[str, ...] = ()) -> None:
        self.phases = phases
        self.live: set[str] = set(existing)
        self.calls: list[str] = []

    def kind(self, *, api_version: str, kind: str) -> kube_objects.Kind:
        return kube_objects.Kind(resource=object(), namespaced=True)

    def get(self, *, api_version: str, ref: manifests.ObjectRef) -> dict[str, Any] | None:
        if ref.name not in self.live:
            return None
        return {"status": {"phase": self.phases.get(ref.name, "Succeeded")}}

    def create(self, manifest: manifests.Manifest) -> dict[str, Any]:
        ref = manifests.ref_of(manifest)
        if ref.name in self.live:
            raise kube_objects.ApplyRefused(ref=ref, code=409, reason="already exists")
        self.calls.append(f"create {ref.name}")
        self.live.add(ref.name)
        return dict(manifest)

    def delete(self, *, api_version: str, ref: manifests.ObjectRef) -> bool:
        self.calls.append(f"delete {ref.name}")
        gone = ref.name in self.live
        self.live.discard(ref.name)
        return gone


def _hook(name: str, weight: int, *policies: str) -> dict[str, Any]:
    hook: dict[str, Any] = {
        "name": name, "kind": "Pod", "path": f"c/templates/{name}.yaml",
        "manifest": f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n",
        "events": ["test"], "last_run": {"started_at": "", "completed_at": "", "phase": ""},
        "weight": weight,
    }  # fmt: skip
    if policies:
        hook["delete_policies"] = list(policies)
    return hook


def _run(cluster: FakeCluster, hooks: list[dict[str, Any]]) -> list[str]:
    recorded: list[str] = []
    hooking.run_hooks(
        "test", hooks, kube=cast(kube_objects.Objects, cluster), namespace="ns", timeout=5,
        record=lambda: recorded.append(",".join(h["last_run"]["phase"] for h in hooks)),
    )  # fmt: skip
    return recorded


def test_passing_hooks_run_by_weight_and_hook_succeeded_ones_go_last_first() -> None:
    cluster = FakeCluster({}, existing=("b",))
    hooks = [_hook("c", 1, "hook-succeeded", "hook-failed"), _hook("b", 0),
             _hook("a", -1, "hook-succeeded")]  # fmt: skip
    recorded = _run(cluster, hooks)
    assert cluster.calls == ["create a", "delete b", "create b", "create c", "delete c",
                             "delete a"]  # fmt: skip
    # The release is recorded as each hook starts (c, b, a in the record's own order).
    assert recorded == [",,Running", ",Running,Succeeded", "Running,Succeeded,Succeeded"]
    assert [h["last_run"]["phase"] for h in hooks] == ["Succeeded"] * 3
    assert hooks[1]["delete_policies"] == ["before-hook-creation"]
    assert all(h["last_run"]["started_at"] <= h["last_run"]["completed_at"] for h in hooks)


def test_a_failing_hook_stops_the_run_and_applies_helms_policies() -> None:
    cluster = FakeCluster({"b": "Failed"})
    hooks = [_hook("a", -1, "hook-succeeded"), _hook("b", 0, "hook-failed"),
             _hook("c", 1, "hook-succeeded")]  # fmt: skip
    with pytest.raises(errors.TerminalError, match=r"^pod b failed$"):
        _run(cluster, hooks)
    # hook-failed removes b; the earlier hook-succeeded a goes too; c never runs.
    assert cluster.calls == ["create a", "create b", "delete b", "delete a"]
    assert [h["last_run"]["phase"] for h in hooks] == ["Succeeded", "Failed", ""]
    assert hooks[1]["last_run"]["completed_at"]


def test_a_leftover_object_fails_its_hook_as_helms_create_does() -> None:
    cluster = FakeCluster({}, existing=("a",))
    hooks = [_hook("a", 0, "hook-succeeded")]  # kept by its policy from an earlier failure
    with pytest.raises(
        errors.TerminalError, match=r"warning: Hook test c/templates/a\.yaml failed"
    ):
        _run(cluster, hooks)
    assert hooks[0]["last_run"]["phase"] == "Failed"


def test_a_pod_that_never_finishes_times_out() -> None:
    cluster = FakeCluster({"a": "Pending"})
    hooks = [_hook("a", 0)]
    with pytest.raises(errors.TerminalError) as caught:
        hooking.run_hooks("test", hooks, kube=cast(kube_objects.Objects, cluster),
                          namespace="ns", timeout=0.3, record=lambda: None)  # fmt: skip
    assert str(caught.value) == (
        "timed out waiting for the condition (pod a is Pending after 300ms)"
    )
    assert hooks[0]["last_run"]["phase"] == "Failed"


def test_a_failed_wait_carries_helms_words_for_the_release_description() -> None:
    cluster = FakeCluster({"a": "Failed"})
    with pytest.raises(hooking.HookFailed) as caught:
        _run(cluster, [_hook("a", 0)])
    assert (str(caught.value), caught.value.helm_text) == (
        "pod a failed", "1 error occurred:\n\t* pod a failed\n\n")  # fmt: skip
    stuck = FakeCluster({"b": "Pending"})
    with pytest.raises(hooking.HookFailed) as caught:
        hooking.run_hooks("test", [_hook("b", 0)], kube=cast(kube_objects.Objects, stuck),
                          namespace="ns", timeout=0.1, record=lambda: None)  # fmt: skip
    assert (
        caught.value.helm_text == "1 error occurred:\n\t* timed out waiting for the condition\n\n"
    )
    assert hooking.helm_text(errors.TerminalError("plain")) == "plain"


def test_kinds_other_than_pods_and_jobs_are_done_once_created() -> None:
    cluster = FakeCluster({"c": "Pending"})  # never read: a ConfigMap is not waited for
    hook = _hook("c", 0)
    hook.update(
        kind="ConfigMap", manifest="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n"
    )
    hooks = [hook]
    _run(cluster, hooks)
    assert hooks[0]["last_run"]["phase"] == "Succeeded" and cluster.calls[-1] == "create c"
