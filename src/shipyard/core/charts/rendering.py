"""Rendering a chart's templates the way Helm's engine does.

``prepare`` turns a loaded chart and the user's values into what templates see: dependencies
processed (enabled, aliased, imported), values coalesced and checked against every
``values.schema.json``, and the top-level objects (``.Release``, ``.Capabilities``). ``render``
parses the templates of the chart and its subcharts into one template set, named
``<chart>/templates/x.yaml``, ``<chart>/charts/<sub>/templates/y.yaml`` (deepest and then
reverse-alphabetical first, so that a parent's ``define`` overrides a subchart's), executes every
non-partial template with its chart's scope (``.Values``, ``.Chart``, ``.Files``,
``.Subcharts``, ``.Template``) and deletes ``<no value>`` from the results. ``include`` and
``tpl`` are Helm's (nesting limit, error wording); ``lookup`` answers an empty map and
``getHostByName`` an empty string (SECURITY-CASES 22).

Errors are :class:`RenderError` with Helm's wording; ``hint`` says whether Helm adds its
"Use --debug flag to render out invalid YAML" line.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

from shipyard import errors
from shipyard.core import gotemplate
from shipyard.core.charts import capabilities, chartfiles, gostrings, values
from shipyard.core.charts.chart import Chart
from shipyard.core.charts.chartyaml import Metadata

INCLUDE_LIMIT = 1000
TPL_LIMIT = 1000  # Helm has none: a value that tpl-renders itself overflows Go's stack


class TemplateLoop(Exception):
    """``tpl`` nested beyond :data:`TPL_LIMIT`; raised through the engine unwrapped."""


_WARN = re.compile(r"HELM_ERR_START(.*)HELM_ERR_END", re.DOTALL)
DEBUG_HINT = "\n\nUse --debug flag to render out invalid YAML"


class RenderError(errors.UserError):
    """The chart cannot be rendered; ``str()`` is Helm's message (without ``Error: ``)."""

    def __init__(self, message: str, *, hint: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint  # helm adds DEBUG_HINT after this error

    def __str__(self) -> str:
        return self.message


@dataclasses.dataclass(frozen=True, kw_only=True)
class ReleaseOptions:
    name: str
    namespace: str = "default"
    revision: int = 1
    is_upgrade: bool = False


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChartInfo(Metadata):
    """``.Chart``: chart.Metadata plus ``IsRoot``."""

    __go_type__: ClassVar[str] = "struct { chart.Metadata; IsRoot bool }"
    go_type: ClassVar[str] = "struct { chart.Metadata; IsRoot bool }"
    IsRoot: bool = False

    def __go_json__(self) -> Any:
        fields = super().__go_json__()
        fields["IsRoot"] = self.IsRoot  # no json tag: Go's field name, always written
        return fields


@dataclasses.dataclass(frozen=True, kw_only=True)
class Prepared:
    """A chart ready to render: subcharts resolved, values coalesced, top-level objects."""

    chart: Chart
    top: dict[str, Any]


def _check_installable(chart: Chart) -> None:
    if chart.metadata.Type not in ("", "application"):
        raise RenderError(f"{chart.metadata.Type} charts are not installable")


def validate_schemas(chart: Chart, vals: dict[str, Any], *, warn: values.Warn | None = None) -> str:
    """chartutil.ValidateAgainstSchema: the report for this chart and its subcharts ("" if ok)."""
    out: list[str] = []
    if chart.schema is not None:
        from shipyard.core.charts import schemas  # only charts with a schema pay for it

        try:
            report = schemas.validate(chart.schema, vals, warn=warn)
        except schemas.SchemaError as exc:
            out.append(f"{chart.name}:\n{exc}")  # helm adds no newline after these
            report = None
        if report is not None:
            out.append(f"{chart.name}:\n{report}\n")
    for sub in chart.dependencies:
        raw = vals.get(sub.name)
        if raw is None:
            continue
        if not isinstance(raw, dict):
            out.append(
                f"{sub.name}:\ninvalid type for values: expected object (map), got "
                f"{gotemplate_type(raw)}\n"
            )
            continue
        out.append(validate_schemas(sub, raw, warn=warn))
    return "".join(out)


def gotemplate_type(value: object) -> str:
    return {str: "string", bool: "bool", int: "int64", float: "float64"}.get(
        type(value), "[]interface {}"
    )


def prepare(
    chart: Chart,
    user_values: dict[str, Any],
    *,
    release: ReleaseOptions,
    caps: capabilities.Capabilities,
    warn: values.Warn,
    skip_schema: bool = False,
) -> Prepared:
    """What helm's install action does before rendering; raises :class:`RenderError`."""
    from shipyard.core.charts import constraints, dependencies

    _check_installable(chart)
    if chart.metadata.Deprecated:
        warn("WARNING: This chart is deprecated")
    try:
        dependencies.check_present(chart)
        chart = dependencies.process(chart, user_values, warn=warn)
        vals = values.coalesce_values(chart, user_values, warn=warn)
    except (dependencies.MissingDependencies, values.ValuesError) as exc:
        raise RenderError(str(exc)) from None
    if not skip_schema:
        report = validate_schemas(chart, vals, warn=warn)
        if report:
            raise RenderError(
                "values don't meet the specifications of the schema(s) in the following "
                f"chart(s):\n{report}"
            )
    top = {
        "Chart": chart.metadata,
        "Capabilities": caps,
        "Release": {
            "Name": release.name,
            "Namespace": release.namespace,
            "IsUpgrade": release.is_upgrade,
            "IsInstall": not release.is_upgrade,
            "Revision": release.revision,
            "Service": "Helm",
        },
        "Values": vals,
    }
    kube = chart.metadata.KubeVersion
    if kube and not constraints.is_compatible(kube, caps.KubeVersion.Version):
        raise RenderError(
            f"chart requires kubeVersion: {kube} which is incompatible with Kubernetes "
            f"{caps.KubeVersion.Version}",
            hint=True,
        )
    return Prepared(chart=chart, top=top)


# -- collecting templates ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Renderable:
    text: str
    scope: dict[str, Any]  # the chart's shared scope; "Template" is set before each run
    base_path: str


def _info(metadata: Metadata, *, is_root: bool) -> ChartInfo:
    return ChartInfo(**metadata.template_view(), IsRoot=is_root)


def _collect(
    chart: Chart, parent: dict[str, Any], path: str, *, is_root: bool, out: dict[str, _Renderable]
) -> dict[str, Any]:
    subcharts: dict[str, Any] = {}
    scope: dict[str, Any] = {
        "Chart": _info(chart.metadata, is_root=is_root),
        "Files": chartfiles.Files((f.name, f.data) for f in chart.files),
        "Release": parent.get("Release"),
        "Capabilities": parent.get("Capabilities"),
        "Values": values.Values(),
        "Subcharts": subcharts,
    }
    if is_root:
        scope["Values"] = parent.get("Values")
    else:
        with contextlib.suppress(values.NoTable):
            scope["Values"] = values.table(parent, "Values." + chart.name)
    for sub in chart.dependencies:
        subcharts[sub.name] = _collect(sub, scope, sub.full_path(path), is_root=False, out=out)
    for template in chart.templates:
        if chart.is_library and not template.name.rsplit("/", 1)[-1].startswith("_"):
            continue
        out[_join(path, template.name)] = _Renderable(
            text=gostrings.from_bytes(template.data), scope=scope, base_path=f"{path}/templates"
        )
    return scope


def _join(base: str, name: str) -> str:
    """path.Join for chart-relative names (already clean)."""
    parts: list[str] = []
    for part in f"{base}/{name}".split("/"):
        if part in ("", "."):
            continue
        if part == ".." and parts and parts[-1] != "..":
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def template_order(names: Iterator[str] | list[str]) -> list[str]:
    """Helm's sortTemplates: most path elements first, then reverse lexical order."""
    return sorted(names, key=lambda n: (n.count("/"), n), reverse=True)


# -- include and tpl -----------------------------------------------------------------------


def _engine_functions(base: Mapping[str, Any]) -> Mapping[str, Any]:
    counts: dict[str, int] = {}
    tpl_depth = [0]

    def include(tset: gotemplate.TemplateSet, name: str, data: object) -> str:
        count = counts.get(name)
        if count is not None and count > INCLUDE_LIMIT:
            raise gotemplate.FuncError(
                f"rendering template has a nested reference name: {name}: "
                "unable to execute template"
            )
        counts[name] = (count or 0) + 1
        try:
            return tset.execute(name, data)
        finally:
            counts[name] -= 1

    def tpl(tset: gotemplate.TemplateSet, text: str, data: object) -> str:
        if tpl_depth[0] >= TPL_LIMIT:
            raise TemplateLoop(text)
        clone = tset.clone()
        try:
            template = clone.parse(clone.name, text)
        except gotemplate.ParseError as exc:
            raise gotemplate.FuncError(
                f"cannot parse template {gostrings.go_quote(text)}: {exc}"
            ) from None
        tpl_depth[0] += 1
        try:
            result = template.execute(data)
        except gotemplate.ExecError as exc:
            raise gotemplate.FuncError(
                f"error during tpl function execution for {gostrings.go_quote(text)}: {exc}"
            ) from None
        finally:
            tpl_depth[0] -= 1
        return result.replace("<no value>", "")

    any_type = gotemplate.ANY
    engine = {
        "include": gotemplate.Func(fn=include, params=("string", any_type), context=True),
        "tpl": gotemplate.Func(fn=tpl, params=("string", any_type), context=True),
    }
    return gotemplate.with_funcs(base, engine)


# -- rendering -----------------------------------------------------------------------------


def _parse_error(name: str, exc: gotemplate.ParseError) -> RenderError:
    tokens = str(exc).split(": ")
    if len(tokens) == 1:
        return RenderError(f"parse error in ({name}): {exc}", hint=True)
    return RenderError(f"parse error at ({tokens[1]}): {tokens[-1]}", hint=True)


def _exec_error(name: str, exc: gotemplate.TemplateError) -> RenderError:
    message = str(exc)
    if isinstance(exc, gotemplate.TemplateNotFound) or not isinstance(exc, gotemplate.ExecError):
        return RenderError(message, hint=True)
    tokens = message.split(": ", 2)
    if len(tokens) != 3:
        return RenderError(f"execution error in ({name}): {message}", hint=True)
    found = _WARN.search(tokens[2])
    if found:
        return RenderError(f"execution error at ({tokens[1]}): {found[1]}", hint=True)
    return RenderError(message, hint=True)


def render(prepared: Prepared, *, functions: Mapping[str, Any]) -> dict[str, str]:
    """Execute every template; returns name -> text (partials left out, NOTES included).

    Helm allows 1000 nested ``include``\\s: callers wanting that depth run this with a raised
    recursion limit on a thread with a large stack (see ``shipyard.engine.charts``).
    """
    renderables: dict[str, _Renderable] = {}
    _collect(prepared.chart, prepared.top, prepared.chart.name, is_root=True, out=renderables)
    tset = gotemplate.TemplateSet("gotpl", funcs=_engine_functions(functions), missing_key="zero")
    order = template_order(list(renderables))
    for name in order:
        try:
            tset.parse(name, renderables[name].text)
        except gotemplate.ParseError as exc:
            raise _parse_error(name, exc) from None
    rendered: dict[str, str] = {}
    for name in order:
        if name.rsplit("/", 1)[-1].startswith("_"):
            continue
        item = renderables[name]
        item.scope["Template"] = {"Name": name, "BasePath": item.base_path}
        try:
            text = tset.execute(name, item.scope)
        except gotemplate.TemplateError as exc:
            raise _exec_error(name, exc) from None
        except TemplateLoop as exc:
            raise RenderError(
                f"template: {name}: tpl calls nested deeper than {TPL_LIMIT} levels "
                f"(a value that renders itself?): {gostrings.go_quote(str(exc)[:200])}",
                hint=True,
            ) from None
        rendered[name] = text.replace("<no value>", "")
    return rendered
