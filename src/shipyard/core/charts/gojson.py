"""Go's ``encoding/json`` for template values: ``marshal`` writes what ``json.Marshal`` /
``MarshalIndent`` / an ``Encoder`` without HTML escaping write (sorted keys, ``\\u003c``-style
escapes, Go float forms, base64 for bytes); ``unmarshal`` decodes like ``json.Unmarshal`` into an
``interface{}`` (every number a float64) and fails with Go's error messages.

Objects other than the plain value model take part through a ``__go_json__()`` method returning
a plain value (how a Go struct with JSON tags would marshal), or, for a struct without tags,
through their ``__go_fields__`` (written by name, in that order).
"""

from __future__ import annotations

import base64
import json
import math
import re
from collections.abc import Mapping, Sequence

from shipyard.core.charts import goformat

MAX_DEPTH = 10000


class JSONError(ValueError):
    """A marshal or unmarshal failure; the message is Go's."""


class StructFields(dict[str, object]):
    """A Go struct's JSON object, in field order (``json.Marshal`` sorts map keys, not struct
    fields): what a ``__go_json__()`` of a struct stand-in returns."""


def to_plain(value: object, depth: int = 0) -> object:
    """The value as json.Marshal sees it: dict (str keys), list, str, int, float, bool, None."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise JSONError(f"json: unsupported value: {goformat.format_float(value)}")
        return value
    if depth > MAX_DEPTH:
        raise JSONError("json: unsupported value: encountered a cycle")
    if isinstance(value, Mapping):
        out: dict[str, object] = StructFields() if isinstance(value, StructFields) else {}
        for key, item in value.items():
            if isinstance(key, bool) or not isinstance(key, str | int):
                raise JSONError(f"json: unsupported type: map[{_go_type(key)}]interface {{}}")
            out[str(key)] = to_plain(item, depth + 1)
        return out
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, list | tuple):
        if getattr(value, "go_nil", False):
            return None
        return [to_plain(item, depth + 1) for item in value]
    marshal_hook = getattr(value, "__go_json__", None)
    if marshal_hook is not None:
        return to_plain(marshal_hook(), depth + 1)
    fields = getattr(type(value), "__go_fields__", None)
    if fields is not None:  # a struct without json tags: its exported fields, by Go name
        return to_plain(StructFields({name: getattr(value, name) for name in fields}), depth + 1)
    if isinstance(value, Sequence):
        return [to_plain(item, depth + 1) for item in value]
    raise JSONError(f"json: unsupported type: {_go_type(value)}")


def _go_type(value: object) -> str:
    if value is None:
        return "<nil>"
    return {bool: "bool", int: "int", float: "float64", str: "string"}.get(
        type(value), type(value).__name__
    )


_ESCAPE_HTML = re.compile(r'[\x00-\x1f"\\<>&\u2028\u2029\ud800-\udfff]')
_ESCAPE_RAW = re.compile(r'[\x00-\x1f"\\\u2028\u2029\ud800-\udfff]')
_SHORT = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match[str]) -> str:
    ch = match.group()
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"
    return f"\\u{code:04x}"


def quote(text: str, *, escape_html: bool = True) -> str:
    """A JSON string literal as Go writes it."""
    pattern = _ESCAPE_HTML if escape_html else _ESCAPE_RAW
    return '"' + pattern.sub(_escape_char, text) + '"'


def marshal(value: object, *, escape_html: bool = True, indent: str = "") -> str:
    """``json.Marshal`` (or ``MarshalIndent(v, "", indent)`` when ``indent`` is set)."""
    parts: list[str] = []
    _write(to_plain(value), parts, escape_html=escape_html, indent=indent, level=0)
    return "".join(parts)


def _write(value: object, out: list[str], *, escape_html: bool, indent: str, level: int) -> None:
    if isinstance(value, str):
        out.append(quote(value, escape_html=escape_html))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        out.append(goformat.format_json_float(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        out.append("{")
        inner = "\n" + indent * (level + 1) if indent else ""
        keys = value if isinstance(value, StructFields) else sorted(value)
        for i, key in enumerate(keys):
            if i:
                out.append(",")
            out.append(inner)
            out.append(quote(key, escape_html=escape_html))
            out.append(": " if indent else ":")
            _write(value[key], out, escape_html=escape_html, indent=indent, level=level + 1)
        if indent:
            out.append("\n" + indent * level)
        out.append("}")
    else:
        assert isinstance(value, list)
        if not value:
            out.append("[]")
            return
        out.append("[")
        inner = "\n" + indent * (level + 1) if indent else ""
        for i, item in enumerate(value):
            if i:
                out.append(",")
            out.append(inner)
            _write(item, out, escape_html=escape_html, indent=indent, level=level + 1)
        if indent:
            out.append("\n" + indent * level)
        out.append("]")


# -- decoding ------------------------------------------------------------------------------


class _BadNumber(Exception):
    def __init__(self, text: str) -> None:
        self.text = text


def _parse_number(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise _BadNumber(text)
    return value


def _reject_constant(text: str) -> float:
    raise ValueError(text)


def unmarshal(text: str, *, target: str = "interface {}") -> object:
    """``json.Unmarshal`` into ``target`` ("interface {}", "map[string]interface {}" or
    "[]interface {}"); numbers are floats. Raises JSONError with Go's message."""
    try:
        value = json.loads(
            text,
            parse_float=_parse_number,
            parse_int=_parse_number,
            parse_constant=_reject_constant,
        )
    except _BadNumber as exc:
        if target != "interface {}":
            first = text.lstrip(" \t\r\n")[:1]
            expected = "{" if target.startswith("map") else "["
            if first != expected:
                kind = {"[": "array", "{": "object", '"': "string"}.get(first, "number")
                if first in "tf":
                    kind = "bool"
                raise JSONError(
                    f"json: cannot unmarshal {kind} into Go value of type {target}"
                ) from None
        raise JSONError(
            f"json: cannot unmarshal number {exc.text} into Go value of type float64"
        ) from None
    except (ValueError, RecursionError):
        raise JSONError(syntax_error(text) or "unexpected end of JSON input") from None
    if target == "map[string]interface {}" and not isinstance(value, dict | type(None)):
        raise JSONError(
            f"json: cannot unmarshal {_json_kind(value)} into Go value of type {target}"
        )
    if target == "[]interface {}" and not isinstance(value, list | type(None)):
        raise JSONError(
            f"json: cannot unmarshal {_json_kind(value)} into Go value of type {target}"
        )
    return value


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, str):
        return "string"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object"


