"""The local cluster runs workloads for real: KWOK nodes, scheduling, controllers, endpoints."""

from __future__ import annotations

import time

from lightkube.models import apps_v1 as apps_models
from lightkube.models import batch_v1 as batch_models
from lightkube.models import core_v1 as core_models
from lightkube.models import meta_v1
from lightkube.resources import apps_v1, batch_v1, core_v1, discovery_v1

from tests.integration.conftest import Cluster

LABELS = {"app": "web"}


def _deployment(name: str, replicas: int) -> apps_v1.Deployment:
    return apps_v1.Deployment(
        metadata=meta_v1.ObjectMeta(name=name, labels=LABELS),
        spec=apps_models.DeploymentSpec(
            replicas=replicas,
            selector=meta_v1.LabelSelector(matchLabels=LABELS),
            template=core_models.PodTemplateSpec(
                metadata=meta_v1.ObjectMeta(labels=LABELS),
                spec=core_models.PodSpec(
                    containers=[
                        core_models.Container(
                            name="web",
                            image="registry.invalid/web:1.0.0",
                            ports=[core_models.ContainerPort(containerPort=8080)],
                        )
                    ]
                ),
            ),
        ),
    )


def test_nodes_are_ready_kwok_nodes(cluster: Cluster) -> None:
    nodes = list(cluster.client.list(core_v1.Node))
    assert len(nodes) >= 3
    for node in nodes:
        assert node.metadata is not None and node.metadata.annotations is not None
        assert node.metadata.annotations["kwok.x-k8s.io/node"] == "fake"
        assert node.status is not None and node.status.conditions is not None
        ready = [c for c in node.status.conditions if c.type == "Ready"]
        assert ready and ready[0].status == "True"


def test_deployment_of_three_replicas_becomes_available(cluster: Cluster, namespace: str) -> None:
    cluster.client.create(_deployment("web", 3), namespace=namespace)
    deadline = time.monotonic() + 60
    while True:
        deployment = cluster.client.get(apps_v1.Deployment, "web", namespace=namespace)
        status = deployment.status
        conditions = {c.type: c.status for c in (status.conditions or [])} if status else {}
        if status and status.readyReplicas == 3 and conditions.get("Available") == "True":
            break
        assert time.monotonic() < deadline, f"Deployment not Available in 60 s: {status}"
        time.sleep(0.5)
    pods = list(cluster.client.list(core_v1.Pod, namespace=namespace, labels={"app": "web"}))
    assert len(pods) == 3
    for pod in pods:
        assert pod.status is not None and pod.status.phase == "Running"
        assert pod.spec is not None and pod.spec.nodeName, "pod was not scheduled"
        assert pod.status.podIP
        ready = [c for c in pod.status.conditions or [] if c.type == "Ready"]
        assert ready and ready[0].status == "True"
    # Pods are spread by the real scheduler over the KWOK nodes.
    assert len({pod.spec.nodeName for pod in pods if pod.spec}) >= 2


def test_service_gets_endpoints_of_ready_pods(cluster: Cluster, namespace: str) -> None:
    cluster.client.create(_deployment("web", 2), namespace=namespace)
    cluster.client.create(
        core_v1.Service(
            metadata=meta_v1.ObjectMeta(name="web"),
            spec=core_models.ServiceSpec(
                selector=LABELS,
                ports=[core_models.ServicePort(port=80, targetPort=8080)],
            ),
        ),
        namespace=namespace,
    )
    deadline = time.monotonic() + 60
    while True:
        addresses = [
            address
            for endpoint_slice in cluster.client.list(
                discovery_v1.EndpointSlice,
                namespace=namespace,
                labels={"kubernetes.io/service-name": "web"},
            )
            for endpoint in endpoint_slice.endpoints or []
            if endpoint.conditions is not None and endpoint.conditions.ready
            for address in endpoint.addresses
        ]
        if len(addresses) == 2:
            break
        assert time.monotonic() < deadline, f"Service has endpoints {addresses}, expected 2"
        time.sleep(0.5)
    service = cluster.client.get(core_v1.Service, "web", namespace=namespace)
    assert service.spec is not None and service.spec.clusterIP is not None
    assert service.spec.clusterIP.startswith("10.96.")


def test_job_runs_to_completion(cluster: Cluster, namespace: str) -> None:
    job = batch_v1.Job(
        metadata=meta_v1.ObjectMeta(name="migrate"),
        spec=batch_models.JobSpec(
            backoffLimit=0,
            template=core_models.PodTemplateSpec(
                spec=core_models.PodSpec(
                    restartPolicy="Never",
                    containers=[core_models.Container(name="m", image="registry.invalid/m:1")],
                )
            ),
        ),
    )
    cluster.client.create(job, namespace=namespace)
    deadline = time.monotonic() + 60
    while True:
        status = cluster.client.get(batch_v1.Job, "migrate", namespace=namespace).status
        conditions = {c.type: c.status for c in (status.conditions or [])} if status else {}
        if conditions.get("Complete") == "True":
            break
        assert conditions.get("Failed") != "True", status
        assert time.monotonic() < deadline, f"Job not complete in 60 s: {status}"
        time.sleep(0.5)
    assert status is not None and status.succeeded == 1


def test_deleted_pods_go_away(cluster: Cluster, namespace: str) -> None:
    cluster.client.create(_deployment("web", 2), namespace=namespace)
    deadline = time.monotonic() + 60
    while len(list(cluster.client.list(core_v1.Pod, namespace=namespace))) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.3)
    cluster.client.delete(apps_v1.Deployment, "web", namespace=namespace)
    while list(cluster.client.list(core_v1.Pod, namespace=namespace)):
        assert time.monotonic() < deadline, "pods of a deleted Deployment were not removed"
        time.sleep(0.3)


def test_kubectl_built_at_the_pinned_release_talks_to_the_cluster(cluster: Cluster) -> None:
    result = cluster.kubectl("version", "-o", "json")
    assert '"gitVersion": "v1.36.3"' in result.stdout
    nodes = cluster.kubectl("get", "nodes", "-o", "name").stdout.split()
    assert len(nodes) >= 3
