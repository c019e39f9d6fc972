"""``--set``, ``--set-string``, ``--set-file``, ``--set-json`` and ``--set-literal``, parsed as
Helm's ``pkg/strvals`` parses them.

``a.b=1,c[0].d=x,e={1,2}``: dots nest tables (at most 30 levels), ``[i]`` indexes lists (at
most index 65536, padding with nulls), ``{a,b}`` is a list, ``\\`` escapes the next character,
a ``,`` separates assignments. With ``--set`` a value is typed: ``true``/``false``/``null``
(any case), ``0``, and integers without a leading zero become int64 (never float); anything
else is a string. ``--set-string`` keeps strings; ``--set-file`` reads the value from a file
(through the caller's ``read``); ``--set-json`` takes a JSON value per key; ``--set-literal``
takes everything after the first ``=`` verbatim. Errors carry Helm's messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from shipyard.core.charts import gojson
from shipyard.core.charts.functions import govalues

MAX_INDEX = 65536
MAX_NESTED_NAME_LEVEL = 30
INT64 = (-(2**63), 2**63 - 1)


class SetError(ValueError):
    """A ``--set`` expression Helm refuses; ``str()`` is Helm's message."""


class _EOF(Exception):
    """io.EOF: the expression ended."""


class _NotList(Exception):
    pass


_GO_SPACE = frozenset("\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | frozenset(
    chr(c) for c in range(0x2000, 0x200B)
)
Reader = Callable[[str], Any]


def typed_value(text: str, *, as_string: bool) -> Any:
    """strvals' typedVal."""
    if as_string:
        return text
    lowered = text.lower()
    if lowered == "true":
        return True
    if lowered == "false":
        return False
    if lowered == "null":
        return None
    if text == "0":
        return govalues.GoInt64(0)
    if text and text[0] != "0":
        body = text[1:] if text[0] in "+-" else text
        if body.isascii() and body.isdigit():
            number = int(text)
            if INT64[0] <= number <= INT64[1]:
                return govalues.GoInt64(number)
    return text


def _go_quote(text: str) -> str:
    return gojson.quote(text, escape_html=False)


class _Parser:
    def __init__(
        self,
        text: str,
        data: dict[str, Any],
        *,
        reader: Reader | None,
        json: bool,
        literal: bool = False,
    ) -> None:
        self.text = text
        self.pos = 0
        self.data = data
        self.reader = reader
        self.json = json
        self.literal = literal

    # -- scanning ------------------------------------------------------------------------

    def _until(self, stop: str) -> tuple[str, str]:
        """runesUntil: the text up to a stop rune (escapes honoured); raises _EOF with the
        text read so far in ``args``."""
        out: list[str] = []
        text = self.text
        while True:
            if self.pos >= len(text):
                raise _EOF("".join(out))
            ch = text[self.pos]
            self.pos += 1
            if ch in stop:
                return "".join(out), ch
            if ch == "\\" and not self.literal:
                if self.pos >= len(text):
                    raise _EOF("".join(out))
                out.append(text[self.pos])
                self.pos += 1
                continue
            out.append(ch)

    def parse(self) -> None:
        while True:
            try:
                self.key(self.data, 0)
            except _EOF:
                return

    # -- keys ----------------------------------------------------------------------------

    def key(self, data: dict[str, Any], level: int) -> None:
        stop = "=[." if self.literal else "=[,."
        try:
            name, last = self._until(stop)
        except _EOF as exc:
            if not exc.args[0]:
                raise
            raise SetError(f"key {_go_quote(exc.args[0])} has no value") from None
        if last == "[":
            index = self._index()
            existing = data.get(name, _ABSENT)
            items = [] if existing is _ABSENT else _as_list(existing)
            try:
                items = self.list_item(items, index, level)
            finally:
                if name:
                    data[name] = items
            return
        if last == "=":
            self._assign(data, name)
            return
        if last == ",":
            if name:
                data[name] = ""
            raise SetError(f"key {_go_quote(name)} has no value (cannot end with ,)")
        level += 1
        if level > MAX_NESTED_NAME_LEVEL:
            raise SetError(
                "value name nested level is greater than maximum supported nested level of "
                f"{MAX_NESTED_NAME_LEVEL}"
            )
        existing = data.get(name, _ABSENT)
        inner: dict[str, Any] = {} if existing is _ABSENT else _as_map(existing)
        try:
            self.key(inner, level)
        except (_EOF, SetError):
            if inner and name:
                data[name] = inner
            raise
        if not inner:
            raise SetError(f"key map {_go_quote(name)} has no value")
        if name:
            data[name] = inner

    def _assign(self, data: dict[str, Any], name: str) -> None:
        if self.literal:
            value = self.text[self.pos :]
            self.pos = len(self.text)
            if name:
                data[name] = value
            return
        if self.json:
            if self._empty_value():
                if name:
                    data[name] = None
                return
            value = self._json_value()
            if name:
                data[name] = value
            self._empty_value()
            return
        try:
            items = self._value_list()
        except _EOF:
            if name:
                data[name] = ""
            raise
        except _NotList:
            raw = self._plain_value()
            value = self._read(raw)
            if name:
                data[name] = value
            return
        if name:
            data[name] = items

    def _index(self) -> int:
        try:
            text, _ = self._until("]")
        except _EOF:
            raise SetError("error parsing index: EOF") from None
        try:
            return _atoi(text)
        except ValueError as exc:
            raise SetError(f"error parsing index: {exc}") from None

    # -- lists ---------------------------------------------------------------------------

    def list_item(self, items: list[Any], index: int, level: int) -> list[Any]:
        if index < 0:
            raise SetError(f"negative {index} index not allowed")
        try:
            rest, last = self._until("[.=")
        except _EOF as exc:
            if exc.args[0]:
                raise SetError(
                    f"unexpected data at end of array index: {_go_quote(exc.args[0])}"
                ) from None
            raise
        if rest:
            raise SetError(f"unexpected data at end of array index: {_go_quote(rest)}")
        if last == "=":
            if self.literal:
                value: Any = self.text[self.pos :]
                self.pos = len(self.text)
                return _set_index(items, index, value)
            if self.json:
                if self._empty_value():
                    return _set_index(items, index, None)
                value = self._json_value()
                items = _set_index(items, index, value)
                self._empty_value()
                return items
            try:
                value = self._value_list()
            except _EOF:
                return _set_index(items, index, "")
            except _NotList:
                value = self._read(self._plain_value())
            return _set_index(items, index, value)
        if last == "[":
            next_index = self._index()
            current: list[Any] = []
            if index < len(items) and items[index] is not None:
                current = _as_list(items[index])
            inner_list = self.list_item(current, next_index, level)
            return _set_index(items, index, inner_list)
        inner: dict[str, Any] = {}
        if index < len(items):
            existing = items[index]
            if isinstance(existing, dict):
                inner = existing
            else:
                items[index] = inner
        self.key(inner, level)
        return _set_index(items, index, inner)

    # -- values --------------------------------------------------------------------------

    def _read(self, raw: str) -> Any:
        if self.reader is None:
            return raw
        return self.reader(raw)

    def _plain_value(self) -> str:
        try:
            text, _ = self._until(",")
        except _EOF as exc:
            return str(exc.args[0])
        return text

    def _value_list(self) -> list[Any]:
        if self.pos >= len(self.text):
            raise _EOF("")
        if self.text[self.pos] != "{":
            raise _NotList
        self.pos += 1
        items: list[Any] = []
        while True:
            try:
                text, last = self._until(",}")
            except _EOF:
                raise SetError("list must terminate with '}'") from None
            if last == "}":
                if self.pos < len(self.text) and self.text[self.pos] == ",":
                    self.pos += 1
                items.append(self._read(text))
                return items
            items.append(self._read(text))

    def _empty_value(self) -> bool:
        while self.pos < len(self.text):
            ch = self.text[self.pos]
            self.pos += 1
            if ch == ",":
                return True
            if ch not in _GO_SPACE:
                self.pos -= 1
                return False
        return True

    def _json_value(self) -> Any:
        rest = self.text[self.pos :]
        value, consumed = _decode_json_prefix(rest)
        self.pos += consumed
        return value


