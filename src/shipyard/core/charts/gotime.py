"""Go's time package for templates: ``GoTime`` (a time.Time value: instant, nanoseconds,
location) with Go reference-layout formatting (``Format("2006-01-02T15:04:05Z07:00")``) and
parsing (``ParseInLocation``), ``String()`` and JSON forms, and durations (``Duration.String``,
``ParseDuration``)."""

from __future__ import annotations

import dataclasses
import datetime
import re

UTC = datetime.UTC
_MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ZERO = datetime.datetime(1, 1, 1, tzinfo=UTC)


@dataclasses.dataclass(frozen=True, kw_only=True)
class GoTime:
    """A Go time.Time: ``moment`` is aware (in its location), ``nanosecond`` the full
    sub-second part (its microseconds agree with ``moment``), ``monotonic`` the reading
    ``time.Now`` attaches (printed by String() as ``m=+0.000000001``)."""

    go_type = "time.Time"
    __go_type__ = "time.Time"  # the template engine's spelling
    go_kind = "struct"

    moment: datetime.datetime
    nanosecond: int = 0
    monotonic: float | None = None

    @classmethod
    def from_datetime(cls, moment: datetime.datetime, *, monotonic: float | None = None) -> GoTime:
        return cls(moment=moment, nanosecond=moment.microsecond * 1000, monotonic=monotonic)

    @classmethod
    def zero(cls) -> GoTime:
        return cls(moment=_ZERO)

    @classmethod
    def from_unix(cls, seconds: int, zone: datetime.tzinfo) -> GoTime:
        epoch = datetime.datetime(1970, 1, 1, tzinfo=UTC)
        return cls(moment=(epoch + datetime.timedelta(seconds=seconds)).astimezone(zone))

    def is_zero(self) -> bool:
        return self.moment == _ZERO and self.nanosecond == 0

    def unix(self) -> int:
        epoch = datetime.datetime(1970, 1, 1, tzinfo=UTC)
        delta = self.moment - epoch
        return delta.days * 86400 + delta.seconds

    def in_zone(self, zone: datetime.tzinfo) -> GoTime:
        return dataclasses.replace(self, moment=self.moment.astimezone(zone))

    def add(self, nanoseconds: int) -> GoTime:
        total = self.nanosecond + nanoseconds
        seconds, nanos = divmod(total, 1_000_000_000)
        moment = self.moment.replace(microsecond=0) + datetime.timedelta(seconds=seconds)
        moment = moment.replace(microsecond=nanos // 1000)
        return dataclasses.replace(self, moment=moment, nanosecond=nanos)

    def format(self, layout: str) -> str:
        return format_time(self, layout)

    def __str__(self) -> str:
        text = self.format("2006-01-02 15:04:05.999999999 -0700 MST")
        if self.monotonic is not None:
            text += f" m={self.monotonic:+.9f}"
        return text

    def __go_json__(self) -> str:
        return self.format("2006-01-02T15:04:05.999999999Z07:00")


# -- layouts -------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"January|Jan(?![a-z])|Monday|Mon(?![a-z])|MST|0[1-6]|002|15|1|2006|_2006|__2|_2|2|3|4|5"
    r"|PM|pm|-070000|-07:00:00|-0700|-07:00|-07|Z070000|Z07:00:00|Z0700|Z07:00|Z07"
    r"|[.,](?:0+|9+)(?![0-9])"
)


