"""Health of Pods and of the batch kinds that run them to completion (Job, CronJob).

Pods follow Argo CD's check: a finished pod is judged by its phase, a container stuck in an
error state (CrashLoopBackOff, ImagePullBackOff...) makes the pod DEGRADED, and a running pod is
HEALTHY only when ready and meant to keep running.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shipyard.core import manifests
from shipyard.core.health import fields, status

# Waiting reasons the kubelet will not get out of without a change to the pod, its image or its
# config. Argo CD matches the prefix "Err" and the suffixes "Error" and "BackOff"; the set names
# the ones those patterns miss.
_STUCK_REASONS = frozenset({"InvalidImageName"})


def _is_stuck(reason: str) -> bool:
    return (
        reason in _STUCK_REASONS
        or reason.startswith("Err")
        or reason.endswith(("Error", "BackOff"))
    )


def _container_statuses(obj: manifests.Manifest) -> list[tuple[str, Mapping[str, Any]]]:
    """(path, status) of every init and app container, init containers first as they run."""
    return [
        (f"status.{field}[{index}]", item)
        for field in ("initContainerStatuses", "containerStatuses")
        for index, item in enumerate(fields.mappings(obj, f"status.{field}"))
    ]


def _stuck_containers(obj: manifests.Manifest) -> list[str]:
    stuck = []
    for path, container in _container_statuses(obj):
        with fields.within(path):
            name = fields.string(container, "name")
            reason = fields.string(container, "state.waiting.reason")
            message = fields.string(container, "state.waiting.message")
        if _is_stuck(reason):
            stuck.append(": ".join(part for part in (f"container {name}", reason, message) if part))
    return stuck


def _failure(obj: manifests.Manifest) -> str:
    reason = fields.string(obj, "status.reason")
    message = fields.string(obj, "status.message")
    if reason or message:
        # The kubelet's own account (Evicted, DeadlineExceeded...) is the most precise one.
        return ": ".join(part for part in ("pod failed", reason, message) if part)
    for path, container in _container_statuses(obj):
        with fields.within(path):
            name = fields.string(container, "name")
            exit_code = fields.integer(container, "state.terminated.exitCode")
            reason = fields.string(container, "state.terminated.reason")
            message = fields.string(container, "state.terminated.message")
        if exit_code != 0 or reason == "OOMKilled":
            exited = f"container {name} exited with code {exit_code}"
            return ": ".join(part for part in ("pod failed", exited, reason, message) if part)
    return "pod failed"


def _pending(obj: manifests.Manifest) -> str:
    scheduled = fields.conditions(obj).get("PodScheduled")
    if scheduled is not None and scheduled.false:
        return f"pending: {scheduled.describe()}"
    for path, container in _container_statuses(obj):
        with fields.within(path):
            name = fields.string(container, "name")
            reason = fields.string(container, "state.waiting.reason")
        if reason:
            return f"pending: container {name} waiting: {reason}"
    return "pending: " + (fields.string(obj, "status.message") or "waiting to be scheduled")


def _running(obj: manifests.Manifest) -> status.HealthStatus:
    policy = fields.string(obj, "spec.restartPolicy") or "Always"
    if policy != "Always":
        # Such pods are meant to finish (hooks, one-off tasks): done, not up, is their goal.
        return status.progressing(f"running; restartPolicy {policy}: healthy once it succeeds")
    names, unready = [], []
    for path, container in _container_statuses(obj):
        if path.startswith("status.initContainerStatuses"):
            continue
        with fields.within(path):
            name = fields.string(container, "name")
            if not fields.flag(container, "ready"):
                unready.append(name)
        names.append(name)
    counts = f"{len(names) - len(unready)} of {len(names)} containers ready"
    ready = fields.conditions(obj).get("Ready")
    # The Ready condition also covers readiness gates; without it, containers decide.
    is_ready = ready.true if ready is not None else bool(names) and not unready
    if is_ready:
        return status.healthy(f"running, {counts}")
    if unready:
        return status.progressing(f"running, {counts} (not ready: {', '.join(unready)})")
    return status.progressing(f"running, {counts}" + (f"; {ready.describe()}" if ready else ""))


def assess_pod(obj: manifests.Manifest) -> status.HealthStatus:
    phase = fields.string(obj, "status.phase")
    if phase == "Succeeded":
        return status.healthy("pod succeeded")
    if phase == "Failed":
        return status.degraded(_failure(obj))
    stuck = _stuck_containers(obj)
    if stuck:
        return status.degraded("; ".join(stuck))
    if phase == "Pending":
        return status.progressing(_pending(obj))
    if phase == "Running":
        return _running(obj)
    if not phase:
        return status.unknown("pod reports no phase")
    return status.unknown(f"pod phase is {phase}")


def assess_job(obj: manifests.Manifest) -> status.HealthStatus:
    conditions = fields.conditions(obj)
    # FailureTarget=True is set (Kubernetes 1.31+) once failure is decided, before Failed waits
    # for the pods to terminate; the outcome cannot change any more.
    for kind in ("Failed", "FailureTarget"):
        failed = conditions.get(kind)
        if failed is not None and failed.true:
            return status.degraded(failed.describe())
    complete = conditions.get("Complete")
    if complete is not None and complete.true:
        return status.healthy(complete.describe())
    suspended = conditions.get("Suspended")
    if fields.flag(obj, "spec.suspend") or (suspended is not None and suspended.true):
        return status.suspended("job is suspended")
    active = fields.integer(obj, "status.active")
    succeeded = fields.integer(obj, "status.succeeded")
    failures = fields.integer(obj, "status.failed")
    # Work-queue jobs leave completions unset: any one success completes them.
    completions = fields.optional_integer(obj, "spec.completions")
    done = f"{succeeded} of {completions}" if completions is not None else f"{succeeded}"
    return status.progressing(f"running: {active} active, {done} succeeded, {failures} failed pods")


def assess_cron_job(obj: manifests.Manifest) -> status.HealthStatus:
    if fields.flag(obj, "spec.suspend"):
        return status.suspended("schedule is suspended (spec.suspend is true)")
    last = fields.string(obj, "status.lastScheduleTime")
    return status.healthy(f"last scheduled at {last}" if last else "not scheduled yet")