def _quote_char(ch: str) -> str:
    if ch == "'":
        return "'\\''"
    if ch == '"':
        return "'\"'"
    from shipyard.core.charts import gostrings

    return "'" + gostrings.go_quote(ch)[1:-1] + "'"


def syntax_error(text: str) -> str | None:
    """Go's scanner message for the first syntax error in ``text``, or None if it is valid."""
    data = text.encode("utf-8", "surrogateescape")
    scanner = _Scanner(data)
    return scanner.run()


class _Scanner:
    """A compact port of the states of encoding/json's scanner, for error messages only."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.depth = 0

    def _error(self, context: str) -> str:
        # At the end of input Go's scanner steps once more with a space.
        ch = self._char_at(self.pos) if self.pos < len(self.data) else " "
        return f"invalid character {_quote_char(ch)} {context}".rstrip()

    def _char_at(self, pos: int) -> str:
        byte = self.data[pos]
        if byte < 0x80:
            return chr(byte)
        return chr(byte) if byte < 0xC0 else self.data[pos:].decode("utf-8", "replace")[0]

    def _skip_space(self) -> None:
        while self.pos < len(self.data) and self.data[self.pos] in b" \t\r\n":
            self.pos += 1

    def run(self) -> str | None:
        try:
            self._value()
            self._skip_space()
            if self.pos < len(self.data):
                return self._error("after top-level value")
            return None
        except _Stop as stop:
            return stop.message

    def _peek(self) -> int:
        if self.pos >= len(self.data):
            raise _Stop("unexpected end of JSON input")
        return self.data[self.pos]

    def _peek_or_space(self) -> int:
        return self.data[self.pos] if self.pos < len(self.data) else 0x20

    def _fail(self, context: str) -> None:
        raise _Stop(self._error(context))

    def _value(self) -> None:
        self._skip_space()
        c = self._peek()
        if c == ord("{"):
            self._object()
        elif c == ord("["):
            self._array()
        elif c == ord('"'):
            self._string()
        elif c == ord("-") or ord("0") <= c <= ord("9"):
            self._number()
        elif c in b"tfn":
            word = {ord("t"): b"true", ord("f"): b"false", ord("n"): b"null"}[c]
            name = word.decode()
            for i in range(1, len(word)):
                self.pos += 1
                if self._peek_or_space() != word[i]:
                    self._fail(f"in literal {name} (expecting {_quote_char(chr(word[i]))})")
            self.pos += 1
        else:
            self._fail("looking for beginning of value")

    def _enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self._fail("exceeded max depth")

    def _object(self) -> None:
        self._enter()
        self.pos += 1
        self._skip_space()
        if self._peek() == ord("}"):
            self.pos += 1
            self.depth -= 1
            return
        while True:
            self._skip_space()
            if self._peek() != ord('"'):
                self._fail("looking for beginning of object key string")
            self._string()
            self._skip_space()
            if self._peek() != ord(":"):
                self._fail("after object key")
            self.pos += 1
            self._value()
            self._skip_space()
            c = self._peek()
            self.pos += 1
            if c == ord("}"):
                self.depth -= 1
                return
            if c != ord(","):
                self.pos -= 1
                self._fail("after object key:value pair")

    def _array(self) -> None:
        self._enter()
        self.pos += 1
        self._skip_space()
        if self._peek() == ord("]"):
            self.pos += 1
            self.depth -= 1
            return
        while True:
            self._value()
            self._skip_space()
            c = self._peek()
            self.pos += 1
            if c == ord("]"):
                self.depth -= 1
                return
            if c != ord(","):
                self.pos -= 1
                self._fail("after array element")

    def _string(self) -> None:
        self.pos += 1
        while True:
            c = self._peek()
            if c == ord('"'):
                self.pos += 1
                return
            if c == ord("\\"):
                self.pos += 1
                e = self._peek_or_space()
                if e == ord("u"):
                    for _ in range(4):
                        self.pos += 1
                        if chr(self._peek_or_space()) not in "0123456789abcdefABCDEF":
                            self._fail("in \\u hexadecimal character escape")
                elif e not in b'"\\/bfnrt':
                    self._fail("in string escape code")
            elif c < 0x20:
                self._fail("in string literal")
            self.pos += 1

    def _digits(self) -> int:
        start = self.pos
        while self.pos < len(self.data) and ord("0") <= self.data[self.pos] <= ord("9"):
            self.pos += 1
        return self.pos - start

    def _number(self) -> None:
        if self.data[self.pos] == ord("-"):
            self.pos += 1
            c = self._peek_or_space()
            if not ord("0") <= c <= ord("9"):
                self._fail("in numeric literal")
        if self.data[self.pos] == ord("0"):
            self.pos += 1
        else:
            self._digits()
        if self.pos < len(self.data) and self.data[self.pos] == ord("."):
            self.pos += 1
            if self._digits() == 0:
                self._fail("after decimal point in numeric literal")
        if self.pos < len(self.data) and self.data[self.pos] in b"eE":
            self.pos += 1
            if self.pos < len(self.data) and self.data[self.pos] in b"+-":
                self.pos += 1
            if self._digits() == 0:
                self._fail("in exponent of numeric literal")


class _Stop(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
