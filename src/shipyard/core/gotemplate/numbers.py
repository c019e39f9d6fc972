"""Numeric constants of the template language, read as Go's parse.NumberNode reads them.

Go parses a constant with ``strconv.ParseUint/ParseInt(text, 0, 64)`` and ``ParseFloat``, keeps
every interpretation that succeeds, and lets the context pick (an ``int`` parameter takes the
integer, an ``interface{}`` argument the type the syntax suggests).
"""

from __future__ import annotations

import math

from shipyard.core.gotemplate import nodes, quoting

_INT64_MIN, _INT64_MAX, _UINT64_MAX = -(1 << 63), (1 << 63) - 1, (1 << 64) - 1
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


class NumberSyntaxError(ValueError):
    """The message Go's parser reports for a bad constant."""


def _underscore_ok(s: str) -> bool:
    saw = "^"
    if s[:1] in ("-", "+"):
        s = s[1:]
    i = 0
    hexa = False
    if len(s) >= 2 and s[0] == "0" and s[1].lower() in "box":
        i, saw, hexa = 2, "0", s[1].lower() == "x"
    while i < len(s):
        c = s[i]
        if "0" <= c <= "9" or (hexa and "a" <= c.lower() <= "f"):
            saw = "0"
        elif c == "_":
            if saw != "0":
                return False
            saw = "_"
        elif saw == "_":
            return False
        else:
            saw = "!"
        i += 1
    return saw != "_"


def _parse_uint(s: str) -> int | None:
    """strconv.ParseUint(s, 0, 64)."""
    if not s:
        return None
    base, body = 10, s
    if s[0] == "0":
        prefix = s[1:2].lower()
        if len(s) >= 3 and prefix in ("b", "o", "x"):
            base, body = {"b": 2, "o": 8, "x": 16}[prefix], s[2:]
        else:
            base, body = 8, s[1:]
    if "_" in body:
        if not _underscore_ok(s):
            return None
        body = body.replace("_", "")
    if not body:
        return 0 if base == 8 and s == "0" else None
    if any(c not in _DIGITS[base] for c in body):
        return None
    value = int(body, base)
    return value if value <= _UINT64_MAX else None


def _parse_int(s: str) -> int | None:
    """strconv.ParseInt(s, 0, 64)."""
    neg = s[:1] == "-"
    u = _parse_uint(s[1:] if s[:1] in ("+", "-") else s)
    if u is None:
        return None
    value = -u if neg else u
    return value if _INT64_MIN <= value <= _INT64_MAX else None


def _parse_float(s: str) -> float | None:
    """strconv.ParseFloat(s, 64); out-of-range values fail as in Go."""
    body = s.lstrip("+-")
    try:
        if body[:2].lower() == "0x":
            if "_" in body and not _underscore_ok(body):
                return None
            value = float.fromhex(body.replace("_", ""))
            if s[:1] == "-":
                value = -value
        else:
            if body[:1] not in "0123456789.":
                return None
            value = float(s)
    except (ValueError, OverflowError):
        return None
    return None if math.isinf(value) else value


def _simplify_complex(n: nodes.NumberNode) -> None:
    n.is_float = n.complex128.imag == 0
    if n.is_float:
        f = n.complex128.real
        n.float64 = f
        n.is_int = f == int(f) and _INT64_MIN <= f <= _INT64_MAX
        if n.is_int:
            n.int64 = int(f)
        n.is_uint = n.is_int and f >= 0
        if n.is_uint:
            n.uint64 = int(f)


def new_number(
    pos: int, text: str, *, char: bool = False, is_complex: bool = False
) -> nodes.NumberNode:
    """parse.newNumber; raises NumberSyntaxError with Go's message."""
    n = nodes.NumberNode(pos, text)
    if char:
        try:
            rune, tail = quoting.unquote_char_constant(text)
        except quoting.QuoteSyntaxError as exc:
            raise NumberSyntaxError("invalid syntax") from exc
        if tail != "'":
            raise NumberSyntaxError(f"malformed character constant: {text}")
        n.int64 = n.uint64 = rune
        n.float64 = float(rune)
        n.is_int = n.is_uint = n.is_float = True
        return n
    if is_complex:
        try:
            n.complex128 = complex(text.replace("_", "").replace("i", "j"))
        except ValueError as exc:
            raise NumberSyntaxError("expected integer") from exc
        n.is_complex = True
        _simplify_complex(n)
        return n
    if text.isdigit() and text.isascii() and len(text) < 19 and (text[0] != "0" or text == "0"):
        value = int(text)  # the common case: a small decimal integer
        n.int64 = n.uint64 = value
        n.float64 = float(value)
        n.is_int = n.is_uint = n.is_float = True
        return n
    if text.endswith("i"):
        f = _parse_float(text[:-1])
        if f is not None:
            n.is_complex = True
            n.complex128 = complex(0, f)
            _simplify_complex(n)
            return n
    u = _parse_uint(text)
    if u is not None:
        n.is_uint, n.uint64 = True, u
    i = _parse_int(text)
    if i is not None:
        n.is_int, n.int64 = True, i
        if i == 0:
            n.is_uint, n.uint64 = True, u or 0
    if n.is_int:
        n.is_float, n.float64 = True, float(n.int64)
    elif n.is_uint:
        n.is_float, n.float64 = True, float(n.uint64)
    else:
        f = _parse_float(text)
        if f is not None:
            if not any(c in text for c in ".eEpP"):
                raise NumberSyntaxError(f"integer overflow: {quoting.quote(text)}")
            n.is_float, n.float64 = True, f
            if f == int(f) and _INT64_MIN <= f <= _INT64_MAX:
                n.is_int, n.int64 = True, int(f)
            if f == int(f) and 0 <= f <= _UINT64_MAX:
                n.is_uint, n.uint64 = True, int(f)
    if not (n.is_int or n.is_uint or n.is_float):
        raise NumberSyntaxError(f"illegal number syntax: {quoting.quote(text)}")
    return n
