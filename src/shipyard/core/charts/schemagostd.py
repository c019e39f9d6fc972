"""The pieces of Go's standard library (and golang.org/x/text) whose words reach a helm
``values.schema.json`` report: ``strconv.Atoi``, ``netip.ParseAddr``, ``time.Parse`` with the
``2006-01-02`` layout, ``regexp.Compile`` errors, ``%q`` of a rune, and the English
``message.Printer`` forms of ``%d`` and ``%v`` numbers (grouped digits, superscript powers).

Go strings are bytes: where Go indexes bytes, inputs here are "byte strings", one character per
UTF-8 byte (:func:`to_bytestr`).
Regular expressions run on RE2 (google-re2), Go's dialect, in linear time.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

from shipyard.core.charts import goformat, gostrings


class GoError(ValueError):
    """An error whose ``str()`` is the Go error's text."""


def to_bytestr(text: str) -> str:
    """The UTF-8 bytes of ``text`` as a str of code points 0-255 (invalid bytes kept)."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def from_bytestr(data: str) -> str:
    return data.encode("latin-1").decode("utf-8", "surrogateescape")


def go_quote_bytes(data: str) -> str:
    """``strconv.Quote`` of a byte string."""
    return gostrings.go_quote(from_bytestr(data))


# -- strconv ---------------------------------------------------------------------------------


def atoi(s: str) -> int:
    """``strconv.Atoi`` (64-bit int) of a byte string."""
    quoted = go_quote_bytes(s)
    body = s[1:] if s[:1] in ("+", "-") else s
    if body == "" or not all("0" <= c <= "9" for c in body):
        # ParseInt fails on the first non-digit, unless the value overflowed before it.
        digits = ""
        for c in body:
            if not "0" <= c <= "9":
                break
            digits += c
        if len(s) >= 19 and digits and int(digits) >= 1 << 64:
            raise GoError(f"strconv.Atoi: parsing {quoted}: value out of range")
        raise GoError(f"strconv.Atoi: parsing {quoted}: invalid syntax")
    value = int(body)
    limit = (1 << 63) if s[:1] == "-" else (1 << 63) - 1
    if value > limit:
        raise GoError(f"strconv.Atoi: parsing {quoted}: value out of range")
    return -value if s[:1] == "-" else value


def quote_rune(ch: str) -> str:
    """``%q`` of a rune: ``'x'``, ``'\\''``, ``'\\x00'``, ``'\\u00a0'``."""
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    inner = gostrings.go_quote(ch)[1:-1]
    return f"'{inner}'"


# -- net/netip -------------------------------------------------------------------------------


def _addr_error(text: str, message: str, at: str = "") -> GoError:
    quoted = go_quote_bytes(text)
    suffix = f" (at {go_quote_bytes(at)})" if at else ""
    return GoError(f"ParseAddr({quoted}): {message}{suffix}")


def parse_addr(text: str) -> tuple[bool, str]:
    """``netip.ParseAddr`` of a byte string: (is IPv4, zone); raises GoError."""
    for c in text:
        if c == ".":
            _parse_ipv4_fields(text, 0, len(text))
            return True, ""
        if c == ":":
            return False, _parse_ipv6(text)
        if c == "%":
            raise _addr_error(text, "missing IPv6 address")
    raise _addr_error(text, "unable to parse IP")


def _parse_ipv4_fields(text: str, start: int, end: int) -> None:
    s = text[start:end]
    val = pos = digits = 0
    for i, c in enumerate(s):
        if "0" <= c <= "9":
            if digits == 1 and val == 0:
                raise _addr_error(text, "IPv4 field has octet with leading zero")
            val = val * 10 + int(c)
            digits += 1
            if val > 255:
                raise _addr_error(text, "IPv4 field has value >255")
        elif c == ".":
            if i == 0 or i == len(s) - 1 or s[i - 1] == ".":
                raise _addr_error(text, "IPv4 field must have at least one digit", s[i:])
            if pos == 3:
                raise _addr_error(text, "IPv4 address too long")
            pos += 1
            val = digits = 0
        else:
            raise _addr_error(text, "unexpected character", s[i:])
    if pos < 3:
        raise _addr_error(text, "IPv4 address too short")


def _parse_ipv6(text: str) -> str:
    s, zone = text, ""
    if "%" in s:
        s, _, zone = s.partition("%")
        if zone == "":
            raise _addr_error(text, "zone must be a non-empty string")
    ellipsis = -1
    if s.startswith("::"):
        ellipsis = 0
        s = s[2:]
        if s == "":
            return zone
    i = 0
    while i < 16:
        off = acc = 0
        while off < len(s) and s[off] in "0123456789abcdefABCDEF":
            acc = (acc << 4) + int(s[off], 16)
            if off > 3:
                raise _addr_error(text, "each group must have 4 or less digits", s)
            if acc > 0xFFFF:
                raise _addr_error(text, "IPv6 field has value >=2^16", s)
            off += 1
        if off == 0:
            raise _addr_error(text, "each colon-separated field must have at least one digit", s)
        if off < len(s) and s[off] == ".":
            if ellipsis < 0 and i != 12:
                raise _addr_error(
                    text, "embedded IPv4 address must replace the final 2 fields of the address", s
                )
            if i + 4 > 16:
                raise _addr_error(
                    text, "too many hex fields to fit an embedded IPv4 at the end of the address", s
                )
            end = len(text) - (len(zone) + 1 if zone else 0)
            _parse_ipv4_fields(text, end - len(s), end)
            s = ""
            i += 4
            break
        i += 2
        s = s[off:]
        if s == "":
            break
        if s[0] != ":":
            raise _addr_error(text, "unexpected character, want colon", s)
        if len(s) == 1:
            raise _addr_error(text, "colon must be followed by more characters", s)
        s = s[1:]
        if s[0] == ":":
            if ellipsis >= 0:
                raise _addr_error(text, "multiple :: in address", s)
            ellipsis = i
            s = s[1:]
            if s == "":
                break
    if s:
        raise _addr_error(text, "trailing garbage after address", s)
    if i < 16 and ellipsis < 0:
        raise _addr_error(text, "address string too short")
    if i >= 16 and ellipsis >= 0:
        raise _addr_error(text, "the :: must expand to at least one field of zeros")
    return zone


