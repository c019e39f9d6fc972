"""Health assessment by kind, as tables: each row is a live object, the expected verdict and a
distinctive part of the message that explains it."""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from shipyard.core import health

Health = health.Health


def make(
    api_version: str,
    kind: str,
    *,
    spec: Mapping[str, Any] | None = None,
    status: Any = None,
    **metadata: Any,
) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "apiVersion": api_version,
        "kind": kind,
        "metadata": {"name": "x", "namespace": "default", **metadata},
    }
    if spec is not None:
        obj["spec"] = dict(spec)
    if status is not None:
        obj["status"] = status
    return obj


def cond(kind: str, state: str, reason: str = "", message: str = "") -> dict[str, str]:
    return {"type": kind, "status": state, "reason": reason, "message": message}


def deployment(*, spec: Mapping[str, Any] | None = None, **status: Any) -> dict[str, Any]:
    return make(
        "apps/v1",
        "Deployment",
        spec={"replicas": 3, **(spec or {})},
        status={"observedGeneration": 2, **status},
        generation=2,
    )


def pod(phase: str, *, restart: str = "Always", **status: Any) -> dict[str, Any]:
    return make("v1", "Pod", spec={"restartPolicy": restart}, status={"phase": phase, **status})


def container(name: str, *, ready: bool = False, **state: Any) -> dict[str, Any]:
    return {"name": name, "ready": ready, "state": state}


def waiting(name: str, reason: str, message: str = "") -> dict[str, Any]:
    return container(name, waiting={"reason": reason, "message": message})


def job(*conditions: dict[str, str], **spec: Any) -> dict[str, Any]:
    return make("batch/v1", "Job", spec=spec, status={"conditions": list(conditions)})


def hpa(*conditions: dict[str, str]) -> dict[str, Any]:
    return make(
        "autoscaling/v2",
        "HorizontalPodAutoscaler",
        status={"currentReplicas": 2, "desiredReplicas": 2, "conditions": list(conditions)},
    )


def custom(status: Any = None, **metadata: Any) -> dict[str, Any]:
    return make("example.dev/v1", "Widget", status=status, generation=2, **metadata)


READY = cond("Ready", "True", "Succeeded", "all good")
SERVICE_LB = {"type": "LoadBalancer"}

