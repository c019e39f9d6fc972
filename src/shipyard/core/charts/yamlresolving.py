"""go-yaml v2's YAML 1.1 scalar resolution and key order.

``resolve_plain`` decides what an untagged plain scalar means (null, bool incl. y/n/yes/on,
int in Go's base-0 syntax incl. octal ``0755``, float, timestamp-looking strings) exactly as
go-yaml v2 does; the emitter quotes any string that would resolve to something else.
``sort_keys`` is go-yaml's "natural" map key order (letters after other characters, digit runs
compared by value).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable

STR, NULL, BOOL, INT, FLOAT, TIMESTAMP = "str", "null", "bool", "int", "float", "timestamp"

_MAP: dict[str, tuple[str, object]] = {}
for _words, _tag, _value in (
    (("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), BOOL, True),
    (("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), BOOL, False),
    (("", "~", "null", "Null", "NULL"), NULL, None),
    ((".nan", ".NaN", ".NAN"), FLOAT, math.nan),
    ((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), FLOAT, math.inf),
    (("-.inf", "-.Inf", "-.INF"), FLOAT, -math.inf),
):
    for _word in _words:
        _MAP[_word] = (_tag, _value)

_HINTED = frozenset("+-0123456789yYnNtTfFoO~.")
_YAML_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DOT_FLOAT = re.compile(r"\.[0-9_]+([eE][-+]?[0-9_]+)?\Z")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_TIMESTAMP = re.compile(
    r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
    r"(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))"
    r"|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:[.,][0-9]+)?))?\Z"
)
_INT64_MIN, _INT64_MAX, _UINT64_MAX = -(2**63), 2**63 - 1, 2**64 - 1
_DIGITS = {2: "01", 8: "01234567", 10: "0123456789", 16: "0123456789abcdefABCDEF"}


def _go_parse_int(text: str, *, signed: bool) -> int | None:
    """``strconv.ParseInt(text, 0, 64)`` (or ParseUint): None when it fails."""
    body = text
    negative = False
    if signed and body[:1] in "+-" and body:
        negative = body[0] == "-"
        body = body[1:]
    base = 10
    if len(body) >= 2 and body[0] == "0":
        prefix = body[1].lower()
        if prefix in "xbo":
            base = {"x": 16, "b": 2, "o": 8}[prefix]
            body = body[2:]
        else:
            base = 8
            body = body[1:]
    if not body or any(c not in _DIGITS[base] for c in body):
        return None
    value = int(body, base)
    if negative:
        value = -value
    if signed:
        return value if _INT64_MIN <= value <= _INT64_MAX else None
    return value if value <= _UINT64_MAX else None


def _days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def is_timestamp(text: str) -> bool:
    """Whether go-yaml v2's parseTimestamp accepts ``text``."""
    match = _TIMESTAMP.match(text)
    if match is None:
        return False
    year, month, day = int(match[1]), int(match[2]), int(match[3])
    if not 1 <= month <= 12 or not 1 <= day <= _days_in(month, year):
        return False
    clock = match.group(4, 5, 6) if match[4] is not None else match.group(7, 8, 9)
    if clock[0] is None:
        return True
    hour, minute, second = (int(part) for part in clock)
    return hour < 24 and minute < 60 and second < 60


@functools.lru_cache(maxsize=8192)
def resolve_plain(text: str) -> tuple[str, object]:
    """The (tag, value) go-yaml v2 gives an untagged plain scalar. Timestamps keep their text."""
    if not text:
        return NULL, None
    if text[0] not in _HINTED:
        return STR, text
    found = _MAP.get(text)
    if found is not None:
        return found
    first = text[0]
    if first == ".":
        if _DOT_FLOAT.match(text):
            try:
                number = float(text)
            except ValueError:
                number = math.inf
            if not math.isinf(number):
                return FLOAT, number
        return STR, text
    if first in "+-0123456789":
        if first.isdigit() and is_timestamp(text):
            return TIMESTAMP, text
        plain = text.replace("_", "")
        value = _go_parse_int(plain, signed=True)
        if value is None and plain[:1] not in "+-":
            value = _go_parse_int(plain, signed=False)
        if value is not None:
            return INT, value
        if _YAML_FLOAT.match(plain):
            number = float(plain)
            # Go's ParseFloat fails with ErrRange on overflow, and go-yaml then keeps the
            # text: "03770e933191" (a truncated sha256sum) stays a string.
            if not math.isinf(number):
                return FLOAT, number
    return STR, text


def plain_is_string(text: str) -> bool:
    """Whether go-yaml v2 may write ``text`` as a plain scalar (it reads back as the string)."""
    if not text or text[0] not in _HINTED:
        return bool(text)
    if resolve_plain(text)[0] != STR:
        return False
    return not (":" in text and text[0] in "+-0123456789" and _BASE60.match(text))


def _natural_less(a: str, b: str) -> bool:
    """go-yaml v2 keyList.Less for two strings."""
    for i in range(min(len(a), len(b))):
        ca, cb = a[i], b[i]
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdecimal():
            an = an * 10 + (ord(a[ai]) - 48)
            ai += 1
        bi = i
        while bi < len(b) and b[bi].isdecimal():
            bn = bn * 10 + (ord(b[bi]) - 48)
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _compare(a: str, b: str) -> int:
    if _natural_less(a, b):
        return -1
    if _natural_less(b, a):
        return 1
    return 0


_NO_DIGITS = re.compile(r"[^0-9\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]*\Z")


def _letter_key(key: str) -> tuple[tuple[bool, str], ...]:
    return tuple((c.isalpha(), c) for c in key)


def sort_keys(keys: Iterable[str]) -> list[str]:
    """Keys in go-yaml v2's order."""
    keys = list(keys)
    if len(keys) < 2:
        return keys
    if all(k.isascii() and _NO_DIGITS.match(k) for k in keys):
        # Without digits, Less is a per-character comparison where letters sort after
        # everything else, and a proper prefix sorts first.
        return sorted(keys, key=_letter_key)
    return sorted(keys, key=functools.cmp_to_key(_compare))