# -- time ------------------------------------------------------------------------------------

_DATE_LAYOUT = "2006-01-02"


def _time_quote(s: str) -> str:
    """time's own quote: ASCII as is (escaping ``"`` and ``\\``), other bytes as ``\\xNN``."""
    out = ['"']
    for b in s.encode("latin-1"):
        if b >= 0x80 or b < 0x20:
            out.append(f"\\x{b:02x}")
        else:
            ch = chr(b)
            out.append("\\" + ch if ch in '"\\' else ch)
    out.append('"')
    return "".join(out)


def _date_error(value: str, layout_elem: str, value_elem: str, message: str = "") -> GoError:
    if message:
        return GoError(f"parsing time {_time_quote(value)}{message}")
    return GoError(
        f"parsing time {_time_quote(value)} as {_time_quote(_DATE_LAYOUT)}: cannot parse "
        f"{_time_quote(value_elem)} as {_time_quote(layout_elem)}"
    )


def parse_date(value: str) -> None:
    """``time.Parse("2006-01-02", value)`` of a byte string: raises GoError as Go does."""
    rest = value
    # year: four characters, the first a digit, then atoi (sign allowed, digits only)
    if len(rest) < 4 or not "0" <= rest[0] <= "9":
        raise _date_error(value, "2006", rest)
    digits = rest[:4]
    if not all("0" <= c <= "9" for c in digits[1:]):
        raise _date_error(value, "2006", rest)
    year = int(digits)
    rest = rest[4:]
    month = day = 0
    for elem in ("01", "02"):
        if not rest.startswith("-"):
            raise _date_error(value, "-", rest)
        rest = rest[1:]
        if len(rest) < 2 or not ("0" <= rest[0] <= "9" and "0" <= rest[1] <= "9"):
            raise _date_error(value, elem, rest)
        number, rest = int(rest[:2]), rest[2:]
        if elem == "01":
            month = number
            if not 1 <= month <= 12:
                raise _date_error(value, elem, rest, ": month out of range")
        else:
            day = number
    if rest:
        raise _date_error(value, "", rest, ": extra text: " + _time_quote(rest))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    if day < 1 or day > days:
        raise _date_error(value, "", rest, ": day out of range")


# -- regexp ----------------------------------------------------------------------------------

# RE2's (C++) error codes in Go's words (regexp/syntax ErrorCode strings).
_REGEX_CODES = {
    "missing ]": "missing closing ]",
    "missing )": "missing closing )",
    "unexpected )": "unexpected )",
    "missing (": "unexpected )",
    "trailing \\": "trailing backslash at end of expression",
    "no argument for repetition operator": "missing argument to repetition operator",
    "invalid repetition size": "invalid repeat count",
    "bad repetition operator": "invalid nested repetition operator",
    "invalid perl operator": "invalid or unsupported Perl syntax",
    "invalid named capture group": "invalid named capture",
    "invalid UTF-8": "invalid UTF-8",
    "invalid escape sequence": "invalid escape sequence",
    "invalid character class": "invalid character class",
    "invalid character class range": "invalid character class range",
}


@functools.lru_cache(maxsize=512)
def compile_regex(pattern: str) -> Any:
    """``regexp.Compile``: an RE2 object with ``search``; raises GoError with Go's text."""
    if "\\C" in pattern.replace("\\\\", ""):
        # RE2 (C++) accepts \C (any byte); Go does not.
        raise GoError("error parsing regexp: invalid escape sequence: `\\C`")
    re2: Any = importlib.import_module("re2")
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raw = exc.args[0] if exc.args else b""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        code, _, arg = text.partition(": ")
        raise GoError(f"error parsing regexp: {_REGEX_CODES.get(code, code)}: `{arg}`") from None


# -- golang.org/x/text/message (English) -----------------------------------------------------

_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def _group(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return ",".join(parts)


def format_int(value: int) -> str:
    """``p.Sprintf("%d", value)``: ``-12,345``."""
    return ("-" if value < 0 else "") + _group(str(abs(value)))


def format_float(value: float) -> str:
    """``p.Sprintf("%v", value)`` of a float64: the shortest digits, grouped by thousands, or
    a mantissa times ten to a superscript power."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    mantissa, _, exponent = goformat.format_float(abs(value), "e").partition("e")
    digits = mantissa.replace(".", "")
    exp = int(exponent)
    if exp < -4 or exp >= 6:
        power = f"{exp:03d}" if exp < 0 else f"{exp:02d}"
        return f"{sign}{mantissa}\N{MULTIPLICATION SIGN}10{power.translate(_SUPERSCRIPT)}"
    point = exp + 1
    if point <= 0:
        return f"{sign}0.{'0' * -point}{digits}"
    whole = digits[:point].ljust(point, "0")
    fraction = digits[point:]
    return sign + _group(whole) + (f".{fraction}" if fraction else "")
