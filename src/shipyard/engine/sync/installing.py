"""Installing shipyard's CRDs and creating Applications in a cluster."""

from __future__ import annotations

import time
from typing import Any

import yaml

from shipyard import errors
from shipyard.adapters.kube import objects as kube_objects
from shipyard.api import application as api
from shipyard.api import crds
from shipyard.core import manifests


def install_crds(kube: kube_objects.Objects, *, timeout: float = 60.0) -> None:
    """Applies the Application and Project CRDs and waits until both are served."""
    documents = [d for d in yaml.safe_load_all(crds.render_crds()) if d]
    for document in documents:
        kube.apply(document, dry_run=False)
    deadline = time.monotonic() + timeout
    for document in documents:
        ref = manifests.ref_of(document)
        while True:
            live = kube.get(api_version="apiextensions.k8s.io/v1", ref=ref)
            conditions = ((live or {}).get("status") or {}).get("conditions") or []
            if any(
                c.get("type") == "Established" and c.get("status") == "True" for c in conditions
            ):
                break
            if time.monotonic() > deadline:
                raise errors.TransientError(f"{ref} not Established within {timeout:.0f} s")
            time.sleep(0.2)


def ensure_namespace(kube: kube_objects.Objects, name: str) -> None:
    ref = manifests.ObjectRef(group="", kind="Namespace", namespace="", name=name)
    if kube.get(api_version="v1", ref=ref) is None:
        kube.apply(
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, dry_run=False
        )


def create(kube: kube_objects.Objects, app: api.Application) -> dict[str, Any]:
    """Creates or updates an Application (its metadata and spec; status is the agent's)."""
    install_crds(kube)
    namespace = app.metadata.namespace or "shipyard"
    ensure_namespace(kube, namespace)
    body = app.model_dump(mode="json", by_alias=True, exclude_none=True, exclude={"status"})
    body["metadata"] = {
        key: value
        for key, value in body["metadata"].items()
        if key in ("name", "labels", "annotations") and value
    }
    body["metadata"]["namespace"] = namespace
    return kube.apply(body, dry_run=False)
