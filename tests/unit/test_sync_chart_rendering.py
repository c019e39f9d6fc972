"""The render stage on a packaged chart (no cluster): value files from the chart package, inline
values last, value files outside the chart refused, and rendered documents cached per revision
and Helm options (a change of values renders again, the same ones do not)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.git import source
from shipyard.core import oci, revisions, tracking
from shipyard.core.charts import chart, packaging
from shipyard.engine.sync import rendering, spec

FILES = {
    "Chart.yaml": "apiVersion: v2\nname: web\nversion: 1.0.0\n",
    "values.yaml": "colour: blue\nsize: s\n",
    "envs/prod.yaml": "size: xl\n",
    "templates/cm.yaml": (
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"
        "  namespace: {{ .Release.Namespace }}\ndata:\n"
        "  colour: {{ .Values.colour }}\n  size: {{ .Values.size }}\n"
    ),
}


def _snapshot() -> source.Snapshot:
    files = [chart.File(name=name, data=text.encode()) for name, text in FILES.items()]
    _, archive = packaging.package(files)
    revision = revisions.ChartRevision(version="1.0.0", digest=oci.digest_of(archive))
    return source.Snapshot(
        url="oci://registry.example.com/charts",
        revision=str(revision),
        kind="chart",
        files=(source.SourceFile(path="web-1.0.0.tgz", content=archive),),
    )


def _app(**helm: object) -> spec.AppSpec:
    return spec.AppSpec(
        key=tracking.AppKey(namespace="apps", name="site"),
        repo_url="oci://registry.example.com/charts",
        revision="1.x",
        path=".",
        chart="web",
        namespace="demo",
        **helm,  # type: ignore[arg-type]
    )


def _kustomize() -> Path:
    raise AssertionError("kustomize is not used for charts")


def _data(app: spec.AppSpec) -> tuple[str, dict[str, str]]:
    (document,) = rendering.documents_of(_snapshot(), app=app, kustomize=_kustomize)
    manifest = document.manifest
    return manifest["metadata"]["name"], dict(manifest["data"])


def test_value_files_of_the_chart_then_inline_values() -> None:
    assert _data(_app()) == ("site", {"colour": "blue", "size": "s"})
    app = _app(helm_value_files=("envs/prod.yaml",), helm_values="colour: red\n", helm_release="r")
    assert _data(app) == ("r", {"colour": "red", "size": "xl"})


def test_a_change_of_values_renders_again_the_same_ones_come_from_the_cache() -> None:
    first = rendering.documents_of(_snapshot(), app=_app(helm_values="colour: green\n"),
                                   kustomize=_kustomize)  # fmt: skip
    again = rendering.documents_of(_snapshot(), app=_app(helm_values="colour: green\n"),
                                   kustomize=_kustomize)  # fmt: skip
    assert again is first
    assert _data(_app(helm_values="colour: pink\n"))[1]["colour"] == "pink"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "is outside the chart"),
        ("/etc/passwd", "is outside the chart"),
        ("envs/missing.yaml", "helm value file envs/missing.yaml not found in the chart"),
    ],
)
def test_value_files_outside_or_missing_are_refused(name: str, expected: str) -> None:
    with pytest.raises(errors.UserError, match=expected):
        _data(_app(helm_value_files=(name,)))
