"""An Application whose source is a chart from a chart repository or OCI registry: what the
model accepts (Argo CD's repoURL conventions, versions and constraints) and what it refuses,
with file and line; and the CRD's pattern admits what the model accepts."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from shipyard.api import application, crds, loading
from tests.unit.test_api_application import SOURCE, problems_of

DIGEST = "sha256:" + "0f" * 32


def chart_app(**source: object) -> str:
    """An Application with ``source`` on line 7 (its fields in the given order from line 7)."""
    lines = "".join(f"    {key}: {json.dumps(value)}\n" for key, value in source.items())
    return f"""\
apiVersion: shipyard.dev/v1alpha1
kind: Application
metadata:
  name: web
spec:
  source:
{lines}  destination:
    namespace: demo
"""


@pytest.mark.parametrize(
    ("repo_url", "revision"),
    [
        ("https://charts.example.com", "1.2.3"),
        ("https://charts.example.com/stable/", "1.x"),
        ("http://127.0.0.1:8080/charts", ">=1.0.0 <2.0.0"),
        ("oci://registry.example.com/charts", "^1.2 || ~2.0"),
        ("oci://127.0.0.1:5000", "v1.2.3-rc.1+build.5"),
        ("registry-1.docker.io/bitnamicharts", "15.9.0"),  # Argo CD's OCI form
        ("localhost:5000/charts", "*"),
        ("ghcr.io", "1.2.3"),
        ("https://charts.example.com", f"1.2.3+b.1@{DIGEST}"),  # a recorded revision
        ("https://charts.example.com", "HEAD"),
    ],
)
def test_chart_sources(repo_url: str, revision: str) -> None:
    app = loading.load_application(
        chart_app(repoURL=repo_url, chart="web", targetRevision=revision), source=SOURCE
    )
    source = app.spec.source
    assert (source.chart, source.repo_url, source.target_revision) == ("web", repo_url, revision)
    assert source.is_chart and source.path == "."


def test_chart_source_with_helm_options_and_default_revision() -> None:
    helm = {"releaseName": "site", "valueFiles": ["values-prod.yaml"], "values": "a: 1",
            "skipCrds": True}  # fmt: skip
    text = chart_app(repoURL="https://charts.example.com", chart="web", helm=helm)
    source = loading.load_application(text, source=SOURCE).spec.source
    assert source.target_revision == "HEAD"
    assert source.helm is not None and source.helm.value_files == ["values-prod.yaml"]
    assert source.helm.release_name == "site" and source.helm.skip_crds


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ({"repoURL": "https://github.com/org/charts.git", "chart": "web"},
         "7: spec.source.repoURL: is a Git repository; with chart"),
        ({"repoURL": "git@github.com:org/charts", "chart": "web"},
         "7: spec.source.repoURL: is a Git URL (user@host:path)"),
        ({"repoURL": "ssh://git@github.com/org/charts", "chart": "web"},
         "7: spec.source.repoURL: scheme 'ssh' is not a chart repository"),
        ({"repoURL": "file:///srv/charts", "chart": "web"},
         "7: spec.source.repoURL: scheme 'file' is not a chart repository"),
        ({"repoURL": "https://user:s3cr3t@charts.example.com", "chart": "web"},
         "7: spec.source.repoURL: must not embed credentials"),
        ({"repoURL": "oci://registry.example.com/Charts", "chart": "web"},
         "7: spec.source.repoURL: has an OCI repository path"),
        ({"repoURL": "charts/web", "chart": "web"},
         "7: spec.source.repoURL: must be an https:// or http:// chart repository, or an OCI"),
        ({"repoURL": "oci://registry.example.com/charts/web"},
         "7: spec.source.repoURL: an oci:// repository needs chart"),
        ({"repoURL": "https://charts.example.com", "chart": "web", "path": "charts/web"},
         "9: spec.source.path: is not used with chart"),
        ({"repoURL": "https://charts.example.com", "chart": "web", "directory": {"recurse": True}},
         "9: spec.source.directory: is for a directory of manifests in Git"),
        ({"repoURL": "https://charts.example.com", "chart": "web", "targetRevision": "main; rm"},
         "9: spec.source.targetRevision: must be a chart version or SemVer constraint"),
        ({"repoURL": "https://charts.example.com", "chart": "web", "targetRevision": "-1"},
         "9: spec.source.targetRevision: must be a chart version or SemVer constraint"),
        ({"repoURL": "https://charts.example.com", "chart": "../web"},
         "8: spec.source.chart: must be a chart name"),
        ({"repoURL": "https://git.example.com/x.git", "targetRevision": ">=1.0.0 <2.0.0"},
         "8: spec.source.targetRevision: must be a branch, tag or commit SHA"),
    ],
)  # fmt: skip
def test_refused_chart_sources(source: dict[str, object], expected: str) -> None:
    problems = problems_of(chart_app(**source))
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{SOURCE}:{expected}"), problems
    assert "s3cr3t" not in problems[0]


def test_git_sources_keep_their_rules() -> None:
    app = loading.load_application(
        chart_app(repoURL="https://git.example.com/x.git", targetRevision="main", path="app"),
        source=SOURCE,
    )
    assert app.spec.source.chart is None and not app.spec.source.is_chart


def test_a_history_entry_of_a_chart_source_validates() -> None:
    entry = {
        "id": 1,
        "revision": f"1.2.3@{DIGEST}",
        "deployedAt": "2026-01-01T00:00:00Z",
        "source": {"repoURL": "oci://r.example.com/c", "chart": "web",
                   "targetRevision": f"1.2.3@{DIGEST}"},
    }  # fmt: skip
    status = application.ApplicationStatus.model_validate({"history": [entry]})
    assert status.history[0].source.chart == "web"


@pytest.mark.parametrize(
    "revision",
    ["1.2.3", "1.x", ">=1.0.0 <2.0.0", "^1.2 || ~2.0", f"1.2.3@{DIGEST}", "main", "v1.0.0+build.1",
     "release/1.x", "a" * 40, "HEAD", "*"],
)  # fmt: skip
def test_the_crd_pattern_admits_every_accepted_target_revision(revision: str) -> None:
    documents = list(yaml.safe_load_all(crds.render_crds()))
    schema = documents[0]["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    source = schema["properties"]["spec"]["properties"]["source"]
    assert re.fullmatch(source["properties"]["targetRevision"]["pattern"], revision)
    chart = source["properties"]["chart"]
    assert chart["nullable"] is True and re.fullmatch(chart["pattern"], "web")
