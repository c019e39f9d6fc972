"""Health of the replicated workloads of the ``apps`` group (Deployment, StatefulSet, DaemonSet,
ReplicaSet), following ``kubectl rollout status`` as Argo CD does: a rollout is healthy once the
controller has observed the latest spec and every desired replica is updated and available."""

from __future__ import annotations

from shipyard.core import manifests
from shipyard.core.health import fields, generic, status


def _desired_replicas(obj: manifests.Manifest) -> int:
    # The API server defaults spec.replicas to 1; a rendered manifest may leave it out.
    return fields.integer(obj, "spec.replicas", default=1)


def assess_deployment(obj: manifests.Manifest) -> status.HealthStatus:
    if fields.flag(obj, "spec.paused"):
        return status.suspended("rollout is paused (spec.paused is true)")
    waiting = generic.observing(obj, unreported_is_unobserved=True)
    if waiting is not None:
        return waiting
    conditions = fields.conditions(obj)
    progressing = conditions.get("Progressing")
    if progressing is not None and progressing.reason == "ProgressDeadlineExceeded":
        return status.degraded(progressing.describe())
    failure = conditions.get("ReplicaFailure")
    if failure is not None and failure.true:
        # Pods cannot even be created (quota, admission); waiting for the deadline adds nothing.
        return status.degraded(failure.describe())
    desired = _desired_replicas(obj)
    replicas = fields.integer(obj, "status.replicas")
    updated = fields.integer(obj, "status.updatedReplicas")
    available = fields.integer(obj, "status.availableReplicas")
    if updated < desired:
        return status.progressing(f"{updated} of {desired} replicas updated")
    if replicas > updated:
        return status.progressing(
            f"{replicas - updated} old replicas pending termination"
            f" ({updated} of {replicas} replicas updated)"
        )
    if available < updated:
        return status.progressing(f"{available} of {updated} updated replicas available")
    return status.healthy(f"{available} of {desired} replicas available")


def assess_stateful_set(obj: manifests.Manifest) -> status.HealthStatus:
    waiting = generic.observing(obj, unreported_is_unobserved=True)
    if waiting is not None:
        return waiting
    desired = _desired_replicas(obj)
    replicas = fields.integer(obj, "status.replicas")
    ready = fields.integer(obj, "status.readyReplicas")
    updated = fields.integer(obj, "status.updatedReplicas")
    if ready < desired:
        return status.progressing(f"{ready} of {desired} replicas ready")
    if replicas > desired:
        return status.progressing(f"{replicas - desired} extra replicas pending termination")
    strategy = fields.string(obj, "spec.updateStrategy.type") or "RollingUpdate"
    if strategy == "OnDelete":
        # The controller never replaces pods itself; a pending update is the user's move.
        return status.healthy(f"{ready} of {desired} replicas ready (updateStrategy OnDelete)")
    partition = fields.integer(obj, "spec.updateStrategy.rollingUpdate.partition")
    if partition > 0:
        # Only ordinals >= partition are updated; the rest stay at the old revision on purpose.
        target = max(desired - partition, 0)
        if updated < target:
            return status.progressing(
                f"partitioned rollout: {updated} of {target} replicas at or above"
                f" partition {partition} updated"
            )
        return status.healthy(
            f"partitioned rollout complete: {updated} of {target} replicas at or above"
            f" partition {partition} updated"
        )
    current_revision = fields.string(obj, "status.currentRevision")
    update_revision = fields.string(obj, "status.updateRevision")
    if update_revision and current_revision != update_revision:
        return status.progressing(
            f"rolling update: {updated} of {desired} replicas at revision {update_revision}"
        )
    return status.healthy(f"{ready} of {desired} replicas ready at revision {current_revision}")


def assess_daemon_set(obj: manifests.Manifest) -> status.HealthStatus:
    waiting = generic.observing(obj, unreported_is_unobserved=True)
    if waiting is not None:
        return waiting
    desired = fields.integer(obj, "status.desiredNumberScheduled")
    updated = fields.integer(obj, "status.updatedNumberScheduled")
    available = fields.integer(obj, "status.numberAvailable")
    on_delete = fields.string(obj, "spec.updateStrategy.type") == "OnDelete"
    # Under OnDelete old pods are replaced only when someone deletes them, so outdated pods are
    # expected; unavailable ones are still a problem.
    if not on_delete and updated < desired:
        return status.progressing(f"{updated} of {desired} scheduled pods updated")
    if available < desired:
        return status.progressing(f"{available} of {desired} scheduled pods available")
    suffix = f" ({updated} updated, updateStrategy OnDelete)" if on_delete else ""
    return status.healthy(f"{available} of {desired} scheduled pods available{suffix}")


def assess_replica_set(obj: manifests.Manifest) -> status.HealthStatus:
    waiting = generic.observing(obj, unreported_is_unobserved=True)
    if waiting is not None:
        return waiting
    failure = fields.conditions(obj).get("ReplicaFailure")
    if failure is not None and failure.true:
        return status.degraded(failure.describe())
    desired = _desired_replicas(obj)
    available = fields.integer(obj, "status.availableReplicas")
    if available < desired:
        return status.progressing(f"{available} of {desired} replicas available")
    return status.healthy(f"{available} of {desired} replicas available")
