"""Sprig's default/flow helpers (default, empty, coalesce, all, any, ternary), its JSON
functions (fromJson, toJson, toPrettyJson, toRawJson and must* forms) and its reflection
functions (typeOf, typeIs, typeIsLike, kindOf, kindIs, deepEqual)."""

from __future__ import annotations

from shipyard.core.charts import gojson
from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import ANY, gofunc


@gofunc(ANY, variadic=ANY)
def default(fallback: object, *given: object) -> object:
    if not given or govalues.is_empty(given[0]):
        return fallback
    return given[0]


@gofunc(ANY, returns="bool")
def empty(value: object) -> bool:
    return govalues.is_empty(value)


@gofunc(variadic=ANY)
def coalesce(*values: object) -> object:
    for value in values:
        if not govalues.is_empty(value):
            return value
    return None


@gofunc(variadic=ANY, returns="bool")
def all_(*values: object) -> bool:
    return all(not govalues.is_empty(v) for v in values)


@gofunc(variadic=ANY, returns="bool")
def any_(*values: object) -> bool:
    return any(not govalues.is_empty(v) for v in values)


@gofunc(ANY, ANY, "bool")
def ternary(if_true: object, if_false: object, condition: bool) -> object:
    return if_true if condition else if_false


# -- JSON ----------------------------------------------------------------------------------


@gofunc("string")
def from_json(text: str) -> object:
    try:
        return gojson.unmarshal(text)
    except gojson.JSONError:
        return None


@gofunc("string", errors=True)
def must_from_json(text: str) -> object:
    try:
        return gojson.unmarshal(text)
    except gojson.JSONError as exc:
        raise FunctionError(str(exc)) from None


@gofunc(ANY, returns="string")
def to_json(value: object) -> str:
    try:
        return gojson.marshal(value)
    except gojson.JSONError:
        return ""


@gofunc(ANY, returns="string", errors=True)
def must_to_json(value: object) -> str:
    try:
        return gojson.marshal(value)
    except gojson.JSONError as exc:
        raise FunctionError(str(exc)) from None


@gofunc(ANY, returns="string")
def to_pretty_json(value: object) -> str:
    try:
        return gojson.marshal(value, indent="  ")
    except gojson.JSONError:
        return ""


@gofunc(ANY, returns="string", errors=True)
def must_to_pretty_json(value: object) -> str:
    try:
        return gojson.marshal(value, indent="  ")
    except gojson.JSONError as exc:
        raise FunctionError(str(exc)) from None


@gofunc(ANY, returns="string", errors=True)
def must_to_raw_json(value: object) -> str:
    try:
        return gojson.marshal(value, escape_html=False)
    except gojson.JSONError as exc:
        raise FunctionError(str(exc)) from None


@gofunc(ANY, returns="string")
def to_raw_json(value: object) -> str:
    # Sprig panics with the marshal error; the engine reports it the same way.
    return must_to_raw_json(value)


# -- reflection ----------------------------------------------------------------------------


@gofunc(ANY, returns="string")
def type_of(value: object) -> str:
    return govalues.type_of(value)


@gofunc("string", ANY, returns="bool")
def type_is(target: str, value: object) -> bool:
    return target == govalues.type_of(value)


@gofunc("string", ANY, returns="bool")
def type_is_like(target: str, value: object) -> bool:
    name = govalues.type_of(value)
    return target == name or "*" + target == name


@gofunc(ANY, returns="string")
def kind_of(value: object) -> str:
    return govalues.kind_of(value)


@gofunc("string", ANY, returns="bool")
def kind_is(target: str, value: object) -> bool:
    return target == govalues.kind_of(value)


@gofunc(ANY, ANY, returns="bool")
def deep_equal(a: object, b: object) -> bool:
    return govalues.deep_equal(a, b)
