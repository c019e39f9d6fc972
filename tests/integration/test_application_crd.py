"""The generated CRDs on a real API server: established, defaulting, validating, printing columns.

The shipped CRDs are applied (server-side), then Applications made from the example file are
created, read back and validated by the same models, so the structural schema and the pydantic
models cannot drift apart unnoticed.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from lightkube import ApiError, codecs
from lightkube.generic_resource import create_namespaced_resource
from lightkube.resources import apiextensions_v1
from lightkube.types import PatchType

from shipyard.api import application, crds, loading
from tests.integration.conftest import Cluster

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "hello" / "application.yaml"
CRD_NAMES = ("applications.shipyard.dev", "projects.shipyard.dev")
APPLICATION = create_namespaced_resource(
    application.GROUP, application.VERSION, "Application", "applications"
)
PROJECT = create_namespaced_resource(application.GROUP, application.VERSION, "Project", "projects")
CRD = apiextensions_v1.CustomResourceDefinition

pytestmark = pytest.mark.integration


def _crd_exists(cluster: Cluster, name: str) -> bool:
    try:
        cluster.client.get(CRD, name)
    except ApiError as exc:
        if exc.status.code == 404:
            return False
        raise
    return True


def _crd_absent(cluster: Cluster, name: str) -> bool:
    return not _crd_exists(cluster, name)


def _wait(condition: Callable[[], bool], *, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.2)


def _established(cluster: Cluster, name: str) -> bool:
    status = cluster.client.get(CRD, name).status
    return any(
        condition.type == "Established" and condition.status == "True"
        for condition in (status.conditions or [] if status else [])
    )


@pytest.fixture(scope="module")
def installed_crds(cluster: Cluster) -> Iterator[None]:
    """The shipped CRDs, applied; removed afterwards unless they were installed before."""
    existed = {name for name in CRD_NAMES if _crd_exists(cluster, name)}
    shipped = (Path(__file__).resolve().parents[2] / "deploy/crds/shipyard.dev.yaml").read_text()
    for crd in codecs.load_all_yaml(shipped):
        cluster.client.apply(crd, field_manager="shipyard-test", force=True)
    for name in CRD_NAMES:
        _wait(functools.partial(_established, cluster, name), what=f"{name} Established")
    yield
    for name in set(CRD_NAMES) - existed:
        cluster.client.delete(CRD, name)
    for name in set(CRD_NAMES) - existed:
        _wait(functools.partial(_crd_absent, cluster, name), what=f"{name} deleted")


def _example(name: str) -> dict[str, Any]:
    body: dict[str, Any] = yaml.safe_load(EXAMPLE.read_text())
    body["metadata"]["name"] = name
    return body


def _unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_the_shipped_file_is_what_the_models_generate() -> None:
    shipped = (Path(__file__).resolve().parents[2] / "deploy/crds/shipyard.dev.yaml").read_text()
    assert shipped == crds.render_crds()


@pytest.mark.usefixtures("installed_crds")
def test_an_application_from_the_example_round_trips(
    cluster: Cluster, namespace: str, tmp_path: Path
) -> None:
    name = _unique("hello")
    local = loading.load_application(EXAMPLE.read_text(), source=str(EXAMPLE))
    manifest = tmp_path / "app.yaml"
    manifest.write_text(EXAMPLE.read_text().replace("name: hello\n", f"name: {name}\n", 1))
    applied = cluster.kubectl("apply", "--server-side", "-n", namespace, "-f", str(manifest))
    assert f"application.shipyard.dev/{name} serverside-applied" in applied.stdout
    try:
        stored = dict(cluster.client.get(APPLICATION, name, namespace=namespace))
        # The server filled in the schema's defaults, exactly as the models do.
        assert stored["spec"]["destination"]["name"] == application.IN_CLUSTER
        assert stored["spec"]["syncPolicy"]["automated"]["allowEmpty"] is False
        again = loading.validate_application(stored, source=f"cluster:{namespace}/{name}")
        assert again.spec == local.spec
        assert again.metadata.uid and again.metadata.namespace == namespace
    finally:
        cluster.client.delete(APPLICATION, name, namespace=namespace)


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("syncPolicy", "automated", "prune"), "yes", "spec.syncPolicy.automated.prune"),
        (("syncPolicy", "retry", "limit"), 1000, "spec.syncPolicy.retry.limit"),
        (("syncPolicy", "syncOptions"), ["Prune=true"], "spec.syncPolicy.syncOptions[0]"),
        (("syncPolicy", "retry", "backoff", "duration"), "-1s", "spec.syncPolicy.retry.backoff"),
        (("destination", "namespace"), "Not_A_Label", "spec.destination.namespace"),
        (("source", "repoURL"), "https://host/$(id).git", "spec.source.repoURL"),
        (("source", "targetRevision"), "--upload-pack=x", "spec.source.targetRevision"),
        (("source", "repoURL"), None, "spec.source.repoURL"),
    ],
)
@pytest.mark.usefixtures("installed_crds")
def test_the_server_and_the_models_reject_the_same_application(
    cluster: Cluster, namespace: str, path: tuple[str, ...], value: object, expected: str
) -> None:
    name = _unique("bad")
    body = _example(name)
    parent = body["spec"]
    for key in path[:-1]:
        parent = parent[key]
    if value is None:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    with pytest.raises(loading.InvalidResourceError, match=expected.replace("[", r"\[")):
        loading.validate_application(body, source="test")
    with pytest.raises(ApiError) as caught:
        cluster.client.create(APPLICATION.from_dict(body), namespace=namespace)
    assert caught.value.status.code == 422, caught.value.status.message
    assert expected in str(caught.value.status.message)
    assert not list(cluster.client.list(APPLICATION, namespace=namespace))


@pytest.mark.usefixtures("installed_crds")
def test_status_is_a_subresource_shown_in_printer_columns(
    cluster: Cluster, namespace: str, tmp_path: Path
) -> None:
    name = _unique("cols")
    cluster.client.create(APPLICATION.from_dict(_example(name)), namespace=namespace)
    try:
        source = loading.validate_application(_example(name), source="test").spec.source
        status = application.ApplicationStatus(
            observed_generation=1,
            sync=application.SyncStatus(status="Synced", revision="abc1234"),
            health=application.HealthStatus(status="Healthy", message="3/3 replicas ready"),
            conditions=(
                application.Condition(
                    type="Ready",
                    status="True",
                    reason="Synced",
                    last_transition_time="2025-01-01T00:00:00Z",
                ),
            ),
            inventory=("apps/v1/Deployment:demo/hello",),
            history=(
                application.HistoryEntry(
                    id=1, revision="abc1234", deployed_at="2025-01-01T00:00:00Z", source=source
                ),
            ),
            operation_state=application.OperationState(
                phase="Succeeded", started_at="2025-01-01T00:00:00Z"
            ),
        )
        cluster.client.patch(
            APPLICATION.Status,
            name,
            {"status": status.model_dump(mode="json", by_alias=True, exclude_none=True)},
            namespace=namespace,
            patch_type=PatchType.MERGE,
        )
        stored = dict(cluster.client.get(APPLICATION, name, namespace=namespace))
        assert loading.validate_application(stored, source="test").status == status

        for resource in ("applications", "app", "applications.shipyard.dev"):
            listed = cluster.kubectl(
                "get", resource, "-n", namespace, f"--cache-dir={tmp_path / 'kube-cache'}"
            ).stdout.splitlines()
            assert listed[0].split() == ["NAME", "SYNC", "HEALTH", "REVISION", "AGE"]
            assert listed[1].split()[:4] == [name, "Synced", "Healthy", "abc1234"]
    finally:
        cluster.client.delete(APPLICATION, name, namespace=namespace)


@pytest.mark.usefixtures("installed_crds")
def test_the_default_project_round_trips(cluster: Cluster, namespace: str) -> None:
    project = application.default_project()
    body = project.model_dump(mode="json", by_alias=True, exclude_none=True)
    cluster.client.create(PROJECT.from_dict(body), namespace=namespace)
    try:
        stored = dict(cluster.client.get(PROJECT, "default", namespace=namespace))
        assert loading.validate_project(stored, source="test").spec == project.spec
        listed = cluster.kubectl("get", "proj", "-n", namespace).stdout
        assert "default" in listed
    finally:
        cluster.client.delete(PROJECT, "default", namespace=namespace)
