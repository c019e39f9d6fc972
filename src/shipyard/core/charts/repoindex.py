"""Chart repository indexes (``index.yaml``) as helm writes and reads them.

An entry is the chart's Chart.yaml metadata plus ``created``, ``digest`` (sha256 of the
archive, hex) and ``urls``. Versions of a chart are listed newest first by SemVer precedence
(a pre-release before its release); merging keeps what the existing index has and adds only
versions it lacks, as ``helm repo index --merge`` does. The YAML is emitted with Go's rules
(keys sorted, the same quoting), so it reads like helm's own output.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from shipyard import errors
from shipyard.core.charts import goyaml
from shipyard.core.charts.functions import sprig_semver

_METADATA = (
    "name", "home", "sources", "version", "description", "keywords", "maintainers", "icon",
    "apiVersion", "condition", "tags", "appVersion", "deprecated", "annotations", "kubeVersion",
    "dependencies", "type",
)  # fmt: skip


def entry(
    *, chart_yaml: Mapping[str, Any], digest_hex: str, url: str, created: str
) -> dict[str, Any]:
    value = {key: chart_yaml[key] for key in _METADATA if chart_yaml.get(key)}
    value.update({"created": created, "digest": digest_hex, "urls": [url]})
    return value


def _newest_first(left: Mapping[str, Any], right: Mapping[str, Any]) -> int:
    try:
        a = sprig_semver.parse_version(str(left.get("version", "")))
        b = sprig_semver.parse_version(str(right.get("version", "")))
    except sprig_semver.SemverError:
        return 0
    return -sprig_semver.compare(a, b)


def build(entries: Sequence[Mapping[str, Any]], *, generated: str) -> dict[str, Any]:
    by_name: dict[str, list[Mapping[str, Any]]] = {}
    for item in entries:
        by_name.setdefault(str(item["name"]), []).append(item)
    return {
        "apiVersion": "v1",
        "entries": {
            name: sorted(items, key=functools.cmp_to_key(_newest_first))
            for name, items in sorted(by_name.items())
        },
        "generated": generated,
    }


def merge(index: Mapping[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """``index`` plus the versions of ``other`` it does not have."""
    merged = {name: list(items) for name, items in (index.get("entries") or {}).items()}
    for name, items in (other.get("entries") or {}).items():
        present = {str(item.get("version")) for item in merged.get(name, [])}
        merged.setdefault(name, []).extend(
            item for item in items if str(item.get("version")) not in present
        )
    return {
        **index,
        "apiVersion": "v1",
        "entries": {
            name: sorted(items, key=functools.cmp_to_key(_newest_first))
            for name, items in sorted(merged.items())
        },
    }


def dump(index: Mapping[str, Any]) -> str:
    return goyaml.to_yaml(dict(index))


def load(text: str, *, where: str) -> dict[str, Any]:
    value = goyaml.from_yaml(text)
    if not isinstance(value, dict) or "Error" in value:
        raise errors.UserError(f"{where}: not a chart repository index")
    if value.get("apiVersion") != "v1" or not isinstance(value.get("entries"), dict):
        raise errors.UserError(f"{where}: index needs apiVersion v1 and entries")
    return value


def find(index: Mapping[str, Any], *, name: str, version: str, where: str) -> Mapping[str, Any]:
    """The entry of ``name`` at ``version`` (empty: the newest that is not a pre-release)."""
    items = (index.get("entries") or {}).get(name) or []
    for item in items:
        if version and str(item.get("version")) == version:
            return dict(item)
        if not version and "-" not in str(item.get("version", "")):
            return dict(item)
    wanted = f"version {version}" if version else "a released version"
    raise errors.UserError(f"{where}: chart {name} has no {wanted}")
