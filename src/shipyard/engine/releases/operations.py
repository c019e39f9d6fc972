"""Release operations that need no chart rendering: rollback and uninstall.

    rollback: history ▶ guard (no pending-*) ▶ pending-rollback revision ▶ deploy the target
              revision's manifest (prune what the current one has extra) ▶ deployed/superseded
    uninstall: uninstalling ▶ delete the manifest's objects ▶ delete the history (or keep it
               as uninstalled)

Each step writes the revision's status as Helm does, so `helm history` and `helm status` tell
the same story, and a crash leaves a pending-* revision that blocks the next operation.
"""

from __future__ import annotations

import dataclasses

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core.charts import releases
from shipyard.engine.releases import deploying


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outcome:
    release: releases.Release
    message: str


def _history(store: storage.Store, *, name: str, namespace: str) -> list[releases.Release]:
    history = store.history(name=name, namespace=namespace)
    if not history:
        raise errors.UserError(f"release {namespace}/{name} not found")
    return history


def guard_pending(history: list[releases.Release]) -> None:
    newest = releases.latest(history)
    if newest is not None and newest.status in releases.PENDING:
        raise errors.UserError(
            f"release {newest.namespace}/{newest.name}: another operation is in progress "
            f"(revision {newest.version} is {newest.status})"
        )


def rollback(
    *,
    store: storage.Store,
    kube: kube_objects.Objects,
    name: str,
    namespace: str,
    revision: int = 0,
    wait: bool = False,
    timeout: float = 300.0,
    history_max: int = 10,
    report: deploying.Report = deploying._quiet,
) -> Outcome:
    """Rolls back to ``revision`` (0: the one before the current), as a new revision."""
    history = _history(store, name=name, namespace=namespace)
    guard_pending(history)
    newest = releases.latest(history)
    assert newest is not None
    current = releases.deployed(history) or newest
    wanted = revision or current.version - 1
    target = next((r for r in history if r.version == wanted), None)
    if target is None or wanted < 1:
        raise errors.UserError(f"release {namespace}/{name} has no revision {wanted}")
    stamp = releases.now()
    pending = (
        target.with_version(newest.version + 1)
        .with_status(releases.PENDING_ROLLBACK, description=f"Rollback to {wanted}")
        .with_info(first_deployed=current.info.get("first_deployed", stamp), last_deployed=stamp,
                   deleted="")
    )  # fmt: skip
    store.create(pending)
    try:
        deploying.deploy(
            kube=kube,
            manifest=target.manifest,
            previous=current.manifest,
            namespace=namespace,
            source=f"release {name} v{wanted}",
            wait=wait,
            timeout=timeout,
            report=report,
        )
    except errors.ShipyardError as exc:
        failed = pending.with_status(releases.FAILED, description=f"Rollback failed: {exc}"[:500])
        store.update(failed)
        if current.status == releases.DEPLOYED:
            store.update(current.with_status(releases.SUPERSEDED))
        raise
    for old in history:
        if old.status == releases.DEPLOYED:
            store.update(old.with_status(releases.SUPERSEDED))
    done = pending.with_status(releases.DEPLOYED)
    store.update(done)
    prune_history(store, history=[*history, done], keep=history_max)
    return Outcome(release=done, message=f"Rollback was a success! Happy Helming! (to {wanted})")


def prune_history(store: storage.Store, *, history: list[releases.Release], keep: int) -> None:
    """Keeps the newest ``keep`` revisions (0: all), never the deployed one."""
    if keep <= 0 or len(history) <= keep:
        return
    ordered = sorted(history, key=lambda r: r.version)
    for old in ordered[: len(ordered) - keep]:
        if old.status != releases.DEPLOYED:
            store.delete(old)


def uninstall(
    *,
    store: storage.Store,
    kube: kube_objects.Objects,
    name: str,
    namespace: str,
    keep_history: bool = False,
) -> Outcome:
    history = _history(store, name=name, namespace=namespace)
    newest = releases.latest(history)
    assert newest is not None
    if newest.status == releases.UNINSTALLED:
        raise errors.UserError(f"release {namespace}/{name} is already uninstalled")
    uninstalling = newest.with_status(releases.UNINSTALLING, description="Deletion in progress")
    store.update(uninstalling)
    deleted = deploying.delete_all(
        kube=kube, manifest=newest.manifest, namespace=namespace, source=f"release {name}"
    )
    if keep_history:
        store.update(
            uninstalling.with_status(releases.UNINSTALLED, description="Uninstallation complete")
            .with_info(deleted=releases.now())
        )  # fmt: skip
    else:
        for revision in history:
            store.delete(revision)
    return Outcome(
        release=uninstalling,
        message=f'release "{name}" uninstalled ({len(deleted)} objects deleted)',
    )
