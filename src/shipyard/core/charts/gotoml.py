"""TOML as Helm's ``toToml``/``fromToml`` see it (BurntSushi/toml v1.6.0).

``to_toml`` follows its encoder: plain keys before tables, each group sorted, ``[a.b]`` headers
indented two spaces per level, floats always with a decimal point (``3.0``), nil values skipped.
``from_toml`` parses with ``tomllib``: integers stay ints, datetimes become ``GoTime``; errors
land in the "Error" key (tomllib's wording, not BurntSushi's).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping

from shipyard.core.charts import goformat, gotime

_INDENT = "  "
_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


class TOMLError(ValueError):
    pass


def _quote(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _bare(key: str) -> bool:
    return bool(key) and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)


def _key_piece(key: str) -> str:
    if key == "":
        return '""'
    return key if _bare(key) else _quote(key)


def _is_table(value: object) -> bool:
    if isinstance(value, Mapping):
        return True
    if isinstance(value, list | tuple) and value:
        kinds = [_is_hash(item) for item in value]
        return all(kinds)
    return False


def _is_hash(value: object) -> bool:
    if value is None:
        raise TOMLError("toml: cannot encode array with nil element")
    return isinstance(value, Mapping)


class _Encoder:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.written = False

    def write(self, text: str) -> None:
        self.out.append(text)
        self.written = True

    def newline(self) -> None:
        if self.written:
            self.write("\n")

    def encode(self, key: list[str], value: object) -> None:
        if value is None:
            return
        if isinstance(value, Mapping):
            self.table(key, value)
        elif isinstance(value, list | tuple) and _is_table(value):
            self.array_of_tables(key, value)
        else:
            self.key_value(key, value, inline=False)

    def table(self, key: list[str], value: Mapping[str, object]) -> None:
        if len(key) == 1:
            self.newline()
        if key:
            self.write(f"{_INDENT * (len(key) - 1)}[{'.'.join(_key_piece(k) for k in key)}]")
            self.newline()
        self.mapping(key, value, inline=False)

    def array_of_tables(self, key: list[str], values: list[object] | tuple[object, ...]) -> None:
        if not key:
            raise TOMLError("toml: top-level values must be Go maps or structs")
        for item in values:
            if item is None:
                continue
            self.newline()
            self.write(f"{_INDENT * (len(key) - 1)}[[{'.'.join(_key_piece(k) for k in key)}]]")
            self.newline()
            assert isinstance(item, Mapping)
            self.mapping(key, item, inline=False)

    def mapping(self, key: list[str], value: Mapping[str, object], *, inline: bool) -> None:
        for name in value:
            if not isinstance(name, str):
                raise TOMLError("toml: cannot encode a map with non-string key type")
        direct = sorted(k for k, v in value.items() if not _is_table(v))
        nested = sorted(k for k, v in value.items() if _is_table(v))
        if inline:
            self.write("{")
        for group, trailing in ((direct, bool(nested)), (nested, False)):
            for i, name in enumerate(group):
                item = value[name]
                if item is None:
                    continue
                if inline:
                    self.key_value([name], item, inline=True)
                    if trailing or i != len(group) - 1:
                        self.write(", ")
                else:
                    self.encode([*key, name], item)
        if inline:
            self.write("}")

    def key_value(self, key: list[str], value: object, *, inline: bool) -> None:
        if not key:
            self.element(value)
            return
        self.write(f"{_INDENT * (len(key) - 1)}{_key_piece(key[-1])} = ")
        self.element(value)
        if not inline:
            self.newline()

    def element(self, value: object) -> None:
        if isinstance(value, gotime.GoTime):
            self.write(value.format("2006-01-02T15:04:05.999999999Z07:00"))
        elif isinstance(value, str):
            self.write(_quote(value))
        elif isinstance(value, bool):
            self.write("true" if value else "false")
        elif isinstance(value, int):
            self.write(str(value))
        elif isinstance(value, float):
            if math.isnan(value):
                self.write(("-" if math.copysign(1, value) < 0 else "") + "nan")
            elif math.isinf(value):
                self.write(("-" if value < 0 else "") + "inf")
            else:
                text = goformat.format_float(value)
                self.write(text if "e" in text or "." in text else text + ".0")
        elif isinstance(value, list | tuple):
            self.write("[")
            for i, item in enumerate(value):
                self.element(item)
                if i != len(value) - 1:
                    self.write(", ")
            self.write("]")
        elif isinstance(value, Mapping):
            self.mapping([], value, inline=True)
        elif value is None:
            raise TOMLError("toml: cannot encode array with nil element")
        else:
            raise TOMLError(f"unexpected type: {type(value).__name__}")


def to_toml(value: object) -> str:
    """Helm's ``toToml``: the document, or the encoder's error text."""
    encoder = _Encoder()
    try:
        encoder.encode([], value)
    except TOMLError as exc:
        return str(exc)
    return "".join(encoder.out)


def _convert(value: object) -> object:
    if isinstance(value, dict):
        return {k: _convert(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_convert(v) for v in value]
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=datetime.UTC)
        return gotime.GoTime.from_datetime(moment)
    if isinstance(value, datetime.date):
        return gotime.GoTime.from_datetime(
            datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.UTC)
        )
    if isinstance(value, datetime.time):
        return gotime.GoTime.from_datetime(
            datetime.datetime.combine(datetime.date(1, 1, 1), value, tzinfo=datetime.UTC)
        )
    return value


def from_toml(text: str) -> dict[str, object]:
    """Helm's ``fromToml``: a map, or {"Error": message}."""
    import tomllib

    try:
        parsed = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return {"Error": f"toml: {exc}"}
    converted = _convert(parsed)
    assert isinstance(converted, dict)
    return converted
