"""Values coalescing exactly as Helm's chartutil does it.

The user's values (``-f`` files merged in order, then ``--set*``, see :mod:`setvalues`) are
coalesced with the chart's ``values.yaml``: user keys win, tables merge key by key, and a user
``null`` deletes the chart's default (``coalesce``); while dependencies are processed the nulls
are kept (``merge``). Each subchart's defaults are coalesced under its name (or alias) in the
parent's values, and the parent's ``global`` table is copied down into every subchart's
``global``. Maps are shared and mutated where Helm's are, so that corner cases (a null in one
table hiding a default in another) come out the same.

:class:`Values` is ``chartutil.Values``: the type of ``.Values`` in a template, whose methods
(``.Values.AsMap``, ``.Values.Table "a.b"``, ``.Values.YAML``) shadow keys of the same name.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from shipyard.core import gotemplate
from shipyard.core.charts import goformat, goyaml
from shipyard.core.charts.functions import govalues

if TYPE_CHECKING:
    from shipyard.core.charts.chart import Chart

GLOBAL_KEY = "global"
Warn = Callable[[str], None]


class ValuesError(ValueError):
    """Values Helm refuses to coalesce; ``str()`` is Helm's message."""


class NoTable(LookupError):
    """chartutil.ErrNoTable."""


class Values(govalues.ChartValues):
    """chartutil.Values: a map with methods (``AsMap``, ``Table``, ``PathValue``, ``YAML``)."""

    __go_methods__: ClassVar[tuple[str, ...]] = ("AsMap", "PathValue", "Table", "YAML")

    def AsMap(self) -> dict[str, Any]:
        return self

    @gotemplate.method("string")
    def Table(self, name: str) -> Values:
        try:
            return table(self, name)
        except NoTable as exc:
            raise gotemplate.FuncError(str(exc)) from None

    @gotemplate.method("string")
    def PathValue(self, path: str) -> object:
        try:
            return path_value(self, path)
        except NoTable as exc:
            raise gotemplate.FuncError(str(exc)) from None

    def YAML(self) -> str:
        return goyaml.to_yaml(dict(self)) + "\n"


def lookup_table(values: dict[str, Any], name: str) -> dict[str, Any]:
    """The very table (not a copy) at a dotted path; raises :class:`NoTable`."""
    current: dict[str, Any] = values
    for part in name.split("."):
        found = current.get(part, _ABSENT)
        if not isinstance(found, dict):
            raise NoTable(f'no table named "{part}"')
        current = found
    return current


def table(values: dict[str, Any], name: str) -> Values:
    """chartutil.Values.Table: the table at a dotted path; raises :class:`NoTable`."""
    current = lookup_table(values, name)
    return current if isinstance(current, Values) else Values(current)


_ABSENT = object()


def path_value(values: dict[str, Any], path: str) -> object:
    """chartutil.Values.PathValue: a non-table value at a dotted path; raises :class:`NoTable`."""
    if not path:
        raise NoTable("YAML path cannot be empty")
    *parents, key = path.split(".")
    if parents:
        try:
            holder: dict[str, Any] = lookup_table(values, ".".join(parents))
        except NoTable:
            raise NoTable(f'no value for key "{key}"') from None
    else:
        holder = values
    found = holder.get(key, _ABSENT)
    if found is _ABSENT or isinstance(found, dict):
        raise NoTable(f'no value for key "{key}"')
    return found


