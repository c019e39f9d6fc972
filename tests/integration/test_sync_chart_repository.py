"""A packaged chart as an Application's source, from an HTTP chart repository (basic auth, the
credentials in a repository Secret) and from the local OCI registry: synced with its value files
and inline values, followed by a constraint to a newly published version by the agent, served
from the archive cache on idle resyncs, and a missing chart or version failing with the
Application and chart named and nothing already applied lost."""

from __future__ import annotations

import base64
import collections
import http.server
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lightkube.models import meta_v1
from lightkube.resources import apps_v1, core_v1

from shipyard.adapters.charts import loading, repository
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.registry import client as registry_client
from shipyard.agent import controller
from shipyard.api import loading as api_loading
from shipyard.core import oci, tracking
from shipyard.core.charts import packaging
from shipyard.engine.charts import registry as chart_registry
from shipyard.engine.sync import applications, installing, syncing
from tests.integration.conftest import Cluster, Registry

pytestmark = pytest.mark.integration

USER, PASSWORD = "chart-reader", "repo-pass-7f3k"
CHART = {
    "Chart.yaml": "apiVersion: v2\nname: web\nversion: 0.0.0\n",
    "values.yaml": "replicaCount: 1\ntier: base\n",
    "values-prod.yaml": "replicaCount: 3\n",
    "templates/configmap.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n"
        "  version: {{ .Chart.Version | quote }}\n  tier: {{ .Values.tier | quote }}\n"
    ),
    "templates/deployment.yaml": (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n"
        "  replicas: {{ .Values.replicaCount }}\n"
        "  selector: {matchLabels: {app: {{ .Release.Name }}}}\n  template:\n"
        "    metadata: {labels: {app: {{ .Release.Name }}}}\n    spec:\n"
        "      containers: [{name: web, image: 'registry.invalid/web:{{ .Chart.Version }}'}]\n"
    ),
}
APP = """apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata: {{name: {name}, namespace: {ns}}}
spec:
  source:
    repoURL: "{url}"
    chart: {chart}
    targetRevision: "{revision}"
    helm:
      releaseName: {release}
      valueFiles: [values-prod.yaml]
      values: |
        tier: gitops
  destination: {{namespace: {ns}}}
  syncPolicy:
    automated: {{prune: true}}
"""


def _package(tmp: Path, version: str) -> bytes:
    source = tmp / f"src-{version}" / "web"
    for name, text in CHART.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    _, archive = packaging.package(loading.read_directory(source), version=version)
    return archive


class ChartServer:
    """An HTTP chart repository at ``<url>`` with basic auth, counting GETs per path."""

    def __init__(self, root: Path) -> None:
        self.directory = root / "charts"
        self.directory.mkdir(parents=True)
        self.gets: collections.Counter[str] = collections.Counter()
        expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        gets, directory = self.gets, root

        class Handler(http.server.SimpleHTTPRequestHandler):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, directory=str(directory), **kwargs)

            def do_GET(self) -> None:
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                    self.end_headers()
                    return
                gets[self.path] += 1
                super().do_GET()

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/charts"

    def publish(self, version: str, archive: bytes) -> None:
        (self.directory / f"web-{version}.tgz").write_bytes(archive)
        repository.index_directory(self.directory, url="")  # relative URLs


@pytest.fixture
def chart_server(tmp_path: Path) -> Iterator[ChartServer]:
    served = ChartServer(tmp_path / "http")
    yield served
    served.server.shutdown()


@pytest.fixture
def namespace(cluster: Cluster) -> Iterator[str]:
    ns = f"chartsrc-{uuid.uuid4().hex[:6]}"
    kube = kube_objects.Objects(cluster.client)
    installing.install_crds(kube)
    installing.ensure_namespace(kube, ns)
    yield ns
    cluster.kubectl("delete", "namespace", ns, "--wait=false", check=False)


def _create(cluster: Cluster, ns: str, *, name: str, url: str, revision: str,
            chart: str = "web", release: str = "") -> None:  # fmt: skip
    text = APP.format(name=name, ns=ns, url=url, chart=chart, revision=revision,
                      release=release or name)  # fmt: skip
    installing.create(
        kube_objects.Objects(cluster.client), api_loading.load_application(text, source=name)
    )


def _repository_secret(cluster: Cluster, ns: str, url: str) -> None:
    cluster.client.create(
        core_v1.Secret(
            metadata=meta_v1.ObjectMeta(
                name="charts-http", namespace=ns,
                labels={"shipyard.dev/secret-type": "repository"},
            ),
            stringData={"type": "helm", "url": url, "username": USER, "password": PASSWORD},
        )
    )  # fmt: skip


