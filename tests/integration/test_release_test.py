"""`shipyard release test` beside the real helm v3.22.0 on the local cluster: the same chart is
installed twice, one release tested by shipyard and its twin by helm, and the two release
records must agree hook by hook; `helm status` prints what `shipyard release test` printed,
and each tool tests the other's releases.

KWOK finishes the test pods (adapters/local/kwok-stages.yaml): they succeed, or fail when
annotated ``shipyard.dev/kwok-fail: "true"``; a pod no node accepts stays Pending.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import toolchain
from shipyard.core import manifests
from shipyard.core.charts import releases
from shipyard.engine.charts import templating
from shipyard.engine.releases import installing
from tests.integration import hookpods
from tests.integration.conftest import Cluster

TEST_POD = """apiVersion: v1
kind: Pod
metadata:
  name: {{{{ .Release.Name }}}}-{name}
  annotations:
    helm.sh/hook: {event}
{extra}spec:
  restartPolicy: Never
  containers:
    - name: check
      image: registry.invalid/check:1
      command: ["true"]
"""


@pytest.fixture(scope="module", autouse=True)
def kwok_finishes_test_pods(cluster: Cluster) -> Iterator[None]:
    with hookpods.kwok_finishes_hook_pods(cluster, event="test"):
        yield


@pytest.fixture
def namespace(cluster: Cluster, namespace: str) -> str:
    """conftest's fresh namespace, once pods can be created in it."""
    hookpods.wait_service_account(cluster, namespace)
    return namespace


@pytest.fixture
def chart(tmp_path: Path) -> Path:
    root = tmp_path / "suite"
    (root / "templates" / "tests").mkdir(parents=True)
    (root / "Chart.yaml").write_text("apiVersion: v2\nname: suite\nversion: 0.1.0\n")
    (root / "values.yaml").write_text("failSecond: false\nstuck: false\n")
    (root / "templates" / "NOTES.txt").write_text("Release {{ .Release.Name }} is installed.\n")
    (root / "templates" / "configmap.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n"
        "data:\n  a: b\n"
    )
    tests = root / "templates" / "tests"
    (tests / "first.yaml").write_text(TEST_POD.format(
        name="first", event="test",
        extra='    helm.sh/hook-weight: "-5"\n    helm.sh/hook-delete-policy: hook-succeeded\n',
    ))  # fmt: skip
    (tests / "legacy.yaml").write_text(TEST_POD.format(name="legacy", event="test-success",
                                                       extra=""))  # fmt: skip
    (tests / "second.yaml").write_text(TEST_POD.format(
        name="second", event="test",
        extra='    helm.sh/hook-weight: "5"\n'
        '    {{- if .Values.failSecond }}\n    shipyard.dev/kwok-fail: "true"\n    {{- end }}\n',
    ))  # fmt: skip
    stuck = TEST_POD.format(name="stuck", event="test", extra='    helm.sh/hook-weight: "10"\n')
    stuck = stuck.replace("  restartPolicy: Never\n",
                          "  restartPolicy: Never\n  nodeSelector: {no-such-node: \"true\"}\n")  # fmt: skip
    (tests / "stuck.yaml").write_text("{{- if .Values.stuck }}\n" + stuck + "{{- end }}\n")
    return root


def _run(cluster: Cluster, argv: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, check=False, timeout=300,
        env={**os.environ, "KUBECONFIG": str(cluster.kubeconfig), "COLUMNS": "200",
             "HELM_CACHE_HOME": "/tmp/helm-cache", "HELM_CONFIG_HOME": "/tmp/helm-config",
             "HELM_DATA_HOME": "/tmp/helm-data"},
    )  # fmt: skip


