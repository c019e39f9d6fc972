"""``assess``: the health of one live object, by the user's custom check for its (API group,
kind), else the check registered for it here, else the kstatus conventions. It never raises: an
object it cannot read is UNKNOWN, with the offending field named."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from shipyard.core import manifests
from shipyard.core.health import cluster, custom, fields, generic, pods, status, workloads

Check = Callable[[manifests.Manifest], status.HealthStatus]

# Older groups are listed too: clusters still serve objects applied as extensions/v1beta1.
_CHECKS: Mapping[tuple[str, str], Check] = {
    ("apps", "Deployment"): workloads.assess_deployment,
    ("extensions", "Deployment"): workloads.assess_deployment,
    ("apps", "StatefulSet"): workloads.assess_stateful_set,
    ("apps", "DaemonSet"): workloads.assess_daemon_set,
    ("extensions", "DaemonSet"): workloads.assess_daemon_set,
    ("apps", "ReplicaSet"): workloads.assess_replica_set,
    ("extensions", "ReplicaSet"): workloads.assess_replica_set,
    ("", "Pod"): pods.assess_pod,
    ("batch", "Job"): pods.assess_job,
    ("batch", "CronJob"): pods.assess_cron_job,
    ("", "Service"): cluster.assess_service,
    ("networking.k8s.io", "Ingress"): cluster.assess_ingress,
    ("extensions", "Ingress"): cluster.assess_ingress,
    ("", "PersistentVolumeClaim"): cluster.assess_persistent_volume_claim,
    ("autoscaling", "HorizontalPodAutoscaler"): cluster.assess_horizontal_pod_autoscaler,
    ("apiregistration.k8s.io", "APIService"): cluster.assess_api_service,
    ("apiextensions.k8s.io", "CustomResourceDefinition"): (
        cluster.assess_custom_resource_definition
    ),
}


def _being_deleted(obj: manifests.Manifest) -> status.HealthStatus | None:
    since = fields.string(obj, "metadata.deletionTimestamp")
    if not since:
        return None
    finalizers = fields.strings(obj, "metadata.finalizers")
    waiting = f"; waiting for finalizers: {', '.join(finalizers)}" if finalizers else ""
    return status.progressing(f"being deleted since {since}{waiting}")


def assess(
    obj: manifests.Manifest | None,
    *,
    checks: Mapping[tuple[str, str], custom.CustomCheck] | None = None,
) -> status.HealthStatus:
    """The health of ``obj`` as read from the cluster; None means it does not exist.

    A check in ``checks`` for the object's (group, kind) replaces the built-in one; deletion and
    absence are judged before either.
    """
    if obj is None:
        return status.HealthStatus(status=status.Health.MISSING, message="object does not exist")
    if not isinstance(obj, Mapping):
        return status.unknown(f"malformed object: {type(obj).__name__}, expected a mapping")
    try:
        deleting = _being_deleted(obj)
        if deleting is not None:
            return deleting
        identity = fields.identity(obj)
        custom_check = checks.get(identity) if checks else None
        if custom_check is not None:
            return custom.evaluate_check(custom_check, obj)
        check = _CHECKS.get(identity, generic.assess_by_conditions)
        return check(obj)
    except fields.Malformed as exc:
        return status.unknown(f"malformed object: {exc}")