_ABSENT = object()


def _as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    raise SetError(
        f"unable to parse key: interface conversion: interface {{}} is {_type(value)}, "
        "not []interface {}"
    )


def _as_map(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise SetError(
        f"unable to parse key: interface conversion: interface {{}} is {_type(value)}, "
        "not map[string]interface {}"
    )


def _type(value: Any) -> str:
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    if isinstance(value, float):
        return "float64"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "[]interface {}"
    return "map[string]interface {}"


def _atoi(text: str) -> int:
    body = text[1:] if text[:1] in "+-" else text
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError(f"strconv.Atoi: parsing {_go_quote(text)}: invalid syntax")
    number = int(text)
    if not INT64[0] <= number <= INT64[1]:
        raise ValueError(f"strconv.Atoi: parsing {_go_quote(text)}: value out of range")
    return number


def _set_index(items: list[Any], index: int, value: Any) -> list[Any]:
    if index < 0:
        raise SetError(f"negative {index} index not allowed")
    if index > MAX_INDEX:
        raise SetError(f"index of {index} is greater than maximum supported index of {MAX_INDEX}")
    if len(items) <= index:
        items = items + [None] * (index + 1 - len(items))
    items[index] = value
    return items


def _decode_json_prefix(text: str) -> tuple[Any, int]:
    """json.Decoder.Decode on a stream: the first JSON value and the characters it used."""
    import json

    stripped = len(text) - len(text.lstrip(" \t\n\r"))
    try:
        value, end = json.JSONDecoder().raw_decode(text, stripped)
    except json.JSONDecodeError as exc:
        raise SetError(str(exc)) from None
    return _to_go(value), end


def _to_go(value: Any) -> Any:
    """encoding/json into interface{}: every number is a float64."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, list):
        return [_to_go(v) for v in value]
    return {k: _to_go(v) for k, v in value.items()}


def parse_into(text: str, dest: dict[str, Any], *, as_string: bool = False) -> None:
    """``--set`` (``as_string=False``) or ``--set-string`` into ``dest``."""
    _Parser(
        text, dest, reader=lambda raw: typed_value(raw, as_string=as_string), json=False
    ).parse()


def parse_file_into(text: str, dest: dict[str, Any], *, read: Reader) -> None:
    """``--set-file key=path``: ``read(path)`` returns the file's text."""
    _Parser(text, dest, reader=read, json=False).parse()


def parse_json_into(text: str, dest: dict[str, Any]) -> None:
    """``--set-json key=<json>``."""
    _Parser(text, dest, reader=None, json=True).parse()


def parse_literal_into(text: str, dest: dict[str, Any]) -> None:
    """``--set-literal key=value``."""
    _Parser(text, dest, reader=None, json=False, literal=True).parse()
