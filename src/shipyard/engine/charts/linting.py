"""``shipyard chart lint``: the basic checks of ``helm lint``, worded as helm words them.

Chart.yaml must load (apiVersion, name, version, type), the default values must load and meet
``values.schema.json``, every template must parse and render with the defaults (``required``
and ``fail`` do not fail while linting, as in helm), and what renders must be YAML.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.charts import loading
from shipyard.core import gotemplate
from shipyard.core.charts import capabilities, output, rendering
from shipyard.engine.charts import templating


@dataclasses.dataclass(frozen=True, kw_only=True)
class LintMessage:
    severity: str  # INFO, WARNING, ERROR
    path: str
    text: str

    def __str__(self) -> str:
        return f"[{self.severity}] {self.path}: {self.text}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class LintReport:
    chart: str
    messages: tuple[LintMessage, ...]

    @property
    def failed(self) -> bool:
        return any(m.severity == "ERROR" for m in self.messages)


def _required(_message: str, value: object) -> object:
    return "" if value is None else value


def _fail(_message: str) -> str:
    return ""


def _lenient(functions: Mapping[str, Any]) -> Mapping[str, Any]:
    """helm's lint mode: required and fail log instead of failing."""
    lenient = {
        "required": gotemplate.Func(fn=_required, params=("string", gotemplate.ANY)),
        "fail": gotemplate.Func(fn=_fail, params=("string",)),
    }
    return gotemplate.with_funcs(functions, lenient)


def lint(path: Path) -> LintReport:
    messages: list[LintMessage] = []
    label = str(path)
    try:
        files = {f.name: f for f in loading.read_files(path)}
        chart = loading.load_chart(path)
    except errors.UserError as exc:
        failure = LintMessage(severity="ERROR", path="Chart.yaml", text=str(exc))
        return LintReport(chart=label, messages=(failure,))
    if not chart.metadata.Icon:
        messages.append(LintMessage(severity="INFO", path="Chart.yaml", text="icon is recommended"))
    if "values.yaml" not in files:
        messages.append(
            LintMessage(severity="INFO", path="values.yaml", text="file does not exist")
        )
    release = rendering.ReleaseOptions(name="test-release", namespace="test-namespace")
    try:
        prepared = rendering.prepare(
            chart, {}, release=release, caps=capabilities.build(), warn=lambda _m: None
        )
        functions = _lenient(templating.function_map())
        rendered = templating.run_deep(lambda: rendering.render(prepared, functions=functions))
        output.sort_manifests(output.without_notes(rendered))
    except rendering.RenderError as exc:
        where = "values.yaml" if "schema" in str(exc) else "templates/"
        messages.append(LintMessage(severity="ERROR", path=where, text=str(exc)))
    return LintReport(chart=label, messages=tuple(messages))
