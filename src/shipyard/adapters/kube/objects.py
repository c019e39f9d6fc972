"""Reading, applying and deleting objects of any kind (built-in or custom) by their manifests.

Built-in kinds come from lightkube's registry; custom kinds are looked up among the cluster's
CustomResourceDefinitions (refreshed when a kind is unknown, so a CRD applied a moment ago is
found). Results are plain dicts in API form. lightkube's ApiError is translated here, once:
validation and conflicts become ``ApplyRefused`` (the object is at fault), unreachable or
overloaded servers ``TransientError``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx2
import lightkube
from lightkube.core import resource as lk_resource
from lightkube.core.resource_registry import resource_registry
from lightkube.generic_resource import create_global_resource, create_namespaced_resource
from lightkube.resources import apiextensions_v1
from lightkube.types import CascadeType, PatchType

from shipyard import errors
from shipyard.core import manifests

# lightkube's overloads are per static resource class; kinds here are chosen at run time.
Resource = Any


class ApplyRefused(errors.ShipyardError):
    """The API server refused one object (invalid, conflicting, forbidden)."""

    def __init__(self, *, ref: manifests.ObjectRef, code: int, reason: str) -> None:
        super().__init__(f"{ref}: {reason}")
        self.ref = ref
        self.code = code
        self.reason = reason


def is_immutable_field_error(refused: ApplyRefused) -> bool:
    """The server refused a change to a field that can only be set at creation."""
    return refused.code == 422 and "field is immutable" in refused.reason


@dataclasses.dataclass(frozen=True, kw_only=True)
class Kind:
    """How to address a kind: its lightkube resource class and whether it is namespaced."""

    resource: Resource
    namespaced: bool


# Messages of 500 answers that server-side apply gives for objects that cannot be decoded
# (wrong types, bad base64 in a Secret): the object is at fault and retrying will not help.
_OBJECT_AT_FAULT = ("failed to create typed patch object", "failed to convert new object")


def _reason(exc: lightkube.ApiError) -> str:
    status = exc.status
    message = (status.message or str(exc)) if status is not None else str(exc)
    # The server may echo parts of the object; keep the message short and never echo data.
    return message[:400]


def _translate(exc: Exception, *, ref: manifests.ObjectRef) -> errors.ShipyardError:
    if isinstance(exc, lightkube.ApiError):
        code = exc.status.code if exc.status is not None and exc.status.code else 0
        if code == 500 and any(marker in _reason(exc) for marker in _OBJECT_AT_FAULT):
            return ApplyRefused(ref=ref, code=code, reason=_reason(exc))
        if code >= 500 or code == 429:
            return errors.TransientError(f"{ref}: API server error {code}: {_reason(exc)}")
        return ApplyRefused(ref=ref, code=code, reason=_reason(exc))
    if isinstance(exc, httpx2.HTTPError):
        return errors.TransientError(f"{ref}: API server unreachable: {exc}")
    raise exc


class Objects:
    """Object operations through one lightkube client."""

    def __init__(self, client: lightkube.Client, *, field_manager: str = "shipyard") -> None:
        self.client = client
        self.field_manager = field_manager
        self._custom: dict[tuple[str, str], Kind] = {}

    def kind(self, *, api_version: str, kind: str) -> Kind | None:
        """How to address ``kind``, or None when the cluster does not serve it."""
        try:
            resource = resource_registry.load(api_version, kind)
        except lightkube.LoadResourceError:
            resource = None
        if resource is not None:
            return Kind(
                resource=resource,
                namespaced=issubclass(resource, lk_resource.NamespacedResource),
            )
        key = (api_version, kind)
        if key not in self._custom:
            self._load_custom_kinds()
        return self._custom.get(key)

    def _load_custom_kinds(self) -> None:
        try:
            crds = list(self.client.list(apiextensions_v1.CustomResourceDefinition))
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise errors.TransientError(f"listing CustomResourceDefinitions: {exc}") from exc
        for crd in crds:
            if crd.spec is None:
                continue
            names = crd.spec.names
            for version in crd.spec.versions:
                if not version.served:
                    continue
                api_version = f"{crd.spec.group}/{version.name}"
                if crd.spec.scope == "Namespaced":
                    resource: Resource = create_namespaced_resource(
                        crd.spec.group, version.name, names.kind, names.plural
                    )
                else:
                    resource = create_global_resource(
                        crd.spec.group, version.name, names.kind, names.plural
                    )
                self._custom[(api_version, names.kind)] = Kind(
                    resource=resource, namespaced=crd.spec.scope == "Namespaced"
                )

    def _require(self, *, api_version: str, ref: manifests.ObjectRef) -> Kind:
        found = self.kind(api_version=api_version, kind=ref.kind)
        if found is None:
            raise ApplyRefused(
                ref=ref, code=404, reason=f"the cluster does not serve {api_version} {ref.kind}"
            )
        return found

    def get(self, *, api_version: str, ref: manifests.ObjectRef) -> dict[str, Any] | None:
        """The live object, or None when it does not exist (or its kind is not served)."""
        found = self.kind(api_version=api_version, kind=ref.kind)
        if found is None:
            return None
        try:
            live = self.client.get(
                found.resource, ref.name, namespace=ref.namespace if found.namespaced else None
            )
        except lightkube.ApiError as exc:
            if exc.status is not None and exc.status.code == 404:
                return None
            raise _translate(exc, ref=ref) from exc
        except httpx2.HTTPError as exc:
            raise _translate(exc, ref=ref) from exc
        return as_dict(live)

    def list_live(
        self, *, api_version: str, kind: str, namespace: str
    ) -> dict[manifests.ObjectRef, dict[str, Any]]:
        """Every live object of a kind in a namespace ("" for cluster-scoped), in one LIST."""
        found = self.kind(api_version=api_version, kind=kind)
        if found is None:
            return {}
        where = manifests.ObjectRef(
            group=manifests.group_of(api_version), kind=kind, namespace=namespace, name="*"
        )
        try:
            items = self.client.list(
                found.resource, namespace=namespace if found.namespaced else None
            )
            objects = [as_dict(item) for item in items]
        except lightkube.ApiError as exc:
            if exc.status is not None and exc.status.code == 404:
                return {}
            raise _translate(exc, ref=where) from exc
        except httpx2.HTTPError as exc:
            raise _translate(exc, ref=where) from exc
        result = {}
        for live in objects:
            # Items of a LIST carry no apiVersion/kind of their own.
            live.setdefault("apiVersion", api_version)
            live.setdefault("kind", kind)
            result[manifests.ref_of(live)] = live
        return result

    def apply(self, manifest: manifests.Manifest, *, dry_run: bool) -> dict[str, Any]:
        """Server-side apply (force: shipyard takes the fields it declares)."""
        ref = manifests.ref_of(manifest)
        found = self._require(api_version=str(manifest["apiVersion"]), ref=ref)
        try:
            result = self.client.patch(
                found.resource,
                ref.name,
                dict(manifest),
                namespace=ref.namespace if found.namespaced else None,
                patch_type=PatchType.APPLY,
                field_manager=self.field_manager,
                force=True,
                dry_run=dry_run,
            )
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, ref=ref) from exc
        return as_dict(result)

    def create(self, manifest: manifests.Manifest) -> dict[str, Any]:
        """Creates an object (POST), as helm creates hooks; ApplyRefused (409) if it exists."""
        ref = manifests.ref_of(manifest)
        found = self._require(api_version=str(manifest["apiVersion"]), ref=ref)
        try:
            result = self.client.create(
                found.resource.from_dict(dict(manifest)),
                namespace=ref.namespace if found.namespaced else None,
                field_manager=self.field_manager,
            )
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, ref=ref) from exc
        return as_dict(result)

    def replace(self, manifest: manifests.Manifest, *, dry_run: bool) -> dict[str, Any]:
        """Full update (PUT) of an existing object, as `kubectl replace` does; created if absent.

        Fields set by other managers and absent from the manifest are removed.
        """
        ref = manifests.ref_of(manifest)
        found = self._require(api_version=str(manifest["apiVersion"]), ref=ref)
        current = self.get(api_version=str(manifest["apiVersion"]), ref=ref)
        body = dict(manifest)
        body["metadata"] = dict(body["metadata"])
        try:
            if current is None:
                result = self.client.create(
                    found.resource.from_dict(body),
                    namespace=ref.namespace if found.namespaced else None,
                    field_manager=self.field_manager,
                    dry_run=dry_run,
                )
            else:
                body["metadata"]["resourceVersion"] = current["metadata"]["resourceVersion"]
                result = self.client.replace(
                    found.resource.from_dict(body),
                    ref.name,
                    namespace=ref.namespace if found.namespaced else None,
                    field_manager=self.field_manager,
                    dry_run=dry_run,
                )
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, ref=ref) from exc
        return as_dict(result)

    def patch_status(
        self, *, api_version: str, ref: manifests.ObjectRef, status: dict[str, Any]
    ) -> None:
        """Replaces the status of an object (merge patch on the status subresource)."""
        found = self._require(api_version=api_version, ref=ref)
        try:
            self.client.patch(
                found.resource.Status,
                ref.name,
                {"status": status},
                namespace=ref.namespace if found.namespaced else None,
                patch_type=PatchType.MERGE,
            )
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, ref=ref) from exc

    def delete(self, *, api_version: str, ref: manifests.ObjectRef) -> bool:
        """Deletes (background propagation); False when it was already gone."""
        found = self.kind(api_version=api_version, kind=ref.kind)
        if found is None:
            return False
        try:
            # Background propagation, as kubectl does: a Job's default would orphan its pods.
            self.client.delete(
                found.resource,
                ref.name,
                namespace=ref.namespace if found.namespaced else None,
                cascade=CascadeType.BACKGROUND,
            )
        except lightkube.ApiError as exc:
            if exc.status is not None and exc.status.code == 404:
                return False
            raise _translate(exc, ref=ref) from exc
        except httpx2.HTTPError as exc:
            raise _translate(exc, ref=ref) from exc
        return True


def as_dict(value: Any) -> dict[str, Any]:
    """A lightkube object (typed or generic) as plain API JSON."""
    if isinstance(value, dict):
        return value
    result = value.to_dict()
    assert isinstance(result, dict)
    return result
