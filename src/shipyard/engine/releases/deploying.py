"""Making a release manifest live: apply in install order, prune what the previous revision
had and this one has not, and optionally wait until everything is healthy.

Objects are applied server-side (field manager ``shipyard``); Helm 3's client-side patches
keep working on them afterwards. Namespaced objects without a namespace go to the release's.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence

from shipyard import errors
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import health, manifests, ordering

Report = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Deployed:
    applied: tuple[manifests.ObjectRef, ...]
    pruned: tuple[manifests.ObjectRef, ...]


def objects_of(
    text: str, *, namespace: str, kube: kube_objects.Objects, source: str
) -> list[dict[str, object]]:
    """The manifest's objects, each with its namespace set when its kind is namespaced."""
    result = []
    for document in manifests.parse(text, source=source):
        manifest = dict(document.manifest)
        metadata = dict(manifest.get("metadata") or {})
        found = kube.kind(api_version=str(manifest["apiVersion"]), kind=str(manifest["kind"]))
        if found is not None and found.namespaced and not metadata.get("namespace"):
            metadata["namespace"] = namespace
        manifest["metadata"] = metadata
        result.append(manifest)
    return result


def deploy(
    *,
    kube: kube_objects.Objects,
    manifest: str,
    previous: str,
    namespace: str,
    source: str,
    wait: bool = False,
    timeout: float = 300.0,
    report: Report = _quiet,
) -> Deployed:
    desired = objects_of(manifest, namespace=namespace, kube=kube, source=source)
    old = objects_of(previous, namespace=namespace, kube=kube, source=f"{source} (previous)")
    # Everything is dry-run first: one refused object stops the deploy with nothing changed.
    for item in desired:
        kube.apply(item, dry_run=True)
    applied = []
    for stage, staged in ordering.stages(desired):
        report(f"apply {stage}: {len(staged)} objects")
        for obj in staged:
            kube.apply(obj, dry_run=False)
            applied.append(manifests.ref_of(obj))
    keep = set(applied)
    gone = {manifests.ref_of(o): str(o["apiVersion"]) for o in old}
    pruned = []
    for ref in ordering.prune_order([ref for ref in gone if ref not in keep]):
        report(f"delete {ref}")
        if kube.delete(api_version=gone[ref], ref=ref):
            pruned.append(ref)
    if wait:
        wait_healthy(kube=kube, objects=desired, timeout=timeout, report=report)
    return Deployed(applied=tuple(applied), pruned=tuple(pruned))


def wait_healthy(
    *,
    kube: kube_objects.Objects,
    objects: Sequence[dict[str, object]],
    timeout: float,
    report: Report = _quiet,
) -> None:
    """Waits with the sync engine's health rules; raises TerminalError on Degraded or timeout."""
    deadline = time.monotonic() + timeout
    while True:
        pending = []
        for item in objects:
            ref = manifests.ref_of(item)
            live = kube.get(api_version=str(item["apiVersion"]), ref=ref)
            verdict = health.assess(live)
            if verdict.status is health.Health.DEGRADED:
                raise errors.TerminalError(f"{ref} is Degraded: {verdict.message}")
            if verdict.status not in (health.Health.HEALTHY, health.Health.SUSPENDED):
                pending.append(f"{ref}: {verdict.message}")
        if not pending:
            return
        if time.monotonic() > deadline:
            raise errors.TerminalError(
                f"timed out after {timeout:.0f} s waiting for: " + "; ".join(pending[:5])
            )
        report(f"waiting for {len(pending)} objects")
        time.sleep(1.0)


def delete_all(
    *, kube: kube_objects.Objects, manifest: str, namespace: str, source: str
) -> list[manifests.ObjectRef]:
    objects = objects_of(manifest, namespace=namespace, kube=kube, source=source)
    versions = {manifests.ref_of(o): str(o["apiVersion"]) for o in objects}
    deleted = []
    for ref in ordering.prune_order(list(versions)):
        if kube.delete(api_version=versions[ref], ref=ref):
            deleted.append(ref)
    return deleted
