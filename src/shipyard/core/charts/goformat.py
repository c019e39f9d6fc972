"""Go's textual forms of numbers and values: ``strconv.FormatFloat`` ('g', 'e', 'f' with
shortest precision, 64 and 32 bits), ``encoding/json``'s float form, and ``fmt``'s ``%v`` for
the template value model (None, bool, int, float, str, bytes, dict, list, objects)."""

from __future__ import annotations

import math
import struct
from collections.abc import Mapping

_FLOAT32_MAX = 3.4028234663852886e38


def _to_float32(value: float) -> float:
    if abs(value) > _FLOAT32_MAX:
        # Go rounds values just above the maximum down; beyond half an ulp they become Inf.
        if abs(value) >= 3.4028235677973366e38:
            return math.copysign(math.inf, value)
        return math.copysign(_FLOAT32_MAX, value)
    result: float = struct.unpack("<f", struct.pack("<f", value))[0]
    return result


def _shortest_digits(value: float, bits: int) -> tuple[str, int]:
    """The shortest decimal digits that round-trip ``value`` (finite, non-negative) and the
    position of the decimal point: ``value == 0.DIGITS * 10**point``."""
    if value == 0:
        return "0", 1
    if bits == 32:
        text = ""
        for precision in range(1, 10):
            text = f"{value:.{precision - 1}e}"
            if _to_float32(float(text)) == value:
                break
    else:
        text = repr(value)
    mantissa, _, exponent = text.partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + (int(exponent) if exponent else 0)
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    return stripped.rstrip("0"), point


def format_float(value: float, fmt: str = "g", *, bits: int = 64) -> str:
    """``strconv.FormatFloat(value, fmt, -1, bits)`` for fmt in 'g', 'e' and 'f'."""
    if bits == 32:
        value = _to_float32(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + ("0e+00" if fmt == "e" else "0")
    digits, point = _shortest_digits(abs(value), bits)
    if fmt == "g":
        exp = point - 1
        fmt = "e" if exp < -4 or exp >= 6 else "f"
    if fmt == "e":
        exp = point - 1
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):02d}"
    if point <= 0:
        return sign + "0." + "0" * (-point) + digits
    if point >= len(digits):
        return sign + digits + "0" * (point - len(digits))
    return sign + digits[:point] + "." + digits[point:]


def format_json_float(value: float) -> str:
    """The number ``encoding/json`` writes for a float64 (finite values only)."""
    magnitude = abs(value)
    if magnitude != 0 and (magnitude < 1e-6 or magnitude >= 1e21):
        text = format_float(value, "e")
        # encoding/json shortens e-09 to e-9.
        if len(text) >= 4 and text[-4] == "e" and text[-3] == "-" and text[-2] == "0":
            text = text[:-2] + text[-1]
        return text
    return format_float(value, "f")


def format_value(value: object) -> str:
    """``fmt.Sprint(value)`` (the ``%v`` verb) for template values."""
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    return _format_nested(value, top=True)


def _format_nested(value: object, *, top: bool) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "<nil>"
    if isinstance(value, bool | int | float):
        return format_value(value)
    if isinstance(value, bytes | bytearray):
        return "[" + " ".join(str(b) for b in value) + "]"
    if isinstance(value, Mapping):
        items = sorted(value.items(), key=lambda item: _key_order(item[0]))
        inner = " ".join(
            f"{_format_nested(k, top=False)}:{_format_nested(v, top=False)}" for k, v in items
        )
        return f"map[{inner}]"
    if isinstance(value, list | tuple):
        return "[" + " ".join(_format_nested(v, top=False) for v in value) + "]"
    if type(value).__str__ is not object.__str__:
        return str(value)  # a value that prints itself as Go does (time.Time)
    from shipyard.core.gotemplate import gofmt  # structs: fields and Stringers, as Go's fmt

    return gofmt.format_value(value)


def _key_order(key: object) -> tuple[int, object]:
    if isinstance(key, bool):
        return (0, int(key))
    if isinstance(key, int | float):
        return (1, key)
    return (2, str(key))
