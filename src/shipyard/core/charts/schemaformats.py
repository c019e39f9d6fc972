"""The ``format`` checks of santhosh-tekuri/jsonschema v6, with its messages.

v6 asserts ``format`` for drafts 4 to 7, and for 2019-09/2020-12 only when the metaschema's
``$vocabulary`` requires the format (2019-09) or format-assertion (2020-12) vocabulary; its
own metaschemas always assert. Formats it does not know (``idn-email``, ``idn-hostname``, ...)
are ignored. :func:`check` returns None or the reason, as v6 words it after
``'VALUE' is not valid FORMAT: ``.

Go strings are bytes: lengths and slices below are over UTF-8 bytes, and characters reported
with ``%q`` are runes.
"""

from __future__ import annotations

from collections.abc import Callable

from shipyard.core.charts import schemagostd, schemaurls

_b = schemagostd.to_bytestr
_q = schemagostd.quote_rune


class _Invalid(Exception):
    pass


def _runes(data: str) -> str:
    """The runes Go's ``range`` yields over a byte string (each invalid byte is U+FFFD)."""
    text = schemagostd.from_bytestr(data)
    return "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text)


def _json_pointer(s: str) -> str | None:
    if s == "":
        return None
    if not s.startswith("/"):
        return "not starting with /"
    for token in s.split("/")[1:]:
        escaped = False
        for ch in token:
            if escaped:
                escaped = False
                if ch not in "01":
                    return "~ must be followed by 0 or 1"
                continue
            if ch == "~":
                escaped = True
        if escaped:
            return "~ must be followed by 0 or 1"
    return None


def _relative_json_pointer(s: str) -> str | None:
    digits = len(s) - len(s.lstrip("0123456789"))
    if digits == 0:
        return "must start with non-negative integer"
    if digits > 1 and s.startswith("0"):
        return "starts with zero"
    rest = s[digits:]
    return None if rest == "#" else _json_pointer(rest)


def _uuid(s: str) -> str | None:
    sizes = [8, 4, 4, 4, 12]
    groups = s.split("-")
    if len(groups) != len(sizes):
        return f"must have {len(sizes)} elements"
    for i, group in enumerate(groups):
        if len(group) != sizes[i]:
            return f"element {i + 1} must be {sizes[i]} characters long"
        for ch in _runes(group):
            if ch not in "0123456789abcdefABCDEF":
                return f"non-hex character {_q(ch)}"
    return None


def _duration(s: str) -> str | None:
    if not s.startswith("P"):
        return "must start with P"
    s = s[1:]
    if s == "":
        return "nothing after P"
    if s.endswith("W"):
        weeks = s[:-1]
        if weeks == "":
            return "no number in week"
        if not all("0" <= ch <= "9" for ch in weeks):
            return "invalid week"
        return None
    all_units = ["YMD", "HMS"]
    for i, part in enumerate(s.split("T")):
        if i != 0 and part == "":
            return "no time elements"
        if i >= len(all_units):
            return "more than one T"
        units = all_units[i]
        while part:
            digits = len(part) - len(part.lstrip("0123456789"))
            if digits == 0:
                return "missing number"
            part = part[digits:]
            if part == "":
                return "missing unit"
            unit = part[0]
            j = units.find(unit)
            if j == -1:
                if unit in all_units[i]:
                    return f"unit {_q(unit)} out of order"
                return f"invalid unit {_q(unit)}"
            units = units[j + 1 :]
            part = part[1:]
    return None


def _ipv4(s: str) -> str | None:
    groups = s.split(".")
    if len(groups) != 4:
        return "expected four decimals"
    for group in groups:
        if len(group) > 1 and group[0] == "0":
            return "leading zeros"
        try:
            n = schemagostd.atoi(group)
        except schemagostd.GoError as exc:
            return str(exc)
        if n < 0 or n > 255:
            return "decimal must be between 0 and 255"
    return None


def _ipv6(s: str) -> str | None:
    if ":" not in s:
        return "missing colon"
    try:
        _, zone = schemagostd.parse_addr(s)
    except schemagostd.GoError as exc:
        return str(exc)
    return "zone id is not a part of ipv6 address" if zone else None


