"""Running a release's hooks of one event the way Helm 3's ``execHook`` does.

    by weight, then name: delete (before-hook-creation) ▶ record Running ▶ create ▶ wait
    (Pod phase Succeeded, Job Complete) ▶ Succeeded | Failed (hook-failed: delete; earlier
    hook-succeeded ones: delete; stop) ▶ at the end, hook-succeeded ones deleted, last first

Every release operation runs its hooks here: install and upgrade (``installing``), rollback
and uninstall (``operations``) and ``release test`` (``testing``). Hook objects are created
(POST) as helm creates them, so an object left over by a hook whose policies keep it makes
the next run fail with "already exists", as it does with helm. Only Pods and Jobs are waited
for; any other kind is done once created. Each hook's wait, and each deletion, gets the whole
``timeout`` (0 or less: no limit), as in helm. A failed hook raises ``HookFailed``, whose
``helm_text`` is helm's wording of the error, for the release description.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import manifests
from shipyard.core.charts import gotime, hookruns, releases
from shipyard.engine.releases import deploying

POLL_SECONDS = 0.5
Record = Callable[[], None]


class HookFailed(errors.TerminalError):
    """A hook failed; the message says why, ``helm_text`` says it in helm's words (a failed
    wait is a go-multierror list there), for the release description."""

    def __init__(self, message: str, *, helm_text: str) -> None:
        super().__init__(message)
        self.helm_text = helm_text


def helm_text(exc: BaseException) -> str:
    """How helm would word ``exc`` in a release description."""
    return exc.helm_text if isinstance(exc, HookFailed) else str(exc)


def recording(
    store: storage.Store,
    current: Callable[[], releases.Release],
    *,
    report: deploying.Report = deploying._quiet,
) -> Record:
    """helm's ``recordRelease``: writes the release as it now stands; a failed write is only
    reported (helm logs it and goes on)."""

    def record() -> None:
        release = current()
        try:
            store.update(release)
        except errors.ShipyardError as exc:
            report(f"warning: failed to update release {release.name}: {exc}")

    return record


def _deadline(timeout: float) -> float | None:
    return time.monotonic() + timeout if timeout > 0 else None


def _expired(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def _span(timeout: float) -> str:
    return gotime.format_duration(round(timeout * 1e9))


def _objects(
    hook: Mapping[str, Any], *, purpose: str, kube: kube_objects.Objects, namespace: str
) -> list[dict[str, Any]]:
    try:
        return deploying.objects_of(
            str(hook.get("manifest", "")), namespace=namespace, kube=kube,
            source=str(hook.get("path", "")),
        )  # fmt: skip
    except errors.ShipyardError as exc:
        raise errors.TerminalError(
            f"unable to build kubernetes object for {purpose} hook {hook.get('path', '')}: {exc}"
        ) from exc


def delete_hook(
    hook: Mapping[str, Any], *, kube: kube_objects.Objects, namespace: str, timeout: float
) -> None:
    """Deletes the hook's objects and waits until they are gone (never a CRD, as helm)."""
    if hook.get("kind") == "CustomResourceDefinition":
        return
    found = _objects(hook, purpose="deleting", kube=kube, namespace=namespace)
    for obj in found:
        kube.delete(api_version=str(obj["apiVersion"]), ref=manifests.ref_of(obj))
    deadline = _deadline(timeout)
    for obj in found:
        ref = manifests.ref_of(obj)
        while kube.get(api_version=str(obj["apiVersion"]), ref=ref) is not None:
            if _expired(deadline):
                raise errors.TerminalError(f"{ref} was not deleted within {_span(timeout)}")
            time.sleep(POLL_SECONDS / 2)


def wait_finished(
    objects: list[dict[str, Any]], *, kube: kube_objects.Objects, timeout: float
) -> None:
    """Waits until every Job and Pod has finished; HookFailed with helm's message when one
    failed ("pod NAME failed") or the time ran out ("timed out waiting for the condition")."""
    deadline = _deadline(timeout)
    for obj in objects:
        if obj["kind"] not in hookruns.WAITED_KINDS:
            continue
        ref = manifests.ref_of(obj)
        while True:
            live = kube.get(api_version=str(obj["apiVersion"]), ref=ref)
            verdict = hookruns.verdict(str(obj["kind"]), ref.name, live)
            if verdict.failure:
                raise HookFailed(verdict.failure,
                                 helm_text=hookruns.multierror([verdict.failure]))  # fmt: skip
            if verdict.done:
                break
            if _expired(deadline):
                reason = "timed out waiting for the condition"
                raise HookFailed(f"{reason} ({verdict.state} after {_span(timeout)})",
                                 helm_text=hookruns.multierror([reason]))  # fmt: skip
            time.sleep(POLL_SECONDS)


def run_hooks(
    event: str,
    hooks: list[dict[str, Any]],
    *,
    kube: kube_objects.Objects,
    namespace: str,
    timeout: float,
    record: Record,
    report: deploying.Report = deploying._quiet,
) -> None:
    """Runs the hooks of ``event`` among ``hooks``, replacing each entry as its run goes on
    (``record`` is called once each hook is marked Running, as helm records the release).
    Raises HookFailed (or the adapter's error) when a hook fails; ``hooks`` then holds the
    failed run."""
    order = hookruns.order_of(hooks, event)
    for position, index in enumerate(order):
        hooks[index] = hookruns.with_default_policy(hooks[index])
        hook = hooks[index]
        if hookruns.has_policy(hook, hookruns.BEFORE_HOOK_CREATION):
            delete_hook(hook, kube=kube, namespace=namespace, timeout=timeout)
        created = _objects(hook, purpose=event, kube=kube, namespace=namespace)
        hooks[index] = hookruns.started(hook, at=releases.now())
        record()
        try:
            for obj in created:
                report(f"hook {event} {manifests.ref_of(obj)}")
                kube.create(obj)
        except errors.ShipyardError as exc:
            hooks[index] = hookruns.finished(hooks[index], at=releases.now(),
                                             phase=hookruns.FAILED)  # fmt: skip
            message = f"warning: Hook {event} {hook.get('path', '')} failed: {exc}"
            raise HookFailed(message, helm_text=message) from exc
        try:
            wait_finished(created, kube=kube, timeout=timeout)
        except errors.ShipyardError:
            hooks[index] = hookruns.finished(hooks[index], at=releases.now(),
                                             phase=hookruns.FAILED)  # fmt: skip
            if hookruns.has_policy(hook, hookruns.HOOK_FAILED):
                try:
                    delete_hook(hook, kube=kube, namespace=namespace, timeout=timeout)
                except errors.ShipyardError as exc:  # helm logs it and reports the failure
                    report(f"error deleting the hook resource on hook failure: {exc}")
            for earlier in order[:position]:
                if hookruns.has_policy(hooks[earlier], hookruns.HOOK_SUCCEEDED):
                    delete_hook(hooks[earlier], kube=kube, namespace=namespace, timeout=timeout)
            raise
        hooks[index] = hookruns.finished(hooks[index], at=releases.now(),
                                         phase=hookruns.SUCCEEDED)  # fmt: skip
    for index in reversed(order):
        if hookruns.has_policy(hooks[index], hookruns.HOOK_SUCCEEDED):
            delete_hook(hooks[index], kube=kube, namespace=namespace, timeout=timeout)
