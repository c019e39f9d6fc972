"""Which Application owns an object: the tracking annotation every applied object carries.

The id names the owning Application and the object itself, so an object copied to another
name or namespace is not mistaken for owned (the same scheme as Argo CD's annotation tracking).
"""

from __future__ import annotations

import dataclasses

from shipyard.core import manifests

ANNOTATION = "shipyard.dev/tracking-id"


@dataclasses.dataclass(frozen=True, kw_only=True)
class AppKey:
    """An Application's identity: its namespace and name."""

    namespace: str
    name: str

    def __str__(self) -> str:
        return f"{self.namespace}/{self.name}"


def tracking_id(*, app: AppKey, ref: manifests.ObjectRef) -> str:
    return f"{app}:{ref.group}/{ref.kind}:{ref.namespace}/{ref.name}"


def parse(value: str) -> tuple[AppKey, manifests.ObjectRef] | None:
    """The owner and object of a tracking id, or None when it is not one of ours."""
    try:
        app_part, kind_part, object_part = value.split(":")
        app_namespace, app_name = app_part.split("/")
        group, kind = kind_part.split("/")
        namespace, name = object_part.split("/")
    except ValueError:
        return None
    if not (app_namespace and app_name and kind and name):
        return None
    return (
        AppKey(namespace=app_namespace, name=app_name),
        manifests.ObjectRef(group=group, kind=kind, namespace=namespace, name=name),
    )


def owner_of(live: manifests.Manifest) -> AppKey | None:
    """The Application that owns a live object, if its tracking id is valid for that object."""
    annotations = (live.get("metadata") or {}).get("annotations") or {}
    parsed = parse(str(annotations.get(ANNOTATION, "")))
    if parsed is None:
        return None
    app, ref = parsed
    live_ref = manifests.ref_of(live)
    if (ref.group, ref.kind, ref.namespace, ref.name) != (
        live_ref.group,
        live_ref.kind,
        live_ref.namespace,
        live_ref.name,
    ):
        return None  # copied from another object: not owned by anyone
    return app


def inventory_entry(*, api_version: str, ref: manifests.ObjectRef) -> str:
    """How an object is listed in the Application's status inventory: ``apps/v1/Deployment:ns/n``.

    The version is kept so that a pruned object can be addressed even after its kind left the
    rendered manifests.
    """
    return f"{api_version}/{ref.kind}:{ref.namespace}/{ref.name}"


def parse_inventory_entry(entry: str) -> tuple[str, manifests.ObjectRef] | None:
    """(apiVersion, object) of an inventory entry, or None when malformed."""
    try:
        type_part, object_part = entry.split(":")
        api_version, kind = type_part.rsplit("/", 1)
        namespace, name = object_part.split("/")
    except ValueError:
        return None
    if not (api_version and kind and name):
        return None
    ref = manifests.ObjectRef(
        group=manifests.group_of(api_version), kind=kind, namespace=namespace, name=name
    )
    return api_version, ref
