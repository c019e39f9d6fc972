"""One sync of one Application, as a straight line of named stages.

    fetch ▶ render ▶ ownership ▶ dry-run ▶ diff ▶ apply (staged) ▶ prune ▶ health

Early exits keep the cluster safe: a fetch or render failure stops before anything is applied
or pruned; an object owned by another Application, or any object refused by the server-side
dry-run, fails the sync with nothing applied; an empty render prunes nothing unless
``allowEmpty``. Only drifted objects are applied, so unchanged objects keep their
resourceVersion. A refused delete keeps the object in the inventory for the next sync.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.git import source
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import toolchain
from shipyard.core import changeset, diff, manifests, ordering, tracking
from shipyard.core import health as health_rules
from shipyard.engine.sync import rendering, spec

Report = Callable[[str], None]


class SyncFailed(errors.UserError):
    """The sync stopped at a stage; ``stage`` names it, nothing later ran."""

    def __init__(self, *, stage: str, message: str) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage


@dataclasses.dataclass(frozen=True, kw_only=True)
class SyncResult:
    revision: str
    changes: changeset.ChangeSet
    inventory: tuple[str, ...]
    health: health_rules.HealthStatus
    resources: tuple[tuple[manifests.ObjectRef, health_rules.HealthStatus], ...]


def _noop(_: str) -> None:
    return None


def _fetch(app: spec.AppSpec, *, cache: Path) -> source.Snapshot:
    return source.fetch(
        url=app.repo_url, revision=app.revision, path=app.path, cache=cache, recurse=app.recurse
    )


def _render(
    app: spec.AppSpec, snapshot: source.Snapshot, kube: kube_objects.Objects
) -> list[spec.DesiredObject]:
    documents = rendering.documents_of(snapshot, app=app, kustomize=_kustomize_binary)

    def namespaced(api_version: str, kind: str) -> bool | None:
        found = kube.kind(api_version=api_version, kind=kind)
        return None if found is None else found.namespaced

    return rendering.prepare(documents, app=app, namespaced=namespaced)


def _kustomize_binary() -> Path:
    return toolchain.tool_path("kustomize")


def _check_ownership(
    app: spec.AppSpec, desired: Sequence[spec.DesiredObject], kube: kube_objects.Objects
) -> dict[manifests.ObjectRef, dict[str, Any] | None]:
    live: dict[manifests.ObjectRef, dict[str, Any] | None] = {}
    conflicts = []
    for item in desired:
        ref = manifests.ref_of(item.manifest)
        current = kube.get(api_version=item.api_version, ref=ref)
        live[ref] = current
        if current is None:
            continue
        owner = tracking.owner_of(current)
        if owner is not None and owner != app.key:
            conflicts.append(
                f"{item.source}:{item.line}: {ref} belongs to Application {owner}; "
                "it is neither adopted nor changed"
            )
    if conflicts:
        raise SyncFailed(stage="ownership", message="\n".join(conflicts))
    return live


def _needs_prerequisite(
    item: spec.DesiredObject, desired: Sequence[spec.DesiredObject], kube: kube_objects.Objects
) -> bool:
    """True when the object's kind or namespace is created by this same sync."""
    ref = manifests.ref_of(item.manifest)
    if kube.kind(api_version=item.api_version, kind=ref.kind) is None:
        return True
    namespaces = {
        manifests.ref_of(d.manifest).name for d in desired if d.manifest["kind"] == "Namespace"
    }
    return bool(ref.namespace) and ref.namespace in namespaces


def _dry_run(
    desired: Sequence[spec.DesiredObject],
    kube: kube_objects.Objects,
    *,
    skip: set[manifests.ObjectRef],
) -> dict[manifests.ObjectRef, dict[str, Any]]:
    results: dict[manifests.ObjectRef, dict[str, Any]] = {}
    refused = []
    for item in desired:
        ref = manifests.ref_of(item.manifest)
        if ref in skip:
            continue
        try:
            results[ref] = kube.apply(item.manifest, dry_run=True)
        except kube_objects.ApplyRefused as exc:
            refused.append(f"{item.source}:{item.line}: {exc}")
    if refused:
        raise SyncFailed(
            stage="dry-run",
            message="the server refused these objects; nothing was applied:\n  "
            + "\n  ".join(refused),
        )
    return results


