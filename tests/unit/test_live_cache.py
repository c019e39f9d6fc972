"""The watch-fed cache: only annotated objects are kept, and it answers only when it knows."""

from __future__ import annotations

from typing import Any

from shipyard.adapters.kube.cache import LiveCache
from shipyard.core import manifests, tracking

KIND = ("v1", "ConfigMap")


def _cm(name: str, *, owned: bool = True, colour: str = "teal") -> dict[str, Any]:
    ref = manifests.ObjectRef(group="", kind="ConfigMap", namespace="ns", name=name)
    annotations = (
        {tracking.ANNOTATION: tracking.tracking_id(
            app=tracking.AppKey(namespace="apps", name="web"), ref=ref)}
        if owned else {}
    )  # fmt: skip
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": "ns", "annotations": annotations},
        "data": {"colour": colour},
    }


def _ref(name: str) -> manifests.ObjectRef:
    return manifests.ref_of(_cm(name))


def test_unsynced_kind_gives_no_answer() -> None:
    cache = LiveCache()
    cache.update(KIND, event="ADDED", obj=_cm("a"))
    assert cache.lookup(KIND, [_ref("a")]) is None


def test_synced_kind_answers_for_annotated_objects_only() -> None:
    cache = LiveCache()
    cache.replace(KIND, [_cm("a"), _cm("b", owned=False)])
    assert cache.lookup(KIND, [_ref("a")]) == {_ref("a"): _cm("a")}
    # "b" may exist without the annotation: the caller must ask the API server.
    assert cache.lookup(KIND, [_ref("a"), _ref("b")]) is None
    assert cache.size() == 1


def test_events_update_and_delete() -> None:
    cache = LiveCache()
    cache.replace(KIND, [_cm("a")])
    cache.update(KIND, event="MODIFIED", obj=_cm("a", colour="plum"))
    found = cache.lookup(KIND, [_ref("a")])
    assert found is not None and found[_ref("a")]["data"] == {"colour": "plum"}
    cache.update(KIND, event="DELETED", obj=_cm("a"))
    assert cache.lookup(KIND, [_ref("a")]) is None


def test_annotation_removed_by_hand_drops_the_object() -> None:
    cache = LiveCache()
    cache.replace(KIND, [_cm("a")])
    cache.update(KIND, event="MODIFIED", obj=_cm("a", owned=False))
    assert cache.lookup(KIND, [_ref("a")]) is None


def test_unsync_after_a_broken_watch() -> None:
    cache = LiveCache()
    cache.replace(KIND, [_cm("a")])
    cache.unsync(KIND)
    assert not cache.synced(KIND)
    assert cache.lookup(KIND, [_ref("a")]) is None
    cache.replace(KIND, [_cm("a")])
    assert cache.lookup(KIND, [_ref("a")]) is not None
