"""Which subcharts render, under which names, with which imported values: Helm's
``ProcessDependenciesWithMerge``.

For each chart with ``dependencies`` (in ``Chart.yaml``, or v1 ``requirements.yaml``), from the
top down:

1. each listed dependency takes the first loaded subchart with its name whose version satisfies
   the dependency's range, renamed to its ``alias`` (a subchart may be listed twice under two
   aliases); loaded subcharts that no entry matches stay as they are, first;
2. all are enabled, then ``tags`` (any true tag enables, only false tags disable) and then the
   first ``condition`` path that resolves to a boolean decide, against the values coalesced
   so far (user values included);
3. disabled subcharts are dropped and the rest processed the same way.

Then from the bottom up, ``import-values`` copy a child's ``exports.X`` (string form) or
``child`` table (map form) into the parent's values under ``parent``; the parent's own values
take precedence over imported ones, as in Helm 3.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from shipyard.core.charts import constraints, goformat, values
from shipyard.core.charts.chart import Chart, Dependency


class MissingDependencies(ValueError):
    """Dependencies listed in Chart.yaml with no subchart in ``charts/``."""


def check_present(chart: Chart) -> None:
    """action.CheckDependencies for the top chart; raises :class:`MissingDependencies`."""
    listed = chart.metadata.Dependencies
    if listed is None:
        return
    loaded = {sub.name for sub in chart.dependencies}
    missing = [dep.Name for dep in listed if dep is not None and dep.Name not in loaded]
    if missing:
        raise MissingDependencies(
            "An error occurred while checking for chart dependencies. You may need to run "
            "`helm dependency build` to fetch missing dependencies: found in Chart.yaml, but "
            f"missing in charts/ directory: {', '.join(missing)}"
        )


def with_load_paths(chart: Chart, path: str | None = None) -> Chart:
    """Record where each chart was loaded (Helm keeps that parent unless processing re-parents)."""
    path = chart.name if path is None else f"{path}/charts/{chart.name}"
    subs = tuple(with_load_paths(sub, path) for sub in chart.dependencies)
    return dataclasses.replace(chart, load_path=path, dependencies=subs)


def process(chart: Chart, user_values: dict[str, Any], *, warn: values.Warn) -> Chart:
    """The chart with only its enabled subcharts, renamed and with imported values merged."""
    chart = with_load_paths(chart)
    enabled = _enable(chart, user_values, "", warn=warn)
    return _import_values(enabled, warn=warn)


def _matches(dep: Dependency, sub: Chart) -> bool:
    return sub.name == dep.Name and constraints.is_compatible(dep.Version, sub.metadata.Version)


def _resolve(chart: Chart) -> tuple[list[Chart], list[Dependency]]:
    listed = [dep for dep in chart.metadata.Dependencies or () if dep is not None]
    subs = [s for s in chart.dependencies if not any(_matches(d, s) for d in listed)]
    renamed: list[Dependency] = []
    for dep in listed:
        found = next((s for s in chart.dependencies if _matches(dep, s)), None)
        if found is not None:
            if dep.Alias:
                found = dataclasses.replace(
                    found, metadata=dataclasses.replace(found.metadata, Name=dep.Alias)
                )
            subs.append(found)
        renamed.append(dataclasses.replace(dep, Name=dep.Alias or dep.Name, Enabled=True))
    return subs, renamed


def _apply_tags(
    deps: list[Dependency], cvals: dict[str, Any], *, warn: values.Warn
) -> list[Dependency]:
    tags = cvals.get("tags")
    if not isinstance(tags, dict):
        return deps
    out = []
    for dep in deps:
        has_true = has_false = False
        for tag in dep.Tags:
            if tag not in tags:
                continue
            value = tags[tag]
            if isinstance(value, bool):
                has_true, has_false = has_true or value, has_false or not value
            else:
                warn(f"Warning: Tag '{tag}' for chart {dep.Name} returned non-bool value")
        enabled = not (has_false and not has_true)
        out.append(dataclasses.replace(dep, Enabled=enabled))
    return out


def _apply_conditions(
    deps: list[Dependency], cvals: dict[str, Any], path: str, *, warn: values.Warn
) -> list[Dependency]:
    out = []
    for dep in deps:
        for condition in dep.Condition.strip(" \t\n\v\f\r").split(","):
            if not condition:
                continue
            try:
                found = values.path_value(cvals, path + condition)
            except values.NoTable:
                continue
            if isinstance(found, bool):
                dep = dataclasses.replace(dep, Enabled=found)
                break
            message = f"Condition path '{condition}' for chart {dep.Name} returned non-bool value"
            warn(f"Warning: {message}")
        out.append(dep)
    return out


def _enable(chart: Chart, user_values: dict[str, Any], path: str, *, warn: values.Warn) -> Chart:
    if chart.metadata.Dependencies is None:
        return chart
    subs, deps = _resolve(chart)
    chart = dataclasses.replace(chart, dependencies=tuple(subs))
    cvals = values.coalesce_values(chart, user_values, warn=warn)
    deps = _apply_tags(deps, cvals, warn=warn)
    deps = _apply_conditions(deps, cvals, path, warn=warn)
    disabled = {dep.Name for dep in deps if not dep.Enabled}
    kept = [
        dataclasses.replace(_enable(sub, cvals, f"{path}{sub.name}.", warn=warn), reparented=True)
        for sub in subs
        if sub.name not in disabled
    ]
    kept_deps = [dep for dep in deps if dep.Name not in disabled]
    metadata = dataclasses.replace(chart.metadata, Dependencies=tuple(kept_deps) or None)
    return dataclasses.replace(chart, metadata=metadata, dependencies=tuple(kept))


def _path_to_map(path: str, data: dict[str, Any]) -> dict[str, Any]:
    if path == ".":
        return data
    result: dict[str, Any] = data
    for part in reversed(path.split(".")):
        result = {part: result}
    return result


def _as_map(table: dict[str, Any]) -> dict[str, Any]:
    return table if table else {}


def _import_values(chart: Chart, *, warn: values.Warn) -> Chart:
    subs = tuple(_import_values(sub, warn=warn) for sub in chart.dependencies)
    chart = dataclasses.replace(chart, dependencies=subs)
    if chart.metadata.Dependencies is None:
        return chart
    cvals: dict[str, Any] = values.coalesce_values(chart, {}, merge=True, warn=warn)
    imported: dict[str, Any] = {}
    deps: list[Dependency] = []
    for dep in chart.metadata.Dependencies:
        assert dep is not None
        normalised: list[object] = []
        for item in dep.ImportValues:
            if isinstance(item, dict):
                child = goformat.format_value(item.get("child"))
                parent = goformat.format_value(item.get("parent"))
                normalised.append({"child": child, "parent": parent})
                try:
                    found = values.lookup_table(cvals, f"{dep.Name}.{child}")
                except values.NoTable as exc:
                    warn(f"Warning: ImportValues missing table from chart {dep.Name}: {exc}")
                    continue
                imported = values.merge_tables(imported, _path_to_map(parent, _as_map(found)))
            elif isinstance(item, str):
                child = f"exports.{item}"
                normalised.append({"child": child, "parent": "."})
                try:
                    found = values.lookup_table(cvals, f"{dep.Name}.{child}")
                except values.NoTable as exc:
                    warn(f"Warning: ImportValues missing table: {exc}")
                    continue
                imported = values.merge_tables(imported, _as_map(found))
        deps.append(dataclasses.replace(dep, ImportValues=tuple(normalised)))
    merged = values.merge_tables(values.deep_copy(dict(cvals)), imported)
    metadata = dataclasses.replace(chart.metadata, Dependencies=tuple(deps))
    return dataclasses.replace(chart, metadata=metadata, values=merged)
