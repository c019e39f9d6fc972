"""One sync of one Application, as a straight line of named stages.

    fetch ▶ render ▶ observe ▶ ownership ▶ dry-run ▶ diff ▶ apply (staged) ▶ prune ▶ health

Early exits keep the cluster safe: a fetch or render failure stops before anything is applied
or pruned; an object owned by another Application, or any object refused by the server-side
dry-run, fails the sync with nothing applied; an empty render prunes nothing unless
``allowEmpty``. Live state is read with one LIST per kind and namespace; objects whose declared
fields all match live are unchanged without a request, the others are dry-run (concurrently,
bounded), and only drifted objects are applied, so unchanged objects keep their
resourceVersion. A refused delete keeps the object in the inventory for the next sync.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import dataclasses
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from shipyard import errors
from shipyard.adapters.git import source
from shipyard.adapters.kube import cache as live_objects
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import toolchain
from shipyard.core import changeset, diff, hooks, manifests, ordering, revisions, tracking
from shipyard.core import health as health_rules
from shipyard.engine.sync import hooking, rendering, spec

Report = Callable[[str], None]
# Checks of the rendered objects (a Project's restrictions); returns the problems found.
Policy = Callable[[Sequence[spec.DesiredObject]], list[str]]
CONCURRENCY = 8
Live = dict[manifests.ObjectRef, dict[str, Any] | None]
_T = TypeVar("_T")
_R = TypeVar("_R")


class SyncFailed(errors.UserError):
    """The sync stopped at a stage; ``stage`` names it, nothing later ran. ``transient`` says
    that retrying may succeed (Git or the API server briefly unreachable)."""

    def __init__(self, *, stage: str, message: str, transient: bool = False) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage
        self.transient = transient


@dataclasses.dataclass(frozen=True, kw_only=True)
class SyncResult:
    revision: str
    changes: changeset.ChangeSet
    inventory: tuple[str, ...]
    health: health_rules.HealthStatus
    resources: tuple[tuple[manifests.ObjectRef, health_rules.HealthStatus], ...]


def _noop(_: str) -> None:
    return None


def _parallel(function: Callable[[_T], _R], items: Iterable[_T]) -> list[_R]:
    """``function`` over ``items`` with bounded concurrency, results in input order."""
    work = list(items)
    if len(work) <= 1:
        return [function(item) for item in work]
    with concurrent.futures.ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        return list(pool.map(function, work))


# -- stages ------------------------------------------------------------------------------------


def _fetch(app: spec.AppSpec, *, cache: Path) -> source.Snapshot:
    try:
        if app.chart:
            # The registry and chart-repository clients only for chart sources.
            from shipyard.adapters.charts import source as chart_source

            return chart_source.fetch(
                repo_url=app.repo_url, chart=app.chart, target=app.revision, cache=cache,
                credentials=app.credentials,
            )  # fmt: skip
        return source.fetch(
            url=app.repo_url, revision=app.revision, path=app.path, cache=cache,
            recurse=app.recurse,
        )  # fmt: skip
    except (errors.TransientError, errors.UserError) as exc:
        # A chart source names the Application: the chart alone may be shared by many.
        prefix = f"Application {app.key}: " if app.chart else ""
        raise SyncFailed(
            stage="fetch",
            message=f"{prefix}{exc}; nothing applied or pruned",
            transient=isinstance(exc, errors.TransientError),
        ) from exc


def _where(app: spec.AppSpec, snapshot: source.Snapshot) -> str:
    """The rendered source for messages: repository, short revision and path or chart."""
    if app.chart:
        return f"chart {app.chart} {revisions.short(snapshot.revision)} from {snapshot.url}"
    return f"{snapshot.url}@{revisions.short(snapshot.revision)}:{app.path}"


def _render(
    app: spec.AppSpec, snapshot: source.Snapshot, kube: kube_objects.Objects
) -> list[spec.DesiredObject]:
    def namespaced(api_version: str, kind: str) -> bool | None:
        found = kube.kind(api_version=api_version, kind=kind)
        return None if found is None else found.namespaced

    try:
        documents = rendering.documents_of(
            snapshot, app=app, kustomize=lambda: toolchain.tool_path("kustomize")
        )
        desired = rendering.prepare(documents, app=app, namespaced=namespaced)
    except errors.UserError as exc:
        raise SyncFailed(stage="render", message=f"{exc}\nnothing applied or pruned") from exc
    if not desired and not app.allow_empty:
        raise SyncFailed(
            stage="render",
            message=f"{_where(app, snapshot)} renders no objects; "
            "nothing pruned (set syncPolicy.automated.allowEmpty to allow an empty application)",
        )
    return desired


def _observe(
    refs: Iterable[tuple[str, manifests.ObjectRef]],
    kube: kube_objects.Objects,
    *,
    live_cache: live_objects.LiveCache | None = None,
) -> Live:
    """Live state of every object: from the watch-fed cache where it knows every object of a
    (kind, namespace), otherwise one LIST per (kind, namespace)."""
    wanted = list(refs)
    groups: dict[tuple[str, str, str], list[manifests.ObjectRef]] = {}
    for api_version, ref in wanted:
        groups.setdefault((api_version, ref.kind, ref.namespace), []).append(ref)
    everything: dict[manifests.ObjectRef, dict[str, Any]] = {}
    to_list = []
    for group, group_refs in sorted(groups.items()):
        cached = live_cache.lookup(group[:2], group_refs) if live_cache is not None else None
        if cached is None:
            to_list.append(group)
        else:
            everything.update(cached)
    listed = _parallel(
        lambda g: kube.list_live(api_version=g[0], kind=g[1], namespace=g[2]), to_list
    )
    for found in listed:
        everything.update(found)
    return {ref: everything.get(ref) for _, ref in wanted}


def _check_ownership(app: spec.AppSpec, desired: Sequence[spec.DesiredObject], live: Live) -> None:
    conflicts = []
    for item in desired:
        current = live[_ref(item)]
        owner = tracking.owner_of(current) if current is not None else None
        if owner is not None and owner != app.key:
            conflicts.append(
                f"{item.source}:{item.line}: {_ref(item)} belongs to Application {owner}; "
                "it is neither adopted nor changed"
            )
    if conflicts:
        raise SyncFailed(stage="ownership", message="\n".join(conflicts))


def _write(
    app: spec.AppSpec, kube: kube_objects.Objects, item: spec.DesiredObject, *, dry_run: bool
) -> dict[str, Any]:
    """Apply (or replace, with ``Replace``) one object; with ``Force``, an object whose
    immutable fields changed is deleted and created again (in a dry-run: only announced)."""
    write = kube.replace if app.replace else kube.apply
    try:
        return write(item.manifest, dry_run=dry_run)
    except kube_objects.ApplyRefused as exc:
        if not (app.force and kube_objects.is_immutable_field_error(exc)):
            raise
        if dry_run:
            return {**item.manifest, "metadata": {**item.manifest["metadata"], _RECREATE: "true"}}
    ref = _ref(item)
    kube.delete(api_version=item.api_version, ref=ref)
    deadline = time.monotonic() + 60
    while kube.get(api_version=item.api_version, ref=ref) is not None:
        if time.monotonic() > deadline:
            raise kube_objects.ApplyRefused(ref=ref, code=409, reason="not deleted within 60 s")
        time.sleep(0.2)
    return write(item.manifest, dry_run=False)


# Marks a dry-run result that stands for "deleted and created again" (Force).
_RECREATE = "shipyard.dev/recreate"


def _dry_run(
    app: spec.AppSpec, candidates: Sequence[spec.DesiredObject], kube: kube_objects.Objects
) -> dict[manifests.ObjectRef, dict[str, Any]]:
    def attempt(item: spec.DesiredObject) -> dict[str, Any] | str:
        try:
            return _write(app, kube, item, dry_run=True)
        except kube_objects.ApplyRefused as exc:
            return f"{item.source}:{item.line}: {exc}"

    outcomes = _parallel(attempt, candidates)
    refused = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if refused:
        raise SyncFailed(
            stage="dry-run",
            message="the server refused these objects; nothing was applied:\n  "
            + "\n  ".join(refused),
        )
    return {
        _ref(item): outcome
        for item, outcome in zip(candidates, outcomes, strict=True)
        if isinstance(outcome, dict)
    }


def _apply(
    app: spec.AppSpec,
    desired: Sequence[spec.DesiredObject],
    *,
    drifted: dict[manifests.ObjectRef, diff.Comparison | None],
    live: Live,
    kube: kube_objects.Objects,
    report: Report,
) -> list[changeset.Change]:
    """Applies drifted objects stage by stage; within a stage, kind by kind, concurrently."""
    by_ref = {_ref(item): item for item in desired}
    changes: list[changeset.Change] = []
    for stage_name, stage_objects in ordering.stages([item.manifest for item in desired]):
        report(f"apply {stage_name}")
        groups: dict[tuple[int, str], list[spec.DesiredObject]] = {}
        for manifest in stage_objects:
            ref = manifests.ref_of(manifest)
            if ref not in drifted:
                changes.append(changeset.Change(ref=ref, action=changeset.Action.UNCHANGED))
                continue
            groups.setdefault(ordering.kind_rank(ref.kind), []).append(by_ref[ref])
        for _, items in sorted(groups.items()):

            def apply_one(item: spec.DesiredObject) -> changeset.Change:
                ref = _ref(item)
                comparison = drifted[ref]
                try:
                    _write(app, kube, item, dry_run=False)
                except kube_objects.ApplyRefused as exc:
                    return changeset.Change(
                        ref=ref, action=changeset.Action.FAILED, reason=exc.reason
                    )
                action = (
                    changeset.Action.CREATED if live[ref] is None else changeset.Action.CONFIGURED
                )
                return changeset.Change(
                    ref=ref, action=action, diff=comparison.text if comparison else ""
                )

            changes.extend(_parallel(apply_one, items))
            for item in items:
                _wait_established(item, kube)
    return changes


def _wait_established(
    item: spec.DesiredObject, kube: kube_objects.Objects, *, timeout: float = 60.0
) -> None:
    """A CRD must be Established (and its kind served) before its custom resources apply."""
    if item.manifest["kind"] != "CustomResourceDefinition":
        return
    ref = _ref(item)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        live = kube.get(api_version=item.api_version, ref=ref)
        if live is not None and health_rules.assess(live).status is health_rules.Health.HEALTHY:
            return
        time.sleep(0.2)
    raise SyncFailed(stage="apply", message=f"{ref} not Established within {timeout:.0f} s")


def _prune(
    app: spec.AppSpec,
    orphans: Sequence[str],
    kube: kube_objects.Objects,
    *,
    kept: list[str],
    in_use: set[str],
) -> list[changeset.Change]:
    """Deletes orphans this Application owns. A Namespace that still holds objects of this
    Application (``in_use``) is never pruned: deleting it would delete them too."""
    changes = []
    parsed = [p for p in (tracking.parse_inventory_entry(e) for e in orphans) if p is not None]
    versions = {ref: api_version for api_version, ref in parsed}
    for ref in ordering.prune_order(list(versions)):
        api_version = versions[ref]
        entry = tracking.inventory_entry(api_version=api_version, ref=ref)
        if ref.kind == "Namespace" and not ref.group and ref.name in in_use:
            changes.append(
                changeset.Change(
                    ref=ref,
                    action=changeset.Action.SKIPPED,
                    reason="still holds objects of this Application; left in place, untracked",
                )
            )
            continue
        live = kube.get(api_version=api_version, ref=ref)
        if live is None:
            changes.append(
                changeset.Change(ref=ref, action=changeset.Action.PRUNED, reason="already gone")
            )
            continue
        if tracking.owner_of(live) != app.key:
            changes.append(
                changeset.Change(
                    ref=ref, action=changeset.Action.SKIPPED,
                    reason="not tracked by this Application any more; left in place",
                )
            )  # fmt: skip
            continue
        try:
            kube.delete(api_version=api_version, ref=ref)
        except (kube_objects.ApplyRefused, errors.TransientError) as exc:
            kept.append(entry)
            changes.append(
                changeset.Change(
                    ref=ref, action=changeset.Action.FAILED,
                    reason=f"delete refused, kept in the inventory for a retry: {exc}",
                )
            )  # fmt: skip
            continue
        remaining = kube.get(api_version=api_version, ref=ref)
        if remaining is not None and (remaining.get("metadata") or {}).get("finalizers"):
            # Deletion waits for finalizers: keep it listed until it is really gone.
            kept.append(entry)
            finalizers = ", ".join(remaining["metadata"]["finalizers"])
            changes.append(
                changeset.Change(
                    ref=ref,
                    action=changeset.Action.PRUNED,
                    reason=f"deletion waits for finalizers {finalizers}; kept in the inventory",
                )
            )
            continue
        changes.append(changeset.Change(ref=ref, action=changeset.Action.PRUNED))
    return changes


Resources = tuple[tuple[manifests.ObjectRef, health_rules.HealthStatus], ...]


def _assess(
    desired: Sequence[spec.DesiredObject],
    kube: kube_objects.Objects,
    *,
    checks: Mapping[tuple[str, str], health_rules.CustomCheck],
) -> tuple[health_rules.HealthStatus, Resources]:
    live = _observe(((item.api_version, _ref(item)) for item in desired), kube)
    resources = tuple((ref, health_rules.assess(obj, checks=checks)) for ref, obj in live.items())
    return overall_health(resources), resources


def overall_health(resources: Resources) -> health_rules.HealthStatus:
    """The Application's health: the worst of its resources, with that resource's reason."""
    overall = health_rules.worst(status.status for _, status in resources)
    if overall is health_rules.Health.HEALTHY:
        return health_rules.HealthStatus(status=overall, message="all resources healthy")
    first = next(f"{ref}: {s.message}" for ref, s in resources if s.status is overall)
    return health_rules.HealthStatus(status=overall, message=first)


# -- the sync ----------------------------------------------------------------------------------


def sync(
    app: spec.AppSpec,
    *,
    kube: kube_objects.Objects,
    cache: Path,
    inventory: Sequence[str],
    dry_run: bool = False,
    report: Report = _noop,
    policy: Policy | None = None,
    live_cache: live_objects.LiveCache | None = None,
) -> SyncResult:
    """Runs every stage; raises ``SyncFailed`` (or TransientError) naming the failed stage.

    ``live_cache`` (the agent's watch-fed objects) serves the observe stage of a dry run; a
    real sync reads the API server, so what it applies is never decided on a lagging view."""
    report("fetch")
    snapshot = _fetch(app, cache=cache)
    report(f"render {revisions.short(snapshot.revision)}")
    desired = _render(app, snapshot, kube)
    if policy is not None:
        refused = policy(desired)
        if refused:
            raise SyncFailed(stage="project", message="nothing applied:\n  " + "\n  ".join(refused))
    regular, hook_items = _split_hooks(desired)

    report("observe")
    try:
        live = _observe(
            ((item.api_version, _ref(item)) for item in desired),
            kube,
            live_cache=live_cache if dry_run else None,
        )
        missing_namespace = _missing_namespace(app, desired, kube)
    except kube_objects.ApplyRefused as exc:
        raise SyncFailed(stage="observe", message=f"{exc}; nothing applied or pruned") from exc
    _check_ownership(app, desired, live)

    # Objects whose kind or namespace this sync creates cannot be dry-run before it does.
    created = {
        _ref(d).name for d in desired if d.manifest["kind"] == "Namespace" and live[_ref(d)] is None
    } | ({missing_namespace.name} if missing_namespace else set())
    deferred = {_ref(item) for item in desired if _needs_prerequisite(item, created, kube)}
    hook_refs = {_ref(item) for items in hook_items.values() for item in items}
    candidates = [
        item for item in desired
        if _ref(item) not in deferred
        # A hook that still exists is recreated, not patched: validate only new ones.
        and (live[_ref(item)] is None or (
            _ref(item) not in hook_refs and not diff.is_subset(item.manifest, live[_ref(item)])))
    ]  # fmt: skip
    report(f"dry-run {len(candidates)} of {len(desired)} objects")
    predicted = _dry_run(app, candidates, kube)

    report("diff")
    drifted: dict[manifests.ObjectRef, diff.Comparison | None] = {
        ref: None for ref in deferred if ref not in hook_refs
    }
    for ref, result in predicted.items():
        if ref in hook_refs:
            continue
        # A new object's "diff" is the whole object: only previews need it spelled out.
        comparison = diff.compare(
            desired=result,
            live=live[ref],
            ignores=app.ignores,
            with_text=dry_run or live[ref] is not None,
        )
        if not comparison.equal:
            drifted[ref] = comparison
    new_inventory = [
        tracking.inventory_entry(api_version=item.api_version, ref=_ref(item)) for item in regular
    ]
    orphans = _orphans(inventory, new_inventory)
    changes: list[changeset.Change] = []
    if missing_namespace is not None:
        changes.append(
            changeset.Change(
                ref=missing_namespace,
                action=changeset.Action.CREATED,
                reason="syncOptions CreateNamespace (not tracked)",
            )
        )
    if dry_run:
        return _preview(app, snapshot.revision, regular, drifted, live, orphans, inventory, changes)
    if missing_namespace is not None:
        report(f"create namespace {app.namespace}")
        kube.apply(
            {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": app.namespace}},
            dry_run=False,
        )
    kept = list(new_inventory)
    in_use = {_ref(item).namespace for item in regular if _ref(item).namespace}
    if missing_namespace is None and app.create_namespace:
        in_use.add(app.namespace)
    pruned = False

    def run_hooks(phase: hooks.Phase) -> list[changeset.Change]:
        return hooking.run(
            phase, hook_items[phase], kube=kube, report=report, checks=app.health_checks
        )

    try:
        changes += run_hooks(hooks.Phase.PRE_SYNC)
        changes += _apply(app, regular, drifted=drifted, live=live, kube=kube, report=report)
        prune = app.prune and not any(c.action is changeset.Action.FAILED for c in changes)
        if prune and not app.prune_last:
            report("prune")
            changes += _prune(app, orphans, kube, kept=kept, in_use=in_use)
            pruned = True
        changes += run_hooks(hooks.Phase.SYNC)
        if hook_items[hooks.Phase.POST_SYNC] or (prune and app.prune_last):
            report("wait until healthy")
            _wait_healthy(app, regular, kube)
        if prune and app.prune_last:
            report("prune (PruneLast)")
            changes += _prune(app, orphans, kube, kept=kept, in_use=in_use)
            pruned = True
        changes += run_hooks(hooks.Phase.POST_SYNC)
    except hooking.HookFailed as exc:
        changes += exc.changes
        _run_sync_fail_hooks(
            hook_items[hooks.Phase.SYNC_FAIL], kube=kube, report=report, checks=app.health_checks
        )
        raise SyncFailed(stage=f"{exc.phase.value} hook", message=str(exc)) from exc
    if not pruned:
        kept.extend(orphans)

    report("health")
    overall, resources = _assess(regular, kube, checks=app.health_checks)
    return SyncResult(
        revision=snapshot.revision,
        changes=changeset.ChangeSet(revision=snapshot.revision, changes=tuple(changes)),
        inventory=tuple(dict.fromkeys(kept)),
        health=overall,
        resources=resources,
    )


def _split_hooks(
    desired: Sequence[spec.DesiredObject],
) -> tuple[list[spec.DesiredObject], dict[hooks.Phase, list[spec.DesiredObject]]]:
    regular: list[spec.DesiredObject] = []
    by_phase: dict[hooks.Phase, list[spec.DesiredObject]] = {phase: [] for phase in hooks.Phase}
    problems = []
    for item in desired:
        try:
            phase = hooks.phase_of(item.manifest)
            hooks.policies_of(item.manifest)
        except ValueError as exc:
            problems.append(f"{item.source}:{item.line}: {exc}")
            continue
        if phase is None:
            regular.append(item)
        else:
            by_phase[phase].append(item)
    if problems:
        raise SyncFailed(
            stage="render", message="\n".join(problems) + "\nnothing applied or pruned"
        )
    return regular, by_phase


def _run_sync_fail_hooks(
    items: Sequence[spec.DesiredObject],
    *,
    kube: kube_objects.Objects,
    report: Report,
    checks: Mapping[tuple[str, str], health_rules.CustomCheck],
) -> None:
    # Best effort: the sync already failed; a failing SyncFail hook must not hide why.
    with contextlib.suppress(hooking.HookFailed):
        hooking.run(hooks.Phase.SYNC_FAIL, items, kube=kube, report=report, checks=checks)


def _wait_healthy(
    app: spec.AppSpec,
    desired: Sequence[spec.DesiredObject],
    kube: kube_objects.Objects,
    *,
    timeout: float = 300.0,
) -> None:
    """PostSync hooks and PruneLast wait until the synced objects are Healthy."""
    deadline = time.monotonic() + timeout
    while True:
        overall, _ = _assess(desired, kube, checks=app.health_checks)
        if overall.status is health_rules.Health.HEALTHY:
            return
        if overall.status is health_rules.Health.DEGRADED or time.monotonic() > deadline:
            raise SyncFailed(stage="health", message=f"not Healthy: {overall.message}")
        time.sleep(0.5)


def _preview(
    app: spec.AppSpec,
    revision: str,
    desired: Sequence[spec.DesiredObject],
    drifted: dict[manifests.ObjectRef, diff.Comparison | None],
    live: Live,
    orphans: Sequence[str],
    inventory: Sequence[str],
    changes: list[changeset.Change],
) -> SyncResult:
    for item in desired:
        ref = _ref(item)
        if ref not in drifted:
            changes.append(changeset.Change(ref=ref, action=changeset.Action.UNCHANGED))
            continue
        comparison = drifted[ref]
        action = changeset.Action.CREATED if live[ref] is None else changeset.Action.CONFIGURED
        changes.append(
            changeset.Change(
                ref=ref, action=action,
                diff=comparison.text if comparison else "",
                reason="" if comparison else "after the objects it depends on",
            )
        )  # fmt: skip
    for entry in orphans:
        parsed = tracking.parse_inventory_entry(entry)
        if parsed is not None:
            action = changeset.Action.PRUNED if app.prune else changeset.Action.SKIPPED
            changes.append(changeset.Change(ref=parsed[1], action=action, reason="dry run"))
    # Health of what is live now, from the state already observed (no extra requests).
    resources = tuple(
        (_ref(item), health_rules.assess(live[_ref(item)], checks=app.health_checks))
        for item in desired
    )
    overall = overall_health(resources)
    return SyncResult(
        revision=revision,
        changes=changeset.ChangeSet(revision=revision, changes=tuple(changes)),
        inventory=tuple(inventory),
        health=overall,
        resources=resources,
    )


def _ref(item: spec.DesiredObject) -> manifests.ObjectRef:
    return manifests.ref_of(item.manifest)


def _needs_prerequisite(
    item: spec.DesiredObject, created_namespaces: set[str], kube: kube_objects.Objects
) -> bool:
    """True when the object's kind or namespace is created by this same sync."""
    ref = _ref(item)
    if kube.kind(api_version=item.api_version, kind=ref.kind) is None:
        return True
    return bool(ref.namespace) and ref.namespace in created_namespaces


def _missing_namespace(
    app: spec.AppSpec, desired: Sequence[spec.DesiredObject], kube: kube_objects.Objects
) -> manifests.ObjectRef | None:
    """The destination namespace when ``CreateNamespace`` must create it.

    Like Argo CD, the namespace is created but not tracked: it is never adopted, and never
    pruned with the Application (other tenants' objects may live in it).
    """
    ref = manifests.ObjectRef(group="", kind="Namespace", namespace="", name=app.namespace)
    if not app.create_namespace or any(_ref(item) == ref for item in desired):
        return None
    return ref if kube.get(api_version="v1", ref=ref) is None else None


def _orphans(previous: Sequence[str], current: Sequence[str]) -> list[str]:
    keep = set(current)
    return [entry for entry in previous if entry not in keep]