def _copy(value: Any) -> Any:
    """copystructure.Copy: a deep copy of maps and lists (scalars are immutable)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _prefix(a: str, b: str) -> str:
    return f"{a}.{b}" if a else b


def _ignore(message: str) -> None:
    return None


def coalesce_values(
    chart: Chart, values: dict[str, Any], *, merge: bool = False, warn: Warn = _ignore
) -> Values:
    """chartutil.CoalesceValues (``merge=False``) or MergeValues (``merge=True``)."""
    dest = _copy(values) if values else {}
    return Values(_coalesce(chart, dest, "", merge=merge, warn=warn))


def _coalesce(
    chart: Chart, dest: dict[str, Any], prefix: str, *, merge: bool, warn: Warn
) -> dict[str, Any]:
    _coalesce_chart_values(chart, dest, prefix, merge=merge, warn=warn)
    return _coalesce_dependencies(chart, dest, prefix, merge=merge, warn=warn)


def _coalesce_dependencies(
    chart: Chart, dest: dict[str, Any], prefix: str, *, merge: bool, warn: Warn
) -> dict[str, Any]:
    for sub in chart.dependencies:
        name = sub.name
        current = dest.get(name, _ABSENT)
        if current is _ABSENT:
            dest[name] = {}
        elif not isinstance(current, dict):
            shown = goformat.format_value(current)
            detail = shown if isinstance(current, bool) else f"%!t({_go_type(current)}={shown})"
            raise ValuesError(f"type mismatch on {name}: {detail}")
        sub_values = dest[name]
        sub_prefix = _prefix(prefix, chart.name)
        _coalesce_globals(sub_values, dest, sub_prefix, warn=warn)
        dest[name] = _coalesce(sub, sub_values, sub_prefix, merge=merge, warn=warn)
    return dest


def _go_type(value: object) -> str:
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    return "[]interface {}"


def _coalesce_globals(
    dest: dict[str, Any], src: dict[str, Any], prefix: str, *, warn: Warn
) -> None:
    dest_globals = dest.get(GLOBAL_KEY, _ABSENT)
    if dest_globals is _ABSENT:
        dest_globals = {}
    elif not isinstance(dest_globals, dict):
        warn(f"warning: skipping globals because destination {GLOBAL_KEY} is not a table.")
        return
    src_globals = src.get(GLOBAL_KEY, _ABSENT)
    if src_globals is _ABSENT:
        src_globals = {}
    elif not isinstance(src_globals, dict):
        warn(f"warning: skipping globals because source {GLOBAL_KEY} is not a table.")
        return
    for key, value in src_globals.items():
        if isinstance(value, dict):
            shallow = dict(value)
            existing = dest_globals.get(key, _ABSENT)
            if existing is _ABSENT:
                dest_globals[key] = shallow
            elif not isinstance(existing, dict):
                warn(f'Conflict: cannot merge map onto non-map for "{key}". Skipping.')
            else:
                _coalesce_tables(shallow, existing, _prefix(prefix, key), merge=True, warn=warn)
                dest_globals[key] = shallow
        elif isinstance(dest_globals.get(key), dict):
            warn(f"key {key} is table. Skipping")
        else:
            dest_globals[key] = value
    dest[GLOBAL_KEY] = dest_globals


def _coalesce_chart_values(
    chart: Chart, values: dict[str, Any], prefix: str, *, merge: bool, warn: Warn
) -> None:
    sub_prefix = _prefix(prefix, chart.name)
    defaults = _copy(chart.values)
    sub_names = {sub.name for sub in chart.dependencies}
    for key, default in defaults.items():
        if key not in values:
            values[key] = default
            continue
        value = values[key]
        if value is None and not merge:
            del values[key]
        elif isinstance(value, dict):
            if not isinstance(default, dict):
                if default is not None:
                    warn(f"warning: skipped value for {sub_prefix}.{key}: Not a table.")
            else:
                _coalesce_tables(
                    value,
                    default,
                    _prefix(sub_prefix, key),
                    merge=merge or key in sub_names,
                    warn=warn,
                )


def coalesce_tables(dst: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    """chartutil.CoalesceTables: ``dst`` wins, user nulls delete."""
    return _coalesce_tables(dst, src, "", merge=False, warn=_ignore)


def merge_tables(dst: dict[str, Any], src: dict[str, Any]) -> dict[str, Any]:
    """chartutil.MergeTables: ``dst`` wins, nulls are kept."""
    return _coalesce_tables(dst, src, "", merge=True, warn=_ignore)


def _coalesce_tables(
    dst: dict[str, Any] | None, src: dict[str, Any] | None, prefix: str, *, merge: bool, warn: Warn
) -> dict[str, Any]:
    if src is None:
        return dst if dst is not None else {}
    if dst is None:
        return src
    src_non_nil = {key for key, value in src.items() if value is not None}
    for key, value in dst.items():
        if value is None:
            src[key] = None
    for key, value in src.items():
        full = _prefix(prefix, key)
        present = key in dst
        current = dst.get(key)
        if present and not merge and current is None and key in src_non_nil:
            del dst[key]
        elif not present:
            dst[key] = value
        elif isinstance(value, dict):
            if isinstance(current, dict):
                _coalesce_tables(current, value, full, merge=merge, warn=warn)
            else:
                warn(f"warning: cannot overwrite table with non table for {full} ({value})")
        elif isinstance(current, dict) and value is not None:
            warn(f"warning: destination for {full} is a table. Ignoring non-table value ({value})")
    return dst


def merge_maps(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """How ``-f`` files combine (values.Options.mergeMaps): later files win, tables merge."""
    out = dict(a)
    for key, value in b.items():
        if isinstance(value, dict):
            existing = out.get(key)
            if isinstance(existing, dict):
                out[key] = merge_maps(existing, value)
                continue
        out[key] = value
    return out


def deep_copy(values: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(values)
