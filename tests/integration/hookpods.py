"""Shared by the release hook and release test suites: pods in a fresh namespace, and KWOK
running bare hook pods to completion (the stages of kwok-stages.yaml)."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterator

import pytest

from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import manifests
from tests.integration.conftest import Cluster


def wait_service_account(cluster: Cluster, namespace: str) -> None:
    """Pods are refused until the controller manager gave a new namespace its default
    ServiceAccount (a fresh environment may take a few seconds)."""
    kube = kube_objects.Objects(cluster.client)
    ref = manifests.ObjectRef(group="", kind="ServiceAccount", namespace=namespace, name="default")
    deadline = time.monotonic() + 30
    while kube.get(api_version="v1", ref=ref) is None:
        assert time.monotonic() < deadline, f"namespace {namespace} has no default ServiceAccount"
        time.sleep(0.2)


@contextlib.contextmanager
def kwok_finishes_hook_pods(cluster: Cluster, *, event: str) -> Iterator[None]:
    """Fails fast, saying why, when this environment's KWOK started before the stages that
    finish bare hook pods existed (KWOK reads its stages once): every test would otherwise
    wait for its timeout. A probe pod annotated with hook ``event`` must succeed."""
    namespace = f"t-{uuid.uuid4().hex[:8]}"
    kube = kube_objects.Objects(cluster.client)
    kube.apply({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": namespace}},
               dry_run=False)  # fmt: skip
    probe = {"apiVersion": "v1", "kind": "Pod",
             "metadata": {"name": "probe", "namespace": namespace,
                          "annotations": {"helm.sh/hook": event}},
             "spec": {"restartPolicy": "Never",
                      "containers": [{"name": "m", "image": "registry.invalid/m:1"}]}}  # fmt: skip
    pod = manifests.ObjectRef(group="", kind="Pod", namespace=namespace, name="probe")
    try:
        wait_service_account(cluster, namespace)
        kube.create(probe)
        deadline = time.monotonic() + 15
        phase = ""
        while phase != "Succeeded" and time.monotonic() < deadline:
            time.sleep(0.5)
            live = kube.get(api_version="v1", ref=pod) or {}
            phase = (live.get("status") or {}).get("phase", "")
        if phase != "Succeeded":
            pytest.fail(
                f"a {event} hook pod stayed {phase or 'unscheduled'}: this environment's KWOK "
                "predates the hook-pod stages of kwok-stages.yaml; run `shipyard local up`"
            )
        yield
    finally:
        kube.delete(api_version="v1", ref=manifests.ObjectRef(
            group="", kind="Namespace", namespace="", name=namespace))  # fmt: skip