def _hostname(s: str) -> str | None:
    s = s.removesuffix(".")
    if len(s) > 253:
        return "more than 253 characters long"
    for label in s.split("."):
        if not 1 <= len(label) <= 63:
            return "label must be 1 to 63 characters long"
        if label.startswith("-"):
            return "label starts with hyphen"
        if label.endswith("-"):
            return "label ends with hyphen"
        for ch in _runes(label):
            if not (ch.isascii() and (ch.isalnum() or ch == "-")):
                return f"invalid character {_q(ch)}"
    return None


_EMAIL_SPECIALS = ".!#$%&'*+-/=?^_`{|}~"


def _email(s: str) -> str | None:
    if len(s) > 254:
        return "more than 255 characters long"
    at = s.rfind("@")
    if at == -1:
        return "missing @"
    local, domain = s[:at], s[at + 1 :]
    if len(local) > 64:
        return "local part more than 64 characters long"
    if len(local) > 1 and local.startswith('"') and local.endswith('"'):
        if "\\" in local[1:-1] or '"' in local[1:-1]:
            return "backslash and quote are not allowed within quoted local part"
    else:
        if local.startswith("."):
            return "starts with dot"
        if local.endswith("."):
            return "ends with dot"
        if ".." in local:
            return "consecutive dots"
        for ch in _runes(local):
            if not (ch.isascii() and ch.isalnum()) and ch not in _EMAIL_SPECIALS:
                return f"invalid character {_q(ch)}"
    if domain.startswith("[") and domain.endswith("]"):
        domain = domain[1:-1]
        if domain.startswith("IPv6:"):
            reason = _ipv6(domain[5:])
            return None if reason is None else f"invalid ipv6 address: {reason}"
        reason = _ipv4(domain)
        return None if reason is None else f"invalid ipv4 address: {reason}"
    reason = _hostname(domain)
    return None if reason is None else f"invalid domain: {reason}"


def _date(s: str) -> str | None:
    try:
        schemagostd.parse_date(s)
    except schemagostd.GoError as exc:
        return str(exc)
    return None


def _time(s: str) -> str | None:
    if len(s) < 9:
        return "less than 9 characters long"
    if s[2] != ":" or s[5] != ":":
        return "missing colon in correct place"
    hms: list[int] = []
    for token in s[:8].split(":", 2):
        try:
            number = schemagostd.atoi(token)
        except schemagostd.GoError:
            return "invalid hour/min/sec"
        if number < 0:
            return "non-positive hour/min/sec"
        hms.append(number)
    h, m, sec = hms
    if h > 23 or m > 59 or sec > 60:
        return "hour/min/sec out of range"
    rest = s[8:]
    if rest.startswith("."):
        fraction = rest[1:]
        digits = len(fraction) - len(fraction.lstrip("0123456789"))
        if digits == 0:
            return "no digits in second fraction"
        rest = fraction[digits:]
    if rest not in ("z", "Z"):
        if len(rest) != 6:
            return "offset must be 6 characters long"
        if rest[0] not in "+-":
            return "offset must begin with plus/minus"
        sign = -1 if rest[0] == "+" else 1
        rest = rest[1:]
        if rest[2] != ":":
            return "missing colon in offset in correct place"
        zhm: list[int] = []
        for token in rest.split(":", 1):
            try:
                number = schemagostd.atoi(token)
            except schemagostd.GoError:
                return "invalid hour/min in offset"
            if number < 0:
                return "non-positive hour/min in offset"
            zhm.append(number)
        zh, zm = zhm
        if zh > 23 or zm > 59:
            return "hour/min in offset out of range"
        minutes = (h * 60 + m) + sign * (zh * 60 + zm)
        if minutes < 0:
            minutes += 24 * 60
        h, m = minutes // 60, minutes % 60
    if sec >= 60 and (h != 23 or m != 59):
        return "invalid leap second"
    return None


def _date_time(s: str) -> str | None:
    if len(s) < 20:
        return "less than 20 characters long"
    if s[10] not in "tT":
        return "11th character must be t or T"
    reason = _date(s[:10])
    if reason is not None:
        return f"invalid date element: {reason}"
    reason = _time(s[11:])
    return None if reason is None else f"invalid time element: {reason}"


