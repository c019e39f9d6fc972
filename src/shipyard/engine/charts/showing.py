"""``shipyard chart show values|chart``: a chart's default values and metadata as helm prints
them (``helm show values`` prints values.yaml as written; ``helm show chart`` the metadata as
YAML, keys sorted, empty fields left out)."""

from __future__ import annotations

from pathlib import Path

from shipyard.adapters.charts import loading
from shipyard.core.charts import goyaml
from shipyard.core.charts.chartyaml import Dependency, Maintainer, Metadata


def show_values(path: Path) -> str:
    """``helm show values``: the raw values.yaml, or nothing without one."""
    files = loading.read_files(path)
    loading.load_chart(path)  # the chart must load, as helm's does
    return "".join(
        f.data.decode("utf-8", "surrogateescape") + "\n" for f in files if f.name == "values.yaml"
    )


def _maintainer(m: Maintainer | None) -> dict[str, object] | None:
    if m is None:
        return None
    return {k: v for k, v in (("name", m.Name), ("email", m.Email), ("url", m.URL)) if v}


def _dependency(d: Dependency | None) -> dict[str, object] | None:
    if d is None:
        return None
    out: dict[str, object] = {"name": d.Name}
    if d.Version:
        out["version"] = d.Version
    out["repository"] = d.Repository
    optional: list[tuple[str, object]] = [
        ("condition", d.Condition),
        ("tags", list(d.Tags)),
        ("enabled", d.Enabled),
        ("import-values", list(d.ImportValues)),
        ("alias", d.Alias),
    ]
    out.update((k, v) for k, v in optional if v)
    return out


def metadata_document(md: Metadata) -> dict[str, object]:
    """chart.Metadata as its JSON tags marshal it (omitempty)."""
    fields: list[tuple[str, object]] = [
        ("name", md.Name),
        ("home", md.Home),
        ("sources", list(md.Sources)),
        ("version", md.Version),
        ("description", md.Description),
        ("keywords", list(md.Keywords)),
        ("maintainers", [_maintainer(m) for m in md.Maintainers]),
        ("icon", md.Icon),
        ("apiVersion", md.APIVersion),
        ("condition", md.Condition),
        ("tags", md.Tags),
        ("appVersion", md.AppVersion),
        ("deprecated", md.Deprecated),
        ("annotations", dict(md.Annotations)),
        ("kubeVersion", md.KubeVersion),
        ("dependencies", [_dependency(d) for d in md.Dependencies or ()]),
        ("type", md.Type),
    ]
    return {k: v for k, v in fields if v}


def show_chart(path: Path) -> str:
    """``helm show chart``."""
    chart = loading.load_chart(path)
    return goyaml.to_yaml(metadata_document(chart.metadata)) + "\n\n"