def _tokens(layout: str) -> list[tuple[bool, str]]:
    """(is_token, text) chunks of a Go layout."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for match in _TOKEN.finditer(layout):
        token = match.group()
        start = match.start()
        if token == "_2006":
            # "_2006" is a literal underscore followed by the year.
            start += 1
            token = "2006"
        if start > pos:
            out.append((False, layout[pos:start]))
        out.append((True, token))
        pos = match.end()
    if pos < len(layout):
        out.append((False, layout[pos:]))
    return out


def _offset_parts(offset: datetime.timedelta | None) -> tuple[str, int, int, int]:
    seconds = int(offset.total_seconds()) if offset is not None else 0
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    return sign, seconds // 3600, seconds // 60 % 60, seconds % 60


def _zone_name(moment: datetime.datetime) -> str:
    name = moment.tzname() or ""
    if moment.tzinfo is UTC or name in ("UTC", "UTC+00:00"):
        return "UTC"
    if re.fullmatch(r"UTC[+-]\d\d:\d\d(:\d\d)?", name) or not name:
        sign, hours, minutes, _ = _offset_parts(moment.utcoffset())
        return f"{sign}{hours:02d}{minutes:02d}" if minutes else f"{sign}{hours:02d}"
    return name


def format_time(t: GoTime, layout: str) -> str:
    m = t.moment
    out: list[str] = []
    for is_token, text in _tokens(layout):
        if not is_token:
            out.append(text)
            continue
        out.append(_format_token(text, t, m))
    return "".join(out)


def _format_token(token: str, t: GoTime, m: datetime.datetime) -> str:
    hour12 = m.hour % 12 or 12
    simple = {
        "January": _MONTHS[m.month - 1],
        "Jan": _MONTHS[m.month - 1][:3],
        "Monday": _DAYS[m.weekday()],
        "Mon": _DAYS[m.weekday()][:3],
        "01": f"{m.month:02d}",
        "1": str(m.month),
        "02": f"{m.day:02d}",
        "2": str(m.day),
        "_2": f"{m.day:2d}",
        "002": f"{m.timetuple().tm_yday:03d}",
        "__2": f"{m.timetuple().tm_yday:3d}",
        "03": f"{hour12:02d}",
        "3": str(hour12),
        "15": f"{m.hour:02d}",
        "04": f"{m.minute:02d}",
        "4": str(m.minute),
        "05": f"{m.second:02d}",
        "5": str(m.second),
        "06": f"{m.year % 100:02d}",
        "2006": f"{m.year:04d}",
        "PM": "PM" if m.hour >= 12 else "AM",
        "pm": "pm" if m.hour >= 12 else "am",
        "MST": _zone_name(m),
    }
    if token in simple:
        return simple[token]
    if token[0] in ".,":
        digits = f"{t.nanosecond:09d}"[: len(token) - 1]
        if token[1] == "9":
            digits = digits.rstrip("0")
            return token[0] + digits if digits else ""
        return token[0] + digits
    sign, hours, minutes, seconds = _offset_parts(m.utcoffset())
    if token.startswith("Z") and (hours, minutes, seconds) == (0, 0, 0):
        return "Z"
    body = token[1:]
    parts = {
        "070000": f"{hours:02d}{minutes:02d}{seconds:02d}",
        "07:00:00": f"{hours:02d}:{minutes:02d}:{seconds:02d}",
        "0700": f"{hours:02d}{minutes:02d}",
        "07:00": f"{hours:02d}:{minutes:02d}",
        "07": f"{hours:02d}",
    }
    return sign + parts[body]


class TimeParseError(ValueError):
    pass


def parse_time(layout: str, value: str, zone: datetime.tzinfo) -> GoTime:
    """``time.ParseInLocation`` for the common layout elements."""
    year, month, day, hour, minute, second, nanos = 1, 1, 1, 0, 0, 0, 0
    pm: bool | None = None
    offset: int | None = None
    rest = value
    for is_token, text in _tokens(layout):
        if not is_token:
            if not rest.startswith(text):
                raise TimeParseError(f'parsing time "{value}" as "{layout}": cannot parse')
            rest = rest[len(text) :]
            continue
        if text in ("January", "Jan", "Monday", "Mon"):
            names = _MONTHS if text.startswith("Jan") else _DAYS
            width = None if len(text) > 3 else 3
            for index, name in enumerate(names):
                candidate = name if width is None else name[:3]
                if rest[: len(candidate)].lower() == candidate.lower():
                    rest = rest[len(candidate) :]
                    if names is _MONTHS:
                        month = index + 1
                    break
            else:
                raise TimeParseError(f'parsing time "{value}": cannot parse')
            continue
        if text in ("PM", "pm"):
            marker = rest[:2].upper()
            if marker not in ("AM", "PM"):
                raise TimeParseError(f'parsing time "{value}": cannot parse')
            pm = marker == "PM"
            rest = rest[2:]
            continue
        if text == "MST":
            found = re.match(r"UTC|[A-Z]{3,5}|[+-]\d{2,4}", rest)
            if not found:
                raise TimeParseError(f'parsing time "{value}": cannot parse')
            rest = rest[found.end() :]
            if found.group() == "UTC":
                offset = 0
            continue
        if text[0] in ".,":
            found = re.match(r"[.,](\d+)", rest)
            if found:
                nanos = int((found[1] + "000000000")[:9])
                rest = rest[found.end() :]
            elif text[1] == "0":
                raise TimeParseError(f'parsing time "{value}": cannot parse')
            continue
        if text[0] in "-Z":
            if text[0] == "Z" and rest.startswith("Z"):
                offset = 0
                rest = rest[1:]
                continue
            found = re.match(r"([+-])(\d\d):?(\d\d)?:?(\d\d)?", rest)
            if not found:
                raise TimeParseError(f'parsing time "{value}": cannot parse')
            seconds = int(found[2]) * 3600 + int(found[3] or 0) * 60 + int(found[4] or 0)
            offset = -seconds if found[1] == "-" else seconds
            rest = rest[found.end() :]
            continue
        fixed = {"01": 2, "02": 2, "03": 2, "04": 2, "05": 2, "06": 2, "15": 2, "2006": 4, "002": 3}
        width = fixed.get(text)
        pattern = rf"\d{{{width}}}" if width else (r" ?\d{1,2}" if text == "_2" else r"\d{1,3}")
        found = re.match(pattern, rest)
        if not found:
            raise TimeParseError(f'parsing time "{value}" as "{layout}": cannot parse')
        number = int(found.group())
        rest = rest[found.end() :]
        if text in ("2006",):
            year = number
        elif text == "06":
            year = number + (1900 if number >= 69 else 2000)
        elif text in ("01", "1"):
            month = number
        elif text in ("02", "2", "_2"):
            day = number
        elif text in ("15", "03", "3"):
            hour = number
        elif text in ("04", "4"):
            minute = number
        elif text in ("05", "5"):
            second = number
    if rest:
        raise TimeParseError(f'parsing time "{value}": extra text: "{rest}"')
    if pm is not None and hour <= 12:
        hour = hour % 12 + (12 if pm else 0)
    for field, number, low, high in (
        ("month", month, 1, 12),
        ("hour", hour, 0, 23),
        ("minute", minute, 0, 59),
        ("second", second, 0, 59),
    ):
        if not low <= number <= high:
            raise TimeParseError(f'parsing time "{value}": {field} out of range')
    if not 1 <= day <= _days_in_month(year, month):
        raise TimeParseError(f'parsing time "{value}": day out of range')
    try:
        naive = datetime.datetime(year, month, day, hour, minute, second, nanos // 1000)
    except ValueError as exc:
        raise TimeParseError(f'parsing time "{value}": {exc}') from None
    if offset is None:
        moment = naive.replace(tzinfo=zone)
    elif offset == 0:
        moment = naive.replace(tzinfo=UTC)
    else:
        moment = naive.replace(tzinfo=datetime.timezone(datetime.timedelta(seconds=offset)))
    return GoTime(moment=moment, nanosecond=nanos)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# -- durations -----------------------------------------------------------------------------

_UNITS = {
    "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
    "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
}  # fmt: skip


def _fraction(value: int, digits: int) -> str:
    text = f"{value:0{digits}d}".rstrip("0")
    return "." + text if text else ""


def format_duration(nanoseconds: int) -> str:
    """``time.Duration(nanoseconds).String()``."""
    if nanoseconds == 0:
        return "0s"
    sign = "-" if nanoseconds < 0 else ""
    n = abs(nanoseconds)
    if n < 1_000_000_000:
        if n < 1_000:
            return f"{sign}{n}ns"
        if n < 1_000_000:
            return f"{sign}{n // 1000}{_fraction(n % 1000, 3)}µs"
        return f"{sign}{n // 1_000_000}{_fraction(n % 1_000_000, 6)}ms"
    seconds, fraction = divmod(n, 1_000_000_000)
    text = f"{seconds % 60}{_fraction(fraction, 9)}s"
    minutes = seconds // 60
    if minutes:
        text = f"{minutes % 60}m{text}"
        hours = minutes // 60
        if hours:
            text = f"{hours}h{text}"
    return sign + text


_DURATION_PART = re.compile(r"(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)")


def parse_duration(text: str) -> int:
    """``time.ParseDuration``: nanoseconds, or ValueError with Go's message."""
    original = text
    sign = 1
    if text and text[0] in "+-":
        sign = -1 if text[0] == "-" else 1
        text = text[1:]
    if text == "0":
        return 0
    if not text:
        raise ValueError(f'time: invalid duration "{original}"')
    total = 0
    while text:
        match = _DURATION_PART.match(text)
        if match is None or (not match[1] and not match[2]):
            if match is None and re.match(r"[\d.]+", text):
                unit = re.sub(r"^[\d.]+", "", text)
                if not unit:
                    raise ValueError(f'time: missing unit in duration "{original}"')
                raise ValueError(f'time: unknown unit "{unit[:1]}" in duration "{original}"')
            raise ValueError(f'time: invalid duration "{original}"')
        scale = _UNITS[match[3]]
        whole = int(match[1] or "0") * scale
        if match[2]:
            whole += int(match[2]) * scale // 10 ** len(match[2])
        total += whole
        text = text[match.end() :]
    if total > 2**63 - 1:
        raise ValueError(f'time: invalid duration "{original}"')
    return sign * total
