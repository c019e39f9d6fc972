"""Sprig's arithmetic and number conversions.

Integer functions convert every operand with spf13/cast's ToInt64 (floats truncate, strings
parse, nil is 0) and wrap around like Go's int64; the *f functions go through shopspring/decimal
from each float's shortest form (so ``addf 0.1 0.2`` is 0.3), dividing to 16 places.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

from shipyard.core.charts import goformat
from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import ANY, gofunc

_int64 = govalues.to_int64


def _wrap(value: int) -> int:
    return govalues.GoInt64(govalues.wrap_int64(value))


@gofunc(ANY, returns="int64")
def add1(value: object) -> int:
    return _wrap(_int64(value) + 1)


@gofunc(variadic=ANY, returns="int64")
def add(*values: object) -> int:
    total = 0
    for value in values:
        total = govalues.wrap_int64(total + _int64(value))
    return _wrap(total)


@gofunc(ANY, ANY, returns="int64")
def sub(a: object, b: object) -> int:
    return _wrap(_int64(a) - _int64(b))


def _go_div(a: int, b: int) -> int:
    if b == 0:
        raise FunctionError("runtime error: integer divide by zero")
    quotient = abs(a) // abs(b)
    return _wrap(quotient if (a >= 0) == (b >= 0) else -quotient)


@gofunc(ANY, ANY, returns="int64")
def div(a: object, b: object) -> int:
    return _go_div(_int64(a), _int64(b))


@gofunc(ANY, ANY, returns="int64")
def mod(a: object, b: object) -> int:
    x, y = _int64(a), _int64(b)
    if y == 0:
        raise FunctionError("runtime error: integer divide by zero")
    return _wrap(x - int(_go_div(x, y)) * y)


@gofunc(ANY, variadic=ANY, returns="int64")
def mul(a: object, *values: object) -> int:
    total = _int64(a)
    for value in values:
        total = govalues.wrap_int64(total * _int64(value))
    return _wrap(total)


@gofunc(ANY, variadic=ANY, returns="int64")
def max_(a: object, *values: object) -> int:
    best = _int64(a)
    for value in values:
        best = max(best, _int64(value))
    return _wrap(best)


@gofunc(ANY, variadic=ANY, returns="int64")
def min_(a: object, *values: object) -> int:
    best = _int64(a)
    for value in values:
        best = min(best, _int64(value))
    return _wrap(best)


def _go_max(a: float, b: float) -> float:
    if (math.isinf(a) and a > 0) or (math.isinf(b) and b > 0):
        return math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == 0 and b == 0:
        return a if math.copysign(1, a) > 0 else b
    return a if a > b else b


def _go_min(a: float, b: float) -> float:
    if (math.isinf(a) and a < 0) or (math.isinf(b) and b < 0):
        return -math.inf
    if math.isnan(a) or math.isnan(b):
        return math.nan
    if a == 0 and b == 0:
        return a if math.copysign(1, a) < 0 else b
    return a if a < b else b


@gofunc(ANY, variadic=ANY, returns="float64")
def maxf(a: object, *values: object) -> float:
    best = govalues.to_float64(a)
    for value in values:
        best = _go_max(best, govalues.to_float64(value))
    return best


@gofunc(ANY, variadic=ANY, returns="float64")
def minf(a: object, *values: object) -> float:
    best = govalues.to_float64(a)
    for value in values:
        best = _go_min(best, govalues.to_float64(value))
    return best


@gofunc(ANY, returns="float64")
def floor(value: object) -> float:
    number = govalues.to_float64(value)
    if math.isinf(number) or math.isnan(number):
        return number
    return math.copysign(float(math.floor(number)), number)


@gofunc(ANY, returns="float64")
def ceil(value: object) -> float:
    number = govalues.to_float64(value)
    if math.isinf(number) or math.isnan(number):
        return number
    return math.copysign(float(math.ceil(number)), number)


@gofunc(ANY, "int", variadic="float64", returns="float64")
def round_(value: object, places: int, *round_on: float) -> float:
    threshold = round_on[0] if round_on else 0.5
    number = govalues.to_float64(value)
    power = math.pow(10, float(places))
    digit = power * number
    if math.isinf(digit) or math.isnan(digit):
        return digit / power if not math.isnan(digit) else math.nan
    fraction = math.modf(digit)[0]
    rounded = math.ceil(digit) if fraction >= threshold else math.floor(digit)
    return float(rounded) / power


# -- decimal arithmetic --------------------------------------------------------------------


@functools.cache
def _context() -> Any:
    import decimal

    return decimal.Context(prec=200, rounding=decimal.ROUND_HALF_UP)


def _decimal(value: object) -> Any:
    number = govalues.to_float64(value)
    if math.isnan(number):
        raise FunctionError("Cannot create a Decimal from NaN")
    if math.isinf(number):
        raise FunctionError(
            "Cannot create a Decimal from +Inf"
            if number > 0
            else "Cannot create a Decimal from -Inf"
        )
    return _context().create_decimal(goformat.format_float(number, "e") if number else "0")


def _divide(a: Any, b: Any) -> Any:
    if b == 0:
        raise FunctionError("decimal division by 0")
    context = _context()
    quotient = context.divide(a, b)
    return quotient.quantize(context.create_decimal(1).scaleb(-16), context=context)


def _decimal_op(
    first_value: object,
    rest: tuple[object, ...],
    op: Callable[[Any, Any], Any],
) -> float:
    result = _decimal(first_value)
    for value in rest:
        result = op(result, _decimal(value))
    return float(result)


@gofunc(ANY, returns="float64")
def add1f(value: object) -> float:
    return _decimal_op(value, (1,), lambda a, b: _context().add(a, b))


@gofunc(variadic=ANY, returns="float64")
def addf(*values: object) -> float:
    return _decimal_op(0.0, values, lambda a, b: _context().add(a, b))


@gofunc(ANY, variadic=ANY, returns="float64")
def subf(a: object, *values: object) -> float:
    return _decimal_op(a, values, lambda x, y: _context().subtract(x, y))


@gofunc(ANY, variadic=ANY, returns="float64")
def mulf(a: object, *values: object) -> float:
    return _decimal_op(a, values, lambda x, y: _context().multiply(x, y))


@gofunc(ANY, variadic=ANY, returns="float64")
def divf(a: object, *values: object) -> float:
    return _decimal_op(a, values, _divide)


# -- conversions ---------------------------------------------------------------------------


@gofunc("string", returns="int")
def atoi(text: str) -> int:
    if text[:1] in ("+", "-") and text[1:2] in ("+", "-"):
        return 0
    parsed = govalues.parse_int(text, 10) if "_" not in text else None
    return parsed if parsed is not None else 0


@gofunc(ANY, returns="int")
def to_int(value: object) -> int:
    return govalues.to_int64(value)


@gofunc(ANY, returns="int64")
def to_int64(value: object) -> int:
    return _wrap(govalues.to_int64(value))


@gofunc(ANY, returns="float64")
def to_float64(value: object) -> float:
    return govalues.to_float64(value)


@gofunc(ANY, returns="int64")
def to_decimal(value: object) -> int:
    parsed = govalues.parse_int(goformat.format_value(value), 8)
    return _wrap(parsed if parsed is not None else 0)


def make_rand_int(randbelow: Callable[[int], int]) -> Callable[[int, int], int]:
    @gofunc("int", "int", returns="int")
    def rand_int(low: int, high: int) -> int:
        if high - low <= 0:
            raise FunctionError("invalid argument to Intn")
        return randbelow(high - low) + low

    return rand_int
