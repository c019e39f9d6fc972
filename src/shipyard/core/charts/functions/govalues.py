"""Go semantics over the template value model: spf13/cast conversions (``toInt64``,
``toFloat64``), Sprig's ``strval`` and ``empty``, ``reflect.DeepEqual``, ``%T`` and
``reflect.Kind`` names, and int64 wrap-around.

Objects beyond the plain model may declare ``go_type`` (``%T``, e.g. "time.Time") and
``go_kind`` (e.g. "struct", "ptr") class attributes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from shipyard.core.charts import goformat

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1


class GoInt64(int):
    """An int64 result (Sprig's arithmetic, ``int64``), distinct from Go's int for ``%T``,
    ``reflect.DeepEqual`` and type switches such as ``duration``'s."""

    go_type = "int64"
    __go_type__ = "int64"  # the template engine's spelling

    def __repr__(self) -> str:
        return int.__repr__(self)

    __str__ = __repr__


class NilList(list[object]):
    """A nil slice: prints as ``[]`` but marshals to JSON ``null``."""

    go_nil = True


class TypedMap(dict[str, object]):
    """A map of a named Go map type (``go_type``), e.g. Helm's chartutil.Values."""

    go_type = "map[string]interface {}"
    __go_type__ = "map[string]interface {}"  # the template engine's spelling


class ChartValues(TypedMap):
    """Helm's ``.Values`` (chartutil.Values): ``dig`` refuses it, ``typeOf`` names it."""

    go_type = "chartutil.Values"
    __go_type__ = "chartutil.Values"  # the template engine's spelling


def wrap_int64(value: int) -> int:
    """Two's-complement int64 overflow, as Go arithmetic does."""
    value &= 0xFFFFFFFFFFFFFFFF
    return value - 2**64 if value > INT64_MAX else value


def float_to_int64(value: float) -> int:
    """Go's int64(f) on amd64: truncation; NaN and out-of-range give the minimum int64."""
    if math.isnan(value) or math.isinf(value) or not -(2.0**63) <= value < 2.0**63:
        return INT64_MIN
    return int(value)


def _underscore_ok(text: str) -> bool:
    saw = "^"
    body = text[1:] if text[:1] in "+-" else text
    hexadecimal = False
    i = 0
    if len(body) >= 2 and body[0] == "0" and body[1].lower() in "box":
        hexadecimal = body[1].lower() == "x"
        i, saw = 2, "0"
    for ch in body[i:]:
        if (ch.isdigit() and ch.isascii()) or (hexadecimal and ch.lower() in "abcdef"):
            saw = "0"
        elif ch == "_":
            if saw != "0":
                return False
            saw = "_"
        else:
            if saw == "_":
                return False
            saw = "!"
    return saw != "_"


def parse_int(text: str, base: int = 0, bits: int = 64) -> int | None:
    """``strconv.ParseInt(text, base, bits)``; None on any error."""
    body = text
    negative = False
    if body[:1] in ("+", "-"):
        negative = body[0] == "-"
        body = body[1:]
    if base == 0:
        base = 10
        if body[:1] == "0":
            if len(body) >= 3 and body[1].lower() == "x":
                base, body = 16, body[2:]
            elif len(body) >= 3 and body[1].lower() == "b":
                base, body = 2, body[2:]
            elif len(body) >= 3 and body[1].lower() == "o":
                base, body = 8, body[2:]
            else:
                base, body = 8, body[1:] or "0"
        if "_" in text:
            if not _underscore_ok(text):
                return None
            body = body.replace("_", "")
    if not body or not all(ch.isascii() and ch.isalnum() for ch in body):
        return None
    try:
        value = int(body, base)
    except ValueError:
        return None
    value = -value if negative else value
    limit = 2 ** (bits - 1)
    return value if -limit <= value < limit else None


def parse_float(text: str) -> float | None:
    """``strconv.ParseFloat(text, 64)``; None on any error (including out of range)."""
    body = text.strip("+-") if text[:1] in "+-" else text
    if not body or body != body.strip() or ("_" in text and not _underscore_ok(text)):
        return None
    lowered = body.lower()
    try:
        if lowered.startswith("0x"):
            value = float.fromhex(text.replace("_", ""))
        elif lowered in ("inf", "infinity", "nan"):
            value = float(text)
        elif any(ch not in "0123456789._eE+-" for ch in body):
            return None
        else:
            value = float(text.replace("_", ""))
    except (ValueError, OverflowError):
        return None
    if math.isinf(value) and lowered not in ("inf", "infinity"):
        return None
    return value


def _trim_zero_decimal(text: str) -> str:
    found_zero = False
    for i in range(len(text), 0, -1):
        ch = text[i - 1]
        if ch == ".":
            if found_zero:
                return text[: i - 1]
        elif ch == "0":
            found_zero = True
        else:
            return text
    return text


def to_int64(value: object) -> int:
    """spf13/cast ToInt64, errors as 0 (what Sprig does with them)."""
    if value is None or value is False:
        return 0
    if value is True:
        return 1
    if isinstance(value, int):
        return wrap_int64(value)
    if isinstance(value, float):
        return float_to_int64(value)
    if isinstance(value, str):
        parsed = parse_int(_trim_zero_decimal(value))
        return parsed if parsed is not None else 0
    return 0


def to_float64(value: object) -> float:
    """spf13/cast ToFloat64, errors as 0."""
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        parsed = parse_float(value)
        return parsed if parsed is not None else 0.0
    return 0.0


def strval(value: object) -> str:
    """Sprig's strval: strings as is, bytes as text, Stringers via String(), else ``%v``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "surrogateescape")
    return goformat.format_value(value)


def is_empty(value: object) -> bool:
    """Sprig's ``empty``: nil, false, 0, "", and empty collections; structs never."""
    if value is None or value is False:
        return True
    if value is True:
        return False
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, str | bytes | bytearray | list | tuple | Mapping):
        return len(value) == 0
    kind = getattr(value, "go_kind", "struct")
    return kind != "struct" and not value


