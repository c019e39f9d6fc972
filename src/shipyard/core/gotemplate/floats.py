"""Go's ``strconv.FormatFloat(f, fmt, prec, 64)`` for the formats fmt uses: e E f g G b x X.

Digits come from Python's correctly rounded conversions (``repr`` for the shortest form,
``%.*e``/``%.*f`` for a fixed precision), which agree with Go's; the layout around them follows
Go's ``formatDigits`` rules, which differ from C's ``%g``.
"""

from __future__ import annotations

import math
import struct

_MASK64 = (1 << 64) - 1


def _split(text: str) -> tuple[str, int]:
    """Digits (no leading or trailing zeros) and decimal-point position of a positive number."""
    mantissa, _, exponent = text.partition("e")
    whole, _, frac = mantissa.partition(".")
    digits = whole + frac
    stripped = digits.lstrip("0")
    dp = len(whole) - (len(digits) - len(stripped)) + (int(exponent) if exponent else 0)
    return stripped.rstrip("0"), dp


def _fmt_e(digs: str, dp: int, prec: int, ch: str) -> str:
    out = digs[0] if digs else "0"
    if prec > 0:
        frac = digs[1 : prec + 1]
        out += "." + frac + "0" * (prec - len(frac))
    exp = dp - 1 if digs else 0
    sign = "-" if exp < 0 else "+"
    exp = abs(exp)
    return f"{out}{ch}{sign}{exp:02d}"


def _fmt_f(digs: str, dp: int, prec: int) -> str:
    nd = len(digs)
    out = (digs[:dp] + "0" * (dp - nd)) if dp > 0 else "0"
    if prec > 0:
        frac = "".join(digs[j] if 0 <= j < nd else "0" for j in range(dp, dp + prec))
        out += "." + frac
    return out


def _format_digits(digs: str, dp: int, prec: int, fmt: str, *, shortest: bool) -> str:
    if fmt in "eE":
        return _fmt_e(digs, dp, prec, fmt)
    if fmt == "f":
        return _fmt_f(digs, dp, prec)
    nd = len(digs)
    eprec = prec
    if eprec > nd and nd >= dp:
        eprec = nd
    if shortest:
        eprec = 6
    exp = dp - 1
    if exp < -4 or exp >= eprec:
        prec = min(prec, nd)
        return _fmt_e(digs, dp, prec - 1, "e" if fmt == "g" else "E")
    if prec > dp:
        prec = nd
    return _fmt_f(digs, dp, max(prec - dp, 0))


def _bits(f: float) -> tuple[bool, int, int]:
    (bits,) = struct.unpack("<Q", struct.pack("<d", f))
    neg = bool(bits >> 63)
    exp = (bits >> 52) & 0x7FF
    mant = bits & ((1 << 52) - 1)
    if exp == 0:
        exp = 1
    else:
        mant |= 1 << 52
    return neg, mant, exp - 1023


def _fmt_b(f: float) -> str:
    neg, mant, exp = _bits(f)
    exp -= 52
    return ("-" if neg else "") + f"{mant}p{'+' if exp >= 0 else ''}{exp}"


def _fmt_x(f: float, prec: int, fmt: str) -> str:
    neg, mant, exp = _bits(f)
    if mant == 0:
        exp = 0
    mant = (mant << 8) & _MASK64
    while mant != 0 and mant & (1 << 60) == 0:
        mant = (mant << 1) & _MASK64
        exp -= 1
    if 0 <= prec < 15:
        shift = prec * 4
        extra = (mant << shift) & ((1 << 60) - 1)
        mant >>= 60 - shift
        if extra | (mant & 1) > 1 << 59:
            mant += 1
        mant = (mant << (60 - shift)) & _MASK64
        if mant & (1 << 61):
            mant >>= 1
            exp += 1
    digits = "0123456789abcdef" if fmt == "x" else "0123456789ABCDEF"
    out = ("-" if neg else "") + "0" + fmt + str((mant >> 60) & 1)
    mant = (mant << 4) & _MASK64
    if prec < 0 and mant != 0:
        out += "."
        while mant != 0:
            out += digits[(mant >> 60) & 15]
            mant = (mant << 4) & _MASK64
    elif prec > 0:
        out += "."
        for _ in range(prec):
            out += digits[(mant >> 60) & 15]
            mant = (mant << 4) & _MASK64
    sign = "-" if exp < 0 else "+"
    return f"{out}{'p' if fmt == 'x' else 'P'}{sign}{abs(exp):02d}"


def format_float(f: float, fmt: str, prec: int) -> str:
    """strconv.FormatFloat(f, fmt, prec, 64); ``prec < 0`` asks for the shortest form."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    if fmt == "b":
        return _fmt_b(f)
    if fmt in "xX":
        return _fmt_x(f, prec, fmt)
    neg = math.copysign(1.0, f) < 0
    a = -f if neg else f
    shortest = prec < 0
    if a == 0:
        digs, dp = "", 0
    elif shortest:
        digs, dp = _split(repr(a))
        nd = len(digs)
        prec = max(nd - 1, 0) if fmt in "eE" else max(nd - dp, 0) if fmt == "f" else nd
    elif fmt in "eE":
        digs, dp = _split("%.*e" % (prec, a))  # noqa: UP031 - the only form taking a precision arg
    elif fmt == "f":
        digs, dp = _split("%.*f" % (prec, a))  # noqa: UP031
    else:
        prec = prec or 1
        digs, dp = _split("%.*e" % (prec - 1, a))  # noqa: UP031
    body = _format_digits(digs, dp, prec, fmt, shortest=shortest)
    return "-" + body if neg else body
