"""Sprig's dict functions: dict, get, set, unset, hasKey, pluck, keys, values, pick, omit, dig,
merge/mergeOverwrite (mergo's rules, including its treatment of "empty" values), deepCopy.

Dicts are Go maps, i.e. shared references: ``set``, ``unset`` and ``merge`` mutate their first
argument and return it, as in Go.
"""

from __future__ import annotations

from collections.abc import Mapping

from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import ANY, LIST, MAP, gofunc

Dict = dict[str, object]


@gofunc(variadic=ANY, returns=MAP)
def dict_(*pairs: object) -> Dict:
    out: Dict = {}
    for i in range(0, len(pairs), 2):
        key = govalues.strval(pairs[i])
        out[key] = pairs[i + 1] if i + 1 < len(pairs) else ""
    return out


@gofunc(MAP, "string")
def get(d: Dict, key: str) -> object:
    return d.get(key, "")


@gofunc(MAP, "string", ANY, returns=MAP)
def set_(d: Dict, key: str, value: object) -> Dict:
    d[key] = value
    return d


@gofunc(MAP, "string", returns=MAP)
def unset(d: Dict, key: str) -> Dict:
    d.pop(key, None)
    return d


@gofunc(MAP, "string", returns="bool")
def has_key(d: Dict, key: str) -> bool:
    return key in d


@gofunc("string", variadic=MAP, returns=LIST)
def pluck(key: str, *dicts: Dict) -> list[object]:
    return [d[key] for d in dicts if d is not None and key in d]


@gofunc(variadic=MAP, returns="[]string")
def keys(*dicts: Dict) -> list[object]:
    return [key for d in dicts if d is not None for key in d]


@gofunc(MAP, returns=LIST)
def values(d: Dict) -> list[object]:
    return list(d.values()) if d is not None else []


@gofunc(MAP, variadic="string", returns=MAP)
def pick(d: Dict, *names: str) -> Dict:
    return {k: d[k] for k in names if d is not None and k in d}


@gofunc(MAP, variadic="string", returns=MAP)
def omit(d: Dict, *names: str) -> Dict:
    dropped = set(names)
    return {k: v for k, v in (d or {}).items() if k not in dropped}


@gofunc(variadic=ANY, errors=True)
def dig(*args: object) -> object:
    if len(args) < 3:
        raise FunctionError("dig needs at least three arguments")
    current = args[-1]
    default = args[-2]
    path = args[:-2]
    for key in path:
        if not isinstance(key, str):
            raise FunctionError(
                f"interface conversion: interface {{}} is {govalues.type_of(key)}, not string"
            )
    if not isinstance(current, Mapping) or govalues.type_of(current) != MAP:
        raise FunctionError(
            f"interface conversion: interface {{}} is {govalues.type_of(current)}, "
            "not map[string]interface {}"
        )
    for i, key in enumerate(path):
        assert isinstance(key, str) and isinstance(current, Mapping)
        if key not in current:
            return default
        step = current[key]
        if i == len(path) - 1:
            return step
        if not isinstance(step, Mapping) or govalues.type_of(step) != MAP:
            raise FunctionError(
                f"interface conversion: interface {{}} is {govalues.type_of(step)}, "
                "not map[string]interface {}"
            )
        current = step
    return default


def _empty(value: object) -> bool:
    return govalues.is_empty(value)


def merge_into(dst: Dict, src: Mapping[str, object], *, overwrite: bool) -> None:
    """mergo.Merge / MergeWithOverwrite of one map[string]interface{} into another."""
    for key, item in src.items():
        present = key in dst
        old = dst.get(key)
        if item is None:
            if overwrite:
                dst[key] = None
            continue
        if isinstance(item, Mapping):
            if present and isinstance(old, dict):
                merge_into(old, item, overwrite=overwrite)
        elif govalues.is_list(item):
            current = old if present and old is not None else []
            if overwrite or not dst:
                current = item
            dst[key] = current
        if present and not _empty(old):
            if govalues.is_list(item):
                continue
            if isinstance(item, Mapping) and isinstance(old, Mapping):
                continue
        if overwrite or not present or _empty(old):
            dst[key] = item


@gofunc(MAP, variadic=MAP)
def merge(dst: Dict, *srcs: Dict) -> object:
    for src in srcs:
        if src is not None:
            merge_into(dst, src, overwrite=False)
    return dst


@gofunc(MAP, variadic=MAP)
def merge_overwrite(dst: Dict, *srcs: Dict) -> object:
    for src in srcs:
        if src is not None:
            merge_into(dst, src, overwrite=True)
    return dst


def deep_copy_value(value: object) -> object:
    """copystructure.Copy for the value model."""
    if isinstance(value, dict):
        return {k: deep_copy_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [deep_copy_value(v) for v in value]
    return value


@gofunc(ANY, errors=True)
def deep_copy(value: object) -> object:
    return deep_copy_value(value)
