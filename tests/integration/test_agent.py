"""The agent against the real cluster and Git server: a pushed commit is deployed after its
webhook, drift is healed with selfHeal and reported without it, bad webhooks change nothing."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from lightkube.resources import apps_v1, core_v1

from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import ports
from shipyard.agent import controller
from shipyard.api import loading
from shipyard.core import webhooks
from shipyard.engine.sync import applications, installing
from shipyard.web import server
from tests.integration.conftest import Cluster, GitServer
from tests.integration.test_sync_engine import CONFIGMAP, DEPLOYMENT, Repo

SECRET = b"webhook-secret"
APP = """apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata: {{name: {name}, namespace: {namespace}}}
spec:
  source: {{repoURL: "{url}", targetRevision: main, path: manifests}}
  destination: {{namespace: {namespace}}}
  syncPolicy:
    automated: {{prune: true, selfHeal: {heal}}}
"""


@pytest.fixture
def agent(cluster: Cluster, tmp_path: Path) -> Iterator[tuple[controller.Agent, str, str]]:
    namespace = f"agent-{uuid.uuid4().hex[:6]}"
    kube = kube_objects.Objects(cluster.client)
    installing.install_crds(kube)
    installing.ensure_namespace(kube, namespace)
    settings = controller.Settings(namespace=namespace, cache=tmp_path / "cache", interval=300,
                                   workers=2, webhook_secret=SECRET)  # fmt: skip
    running = controller.Agent(client=cluster.client, settings=settings)
    (port,) = ports.pick_free_ports(1)
    http_server = server.serve(running, host="127.0.0.1", port=port)
    running.start()
    yield running, namespace, f"http://127.0.0.1:{port}"
    http_server.shutdown()
    running.stop()
    cluster.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


def _eventually(check: Callable[[], bool], *, timeout: float, what: str) -> float:
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < timeout, f"{what} not within {timeout} s"
        time.sleep(0.1)
    return time.monotonic() - started


def _push_event(url: str, *, delivery: str) -> tuple[dict[str, str], bytes]:
    body = json.dumps({"ref": "refs/heads/main", "repository": {"clone_url": url}}).encode()
    signature = hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return {"X-GitHub-Event": "push", "X-GitHub-Delivery": delivery,
            "X-Hub-Signature-256": f"sha256={signature}", "Content-Type": "application/json"}, body  # fmt: skip


def _create(cluster: Cluster, *, name: str, namespace: str, url: str, heal: bool) -> None:
    text = APP.format(name=name, namespace=namespace, url=url, heal=str(heal).lower())
    installing.create(
        kube_objects.Objects(cluster.client), loading.load_application(text, source=f"{name}.yaml")
    )


def test_new_commit_is_synced_after_its_webhook_and_drift_is_healed(
    cluster: Cluster,
    git_server: GitServer,
    agent: tuple[controller.Agent, str, str],
    tmp_path: Path,
) -> None:
    _, namespace, base = agent
    repo = Repo(
        url=git_server.create_repo(f"agent/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "w"
    )
    repo.commit(
        {"manifests/cm.yaml": CONFIGMAP.format(colour="teal"), "manifests/web.yaml": DEPLOYMENT}
    )
    _create(cluster, name="web", namespace=namespace, url=repo.url, heal=True)
    _eventually(lambda: _colour(cluster, namespace) == "teal", timeout=30, what="first sync")

    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="plum")})
    headers, body = _push_event(repo.url, delivery=uuid.uuid4().hex)
    sent = time.monotonic()
    response = httpx.post(f"{base}/api/webhook", headers=headers, content=body, trust_env=False)
    assert response.status_code == 202 and response.json() == {"queued": 1}
    _eventually(
        lambda: _colour(cluster, namespace) == "plum", timeout=5, what="commit synced after webhook"
    )
    assert time.monotonic() - sent < 5
    # The same delivery again is a replay: refused, nothing queued.
    replay = httpx.post(f"{base}/api/webhook", headers=headers, content=body, trust_env=False)
    assert replay.status_code == 401

    # Drift on a Deployment's replicas and on a ConfigMap is reverted by selfHeal.
    cluster.client.patch(apps_v1.Deployment, "web", {"spec": {"replicas": 7}}, namespace=namespace)
    cluster.client.patch(
        core_v1.ConfigMap, "settings", {"data": {"colour": "hacked"}}, namespace=namespace
    )
    healed = _eventually(
        lambda: _colour(cluster, namespace) == "plum" and _replicas(cluster, namespace) == 2,
        timeout=10, what="drift healed",
    )  # fmt: skip
    print(f"drift healed in {healed:.2f} s")
    reasons = [
        event.reason
        for event in cluster.client.list(core_v1.Event, namespace=namespace)
        if event.involvedObject.kind == "Application" and event.involvedObject.name == "web"
    ]
    assert {"SyncStarted", "Synced", "HealthChanged"} <= set(reasons), reasons
    metrics = httpx.get(f"{base}/metrics", trust_env=False).text
    assert "shipyard_reconcile_duration_seconds_count" in metrics
    assert httpx.get(f"{base}/readyz", trust_env=False).status_code == 200


def test_drift_without_self_heal_is_reported_out_of_sync(
    cluster: Cluster,
    git_server: GitServer,
    agent: tuple[controller.Agent, str, str],
    tmp_path: Path,
) -> None:
    running, namespace, _ = agent
    repo = Repo(
        url=git_server.create_repo(f"agent/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "w"
    )
    repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="teal")})
    _create(cluster, name="manual", namespace=namespace, url=repo.url, heal=False)
    _eventually(lambda: _colour(cluster, namespace) == "teal", timeout=30, what="first sync")
    _eventually(lambda: running.live.synced(("v1", "ConfigMap")), timeout=10, what="informer")
    # From now on previews read the watch-fed cache: count the LISTs they still make.
    lists: list[tuple[str, str]] = []
    list_live = running.kube.list_live

    def counted(*, api_version: str, kind: str, namespace: str) -> Any:
        lists.append((kind, namespace))
        return list_live(api_version=api_version, kind=kind, namespace=namespace)

    running.kube.list_live = counted  # type: ignore[method-assign]
    cluster.client.patch(
        core_v1.ConfigMap, "settings", {"data": {"colour": "hacked"}}, namespace=namespace
    )

    def out_of_sync() -> bool:
        app = applications.get(running.kube, namespace=namespace, name="manual")
        return app.status is not None and app.status.sync.status == "OutOfSync"

    _eventually(out_of_sync, timeout=10, what="OutOfSync reported")
    assert _colour(cluster, namespace) == "hacked"  # not reverted without selfHeal
    assert lists == []  # the drift was seen in the cache, with no LIST
    assert running.live.size() >= 1


@pytest.mark.parametrize("breakage", ["signature", "oversized", "malformed"])
def test_bad_webhooks_are_refused_with_no_side_effect(
    agent: tuple[controller.Agent, str, str], breakage: str
) -> None:
    running, _, base = agent
    headers, body = _push_event("http://127.0.0.1/x.git", delivery=uuid.uuid4().hex)
    if breakage == "signature":
        headers["X-Hub-Signature-256"] = "sha256=" + "0" * 64
        expected = 401
    elif breakage == "oversized":
        body = b"x" * (2 * 1024 * 1024)
        expected = 413
    else:
        body = b'{"ref": 5}'
        headers["X-Hub-Signature-256"] = (
            "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        )
        expected = 400
    response = httpx.post(f"{base}/api/webhook", headers=headers, content=body, trust_env=False)
    assert response.status_code == expected
    assert running.queue.depth() == 0


def _colour(cluster: Cluster, namespace: str) -> str | None:
    try:
        return (
            cluster.client.get(core_v1.ConfigMap, "settings", namespace=namespace).data or {}
        ).get("colour")
    except Exception:
        return None


def _replicas(cluster: Cluster, namespace: str) -> int | None:
    spec = cluster.client.get(apps_v1.Deployment, "web", namespace=namespace).spec
    return spec.replicas if spec else None


def test_two_replicas_elect_one_leader_and_a_successor_takes_over(
    cluster: Cluster, git_server: GitServer, tmp_path: Path
) -> None:
    namespace = f"agent-{uuid.uuid4().hex[:6]}"
    kube = kube_objects.Objects(cluster.client)
    installing.install_crds(kube)
    installing.ensure_namespace(kube, namespace)
    replicas = [
        controller.Agent(client=cluster.client, settings=controller.Settings(
            namespace=namespace, cache=tmp_path / f"cache-{i}", interval=300, workers=2,
            webhook_secret=SECRET, lease_duration=3, lease_renew=0.5))
        for i in range(2)
    ]  # fmt: skip
    for replica in replicas:
        replica.start()
    try:
        repo = Repo(
            url=git_server.create_repo(f"agent/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "w"
        )
        repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="teal")})
        _create(cluster, name="ha", namespace=namespace, url=repo.url, heal=True)
        _eventually(lambda: _colour(cluster, namespace) == "teal", timeout=30, what="first sync")
        leaders = [r for r in replicas if r.elector.leading.is_set()]
        assert len(leaders) == 1
        follower = next(r for r in replicas if r is not leaders[0])
        assert leaders[0].reconciles > 0 and follower.reconciles == 0
        leaders[0].stop()  # as if killed: the lease is not released
        taken = _eventually(follower.elector.leading.is_set, timeout=10, what="failover")
        assert taken < 10
        repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="plum")})
        headers, body = _push_event(repo.url, delivery=uuid.uuid4().hex)
        follower.handle_push(webhooks.parse_push(headers=headers, body=body, secret=SECRET))
        _eventually(
            lambda: _colour(cluster, namespace) == "plum", timeout=10, what="sync by the successor"
        )
        assert follower.reconciles > 0
    finally:
        for replica in replicas:
            replica.stop()
        cluster.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


def test_sync_notifications_are_signed_json(
    cluster: Cluster, git_server: GitServer, tmp_path: Path
) -> None:
    received: list[tuple[dict[str, str], bytes]] = []

    class Receiver(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers.items()), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            return None

    receiver = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    namespace = f"agent-{uuid.uuid4().hex[:6]}"
    kube = kube_objects.Objects(cluster.client)
    installing.install_crds(kube)
    installing.ensure_namespace(kube, namespace)
    running = controller.Agent(client=cluster.client, settings=controller.Settings(
        namespace=namespace, cache=tmp_path / "cache", interval=300, workers=1,
        notify_url=f"http://127.0.0.1:{receiver.server_address[1]}/hook", notify_secret=b"n-secret"))  # fmt: skip
    running.start()
    try:
        repo = Repo(
            url=git_server.create_repo(f"agent/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "w"
        )
        repo.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="teal")})
        _create(cluster, name="notified", namespace=namespace, url=repo.url, heal=True)
        _eventually(lambda: bool(received), timeout=30, what="a notification")
        headers, body = received[0]
        expected = "sha256=" + hmac.new(b"n-secret", body, hashlib.sha256).hexdigest()
        assert headers["X-Shipyard-Signature-256"] == expected
        payload = json.loads(body)
        assert payload["event"] == "sync.succeeded"
        assert payload["application"] == {"namespace": namespace, "name": "notified"}
        assert "synced to" in payload["text"]  # Slack-compatible `text`
    finally:
        running.stop()
        receiver.shutdown()
        cluster.kubectl("delete", "namespace", namespace, "--wait=false", check=False)


def test_a_failing_application_does_not_stop_another(
    cluster: Cluster,
    git_server: GitServer,
    agent: tuple[controller.Agent, str, str],
    tmp_path: Path,
) -> None:
    running, namespace, _ = agent
    good = Repo(
        url=git_server.create_repo(f"agent/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "good"
    )
    good.commit({"manifests/cm.yaml": CONFIGMAP.format(colour="teal")})
    bad = Repo(
        url=git_server.create_repo(f"agent/{uuid.uuid4().hex[:8]}.git"), work=tmp_path / "bad"
    )
    bad.commit({"manifests/cm.yaml": "kind: [unclosed\n"})
    _create(cluster, name="broken", namespace=namespace, url=bad.url, heal=True)
    _create(cluster, name="healthy", namespace=namespace, url=good.url, heal=True)
    _eventually(
        lambda: _colour(cluster, namespace) == "teal", timeout=30, what="the good app synced"
    )

    def broken_reported() -> bool:
        app = applications.get(running.kube, namespace=namespace, name="broken")
        return bool(
            app.status
            and app.status.conditions
            and app.status.conditions[0].reason == "RenderFailed"
        )

    _eventually(broken_reported, timeout=30, what="the broken app's render failure recorded")


def test_deploy_manifests_install_with_one_command(cluster: Cluster) -> None:
    deploy = Path(__file__).resolve().parents[2] / "deploy"
    installing.ensure_namespace(kube_objects.Objects(cluster.client), "shipyard")
    applied = cluster.kubectl(
        "apply", "-k", str(deploy), "--server-side", "--force-conflicts", check=False
    )
    assert applied.returncode == 0, applied.stderr
    assert "deployment.apps/shipyard-agent serverside-applied" in applied.stdout
    account = "system:serviceaccount:shipyard:shipyard-agent"
    can = {
        args: cluster.kubectl("auth", "can-i", *args, f"--as={account}", check=False).stdout.strip()
        for args in (
            ("create", "leases", "-n", "shipyard"),
            ("patch", "applications.shipyard.dev/status", "-n", "shipyard"),
            ("patch", "deployments", "-n", "some-app"),
            ("bind", "clusterroles"),
            ("escalate", "clusterroles"),
            ("impersonate", "users"),
        )
    }
    assert list(can.values()) == ["yes", "yes", "yes", "no", "no", "no"], can
