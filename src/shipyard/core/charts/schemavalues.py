"""JSON values as santhosh-tekuri/jsonschema v6 sees them: their type, equality (numbers by
exact value, as ``big.Rat``), the first duplicate in an array, and a number's exact value.

Values come from two places: chart values (Python ``int``/``float``; a float compares as the
``%v`` text of a Go float64 does, so 0.3 is a multiple of 0.1) and schema documents, whose
numbers are kept as written (:class:`Number`, Go's ``json.Number``) so that ``enum: [1.0]``
prints ``1.0``.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

MAX_EXPONENT = 4000


class Number:
    """A JSON number of a schema document: its text and its exact value."""

    __slots__ = ("text", "value")

    def __init__(self, text: str) -> None:
        self.text = text
        _, _, exponent = text.lower().partition("e")
        if exponent and abs(int(exponent)) > MAX_EXPONENT:
            # Fraction would build a number with as many digits: bounded work first.
            raise ValueError(f"number {text} is out of the supported range")
        self.value = Fraction(text)

    def __repr__(self) -> str:
        return self.text


def number_value(value: object) -> Fraction:
    """The exact value v6 compares (``big.Rat`` of ``fmt.Sprint(v)``)."""
    if isinstance(value, Number):
        return value.value
    if isinstance(value, float):
        return Fraction(repr(value))
    assert isinstance(value, int)
    return Fraction(value)


def json_type(value: object) -> str:
    """v6's ``typeOf`` over Python values (NaN and infinities are not JSON)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, float):
        return "number" if value == value and abs(value) != float("inf") else "invalid"
    if isinstance(value, int | Number):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "invalid"


def is_integer(value: object) -> bool:
    return number_value(value).denominator == 1


def equals(a: object, b: object) -> bool:
    if isinstance(a, dict):
        return (
            isinstance(b, dict)
            and len(a) == len(b)
            and all(k in b and equals(v, b[k]) for k, v in a.items())
        )
    if isinstance(a, list):
        return (
            isinstance(b, list)
            and len(a) == len(b)
            and all(equals(x, y) for x, y in zip(a, b, strict=True))
        )
    if a is None or isinstance(a, bool | str):
        return type(a) is type(b) and a == b
    if json_type(a) != "number" or json_type(b) != "number":
        return False
    return number_value(a) == number_value(b)


def duplicates(arr: list[Any]) -> tuple[int, int] | None:
    """The first item equal to an earlier one, and that earlier one (v6's order)."""
    seen: dict[object, int] = {}
    for i, item in enumerate(arr):
        key = _identity(item)
        if key in seen:
            return seen[key], i
        seen[key] = i
    return None


def _identity(value: object) -> object:
    """A hashable key, equal for exactly the values :func:`equals` calls equal."""
    if isinstance(value, dict):
        return ("o", tuple(sorted((k, _identity(v)) for k, v in value.items())))
    if isinstance(value, list):
        return ("a", tuple(_identity(v) for v in value))
    if value is None or isinstance(value, bool | str):
        return (type(value).__name__, value)
    if json_type(value) == "number":
        return ("#", number_value(value))
    return ("?", id(value))
