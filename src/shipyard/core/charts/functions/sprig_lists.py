"""Sprig's list functions: list, append/push, prepend, first/rest/last/initial, reverse, uniq,
without, has, compact, slice, concat, chunk, until/untilStep/seq, and their must* forms.

The plain forms panic where the must* forms return an error; both surface as FunctionError
with the same text. Lists are never mutated: Sprig copies into a fresh []interface{}.
"""

from __future__ import annotations

import math

from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import ANY, LIST, gofunc

NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference"


def _items(value: object, what: str) -> list[object]:
    """The elements of a slice/array argument, or Sprig's "Cannot ... on type K" error."""
    if value is None:
        raise FunctionError(NIL_DEREFERENCE)
    if not govalues.is_list(value):
        raise FunctionError(f"{what} {govalues.kind_of(value)}")
    return govalues.as_list(value)


@gofunc(variadic=ANY, returns=LIST)
def list_(*values: object) -> list[object]:
    return list(values)


@gofunc(ANY, ANY, returns=LIST, errors=True)
def push(values: object, item: object) -> list[object]:
    return [*_items(values, "Cannot push on type"), item]


@gofunc(ANY, ANY, returns=LIST, errors=True)
def prepend(values: object, item: object) -> list[object]:
    return [item, *_items(values, "Cannot prepend on type")]


@gofunc("int", ANY, returns="[][]interface {}", errors=True)
def chunk(size: int, values: object) -> list[object]:
    items = _items(values, "Cannot chunk type")
    length = len(items)
    count = govalues.float_to_int64(_float_div(length - 1, size)) + 1
    if count < 0:
        raise FunctionError("runtime error: makeslice: len out of range")
    out: list[object] = []
    for i in range(count):
        clen = size
        if i == count - 1:
            clen = int(math.fmod(length, size)) if size else 0
            clen = clen or size
        if clen < 0:
            raise FunctionError("runtime error: makeslice: len out of range")
        out.append([items[i * size + j] for j in range(clen)])
    return out


def _float_div(a: int, b: int) -> float:
    """float64(a)/float64(b) with IEEE semantics for a zero divisor, then math.Floor."""
    if b == 0:
        return math.nan if a == 0 else math.copysign(math.inf, a)
    return float(math.floor(a / b))


@gofunc(ANY, errors=True)
def first(values: object) -> object:
    items = _items(values, "Cannot find first on type")
    return items[0] if items else None


@gofunc(ANY, errors=True)
def last(values: object) -> object:
    items = _items(values, "Cannot find last on type")
    return items[-1] if items else None


@gofunc(ANY, returns=LIST, errors=True)
def rest(values: object) -> list[object]:
    items = _items(values, "Cannot find rest on type")
    return items[1:] if items else govalues.NilList()


@gofunc(ANY, returns=LIST, errors=True)
def initial(values: object) -> list[object]:
    items = _items(values, "Cannot find initial on type")
    return items[:-1] if items else govalues.NilList()


@gofunc(ANY, returns=LIST, errors=True)
def reverse(values: object) -> list[object]:
    return list(reversed(_items(values, "Cannot find reverse on type")))


@gofunc(ANY, returns=LIST, errors=True)
def compact(values: object) -> list[object]:
    return [v for v in _items(values, "Cannot compact on type") if not govalues.is_empty(v)]


def _contains(haystack: list[object], needle: object) -> bool:
    return any(govalues.deep_equal(needle, item) for item in haystack)


@gofunc(ANY, returns=LIST, errors=True)
def uniq(values: object) -> list[object]:
    out: list[object] = []
    for item in _items(values, "Cannot find uniq on type"):
        if not _contains(out, item):
            out.append(item)
    return out


@gofunc(ANY, variadic=ANY, returns=LIST, errors=True)
def without(values: object, *omit: object) -> list[object]:
    items = _items(values, "Cannot find without on type")
    return [item for item in items if not _contains(list(omit), item)]


@gofunc(ANY, ANY, returns="bool", errors=True)
def has(needle: object, haystack: object) -> bool:
    if haystack is None:
        return False
    return _contains(_items(haystack, "Cannot find has on type"), needle)


@gofunc(ANY, variadic=ANY, errors=True)
def slice_(values: object, *indices: object) -> object:
    if values is None:
        raise FunctionError(NIL_DEREFERENCE)
    if not govalues.is_list(values):
        raise FunctionError(f"list should be type of slice or array but {govalues.kind_of(values)}")
    items = govalues.as_list(values)
    if not items:
        return None
    start = govalues.to_int64(indices[0]) if indices else 0
    end = govalues.to_int64(indices[1]) if len(indices) >= 2 else len(items)
    if start < 0 or end < start or end > len(items):
        if end > len(items) or end < 0:
            raise FunctionError("reflect.Value.Slice: slice index out of bounds")
        raise FunctionError("reflect.Value.Slice: slice index out of bounds")
    return items[start:end]


@gofunc(variadic=ANY)
def concat(*lists: object) -> list[object]:
    out: list[object] = govalues.NilList()
    for value in lists:
        if value is None:
            raise FunctionError(NIL_DEREFERENCE)
        if not govalues.is_list(value):
            raise FunctionError(f"Cannot concat type {govalues.kind_of(value)} as list")
        items = govalues.as_list(value)
        if items:
            out = [*out, *items]
    return out


def until_step(start: int, stop: int, step: int) -> list[object]:
    if stop < start:
        return list(range(start, stop, step)) if step < 0 else []
    return list(range(start, stop, step)) if step > 0 else []


@gofunc("int", returns="[]int")
def until(count: int) -> list[object]:
    return until_step(0, count, 1 if count >= 0 else -1)


@gofunc("int", "int", "int", returns="[]int")
def until_step_(start: int, stop: int, step: int) -> list[object]:
    return until_step(start, stop, step)


@gofunc(variadic="int", returns="string")
def seq(*params: int) -> str:
    if len(params) == 1:
        start, end = 1, params[0]
        step = -1 if end < start else 1
        values = until_step(start, end + step, step)
    elif len(params) == 2:
        start, end = params
        step = -1 if end < start else 1
        values = until_step(start, end + step, step)
    elif len(params) == 3:
        start, step, end = params
        increment = 1
        if end < start:
            increment = -1
            if step > 0:
                return ""
        values = until_step(start, end + increment, step)
    else:
        return ""
    return " ".join(str(v) for v in values)