def _helm(cluster: Cluster, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(cluster, [str(toolchain.tool_path("helm")), *args])


def _shipyard(cluster: Cluster, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(cluster, [sys.executable, "-m", "shipyard", "release", *args])


def _test(cluster: Cluster, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`helm test` or `shipyard release test` with a bounded wait (unless a test sets one)."""
    bound = () if "--timeout" in args else ("--timeout", "60s")
    run = _helm if tool == "helm" else _shipyard
    return run(cluster, "test", *args, *bound)


def _install(cluster: Cluster, chart: Path, namespace: str, name: str, *sets: str) -> None:
    request = installing.Request(
        template=templating.TemplateRequest(chart=chart, release_name=name, namespace=namespace,
                                            values=templating.ValueOptions(set_values=sets)),
        install=True, timeout=60,
    )  # fmt: skip
    installing.run(
        request, store=storage.Store(cluster.client), kube=kube_objects.Objects(cluster.client)
    )


def _helm_install(cluster: Cluster, chart: Path, namespace: str, name: str, *sets: str) -> None:
    done = _helm(cluster, "install", name, str(chart), "-n", namespace,
                 *(f"--set={s}" for s in sets))  # fmt: skip
    assert done.returncode == 0, done.stderr


def _newest(cluster: Cluster, namespace: str, name: str) -> releases.Release:
    newest = releases.latest(storage.Store(cluster.client).history(name=name, namespace=namespace))
    assert newest is not None
    return newest


def _shape(release: releases.Release) -> list[dict[str, Any]]:
    """The hooks of a release with its name and the run times taken out (for comparing twins)."""
    result = []
    for hook in release.hooks:
        run = hook["last_run"]
        shape = {key: str(value).replace(release.name, "REL") if key in ("name", "manifest")
                 else value for key, value in hook.items() if key != "last_run"}  # fmt: skip
        shape.update(fields=list(hook), last_run=list(run), phase=run["phase"],
                     started=bool(run["started_at"]), completed=bool(run["completed_at"]))  # fmt: skip
        result.append(shape)
    return result


def _phases(release: releases.Release) -> dict[str, str]:
    return {h["name"].removeprefix(release.name + "-"): h["last_run"]["phase"]
            for h in release.hooks}  # fmt: skip


def _pod(cluster: Cluster, namespace: str, name: str) -> dict[str, Any] | None:
    ref = manifests.ObjectRef(group="", kind="Pod", namespace=namespace, name=name)
    return kube_objects.Objects(cluster.client).get(api_version="v1", ref=ref)


def test_a_passing_suite_is_recorded_as_helm_records_it(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    name, twin = f"s{uuid.uuid4().hex[:6]}", f"h{uuid.uuid4().hex[:6]}"
    _install(cluster, chart, namespace, name)
    _helm_install(cluster, chart, namespace, twin)

    done = _test(cluster, "shipyard", name, "-n", namespace)
    assert done.returncode == 0, done.stderr
    by_helm = _test(cluster, "helm", twin, "-n", namespace)
    assert by_helm.returncode == 0, by_helm.stderr

    ours, theirs = _newest(cluster, namespace, name), _newest(cluster, namespace, twin)
    assert _shape(ours) == _shape(theirs)
    assert _phases(ours) == {"first": "Succeeded", "legacy": "Succeeded", "second": "Succeeded"}
    assert (ours.version, ours.status, ours.description) == (1, "deployed", "Install complete")
    runs = {h["name"].removeprefix(name + "-"): h["last_run"] for h in ours.hooks}
    # By weight: first (-5), legacy (0), second (5), one after the other.
    assert runs["first"]["completed_at"] <= runs["legacy"]["started_at"]
    assert runs["legacy"]["completed_at"] <= runs["second"]["started_at"]
    # hook-succeeded removed the first pod; the others stay, finished, until the next run.
    assert _pod(cluster, namespace, f"{name}-first") is None
    second = _pod(cluster, namespace, f"{name}-second")
    assert second is not None and second["status"]["phase"] == "Succeeded"

    # What shipyard printed is what `helm status` prints for the release afterwards.
    status = _helm(cluster, "status", name, "-n", namespace)
    assert status.returncode == 0 and done.stdout == status.stdout
    assert "TEST SUITE:     " + f"{name}-second\n" in done.stdout
    assert done.stdout.endswith(f"NOTES:\nRelease {name} is installed.\n")

    # helm tests the release shipyard tested; shipyard reads helm's new runs.
    again = _test(cluster, "helm", name, "-n", namespace)
    assert again.returncode == 0, again.stderr
    retested = _newest(cluster, namespace, name)
    assert _shape(retested) == _shape(ours)
    assert all(h["last_run"]["started_at"] > runs["second"]["completed_at"]
               for h in retested.hooks)  # fmt: skip
    shown = _shipyard(cluster, "status", name, "-n", namespace)
    assert "\n".join(again.stdout.splitlines()[5:17]) in shown.stdout


def test_a_failing_test_pod_fails_the_suite(cluster: Cluster, chart: Path, namespace: str) -> None:
    name, twin = f"f{uuid.uuid4().hex[:6]}", f"g{uuid.uuid4().hex[:6]}"
    _install(cluster, chart, namespace, name, "failSecond=true")
    _helm_install(cluster, chart, namespace, twin, "failSecond=true")

    done = _test(cluster, "shipyard", name, "-n", namespace)
    assert done.returncode == 1
    assert f"Error: pod {name}-second failed" in done.stderr
    by_helm = _test(cluster, "helm", twin, "-n", namespace)
    assert by_helm.returncode == 1 and f"pod {twin}-second failed" in by_helm.stderr

    ours, theirs = _newest(cluster, namespace, name), _newest(cluster, namespace, twin)
    assert _shape(ours) == _shape(theirs)
    assert _phases(ours) == {"first": "Succeeded", "legacy": "Succeeded", "second": "Failed"}
    assert ours.status == "deployed"  # a failed test does not change the release
    # On failure helm still removes the earlier hooks whose policy is hook-succeeded.
    assert _pod(cluster, namespace, f"{name}-first") is None
    status = _helm(cluster, "status", name, "-n", namespace)
    assert done.stdout == status.stdout and "Phase:          Failed\n" in done.stdout


def test_shipyard_tests_a_helm_release_with_filters_timeouts_and_logs(
    cluster: Cluster, chart: Path, namespace: str
) -> None:
    name, twin = f"p{uuid.uuid4().hex[:6]}", f"q{uuid.uuid4().hex[:6]}"
    for release in (name, twin):
        _helm_install(cluster, chart, namespace, release, "stuck=true")

    # Excluding the test that never runs: the others pass; the record lists it first.
    done = _test(cluster, "shipyard", name, "-n", namespace, "--filter", f"!name={name}-stuck")
    assert done.returncode == 0, done.stderr
    by_helm = _test(cluster, "helm", twin, "-n", namespace, "--filter", f"!name={twin}-stuck")
    assert by_helm.returncode == 0, by_helm.stderr
    ours = _newest(cluster, namespace, name)
    assert _shape(ours) == _shape(_newest(cluster, namespace, twin))
    assert ours.hooks[0]["name"] == f"{name}-stuck"
    assert _helm(cluster, "status", name, "-n", namespace).stdout == done.stdout

    # Only the stuck one, with a short timeout: it fails as helm's does.
    done = _test(cluster, "shipyard", name, "-n", namespace, "--filter", f"name={name}-stuck",
                     "--timeout", "2s")  # fmt: skip
    assert done.returncode == 1
    assert "timed out waiting for the condition" in done.stderr
    assert f"pod {name}-stuck is Pending after 2s" in done.stderr
    by_helm = _test(cluster, "helm", twin, "-n", namespace, "--filter", f"name={twin}-stuck",
                    "--timeout", "2s")  # fmt: skip
    assert by_helm.returncode == 1 and "timed out waiting for the condition" in by_helm.stderr
    ours = _newest(cluster, namespace, name)
    assert _shape(ours) == _shape(_newest(cluster, namespace, twin))
    assert _phases(ours) == {"first": "Succeeded", "legacy": "Succeeded", "second": "Succeeded",
                             "stuck": "Failed"}  # fmt: skip

    # --logs: KWOK's nodes run no containers, so no logs exist; that is said, not made up.
    done = _test(cluster, "shipyard", name, "-n", namespace, "--logs", "--hide-notes",
                     "--filter", f"name={name}-second")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.endswith(f"Phase:          Succeeded\n\nPOD LOGS: {name}-second\n")
    assert "NOTES" not in done.stdout
    assert "logs unavailable" in done.stderr and f"{name}-second" in done.stderr


def test_a_missing_release_is_an_error(cluster: Cluster, namespace: str) -> None:
    done = _test(cluster, "shipyard", "nothing-here", "-n", namespace)
    assert done.returncode == 1
    assert f"release {namespace}/nothing-here not found" in done.stderr