def _wait_established(
    item: spec.DesiredObject, kube: kube_objects.Objects, *, timeout: float = 60.0
) -> None:
    """A CRD must be Established (and its kind served) before its custom resources apply."""
    if item.manifest["kind"] != "CustomResourceDefinition":
        return
    ref = manifests.ref_of(item.manifest)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live = kube.get(api_version=item.api_version, ref=ref)
        if live is not None and health_rules.assess(live).status is health_rules.Health.HEALTHY:
            return
        time.sleep(0.2)
    raise SyncFailed(stage="apply", message=f"{ref} not Established within {timeout:.0f} s")


def sync(
    app: spec.AppSpec,
    *,
    kube: kube_objects.Objects,
    cache: Path,
    inventory: Sequence[str],
    dry_run: bool = False,
    report: Report = _noop,
) -> SyncResult:
    """Runs every stage; raises ``SyncFailed`` (or TransientError) naming the failed stage."""
    report("fetch")
    try:
        snapshot = _fetch(app, cache=cache)
    except (errors.TransientError, errors.UserError) as exc:
        raise SyncFailed(stage="fetch", message=f"{exc}; nothing applied or pruned") from exc
    report(f"render {snapshot.revision[:12]}")
    try:
        desired = _render(app, snapshot, kube)
    except errors.UserError as exc:
        raise SyncFailed(stage="render", message=f"{exc}\nnothing applied or pruned") from exc
    if not desired and not app.allow_empty:
        raise SyncFailed(
            stage="render",
            message=f"{snapshot.url}@{snapshot.revision[:12]}:{app.path} renders no objects; "
            "nothing pruned (set syncPolicy.automated.allowEmpty to allow an empty application)",
        )
    if app.create_namespace:
        desired = _with_namespace(app, desired)

    report("ownership")
    live = _check_ownership(app, desired, kube)

    report("dry-run")
    deferred = {
        manifests.ref_of(d.manifest) for d in desired if _needs_prerequisite(d, desired, kube)
    }
    predicted = _dry_run(desired, kube, skip=deferred)

    report("diff")
    comparisons = {
        ref: diff.compare(desired=predicted[ref], live=live[ref], ignores=app.ignores)
        for ref in predicted
    }
    changes: list[changeset.Change] = []
    new_inventory: list[str] = []
    for item in desired:
        ref = manifests.ref_of(item.manifest)
        new_inventory.append(tracking.inventory_entry(api_version=item.api_version, ref=ref))
    if dry_run:
        for item in desired:
            ref = manifests.ref_of(item.manifest)
            comparison = comparisons.get(ref)
            if comparison is None:
                changes.append(
                    changeset.Change(
                        ref=ref, action=changeset.Action.CREATED, reason="after prerequisites"
                    )
                )
            elif not comparison.equal:
                action = (
                    changeset.Action.CREATED if live[ref] is None else changeset.Action.CONFIGURED
                )
                changes.append(changeset.Change(ref=ref, action=action, diff=comparison.text))
            else:
                changes.append(changeset.Change(ref=ref, action=changeset.Action.UNCHANGED))
        for entry in _orphans(inventory, new_inventory):
            parsed = tracking.parse_inventory_entry(entry)
            if parsed is not None and app.prune:
                changes.append(
                    changeset.Change(
                        ref=parsed[1], action=changeset.Action.PRUNED, reason="dry run"
                    )
                )
        return SyncResult(
            revision=snapshot.revision,
            changes=changeset.ChangeSet(revision=snapshot.revision, changes=tuple(changes)),
            inventory=tuple(inventory),
            health=health_rules.HealthStatus(status=health_rules.Health.UNKNOWN, message="dry run"),
            resources=(),
        )

    by_ref = {manifests.ref_of(d.manifest): d for d in desired}
    for stage_name, stage_objects in ordering.stages([d.manifest for d in desired]):
        report(f"apply {stage_name}")
        for manifest in stage_objects:
            ref = manifests.ref_of(manifest)
            item = by_ref[ref]
            comparison = comparisons.get(ref)
            if comparison is not None and comparison.equal:
                changes.append(changeset.Change(ref=ref, action=changeset.Action.UNCHANGED))
                continue
            try:
                kube.apply(item.manifest, dry_run=False)
            except kube_objects.ApplyRefused as exc:
                changes.append(
                    changeset.Change(ref=ref, action=changeset.Action.FAILED, reason=exc.reason)
                )
                continue
            action = (
                changeset.Action.CREATED if live.get(ref) is None else changeset.Action.CONFIGURED
            )
            changes.append(
                changeset.Change(ref=ref, action=action, diff=comparison.text if comparison else "")
            )
            _wait_established(item, kube)

    kept = list(new_inventory)
    if app.prune and not any(c.action is changeset.Action.FAILED for c in changes):
        report("prune")
        changes.extend(_prune(app, _orphans(inventory, new_inventory), kube, kept=kept))
    else:
        kept.extend(_orphans(inventory, new_inventory))

    report("health")
    resources = []
    for item in desired:
        ref = manifests.ref_of(item.manifest)
        resources.append(
            (ref, health_rules.assess(kube.get(api_version=item.api_version, ref=ref)))
        )
    overall = health_rules.worst(status.status for _, status in resources)
    unhealthy = [
        f"{ref}: {status.message}" for ref, status in resources if status.status is overall
    ]
    message = (
        unhealthy[0]
        if overall is not health_rules.Health.HEALTHY and unhealthy
        else "all resources healthy"
    )
    return SyncResult(
        revision=snapshot.revision,
        changes=changeset.ChangeSet(revision=snapshot.revision, changes=tuple(changes)),
        inventory=tuple(dict.fromkeys(kept)),
        health=health_rules.HealthStatus(status=overall, message=message),
        resources=tuple(resources),
    )


