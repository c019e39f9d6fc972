"""The order in which objects are applied: cluster prerequisites first, then sync waves, and
within a wave Helm's kind install order (so charts and plain manifests behave the same)."""

from __future__ import annotations

from collections.abc import Sequence

from shipyard.core import manifests

WAVE_ANNOTATION = "shipyard.dev/sync-wave"

# Helm 3's install order; unknown kinds (custom resources) come after, by kind name.
INSTALL_ORDER = (
    "PriorityClass", "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
    "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList",
    "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim",
    "CustomResourceDefinition", "ClusterRole", "ClusterRoleList", "ClusterRoleBinding",
    "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
    "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
    "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress",
    "APIService", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
)  # fmt: skip
_RANK = {kind: rank for rank, kind in enumerate(INSTALL_ORDER)}

# Applied (and waited for) before everything else: other objects may need them to exist.
PREREQUISITE_KINDS = frozenset({"CustomResourceDefinition", "Namespace", "ClusterRole"})


def wave_of(manifest: manifests.Manifest) -> int:
    """The sync wave of an object (annotation, default 0); a malformed value is an error."""
    annotations = (manifest.get("metadata") or {}).get("annotations") or {}
    raw = annotations.get(WAVE_ANNOTATION)
    if raw is None:
        return 0
    try:
        return int(str(raw).strip())
    except ValueError as exc:
        ref = manifests.ref_of(manifest)
        raise ValueError(f"{ref}: annotation {WAVE_ANNOTATION}={raw!r} is not an integer") from exc


def kind_rank(kind: str) -> tuple[int, str]:
    return (_RANK.get(kind, len(INSTALL_ORDER)), kind)


def apply_order(manifest: manifests.Manifest) -> tuple[int, int, tuple[int, str], str, str]:
    """Sort key: prerequisites, then wave, then install order, then namespace and name."""
    ref = manifests.ref_of(manifest)
    stage = 0 if ref.kind in PREREQUISITE_KINDS else 1
    return (stage, wave_of(manifest), kind_rank(ref.kind), ref.namespace, ref.name)


def stages(
    objects: Sequence[manifests.Manifest],
) -> list[tuple[str, list[manifests.Manifest]]]:
    """Objects grouped into named apply stages, each in install order."""
    ordered = sorted(objects, key=apply_order)
    groups: dict[str, list[manifests.Manifest]] = {}
    for manifest in ordered:
        stage, wave, _, _, _ = apply_order(manifest)
        name = "prerequisites" if stage == 0 else f"wave {wave}"
        groups.setdefault(name, []).append(manifest)
    return list(groups.items())


def prune_order(refs: list[manifests.ObjectRef]) -> list[manifests.ObjectRef]:
    """Deletion order: the reverse of install order (workloads before their namespaces)."""
    return sorted(refs, key=lambda ref: kind_rank(ref.kind), reverse=True)
