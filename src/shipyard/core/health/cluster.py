"""Health of the kinds that serve workloads or extend the cluster: Service, Ingress,
PersistentVolumeClaim, HorizontalPodAutoscaler, APIService and CustomResourceDefinition, each by
the status field or condition its controller uses to say it is done."""

from __future__ import annotations

import json

from shipyard.core import manifests
from shipyard.core.health import fields, status

# autoscaling/v1 has no status.conditions; the API server carries them in this annotation.
_HPA_V1_CONDITIONS = "autoscaling.alpha.kubernetes.io/conditions"


def _load_balancer_addresses(obj: manifests.Manifest) -> list[str]:
    addresses = []
    path = "status.loadBalancer.ingress"
    for index, point in enumerate(fields.mappings(obj, path)):
        with fields.within(f"{path}[{index}]"):
            address = fields.string(point, "ip") or fields.string(point, "hostname")
        addresses.append(address or "(no address)")
    return addresses


def assess_service(obj: manifests.Manifest) -> status.HealthStatus:
    kind = fields.string(obj, "spec.type") or "ClusterIP"
    if kind != "LoadBalancer":
        return status.healthy(f"{kind} service needs no external address")
    addresses = _load_balancer_addresses(obj)
    if not addresses:
        return status.progressing("waiting for the load balancer to be given an address")
    return status.healthy(f"load balancer at {', '.join(addresses)}")


def assess_ingress(obj: manifests.Manifest) -> status.HealthStatus:
    addresses = _load_balancer_addresses(obj)
    if not addresses:
        return status.progressing("waiting for the ingress controller to publish an address")
    return status.healthy(f"load balancer at {', '.join(addresses)}")


def assess_persistent_volume_claim(obj: manifests.Manifest) -> status.HealthStatus:
    phase = fields.string(obj, "status.phase")
    volume = fields.string(obj, "spec.volumeName") or "(unnamed)"
    if phase == "Bound":
        return status.healthy(f"bound to volume {volume}")
    if phase == "Lost":
        return status.degraded(f"claim lost its volume {volume} (phase Lost)")
    if phase == "Pending":
        # Also the steady state of WaitForFirstConsumer classes until a pod uses the claim.
        return status.progressing("waiting for a volume to be bound (phase Pending)")
    return status.unknown(f"claim phase is {phase}" if phase else "claim reports no phase")


def _autoscaler_conditions(obj: manifests.Manifest) -> dict[str, fields.Condition]:
    found = fields.conditions(obj)
    if found:
        return found
    raw = fields.mapping(obj, "metadata.annotations").get(_HPA_V1_CONDITIONS)
    if raw is None:
        return {}
    path = f"metadata.annotations[{_HPA_V1_CONDITIONS}]"
    if not isinstance(raw, str):
        raise fields.Malformed(f"{path} is not a string")
    try:
        decoded = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise fields.Malformed(f"{path} is not valid JSON") from exc
    return fields.conditions_in(fields.as_mappings(decoded, path=path), path=path)


def assess_horizontal_pod_autoscaler(obj: manifests.Manifest) -> status.HealthStatus:
    conditions = _autoscaler_conditions(obj)
    if not conditions:
        return status.progressing("waiting for the autoscaler to report its conditions")
    able = conditions.get("AbleToScale")
    if able is not None and able.false:
        return status.degraded(able.describe())
    active = conditions.get("ScalingActive")
    if active is not None and active.false:
        # ScalingDisabled: the target was scaled to zero by hand, which switches autoscaling off.
        if active.reason == "ScalingDisabled":
            return status.suspended(active.describe())
        return status.degraded(active.describe())
    current = fields.integer(obj, "status.currentReplicas")
    desired = fields.integer(obj, "status.desiredReplicas")
    message = f"{current} replicas, {desired} desired"
    limited = conditions.get("ScalingLimited")
    if limited is not None and limited.true:
        message += f"; {limited.describe()}"
    return status.healthy(message)


def assess_api_service(obj: manifests.Manifest) -> status.HealthStatus:
    available = fields.conditions(obj).get("Available")
    if available is None:
        return status.progressing("waiting for condition Available")
    if available.true:
        return status.healthy(available.describe())
    if available.false:
        return status.degraded(available.describe())
    return status.progressing(available.describe())


def assess_custom_resource_definition(obj: manifests.Manifest) -> status.HealthStatus:
    conditions = fields.conditions(obj)
    names = conditions.get("NamesAccepted")
    if names is not None and names.false:
        return status.degraded(names.describe())
    # Set on CRDs carried over from apiextensions v1beta1 whose schema v1 would reject.
    non_structural = conditions.get("NonStructuralSchema")
    if non_structural is not None and non_structural.true:
        return status.degraded(non_structural.describe())
    established = conditions.get("Established")
    if established is None:
        return status.progressing("waiting for condition Established")
    if established.true:
        return status.healthy(established.describe())
    return status.progressing(established.describe())