def _same_go_type(a: object, b: object) -> bool:
    if isinstance(a, Mapping | list | tuple) or isinstance(b, Mapping | list | tuple):
        return type_of(a) == type_of(b)
    return type(a) is type(b)


def deep_equal(a: object, b: object) -> bool:
    """``reflect.DeepEqual``: equal values of the same Go type (1 and 1.0 differ)."""
    if not _same_go_type(a, b):
        return False
    if isinstance(a, Mapping):
        assert isinstance(b, Mapping)
        return len(a) == len(b) and all(k in b and deep_equal(v, b[k]) for k, v in a.items())
    if isinstance(a, list | tuple):
        assert isinstance(b, list | tuple)
        return len(a) == len(b) and all(deep_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return False
    return a == b


def type_of(value: object) -> str:
    """``fmt.Sprintf("%T", value)``."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64" if isinstance(value, GoInt64) else "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bytes | bytearray):
        return "[]uint8"
    if isinstance(value, TypedMap):
        return value.go_type
    if isinstance(value, Mapping):
        return "map[string]interface {}"
    if isinstance(value, list | tuple):
        return "[]interface {}"
    return str(getattr(value, "go_type", type(value).__name__))


def kind_of(value: object) -> str:
    """``reflect.ValueOf(value).Kind().String()``."""
    if value is None:
        return "invalid"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64" if isinstance(value, GoInt64) else "int"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bytes | bytearray | list | tuple):
        return "slice"
    if isinstance(value, Mapping):
        return "map"
    return str(getattr(value, "go_kind", "struct"))


def is_list(value: object) -> bool:
    """Whether ``value`` is a Go slice or array (reflect Kind Slice/Array)."""
    return isinstance(value, list | tuple | bytes | bytearray)


def as_list(value: object) -> list[object]:
    if isinstance(value, bytes | bytearray):
        return list(value)
    assert isinstance(value, list | tuple)
    return list(value)


def kind_error_name(value: object) -> str:
    """The Kind name Sprig prints in "Cannot ... on type X" errors."""
    return kind_of(value)