def _live(cluster: Cluster, ns: str, name: str) -> tuple[dict[str, str], int]:
    config = cluster.client.get(core_v1.ConfigMap, name, namespace=ns)
    deployment = cluster.client.get(apps_v1.Deployment, name, namespace=ns)
    assert deployment.spec is not None and deployment.spec.replicas is not None
    return dict(config.data or {}), deployment.spec.replicas


def _revision(kube: kube_objects.Objects, ns: str, name: str) -> str:
    app = applications.get(kube, namespace=ns, name=name)
    assert app.status is not None and app.status.sync.revision is not None
    return app.status.sync.revision


def test_charts_from_http_and_oci_sync_and_follow_their_constraints(
    cluster: Cluster,
    registry: Registry,
    chart_server: ChartServer,
    namespace: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ns, kube = namespace, kube_objects.Objects(cluster.client)
    archives = {v: _package(tmp_path, v) for v in ("1.0.0", "1.1.0", "1.2.0-rc.1", "2.0.0")}
    oci_path = f"{registry.host}/charts-{uuid.uuid4().hex[:6]}"
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        for version in ("1.0.0", "2.0.0"):
            chart_server.publish(version, archives[version])
            chart_registry.push(client, archive=archives[version], destination=f"oci://{oci_path}")
    _repository_secret(cluster, ns, chart_server.url)
    _create(cluster, ns, name="from-http", url=chart_server.url, revision=">=1.0.0 <2.0.0",
            release="site")  # fmt: skip
    _create(cluster, ns, name="from-oci", url=f"oci://{oci_path}", revision="1.x")
    _create(cluster, ns, name="from-oci-bare", url=oci_path, revision="1.0.0")  # Argo CD's form

    cache = tmp_path / "cache"
    for name in ("from-http", "from-oci", "from-oci-bare"):
        result = applications.sync(kube, namespace=ns, name=name, cache=cache)
        assert not result.changes.failed, result.changes.summary()
    expected = {"version": "1.0.0", "tier": "gitops"}  # inline values over the chart's
    assert _live(cluster, ns, "site") == (expected, 3)  # values-prod.yaml of the chart
    assert _live(cluster, ns, "from-oci") == (expected, 3)
    assert _live(cluster, ns, "from-oci-bare") == (expected, 3)
    revision = f"1.0.0@{oci.digest_of(archives['1.0.0'])}"
    for name in ("from-http", "from-oci", "from-oci-bare"):
        assert _revision(kube, ns, name) == revision
    app = applications.get(kube, namespace=ns, name="from-http")
    assert app.status is not None and app.status.history[-1].revision == revision
    owned = cluster.client.get(core_v1.ConfigMap, "site", namespace=ns)
    assert tracking.owner_of(owned.to_dict()) == tracking.AppKey(namespace=ns, name="from-http")
    assert chart_server.gets["/charts/web-1.0.0.tgz"] == 1

    # Idle resyncs by the agent read the index (or one manifest), never the archive again.
    downloads: list[str] = []
    stream_blob = registry_client.Registry.stream_blob

    def counting(self: registry_client.Registry, repository: str, digest: str) -> Iterator[bytes]:
        downloads.append(digest)
        return stream_blob(self, repository, digest)

    monkeypatch.setattr(registry_client.Registry, "stream_blob", counting)
    agent = controller.Agent(
        client=cluster.client,
        settings=controller.Settings(namespace=ns, cache=cache, interval=3600),
    )
    keys = {name: tracking.AppKey(namespace=ns, name=name)
            for name in ("from-http", "from-oci", "from-oci-bare")}  # fmt: skip
    try:
        index_reads = chart_server.gets["/charts/index.yaml"]
        for _ in range(2):
            for key in keys.values():
                agent.reconcile(key)
        assert chart_server.gets["/charts/web-1.0.0.tgz"] == 1
        assert chart_server.gets["/charts/index.yaml"] == index_reads + 2
        assert downloads == []

        # A newer match (and a pre-release, which 1.x does not take) is followed.
        with registry_client.Registry(host=registry.host, insecure=True) as client:
            for version in ("1.1.0", "1.2.0-rc.1"):
                chart_server.publish(version, archives[version])
                chart_registry.push(client, archive=archives[version],
                                    destination=f"oci://{oci_path}")  # fmt: skip
        for key in keys.values():
            agent.reconcile(key)
    finally:
        agent.stop()
    newer = {"version": "1.1.0", "tier": "gitops"}
    assert _live(cluster, ns, "site") == (newer, 3)
    assert _live(cluster, ns, "from-oci") == (newer, 3)
    assert _live(cluster, ns, "from-oci-bare") == (expected, 3)  # pinned to 1.0.0
    for name in ("from-http", "from-oci"):
        assert _revision(kube, ns, name) == f"1.1.0@{oci.digest_of(archives['1.1.0'])}"
    # The same archive in both repositories is downloaded once: the cache is by digest.
    assert chart_server.gets["/charts/web-1.1.0.tgz"] + len(downloads) == 1
    assert chart_server.gets["/charts/web-1.2.0-rc.1.tgz"] == 0
    status = applications.get(kube, namespace=ns, name="from-http").model_dump_json()
    assert PASSWORD not in status


def test_a_missing_chart_or_version_names_the_application_and_keeps_what_is_applied(
    cluster: Cluster,
    registry: Registry,
    chart_server: ChartServer,
    namespace: str,
    tmp_path: Path,
) -> None:
    ns, kube = namespace, kube_objects.Objects(cluster.client)
    archive = _package(tmp_path, "1.0.0")
    oci_path = f"{registry.host}/charts-{uuid.uuid4().hex[:6]}"
    chart_server.publish("1.0.0", archive)
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        chart_registry.push(client, archive=archive, destination=f"oci://{oci_path}")
    _repository_secret(cluster, ns, chart_server.url)
    cache = tmp_path / "cache"

    _create(cluster, ns, name="nochart", url=chart_server.url, chart="nope", revision="1.x")
    with pytest.raises(syncing.SyncFailed) as missing_chart:
        applications.sync(kube, namespace=ns, name="nochart", cache=cache)
    message = str(missing_chart.value)
    assert f"Application {ns}/nochart" in message, message
    assert f"chart nope in {chart_server.url} does not exist" in message, message

    _create(cluster, ns, name="web", url=f"oci://{oci_path}", revision="^1.0.0")
    first = applications.sync(kube, namespace=ns, name="web", cache=cache)
    assert not first.changes.failed
    cached = cache / "charts" / f"{oci.digest_of(archive).replace(':', '-')}.tgz"
    assert cached.read_bytes() == archive  # pulled from the registry, kept by its digest
    before = applications.get(kube, namespace=ns, name="web").status
    assert before is not None

    # The version moves to one nobody published: the sync fails before anything is applied.
    _create(cluster, ns, name="web", url=f"oci://{oci_path}", revision="3.x")
    with pytest.raises(syncing.SyncFailed) as missing_version:
        applications.sync(kube, namespace=ns, name="web", cache=cache)
    message = str(missing_version.value)
    assert missing_version.value.stage == "fetch" and not missing_version.value.transient
    assert f"Application {ns}/web: chart web in oci://{oci_path} has no version matching '3.x'" \
        in message, message  # fmt: skip
    assert "(available: 1.0.0)" in message
    assert _live(cluster, ns, "web") == ({"version": "1.0.0", "tier": "gitops"}, 3)
    after = applications.get(kube, namespace=ns, name="web").status
    assert after is not None
    assert after.sync.revision == before.sync.revision
    assert after.inventory == before.inventory and after.history == before.history
    ready = next(c for c in after.conditions if c.type == "Ready")
    assert (ready.status, ready.reason) == ("False", "FetchFailed")
    assert "has no version matching '3.x'" in ready.message

    # A recorded revision (what `app rollback` syncs) pins the archive's digest too.
    recorded = f"1.0.0@{oci.digest_of(archive)}"
    rolled = applications.sync(kube, namespace=ns, name="web", cache=cache, revision=recorded)
    assert rolled.revision == recorded
    history = applications.get(kube, namespace=ns, name="web").status
    assert history is not None and history.history[-1].source.target_revision == recorded
    with pytest.raises(syncing.SyncFailed, match="published again with other content"):
        applications.sync(kube, namespace=ns, name="web", cache=cache,
                          revision="1.0.0@sha256:" + "0" * 64)  # fmt: skip

    # A wrong password is refused by the repository, and shown nowhere.
    secret = cluster.client.get(core_v1.Secret, "charts-http", namespace=ns)
    secret.stringData = {"password": "not-the-password"}
    cluster.client.replace(secret)
    _create(cluster, ns, name="badauth", url=chart_server.url, revision="1.0.0")
    with pytest.raises(syncing.SyncFailed, match="check the credentials") as refused:
        applications.sync(kube, namespace=ns, name="badauth", cache=cache)
    status = applications.get(kube, namespace=ns, name="badauth").model_dump_json()
    for text in (str(refused.value), status):
        assert "not-the-password" not in text and PASSWORD not in text