def _with_namespace(
    app: spec.AppSpec, desired: list[spec.DesiredObject]
) -> list[spec.DesiredObject]:
    if any(
        d.manifest["kind"] == "Namespace" and manifests.ref_of(d.manifest).name == app.namespace
        for d in desired
    ):
        return desired
    ref = manifests.ObjectRef(group="", kind="Namespace", namespace="", name=app.namespace)
    namespace: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {
            "name": app.namespace,
            "annotations": {tracking.ANNOTATION: tracking.tracking_id(app=app.key, ref=ref)},
        },
    }
    return [
        spec.DesiredObject(
            api_version="v1", manifest=namespace, source="syncOptions CreateNamespace", line=0
        ),
        *desired,
    ]


def _orphans(previous: Sequence[str], current: Sequence[str]) -> list[str]:
    keep = set(current)
    return [entry for entry in previous if entry not in keep]


def _prune(
    app: spec.AppSpec, orphans: Sequence[str], kube: kube_objects.Objects, *, kept: list[str]
) -> list[changeset.Change]:
    changes = []
    parsed = [p for p in (tracking.parse_inventory_entry(e) for e in orphans) if p is not None]
    order = {ref: api_version for api_version, ref in parsed}
    for ref in ordering.prune_order(list(order)):
        api_version = order[ref]
        entry = tracking.inventory_entry(api_version=api_version, ref=ref)
        live = kube.get(api_version=api_version, ref=ref)
        if live is None:
            changes.append(
                changeset.Change(ref=ref, action=changeset.Action.PRUNED, reason="already gone")
            )
            continue
        if tracking.owner_of(live) != app.key:
            changes.append(
                changeset.Change(
                    ref=ref,
                    action=changeset.Action.SKIPPED,
                    reason="no longer tracked by this Application; left in place",
                )
            )
            continue
        try:
            kube.delete(api_version=api_version, ref=ref)
        except (kube_objects.ApplyRefused, errors.TransientError) as exc:
            kept.append(entry)
            changes.append(
                changeset.Change(
                    ref=ref,
                    action=changeset.Action.FAILED,
                    reason=f"delete refused, will retry: {exc}",
                )
            )
            continue
        changes.append(changeset.Change(ref=ref, action=changeset.Action.PRUNED))
    return changes
