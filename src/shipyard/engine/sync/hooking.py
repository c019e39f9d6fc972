"""Running the hooks of one phase: create each hook, wait for it to finish, apply its delete
policy. A failed hook fails the sync at its phase (``SyncFailed``), after the policy ran."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence

from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import changeset, hooks, manifests, ordering
from shipyard.core import health as health_rules
from shipyard.engine.sync import spec

Report = Callable[[str], None]
TIMEOUT = 300.0


class HookFailed(Exception):
    def __init__(
        self, *, phase: hooks.Phase, changes: list[changeset.Change], message: str
    ) -> None:
        super().__init__(message)
        self.phase = phase
        self.changes = changes


def _wait_gone(kube: kube_objects.Objects, item: spec.DesiredObject, *, timeout: float) -> None:
    ref = manifests.ref_of(item.manifest)
    deadline = time.monotonic() + timeout
    while kube.get(api_version=item.api_version, ref=ref) is not None:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{ref}: previous hook still being deleted after {timeout:.0f} s")
        time.sleep(0.2)


def _wait_done(
    kube: kube_objects.Objects,
    item: spec.DesiredObject,
    *,
    timeout: float,
    checks: Mapping[tuple[str, str], health_rules.CustomCheck],
) -> health_rules.HealthStatus:
    """Healthy (Job complete, Pod succeeded, anything else present) or Degraded."""
    ref = manifests.ref_of(item.manifest)
    deadline = time.monotonic() + timeout
    while True:
        status = health_rules.assess(kube.get(api_version=item.api_version, ref=ref), checks=checks)
        if status.status in (health_rules.Health.HEALTHY, health_rules.Health.DEGRADED):
            return status
        if ref.kind not in ("Job", "Pod"):
            return health_rules.HealthStatus(status=health_rules.Health.HEALTHY, message="applied")
        if time.monotonic() > deadline:
            return health_rules.HealthStatus(
                status=health_rules.Health.DEGRADED,
                message=f"did not finish within {timeout:.0f} s ({status.message})",
            )
        time.sleep(0.3)


def run(
    phase: hooks.Phase,
    items: Sequence[spec.DesiredObject],
    *,
    kube: kube_objects.Objects,
    report: Report,
    checks: Mapping[tuple[str, str], health_rules.CustomCheck],
    timeout: float = TIMEOUT,
) -> list[changeset.Change]:
    """Runs the hooks of ``phase`` one by one in install order; raises ``HookFailed``."""
    changes: list[changeset.Change] = []
    ordered = sorted(items, key=lambda item: ordering.apply_order(item.manifest))
    for item in ordered:
        ref = manifests.ref_of(item.manifest)
        policies = hooks.policies_of(item.manifest)
        report(f"{phase.value} hook {ref}")
        if hooks.Policy.BEFORE_HOOK_CREATION in policies and kube.get(
            api_version=item.api_version, ref=ref
        ):
            kube.delete(api_version=item.api_version, ref=ref)
            _wait_gone(kube, item, timeout=timeout)
        try:
            kube.apply(item.manifest, dry_run=False)
        except kube_objects.ApplyRefused as exc:
            changes.append(
                changeset.Change(ref=ref, action=changeset.Action.FAILED, reason=exc.reason)
            )
            raise HookFailed(phase=phase, changes=changes, message=f"{ref}: {exc.reason}") from exc
        outcome = _wait_done(kube, item, timeout=timeout, checks=checks)
        succeeded = outcome.status is health_rules.Health.HEALTHY
        delete_now = (succeeded and hooks.Policy.HOOK_SUCCEEDED in policies) or (
            not succeeded and hooks.Policy.HOOK_FAILED in policies
        )
        if delete_now:
            kube.delete(api_version=item.api_version, ref=ref)
            # Gone before the sync goes on, so the next sync never meets a half-deleted hook.
            with contextlib.suppress(TimeoutError):
                _wait_gone(kube, item, timeout=30.0)
        reason = f"{phase.value} hook {'succeeded' if succeeded else 'failed'}: {outcome.message}"
        if delete_now:
            reason += " (deleted by its delete policy)"
        action = changeset.Action.CREATED if succeeded else changeset.Action.FAILED
        changes.append(changeset.Change(ref=ref, action=action, reason=reason))
        if not succeeded:
            raise HookFailed(phase=phase, changes=changes, message=f"{ref}: {reason}")
    return changes
