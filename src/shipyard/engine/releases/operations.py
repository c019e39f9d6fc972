"""Release operations that need no chart rendering: rollback and uninstall.

    rollback: history ▶ guard (no pending-*) ▶ pending-rollback revision (the target's hooks
              and their last runs) ▶ pre-rollback hooks ▶ deploy the target revision's
              manifest (prune what the current one has extra) ▶ post-rollback hooks ▶
              deployed/superseded
    uninstall: uninstalling ▶ pre-delete hooks ▶ delete the manifest's objects ▶ post-delete
               hooks ▶ delete the history (or keep it as uninstalled)

Each step writes the revision's status as Helm does, so `helm history` and `helm status` tell
the same story, and a crash leaves a pending-* revision that blocks the next operation. Hooks
run through ``hooking`` (helm's execHook), the revision recorded as each one starts.

Where helm leaves a revision behind that no later operation may touch, shipyard writes the
failure down instead: a failed rollback hook marks the new revision failed ('Rollback "NAME"
failed: ...', helm's words for a failed rollback) where helm leaves it pending-rollback; a
failed pre-delete hook leaves the revision uninstalling as helm does, but with the hook's
Failed run recorded (helm's record keeps it Running).
"""

from __future__ import annotations

import dataclasses

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core.charts import releases
from shipyard.engine.releases import deploying, hooking

DELETING = "Deletion in progress (or silently failed)"  # helm's words for an uninstalling one


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
    hooks = [dict(h) for h in pending.hooks]

    def current_run() -> releases.Release:
        return releases.Release({**pending.data, "hooks": hooks})

    record = hooking.recording(store, current_run, report=report)
    applying = False
    try:
        hooking.run_hooks("pre-rollback", hooks, kube=kube, namespace=namespace, timeout=timeout,
                          record=record, report=report)  # fmt: skip
        applying = True
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
        hooking.run_hooks("post-rollback", hooks, kube=kube, namespace=namespace,
                          timeout=timeout, record=record, report=report)  # fmt: skip
    except errors.ShipyardError as exc:
        failed = current_run().with_status(
            releases.FAILED, description=f'Rollback "{name}" failed: {hooking.helm_text(exc)}'[:500]
        )
        store.update(failed)
        # Once the target's objects were applied, the current revision is no longer what runs
        # (helm supersedes it when its update fails); a failed pre-rollback hook changed nothing.
        if applying and current.status == releases.DEPLOYED:
            store.update(current.with_status(releases.SUPERSEDED))
        raise
    for old in history:
        if old.status == releases.DEPLOYED:
            store.update(old.with_status(releases.SUPERSEDED))
    done = current_run().with_status(releases.DEPLOYED)
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
    timeout: float = 300.0,
    report: deploying.Report = deploying._quiet,
) -> Outcome:
    """Uninstalls as helm does: pre-delete hooks (a failure stops here, the revision left
    uninstalling), the manifest's objects deleted, post-delete hooks (a failure is reported
    once the uninstall is complete), the history deleted or kept as uninstalled."""
    history = _history(store, name=name, namespace=namespace)
    newest = releases.latest(history)
    assert newest is not None
    if newest.status == releases.UNINSTALLED:
        raise errors.UserError(f"release {namespace}/{name} is already uninstalled")
    uninstalling = newest.with_status(releases.UNINSTALLING, description=DELETING).with_info(
        deleted=releases.now()
    )
    hooks = [dict(h) for h in newest.hooks]

    def current_run() -> releases.Release:
        return releases.Release({**uninstalling.data, "hooks": hooks})

    record = hooking.recording(store, current_run, report=report)
    try:
        hooking.run_hooks("pre-delete", hooks, kube=kube, namespace=namespace, timeout=timeout,
                          record=record, report=report)  # fmt: skip
    except errors.ShipyardError:
        record()
        raise
    store.update(current_run())
    deleted = deploying.delete_all(
        kube=kube, manifest=newest.manifest, namespace=namespace, source=f"release {name}"
    )
    problems = []
    try:
        hooking.run_hooks("post-delete", hooks, kube=kube, namespace=namespace, timeout=timeout,
                          record=record, report=report)  # fmt: skip
    except errors.ShipyardError as exc:  # helm finishes the uninstall, then reports it
        problems.append(str(exc))
    done = current_run().with_status(releases.UNINSTALLED, description="Uninstallation complete")
    if keep_history:
        store.update(done)
        for old in history:  # helm supersedes any other deployed revision (helm issue #12556)
            if old.version != done.version and old.status == releases.DEPLOYED:
                store.update(old.with_status(releases.SUPERSEDED))
    else:
        for revision in history:
            store.delete(revision)
    if problems:
        raise errors.TerminalError(
            f"uninstallation completed with {len(problems)} error(s): " + "; ".join(problems)
        )
    return Outcome(
        release=done,
        message=f'release "{name}" uninstalled ({len(deleted)} objects deleted)',
    )
