"""Sprig's date functions over ``gotime.GoTime``: now, date, dateInZone, htmlDate(InZone),
dateModify, ago, duration, durationRound, toDate, unixEpoch (and the snake_case aliases).

The clock and the "Local" zone are injected: core code reads no clock or environment itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from shipyard.core.charts import gotime
from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import ANY, gofunc

GoTime = gotime.GoTime
_SECOND = 1_000_000_000


def load_zone(name: str, local: datetime.tzinfo) -> datetime.tzinfo:
    """``time.LoadLocation`` with Sprig's fallback to UTC on error."""
    if name in ("", "UTC"):
        return datetime.UTC
    if name == "Local":
        return local
    import zoneinfo

    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def make_date_functions(
    clock: Callable[[], GoTime], local: datetime.tzinfo
) -> dict[str, Callable[..., object]]:
    def as_time(value: object) -> GoTime:
        if isinstance(value, GoTime):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return GoTime.from_unix(value, local)
        return clock()

    def since(moment: GoTime) -> int:
        current = clock()
        delta = current.moment - moment.moment
        whole = (delta.days * 86400 + delta.seconds) * _SECOND
        return whole + current.nanosecond - moment.nanosecond

    @gofunc(returns="time.Time")
    def now() -> GoTime:
        return clock()

    @gofunc("string", ANY, "string", returns="string")
    def date_in_zone(layout: str, value: object, zone: str) -> str:
        return as_time(value).in_zone(load_zone(zone, local)).format(layout)

    @gofunc("string", ANY, returns="string")
    def date(layout: str, value: object) -> str:
        return date_in_zone(layout, value, "Local")

    @gofunc(ANY, returns="string")
    def html_date(value: object) -> str:
        return date_in_zone("2006-01-02", value, "Local")

    @gofunc(ANY, "string", returns="string")
    def html_date_in_zone(value: object, zone: str) -> str:
        return date_in_zone("2006-01-02", value, zone)

    @gofunc("string", "time.Time", returns="time.Time")
    def date_modify(spec: str, moment: GoTime) -> GoTime:
        try:
            return moment.add(gotime.parse_duration(spec))
        except ValueError:
            return moment

    @gofunc("string", "time.Time", returns="time.Time", errors=True)
    def must_date_modify(spec: str, moment: GoTime) -> GoTime:
        try:
            return moment.add(gotime.parse_duration(spec))
        except ValueError as exc:
            raise FunctionError(str(exc)) from None

    @gofunc(ANY, returns="string")
    def ago(value: object) -> str:
        moment = value if isinstance(value, GoTime) else as_time(value)
        elapsed = since(moment)
        rounded = _round(elapsed, _SECOND)
        return gotime.format_duration(rounded)

    @gofunc("string", "string", returns="time.Time")
    def to_date(layout: str, text: str) -> GoTime:
        try:
            return gotime.parse_time(layout, text, local)
        except gotime.TimeParseError:
            return GoTime.zero()

    @gofunc("string", "string", returns="time.Time", errors=True)
    def must_to_date(layout: str, text: str) -> GoTime:
        try:
            return gotime.parse_time(layout, text, local)
        except gotime.TimeParseError as exc:
            raise FunctionError(str(exc)) from None

    @gofunc(ANY, returns="string")
    def duration_round(value: object) -> str:
        if isinstance(value, str):
            try:
                nanos = gotime.parse_duration(value)
            except ValueError:
                nanos = 0
        elif isinstance(value, govalues.GoInt64):
            nanos = int(value)
        elif isinstance(value, GoTime):
            nanos = since(value)
        else:
            nanos = 0
        return round_duration(nanos)

    return {
        "now": now,
        "date": date,
        "dateInZone": date_in_zone,
        "date_in_zone": date_in_zone,
        "htmlDate": html_date,
        "htmlDateInZone": html_date_in_zone,
        "dateModify": date_modify,
        "date_modify": date_modify,
        "mustDateModify": must_date_modify,
        "must_date_modify": must_date_modify,
        "ago": ago,
        "toDate": to_date,
        "mustToDate": must_to_date,
        "durationRound": duration_round,
        "duration": duration,
        "unixEpoch": unix_epoch,
    }


def _round(nanos: int, unit: int) -> int:
    """time.Duration.Round (halves away from zero)."""
    remainder = abs(nanos) % unit
    magnitude = abs(nanos) - remainder
    if remainder + remainder >= unit:
        magnitude += unit
    return magnitude if nanos >= 0 else -magnitude


def round_duration(nanos: int) -> str:
    magnitude = abs(nanos)
    hour = 3600 * _SECOND
    for size, suffix in (
        (hour * 24 * 365, "y"),
        (hour * 24 * 30, "mo"),
        (hour * 24, "d"),
        (hour, "h"),
        (60 * _SECOND, "m"),
        (_SECOND, "s"),
    ):
        if magnitude > size:
            return f"{magnitude // size}{suffix}"
    return "0s"


@gofunc(ANY, returns="string")
def duration(value: object) -> str:
    seconds = 0
    if isinstance(value, str):
        parsed = govalues.parse_int(value, 10)
        seconds = parsed if parsed is not None else 0
    elif isinstance(value, govalues.GoInt64):
        # Sprig switches on int64 only: a template's int constant gives 0s.
        seconds = int(value)
    return gotime.format_duration(govalues.wrap_int64(seconds * _SECOND))


@gofunc("time.Time", returns="string")
def unix_epoch(moment: GoTime) -> str:
    return str(moment.unix())
