"""A watch-fed cache of the live objects shipyard manages: one LIST then one WATCH per kind.

The agent keeps one informer per kind it manages (cluster-wide). Each starts with a LIST, whose
resourceVersion the WATCH continues from, so no change between the two is missed; every event
updates the store before anything is told about it. Only objects that carry shipyard's
tracking annotation are kept (memory follows what shipyard manages, not the cluster's size).

Readers ask for objects by reference. The answer is authoritative only for kinds whose
informer is synced and for objects found in the store: an object missing from the store may
exist without the annotation (not yet adopted), so the caller reads it from the API server.
A watch that ends marks its kind unsynced until the next LIST has replaced the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import httpx2
import lightkube

from shipyard import errors
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import manifests, tracking

KindKey = tuple[str, str]  # (apiVersion, kind)
OnChange = Callable[[dict[str, Any]], None]


class LiveCache:
    """The last known state of every annotated object of the watched kinds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stores: dict[KindKey, dict[manifests.ObjectRef, dict[str, Any]]] = {}
        self._synced: set[KindKey] = set()

    def replace(self, kind: KindKey, objects: Iterable[dict[str, Any]]) -> None:
        """Sets a kind's store from a LIST and marks it synced."""
        store = {}
        for obj in objects:
            if tracking.owner_of(obj) is not None:
                store[manifests.ref_of(obj)] = obj
        with self._lock:
            self._stores[kind] = store
            self._synced.add(kind)

    def update(self, kind: KindKey, *, event: str, obj: dict[str, Any]) -> None:
        """Applies one watch event."""
        ref = manifests.ref_of(obj)
        with self._lock:
            store = self._stores.setdefault(kind, {})
            if event == "DELETED" or tracking.owner_of(obj) is None:
                store.pop(ref, None)
            else:
                store[ref] = obj

    def unsync(self, kind: KindKey) -> None:
        with self._lock:
            self._synced.discard(kind)

    def synced(self, kind: KindKey) -> bool:
        with self._lock:
            return kind in self._synced

    def lookup(
        self, kind: KindKey, refs: Iterable[manifests.ObjectRef]
    ) -> Mapping[manifests.ObjectRef, dict[str, Any]] | None:
        """Every object of ``refs``, or None when the cache cannot answer for all of them."""
        with self._lock:
            if kind not in self._synced:
                return None
            store = self._stores.get(kind, {})
            found = {}
            for ref in refs:
                obj = store.get(ref)
                if obj is None:
                    return None
                found[ref] = obj
            return found

    def size(self) -> int:
        with self._lock:
            return sum(len(store) for store in self._stores.values())


def run_informer(
    kube: kube_objects.Objects,
    cache: LiveCache,
    kind: KindKey,
    *,
    on_change: OnChange,
    stopped: Callable[[], bool],
) -> None:
    """LISTs then WATCHes one kind cluster-wide until the watch ends or ``stopped()``.

    Raises TransientError when the kind is not served or the API server fails; the caller
    restarts it (with a new LIST, so events lost meanwhile are not)."""
    api_version, name = kind
    found = kube.kind(api_version=api_version, kind=name)
    if found is None:
        raise errors.TransientError(f"{api_version} {name} is not served")
    namespace = lightkube.ALL_NS if found.namespaced else None
    try:
        listed = kube.client.list(found.resource, namespace=namespace)
        items = []
        for item in listed:
            obj = kube_objects.as_dict(item)
            obj.setdefault("apiVersion", api_version)  # items of a LIST carry no type
            obj.setdefault("kind", name)
            items.append(obj)
        cache.replace(kind, items)
        # Iterated, the LIST knows its resourceVersion (empty or not): the WATCH starts there.
        version = listed.resourceVersion
        for event, item in kube.client.watch(
            found.resource, namespace=namespace, resource_version=version
        ):
            if stopped():
                return
            obj = kube_objects.as_dict(item)
            if event not in ("ADDED", "MODIFIED", "DELETED"):
                continue  # BOOKMARK
            cache.update(kind, event=event, obj=obj)
            on_change(obj)
    except (lightkube.ApiError, httpx2.HTTPError) as exc:
        raise errors.TransientError(f"watch of {api_version} {name}: {exc}") from exc
    finally:
        cache.unsync(kind)