CASES = [
    # Deployment
    pytest.param(deployment(spec={"paused": True}), Health.SUSPENDED, "paused", id="deploy-paused"),
    pytest.param(
        deployment(observedGeneration=1),
        Health.PROGRESSING,
        "waiting for the controller to observe generation 2",
        id="deploy-generation-lag",
    ),
    pytest.param(
        make("apps/v1", "Deployment", generation=1),
        Health.PROGRESSING,
        "observe generation 1",
        id="deploy-no-status-yet",
    ),
    pytest.param(
        deployment(
            replicas=3,
            updatedReplicas=1,
            conditions=[
                cond(
                    "Progressing",
                    "False",
                    "ProgressDeadlineExceeded",
                    'ReplicaSet "web-5d" has timed out progressing.',
                )
            ],
        ),
        Health.DEGRADED,
        "condition Progressing=False: ProgressDeadlineExceeded: ReplicaSet",
        id="deploy-deadline-exceeded",
    ),
    pytest.param(
        deployment(conditions=[cond("ReplicaFailure", "True", "FailedCreate", "exceeded quota")]),
        Health.DEGRADED,
        "FailedCreate: exceeded quota",
        id="deploy-replica-failure",
    ),
    pytest.param(
        deployment(replicas=3, updatedReplicas=1, availableReplicas=3),
        Health.PROGRESSING,
        "1 of 3 replicas updated",
        id="deploy-updating",
    ),
    pytest.param(
        make("apps/v1", "Deployment", spec={}, status={"replicas": 0}),
        Health.PROGRESSING,
        "0 of 1 replicas updated",
        id="deploy-default-one-replica",
    ),
    pytest.param(
        deployment(replicas=4, updatedReplicas=3, availableReplicas=3),
        Health.PROGRESSING,
        "1 old replicas pending termination",
        id="deploy-old-replicas",
    ),
    pytest.param(
        deployment(replicas=3, updatedReplicas=3, availableReplicas=2),
        Health.PROGRESSING,
        "2 of 3 updated replicas available",
        id="deploy-unavailable",
    ),
    pytest.param(
        deployment(
            replicas=3,
            updatedReplicas=3,
            availableReplicas=3,
            conditions=[cond("Progressing", "True", "NewReplicaSetAvailable")],
        ),
        Health.HEALTHY,
        "3 of 3 replicas available",
        id="deploy-healthy",
    ),
    pytest.param(
        make("extensions/v1beta1", "Deployment", spec={"replicas": 2}, status={"replicas": 1}),
        Health.PROGRESSING,
        "0 of 2 replicas updated",
        id="deploy-extensions-group",
    ),
    pytest.param(
        deployment(spec={"replicas": 0}),
        Health.HEALTHY,
        "0 of 0 replicas available",
        id="deploy-scaled-to-zero",
    ),
    # StatefulSet
    pytest.param(
        make("apps/v1", "StatefulSet", generation=4, status={"observedGeneration": 3}),
        Health.PROGRESSING,
        "observe generation 4",
        id="sts-generation-lag",
    ),
    pytest.param(
        make("apps/v1", "StatefulSet", spec={"replicas": 3}, status={"readyReplicas": 1}),
        Health.PROGRESSING,
        "1 of 3 replicas ready",
        id="sts-not-ready",
    ),
    pytest.param(
        make(
            "apps/v1",
            "StatefulSet",
            spec={"replicas": 2},
            status={"replicas": 3, "readyReplicas": 3},
        ),
        Health.PROGRESSING,
        "1 extra replicas pending termination",
        id="sts-scaling-down",
    ),
    pytest.param(
        make(
            "apps/v1",
            "StatefulSet",
            spec={"replicas": 2, "updateStrategy": {"type": "OnDelete"}},
            status={"readyReplicas": 2, "currentRevision": "a", "updateRevision": "b"},
        ),
        Health.HEALTHY,
        "2 of 2 replicas ready (updateStrategy OnDelete)",
        id="sts-on-delete",
    ),
    pytest.param(
        make(
            "apps/v1",
            "StatefulSet",
            spec={
                "replicas": 5,
                "updateStrategy": {"type": "RollingUpdate", "rollingUpdate": {"partition": 2}},
            },
            status={"readyReplicas": 5, "updatedReplicas": 1, "updateRevision": "b"},
        ),
        Health.PROGRESSING,
        "partitioned rollout: 1 of 3 replicas at or above partition 2",
        id="sts-partition-rolling",
    ),
    pytest.param(
        make(
            "apps/v1",
            "StatefulSet",
            spec={"replicas": 5, "updateStrategy": {"rollingUpdate": {"partition": 2}}},
            status={"readyReplicas": 5, "updatedReplicas": 3, "currentRevision": "a"},
        ),
        Health.HEALTHY,
        "partitioned rollout complete: 3 of 3",
        id="sts-partition-done",
    ),
    pytest.param(
        make(
            "apps/v1",
            "StatefulSet",
            spec={"replicas": 3},
            status={
                "readyReplicas": 3,
                "updatedReplicas": 1,
                "currentRevision": "web-1",
                "updateRevision": "web-2",
            },
        ),
        Health.PROGRESSING,
        "rolling update: 1 of 3 replicas at revision web-2",
        id="sts-revision-rolling",
    ),
    pytest.param(
        make(
            "apps/v1",
            "StatefulSet",
            spec={"replicas": 3},
            status={
                "readyReplicas": 3,
                "updatedReplicas": 3,
                "currentRevision": "web-2",
                "updateRevision": "web-2",
            },
        ),
        Health.HEALTHY,
        "3 of 3 replicas ready at revision web-2",
        id="sts-healthy",
    ),
    # DaemonSet
    pytest.param(
        make("apps/v1", "DaemonSet", generation=2, status={"observedGeneration": 1}),
        Health.PROGRESSING,
        "observe generation 2",
        id="ds-generation-lag",
    ),
    pytest.param(
        make(
            "apps/v1",
            "DaemonSet",
            status={"desiredNumberScheduled": 3, "updatedNumberScheduled": 2},
        ),
        Health.PROGRESSING,
        "2 of 3 scheduled pods updated",
        id="ds-updating",
    ),
    pytest.param(
        make(
            "apps/v1",
            "DaemonSet",
            status={
                "desiredNumberScheduled": 3,
                "updatedNumberScheduled": 3,
                "numberAvailable": 2,
            },
        ),
        Health.PROGRESSING,
        "2 of 3 scheduled pods available",
        id="ds-unavailable",
    ),
    pytest.param(
        make(
            "apps/v1",
            "DaemonSet",
            spec={"updateStrategy": {"type": "OnDelete"}},
            status={
                "desiredNumberScheduled": 3,
                "updatedNumberScheduled": 1,
                "numberAvailable": 3,
            },
        ),
        Health.HEALTHY,
        "3 of 3 scheduled pods available (1 updated, updateStrategy OnDelete)",
        id="ds-on-delete-outdated",
    ),
    pytest.param(
        make(
            "apps/v1",
            "DaemonSet",
            spec={"updateStrategy": {"type": "OnDelete"}},
            status={"desiredNumberScheduled": 3, "numberAvailable": 1},
        ),
        Health.PROGRESSING,
        "1 of 3 scheduled pods available",
        id="ds-on-delete-unavailable",
    ),
    pytest.param(
        make(
            "apps/v1",
            "DaemonSet",
            status={
                "desiredNumberScheduled": 3,
                "updatedNumberScheduled": 3,
                "numberAvailable": 3,
            },
        ),
        Health.HEALTHY,
        "3 of 3 scheduled pods available",
        id="ds-healthy",
    ),
    # ReplicaSet
    pytest.param(
        make("apps/v1", "ReplicaSet", generation=3, status={"observedGeneration": 2}),
        Health.PROGRESSING,
        "observe generation 3",
        id="rs-generation-lag",
    ),
    pytest.param(
        make(
            "apps/v1",
            "ReplicaSet",
            spec={"replicas": 2},
            status={
                "conditions": [
                    cond("ReplicaFailure", "True", "FailedCreate", 'pods "web-" is forbidden')
                ]
            },
        ),
        Health.DEGRADED,
        "condition ReplicaFailure=True: FailedCreate: pods",
        id="rs-replica-failure",
    ),
    pytest.param(
        make("apps/v1", "ReplicaSet", spec={"replicas": 2}, status={"availableReplicas": 1}),
        Health.PROGRESSING,
        "1 of 2 replicas available",
        id="rs-unavailable",
    ),
    pytest.param(
        make("apps/v1", "ReplicaSet", spec={"replicas": 2}, status={"availableReplicas": 2}),
        Health.HEALTHY,
        "2 of 2 replicas available",
        id="rs-healthy",
    ),
    pytest.param(
        make("apps/v1", "ReplicaSet", spec={"replicas": 0}, status={"replicas": 0}),
        Health.HEALTHY,
        "0 of 0 replicas available",
        id="rs-old-scaled-down",
    ),
    # Pod
    pytest.param(pod("Succeeded", restart="Never"), Health.HEALTHY, "succeeded", id="pod-done"),
    pytest.param(
        pod("Failed", reason="Evicted", message="The node was low on resource: memory."),
        Health.DEGRADED,
        "pod failed: Evicted: The node was low on resource: memory.",
        id="pod-evicted",
    ),
    pytest.param(
        pod(
            "Failed",
            restart="Never",
            containerStatuses=[container("main", terminated={"exitCode": 2, "reason": "Error"})],
        ),
        Health.DEGRADED,
        "container main exited with code 2: Error",
        id="pod-failed-exit-code",
    ),
    pytest.param(
        pod(
            "Failed",
            containerStatuses=[
                container("ok", terminated={"exitCode": 0}),
                container("big", terminated={"exitCode": 137, "reason": "OOMKilled"}),
            ],
        ),
        Health.DEGRADED,
        "container big exited with code 137: OOMKilled",
        id="pod-oom-killed",
    ),
    pytest.param(pod("Failed"), Health.DEGRADED, "pod failed", id="pod-failed-no-detail"),
    pytest.param(
        pod(
            "Pending",
            conditions=[cond("PodScheduled", "False", "Unschedulable", "0/3 nodes are available")],
        ),
        Health.PROGRESSING,
        "PodScheduled=False: Unschedulable: 0/3 nodes are available",
        id="pod-unschedulable",
    ),
    pytest.param(
        pod("Pending", containerStatuses=[waiting("app", "ContainerCreating")]),
        Health.PROGRESSING,
        "container app waiting: ContainerCreating",
        id="pod-creating",
    ),
    pytest.param(pod("Pending"), Health.PROGRESSING, "pending", id="pod-pending-bare"),
    *(
        pytest.param(
            pod(phase, containerStatuses=[container("web", ready=True), waiting("app", reason)]),
            Health.DEGRADED,
            f"container app: {reason}",
            id=f"pod-{phase.lower()}-{reason}",
        )
        for phase, reason in [
            ("Running", "CrashLoopBackOff"),
            ("Pending", "ImagePullBackOff"),
            ("Pending", "ErrImagePull"),
            ("Pending", "CreateContainerConfigError"),
            ("Pending", "InvalidImageName"),
        ]
    ),
    pytest.param(
        pod(
            "Running",
            containerStatuses=[
                waiting("app", "CrashLoopBackOff", "back-off 5m0s restarting failed container")
            ],
        ),
        Health.DEGRADED,
        "container app: CrashLoopBackOff: back-off 5m0s restarting failed container",
        id="pod-crashloop-message",
    ),
    pytest.param(
        pod("Pending", initContainerStatuses=[waiting("init-db", "CrashLoopBackOff")]),
        Health.DEGRADED,
        "container init-db: CrashLoopBackOff",
        id="pod-init-crashloop",
    ),
    pytest.param(
        pod(
            "Running",
            conditions=[cond("Ready", "True")],
            containerStatuses=[container("app", ready=True), container("proxy", ready=True)],
        ),
        Health.HEALTHY,
        "2 of 2 containers ready",
        id="pod-ready",
    ),
    pytest.param(
        pod("Running", containerStatuses=[container("app", ready=True)]),
        Health.HEALTHY,
        "1 of 1 containers ready",
        id="pod-ready-without-condition",
    ),
    pytest.param(
        pod(
            "Running",
            conditions=[cond("Ready", "False", "ContainersNotReady")],
            containerStatuses=[container("app", ready=True), container("sidecar")],
        ),
        Health.PROGRESSING,
        "1 of 2 containers ready (not ready: sidecar)",
        id="pod-not-ready",
    ),
    pytest.param(
        pod(
            "Running",
            conditions=[cond("Ready", "False", "ReadinessGatesNotReady")],
            containerStatuses=[container("app", ready=True)],
        ),
        Health.PROGRESSING,
        "Ready=False: ReadinessGatesNotReady",
        id="pod-readiness-gate",
    ),
    pytest.param(
        pod("Running", restart="Never", containerStatuses=[container("app", ready=True)]),
        Health.PROGRESSING,
        "restartPolicy Never",
        id="pod-running-hook",
    ),
    pytest.param(pod("Unknown"), Health.UNKNOWN, "phase is Unknown", id="pod-phase-unknown"),
    pytest.param(make("v1", "Pod"), Health.UNKNOWN, "no phase", id="pod-no-phase"),
    # Job and CronJob
    pytest.param(
        job(
            cond(
                "Failed",
                "True",
                "BackoffLimitExceeded",
                "Job has reached the specified backoff limit",
            )
        ),
        Health.DEGRADED,
        "condition Failed=True: BackoffLimitExceeded: Job has reached the specified backoff limit",
        id="job-failed",
    ),
    pytest.param(
        job(cond("FailureTarget", "True", "BackoffLimitExceeded")),
        Health.DEGRADED,
        "FailureTarget=True",
        id="job-failure-target",
    ),
    pytest.param(job(cond("Complete", "True")), Health.HEALTHY, "Complete=True", id="job-complete"),
    pytest.param(job(suspend=True), Health.SUSPENDED, "suspended", id="job-suspended-spec"),
    pytest.param(
        job(cond("Suspended", "True", "JobSuspended")),
        Health.SUSPENDED,
        "suspended",
        id="job-suspended-condition",
    ),
    pytest.param(
        make(
            "batch/v1",
            "Job",
            spec={"completions": 3},
            status={"active": 1, "succeeded": 1, "conditions": [cond("Failed", "False")]},
        ),
        Health.PROGRESSING,
        "1 active, 1 of 3 succeeded, 0 failed",
        id="job-running",
    ),
    pytest.param(
        make("batch/v1", "Job", status={"active": 2}),
        Health.PROGRESSING,
        "2 active, 0 succeeded",
        id="job-work-queue",
    ),
    pytest.param(
        make("batch/v1", "CronJob", spec={"suspend": True}),
        Health.SUSPENDED,
        "suspended",
        id="cronjob-suspended",
    ),
    pytest.param(
        make(
            "batch/v1",
            "CronJob",
            spec={"suspend": False},
            status={"lastScheduleTime": "2024-05-01T10:00:00Z"},
        ),
        Health.HEALTHY,
        "last scheduled at 2024-05-01T10:00:00Z",
        id="cronjob-scheduled",
    ),
    pytest.param(
        make("batch/v1", "CronJob"), Health.HEALTHY, "not scheduled yet", id="cronjob-new"
    ),
    # Service and Ingress
    pytest.param(
        make("v1", "Service", spec=SERVICE_LB, status={"loadBalancer": {}}),
        Health.PROGRESSING,
        "waiting for the load balancer",
        id="svc-lb-pending",
    ),
    pytest.param(
        make(
            "v1",
            "Service",
            spec=SERVICE_LB,
            status={"loadBalancer": {"ingress": [{"ip": "203.0.113.7"}]}},
        ),
        Health.HEALTHY,
        "load balancer at 203.0.113.7",
        id="svc-lb-ip",
    ),
    pytest.param(
        make(
            "v1",
            "Service",
            spec=SERVICE_LB,
            status={"loadBalancer": {"ingress": [{"hostname": "lb.example.com"}]}},
        ),
        Health.HEALTHY,
        "lb.example.com",
        id="svc-lb-hostname",
    ),
    pytest.param(
        make("v1", "Service", spec={"type": "NodePort"}),
        Health.HEALTHY,
        "NodePort service",
        id="svc-nodeport",
    ),
    pytest.param(make("v1", "Service", spec={}), Health.HEALTHY, "ClusterIP", id="svc-default"),
    pytest.param(
        make(
            "networking.k8s.io/v1",
            "Ingress",
            status={"loadBalancer": {"ingress": [{"ip": "10.0.0.5"}]}},
        ),
        Health.HEALTHY,
        "load balancer at 10.0.0.5",
        id="ingress-ready",
    ),
    pytest.param(
        make("networking.k8s.io/v1", "Ingress", status={"loadBalancer": {"ingress": []}}),
        Health.PROGRESSING,
        "publish an address",
        id="ingress-pending",
    ),
    pytest.param(
        make("extensions/v1beta1", "Ingress"),
        Health.PROGRESSING,
        "publish an address",
        id="ingress-extensions-group",
    ),
    # PersistentVolumeClaim
    pytest.param(
        make(
            "v1",
            "PersistentVolumeClaim",
            spec={"volumeName": "pv-1"},
            status={"phase": "Bound"},
        ),
        Health.HEALTHY,
        "bound to volume pv-1",
        id="pvc-bound",
    ),
    pytest.param(
        make("v1", "PersistentVolumeClaim", spec={"volumeName": "pv-1"}, status={"phase": "Lost"}),
        Health.DEGRADED,
        "lost its volume pv-1",
        id="pvc-lost",
    ),
    pytest.param(
        make("v1", "PersistentVolumeClaim", status={"phase": "Pending"}),
        Health.PROGRESSING,
        "phase Pending",
        id="pvc-pending",
    ),
    pytest.param(
        make("v1", "PersistentVolumeClaim"), Health.UNKNOWN, "no phase", id="pvc-no-phase"
    ),
    # HorizontalPodAutoscaler
    pytest.param(
        hpa(cond("AbleToScale", "False", "FailedGetScale", "no matches for kind")),
        Health.DEGRADED,
        "condition AbleToScale=False: FailedGetScale: no matches for kind",
        id="hpa-cannot-scale",
    ),
    pytest.param(
        hpa(
            cond("AbleToScale", "True", "SucceededGetScale"),
            cond("ScalingActive", "False", "FailedGetResourceMetric", "missing request for cpu"),
        ),
        Health.DEGRADED,
        "ScalingActive=False: FailedGetResourceMetric: missing request for cpu",
        id="hpa-no-metrics",
    ),
    pytest.param(
        hpa(cond("ScalingActive", "False", "ScalingDisabled", "scaling is disabled")),
        Health.SUSPENDED,
        "ScalingDisabled",
        id="hpa-disabled",
    ),
    pytest.param(
        hpa(
            cond("AbleToScale", "True", "ReadyForNewScale"),
            cond("ScalingActive", "True", "ValidMetricFound"),
            cond("ScalingLimited", "True", "TooManyReplicas", "the desired count is above max"),
        ),
        Health.HEALTHY,
        "2 replicas, 2 desired; condition ScalingLimited=True: TooManyReplicas",
        id="hpa-limited",
    ),
    pytest.param(
        hpa(cond("AbleToScale", "True"), cond("ScalingActive", "True")),
        Health.HEALTHY,
        "2 replicas, 2 desired",
        id="hpa-healthy",
    ),
    pytest.param(hpa(), Health.PROGRESSING, "waiting for the autoscaler", id="hpa-new"),
    pytest.param(
        make(
            "autoscaling/v1",
            "HorizontalPodAutoscaler",
            annotations={
                "autoscaling.alpha.kubernetes.io/conditions": json.dumps(
                    [cond("AbleToScale", "False", "FailedUpdateScale")]
                )
            },
        ),
        Health.DEGRADED,
        "AbleToScale=False: FailedUpdateScale",
        id="hpa-v1-annotation",
    ),
    # APIService and CustomResourceDefinition
    pytest.param(
        make(
            "apiregistration.k8s.io/v1",
            "APIService",
            status={"conditions": [cond("Available", "True", "Passed")]},
        ),
        Health.HEALTHY,
        "Available=True",
        id="apiservice-available",
    ),
    pytest.param(
        make(
            "apiregistration.k8s.io/v1",
            "APIService",
            status={"conditions": [cond("Available", "False", "FailedDiscoveryCheck", "503")]},
        ),
        Health.DEGRADED,
        "Available=False: FailedDiscoveryCheck: 503",
        id="apiservice-unavailable",
    ),
    pytest.param(
        make("apiregistration.k8s.io/v1", "APIService"),
        Health.PROGRESSING,
        "waiting for condition Available",
        id="apiservice-new",
    ),
    pytest.param(
        make(
            "apiregistration.k8s.io/v1",
            "APIService",
            status={"conditions": [cond("Available", "Unknown")]},
        ),
        Health.PROGRESSING,
        "Available=Unknown",
        id="apiservice-unknown",
    ),
    pytest.param(
        make(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            status={"conditions": [cond("NamesAccepted", "True"), cond("Established", "True")]},
        ),
        Health.HEALTHY,
        "Established=True",
        id="crd-established",
    ),
    pytest.param(
        make(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            status={
                "conditions": [
                    cond(
                        "NamesAccepted", "False", "MultipleNamesConflict", '"w" is already in use'
                    ),
                    cond("Established", "False"),
                ]
            },
        ),
        Health.DEGRADED,
        "NamesAccepted=False: MultipleNamesConflict",
        id="crd-names-conflict",
    ),
    pytest.param(
        make(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            status={
                "conditions": [cond("Established", "True"), cond("NonStructuralSchema", "True")]
            },
        ),
        Health.DEGRADED,
        "NonStructuralSchema=True",
        id="crd-non-structural",
    ),
    pytest.param(
        make(
            "apiextensions.k8s.io/v1",
            "CustomResourceDefinition",
            status={"conditions": [cond("Established", "False", "Installing")]},
        ),
        Health.PROGRESSING,
        "Established=False: Installing",
        id="crd-installing",
    ),
    pytest.param(
        make("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
        Health.PROGRESSING,
        "waiting for condition Established",
        id="crd-new",
    ),
    # Every other kind: kstatus
    pytest.param(make("v1", "ConfigMap"), Health.HEALTHY, "no status", id="configmap"),
    pytest.param(
        make("rbac.authorization.k8s.io/v1", "ClusterRole"),
        Health.HEALTHY,
        "healthy by existing",
        id="clusterrole",
    ),
    pytest.param(
        custom({"observedGeneration": 1, "conditions": [READY]}),
        Health.PROGRESSING,
        "waiting for the controller to observe generation 2 (observed 1)",
        id="custom-generation-lag",
    ),
    pytest.param(
        custom({"conditions": [READY]}),
        Health.HEALTHY,
        "condition Ready=True: Succeeded: all good",
        id="custom-ready-no-observed-generation",
    ),
    pytest.param(
        custom(
            {
                "observedGeneration": 2,
                "conditions": [READY, cond("Stalled", "True", "InvalidSpec", "bad field")],
            }
        ),
        Health.DEGRADED,
        "condition Stalled=True: InvalidSpec: bad field",
        id="custom-stalled",
    ),
    pytest.param(
        custom({"conditions": [cond("Reconciling", "True", "Progressing", "applying")]}),
        Health.PROGRESSING,
        "Reconciling=True: Progressing: applying",
        id="custom-reconciling",
    ),
    pytest.param(
        custom({"conditions": [cond("Ready", "False", "ArtifactFailed", "auth failed")]}),
        Health.DEGRADED,
        "condition Ready=False: ArtifactFailed: auth failed",
        id="custom-not-ready",
    ),
    pytest.param(
        custom({"conditions": [cond("Ready", "Unknown", "Progressing")]}),
        Health.PROGRESSING,
        "Ready=Unknown",
        id="custom-ready-unknown",
    ),
    pytest.param(
        custom({"conditions": [cond("Stalled", "False"), cond("Reconciling", "False")]}),
        Health.HEALTHY,
        "no Ready, Stalled or Reconciling condition",
        id="custom-no-ready",
    ),
    pytest.param(
        make("v1", "Namespace", status={"phase": "Active"}),
        Health.HEALTHY,
        "no Ready",
        id="namespace-active",
    ),
    # Deletion and absence
    pytest.param(None, Health.MISSING, "object does not exist", id="missing"),
    pytest.param(
        make("v1", "ConfigMap", deletionTimestamp="2024-05-01T10:00:00Z"),
        Health.PROGRESSING,
        "being deleted since 2024-05-01T10:00:00Z",
        id="deleting",
    ),
    pytest.param(
        {
            **deployment(replicas=3, updatedReplicas=3, availableReplicas=3),
            "metadata": {
                "name": "web",
                "deletionTimestamp": "2024-05-01T10:00:00Z",
                "finalizers": ["foregroundDeletion"],
            },
        },
        Health.PROGRESSING,
        "waiting for finalizers: foregroundDeletion",
        id="deleting-with-finalizers",
    ),
]

MALFORMED = [
    pytest.param("Deployment", "malformed object: str, expected a mapping", id="not-a-mapping"),
    pytest.param({"apiVersion": 1, "kind": "Pod"}, "apiVersion is an integer", id="api-version"),
    pytest.param(
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": []},
        "metadata is a list, expected a mapping",
        id="metadata-list",
    ),
    pytest.param(
        deployment(spec={"replicas": "3"}),
        "spec.replicas is a string, expected an integer",
        id="replicas-string",
    ),
    pytest.param(
        deployment(spec={"replicas": True}), "spec.replicas is a boolean", id="replicas-bool"
    ),
    pytest.param(
        deployment(replicas=3, updatedReplicas=2.5),
        "status.updatedReplicas is a number",
        id="replicas-float",
    ),
    pytest.param(deployment(spec={"paused": "yes"}), "spec.paused is a string", id="paused-string"),
    pytest.param(make("v1", "Pod", status="Running"), "status is a string", id="status-string"),
    pytest.param(
        custom({"conditions": {"Ready": "True"}}),
        "status.conditions is a mapping, expected a list",
        id="conditions-mapping",
    ),
    pytest.param(
        custom({"conditions": ["Ready"]}),
        "status.conditions[0] is a string, expected a mapping",
        id="condition-string",
    ),
    pytest.param(
        job({"type": "Failed", "status": True}),  # type: ignore[dict-item]
        "status.conditions[0].status is a boolean",
        id="condition-status-bool",
    ),
    pytest.param(
        custom({"conditions": [READY, {"type": "Stalled", "status": "True", "reason": 7}]}),
        "status.conditions[1].reason is an integer",
        id="condition-reason-int",
    ),
    pytest.param(
        pod("Running", containerStatuses=[{"name": 3, "state": {}}]),
        "status.containerStatuses[0].name is an integer",
        id="container-name-int",
    ),
    pytest.param(
        pod("Running", containerStatuses=[{"name": "app", "ready": "true"}]),
        "status.containerStatuses[0].ready is a string",
        id="container-ready-string",
    ),
    pytest.param(
        pod("Pending", containerStatuses=[{"name": "app", "state": {"waiting": "x"}}]),
        "status.containerStatuses[0].state.waiting is a string, expected a mapping",
        id="container-waiting-string",
    ),
    pytest.param(
        make("v1", "Service", spec=SERVICE_LB, status={"loadBalancer": {"ingress": ["1.2.3.4"]}}),
        "status.loadBalancer.ingress[0] is a string",
        id="lb-ingress-strings",
    ),
    pytest.param(
        custom({"observedGeneration": "2"}),
        "status.observedGeneration is a string",
        id="observed-generation-string",
    ),
    pytest.param(
        make("v1", "ConfigMap", deletionTimestamp=1714557600),
        "metadata.deletionTimestamp is an integer",
        id="deletion-timestamp-int",
    ),
    pytest.param(
        make("v1", "ConfigMap", deletionTimestamp="2024-05-01T10:00:00Z", finalizers="x"),
        "metadata.finalizers is a string, expected a list",
        id="finalizers-string",
    ),
    pytest.param(
        make(
            "autoscaling/v1",
            "HorizontalPodAutoscaler",
            annotations={"autoscaling.alpha.kubernetes.io/conditions": "[{"},
        ),
        "is not valid JSON",
        id="hpa-annotation-json",
    ),
    pytest.param(
        make(
            "autoscaling/v1",
            "HorizontalPodAutoscaler",
            annotations={"autoscaling.alpha.kubernetes.io/conditions": '{"type": "x"}'},
        ),
        "is a mapping, expected a list",
        id="hpa-annotation-shape",
    ),
]


@pytest.mark.parametrize(("obj", "expected", "message"), CASES)
def test_assess(obj: Mapping[str, Any] | None, expected: Health, message: str) -> None:
    result = health.assess(obj)
    assert (result.status, message in result.message) == (expected, True), result.message


@pytest.mark.parametrize(("obj", "message"), MALFORMED)
def test_malformed_objects_are_unknown(obj: Any, message: str) -> None:
    result = health.assess(obj)
    assert result.status is Health.UNKNOWN
    assert message in result.message


_WRONG_VALUES: list[Any] = [None, "x", 7, -1, True, 1.5, [], ["x"], [7], {}, {"a": 1}]


def _mutations(value: Any) -> Iterator[Any]:
    """Copies of ``value`` with one field (at any depth) replaced by a value of another type."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            for wrong in [*_WRONG_VALUES, *_mutations(item)]:
                yield {**value, key: wrong}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for wrong in [*_WRONG_VALUES, *_mutations(item)]:
                yield [*value[:index], wrong, *value[index + 1 :]]


@pytest.mark.parametrize(("obj", "expected", "message"), CASES)
def test_assess_never_raises_on_wrong_types(
    obj: Mapping[str, Any] | None, expected: Health, message: str
) -> None:
    original = copy.deepcopy(obj)
    count = 0
    for mutated in _mutations(obj):
        result = health.assess(mutated)
        assert isinstance(result, health.HealthStatus)
        assert result.message, mutated
        count += 1
    assert obj == original  # assess must not modify what it reads
    assert count > 0 or obj is None


ORDER = [
    Health.HEALTHY,
    Health.SUSPENDED,
    Health.PROGRESSING,
    Health.MISSING,
    Health.DEGRADED,
    Health.UNKNOWN,
]


@pytest.mark.parametrize(
    ("better", "worse"),
    [pytest.param(a, b, id=f"{a.value}<{b.value}") for a, b in itertools.pairwise(ORDER)],
)
def test_worst_orders_adjacent_verdicts(better: Health, worse: Health) -> None:
    assert health.worst([better, worse]) is worse
    assert health.worst([worse, better]) is worse


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        pytest.param([], Health.HEALTHY, id="empty"),
        pytest.param([Health.HEALTHY, Health.HEALTHY], Health.HEALTHY, id="all-healthy"),
        pytest.param([Health.SUSPENDED], Health.SUSPENDED, id="single"),
        pytest.param(
            [Health.DEGRADED, Health.HEALTHY, Health.MISSING], Health.DEGRADED, id="mixed"
        ),
        pytest.param(list(reversed(ORDER)), Health.UNKNOWN, id="all"),
        pytest.param(iter([Health.PROGRESSING, Health.SUSPENDED]), Health.PROGRESSING, id="iter"),
    ],
)
def test_worst(statuses: list[Health], expected: Health) -> None:
    assert health.worst(statuses) is expected