def _parse_url(s: str) -> schemaurls.URL:
    try:
        url = schemaurls.parse(s)
    except schemaurls.URLError as exc:
        raise _Invalid(str(exc)) from None
    hostname = url.hostname()
    if ":" in hostname:
        if "[" not in url.host or "]" not in url.host:
            raise _Invalid("ipv6 address not enclosed in brackets")
        reason = _ipv6(hostname)
        if reason is not None:
            raise _Invalid(f"invalid ipv6 address: {reason}")
    return url


def _uri(s: str) -> str | None:
    if not _parse_url(s).is_abs():
        return "relative url"
    return None


def _uri_reference(s: str) -> str | None:
    if "\\" in s:
        return "contains \\"
    _parse_url(s)
    return None


def _uri_template(s: str) -> str | None:
    url = _parse_url(s)
    for raw in url.raw_path.split("/"):
        try:
            token = schemaurls.unescape(raw, schemaurls.PATH_SEGMENT)
        except schemaurls.URLError as exc:
            return f"percent decode failed: {exc}"
        want = True
        for ch in _runes(token):
            if ch not in "{}":
                continue
            if (ch == "{") != want:
                return "nested curly braces"
            want = not want
        if not want:
            return "no matching closing brace"
    return None


def _period(s: str) -> str | None:
    slash = s.find("/")
    if slash == -1:
        return "missing slash"
    start, end = s[:slash], s[slash + 1 :]
    if start.startswith("P"):
        reason = _duration(start)
        if reason is not None:
            return f"invalid start duration: {reason}"
        reason = _date_time(end)
        return None if reason is None else f"invalid end date-time: {reason}"
    reason = _date_time(start)
    if reason is not None:
        return f"invalid start date-time: {reason}"
    if end.startswith("P"):
        reason = _duration(end)
        return None if reason is None else f"invalid end duration: {reason}"
    reason = _date_time(end)
    return None if reason is None else f"invalid end date-time: {reason}"


def _identifier_error(identifier: str, kind: str, *, numeric_zero: bool) -> str | None:
    if identifier == "":
        return f"{kind} identifier is empty"
    all_digits = True
    for ch in _runes(identifier):
        if "0" <= ch <= "9":
            continue
        if ch.isascii() and (ch.isalpha() or ch == "-"):
            all_digits = False
            continue
        return f"invalid character {_q(ch)} in {kind} identifier"
    if numeric_zero and all_digits and len(identifier) > 1 and identifier[0] == "0":
        return f"{kind} numeric identifier starts with zero"
    return None


def _semver(s: str) -> str | None:
    if "+" in s:
        s, _, build = s.partition("+")
        if build == "":
            return "build is empty"
        for identifier in build.split("."):
            reason = _identifier_error(identifier, "build", numeric_zero=False)
            if reason is not None:
                return reason
    if "-" in s:
        s, _, pre = s.partition("-")
        for identifier in pre.split("."):
            reason = _identifier_error(identifier, "pre-release", numeric_zero=True)
            if reason is not None:
                return reason
    versions = s.split(".")
    if len(versions) != 3:
        return "versionCore must have 3 numbers separated by dot"
    for name, version in zip(("major", "minor", "patch"), versions, strict=True):
        if version == "":
            return f"{name} is empty"
        if len(version) > 1 and version[0] == "0":
            return f"{name} starts with zero"
        if not all("0" <= ch <= "9" for ch in version):
            return f"{name} contains non-digit"
    return None


def _regex(s: str) -> str | None:
    try:
        schemagostd.compile_regex(schemagostd.from_bytestr(s))
    except schemagostd.GoError as exc:
        return str(exc)
    return None


FORMATS: dict[str, Callable[[str], str | None]] = {
    "json-pointer": _json_pointer,
    "relative-json-pointer": _relative_json_pointer,
    "uuid": _uuid,
    "duration": _duration,
    "period": _period,
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "hostname": _hostname,
    "email": _email,
    "date": _date,
    "time": _time,
    "date-time": _date_time,
    "uri": _uri,
    "iri": _uri,
    "uri-reference": _uri_reference,
    "iri-reference": _uri_reference,
    "uri-template": _uri_template,
    "semver": _semver,
    "regex": _regex,
}


def check(name: str, text: str) -> str | None:
    """Why ``text`` is not a valid ``name`` (v6's words), or None; unknown formats pass."""
    validator = FORMATS.get(name)
    if validator is None:
        return None
    try:
        return validator(_b(text))
    except _Invalid as exc:
        return str(exc)
