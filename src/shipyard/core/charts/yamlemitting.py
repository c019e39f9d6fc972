"""The YAML text go-yaml v2's emitter writes for a decoded JSON document (what Helm's ``toYaml``
prints): block style, 2-space indentation, sequences flush with their parent key, keys in
go-yaml's "natural" order, plain scalars unless the resolver or the layout needs quotes, literal
blocks for multi-line strings, and folding of long lines at column 80.

The emitter state (column, indentation, whitespace and indention flags) follows libyaml's, so
folding decisions match byte for byte. Input values are None, bool, int, float, str, dict
(str keys) and list only: ``goyaml`` converts everything else first.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from shipyard.core.charts import goformat, yamlresolving

_BEST_WIDTH = 80
_BEST_INDENT = 2
_BREAKS = "\r\n\x85\u2028\u2029"
_BLANKZ = " \t\x00" + _BREAKS

PLAIN, SINGLE, DOUBLE, LITERAL = "plain", "single", "double", "literal"

# Strings that are plain-safe without per-character analysis: printable ASCII with no
# indicator at the start, no ": " or " #", no leading/trailing space.
_SIMPLE = re.compile(r"[A-Za-z0-9_/.=+$^()<;~\\-][\x20-\x7e]*\Z")
_UNSAFE_INNER = re.compile(r": | #|:\Z|\A-( |\Z)| \Z|\A(---|\.\.\.)")


def _is_printable(ch: str) -> bool:
    o = ord(ch)
    return (
        o == 0x0A
        or 0x20 <= o <= 0x7E
        or 0xA0 <= o <= 0xD7FF
        or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)
    )


@functools.lru_cache(maxsize=4096)
def analyze(value: str) -> tuple[bool, bool, bool, bool]:
    """libyaml's scalar analysis for block context: (multiline, plain allowed, single-quoted
    allowed, block (literal) allowed)."""
    if not value:
        return False, True, True, False
    if _SIMPLE.match(value) and not _UNSAFE_INNER.search(value):
        return False, True, True, True
    block_indicators = value.startswith(("---", "..."))
    line_breaks = special = False
    leading_space = leading_break = trailing_space = trailing_break = False
    break_space = space_break = False
    previous_space = previous_break = False
    preceded_by_whitespace = True
    n = len(value)
    for i, ch in enumerate(value):
        followed_by_whitespace = i + 1 >= n or value[i + 1] in " \t"
        if i == 0:
            if ch in "#,[]{}&*!|>'\"%@`" or ((ch in "?:" or ch == "-") and followed_by_whitespace):
                block_indicators = True
        elif ch == ":":
            if followed_by_whitespace:
                block_indicators = True
        elif ch == "#" and preceded_by_whitespace:
            block_indicators = True
        if not _is_printable(ch):
            special = True
        if ch == " ":
            if i == 0:
                leading_space = True
            if i == n - 1:
                trailing_space = True
            if previous_break:
                break_space = True
            previous_space, previous_break = True, False
        elif ch in _BREAKS:
            line_breaks = True
            if i == 0:
                leading_break = True
            if i == n - 1:
                trailing_break = True
            if previous_space:
                space_break = True
            previous_space, previous_break = False, True
        else:
            previous_space = previous_break = False
        preceded_by_whitespace = ch in _BLANKZ
    plain = single = block = True
    if leading_space or leading_break or trailing_space or trailing_break:
        plain = False
    if trailing_space:
        block = False
    if break_space:
        plain = single = False
    if space_break or special:
        plain = single = block = False
    if line_breaks or block_indicators:
        plain = False
    return line_breaks, plain, single, block


def string_style(value: str, *, simple_key: bool) -> str:
    """The style go-yaml v2 ends up with for a string scalar."""
    if "\n" in value:
        style = LITERAL
    elif yamlresolving.plain_is_string(value):
        style = PLAIN
    else:
        style = DOUBLE
    multiline, plain_ok, single_ok, block_ok = analyze(value)
    if simple_key and multiline:
        style = DOUBLE
    if style == PLAIN and not plain_ok:
        style = SINGLE
    if style == SINGLE and not single_ok:
        style = DOUBLE
    if style == LITERAL and (not block_ok or simple_key):
        style = DOUBLE
    return style


class Emitter:
    """Writes one YAML document; ``emit(value)`` then ``text()``."""

    def __init__(
        self,
        key_order: Callable[[list[str]], list[str]],
        *,
        width: int = _BEST_WIDTH,
        indentless_sequences: bool = True,
    ) -> None:
        self._width = width
        self._indentless_sequences = indentless_sequences
        self._out: list[str] = []
        self._column = 0
        self._indent = -1
        self._indents: list[int] = []
        self._whitespace = True
        self._indention = True
        self._key_order = key_order

    def text(self) -> str:
        # Document end: write_indent at indentation 0.
        self._indent = -1
        self._write_indent()
        return "".join(self._out)

    # -- low-level writing ------------------------------------------------------------------

    def _put(self, text: str) -> None:
        self._out.append(text)
        self._column += len(text)

    def _put_break(self) -> None:
        self._out.append("\n")
        self._column = 0

    def _write_indent(self) -> None:
        indent = max(self._indent, 0)
        if (
            not self._indention
            or self._column > indent
            or (self._column == indent and not self._whitespace)
        ):
            self._put_break()
        if self._column < indent:
            self._put(" " * (indent - self._column))
        self._whitespace = True
        self._indention = True

    def _write_indicator(
        self, indicator: str, *, need_whitespace: bool, is_whitespace: bool, is_indention: bool
    ) -> None:
        if need_whitespace and not self._whitespace:
            self._put(" ")
        self._put(indicator)
        self._whitespace = is_whitespace
        self._indention = self._indention and is_indention

    def _increase_indent(self, *, flow: bool, indentless: bool) -> None:
        self._indents.append(self._indent)
        if self._indent < 0:
            self._indent = _BEST_INDENT if flow else 0
        elif not indentless:
            self._indent += _BEST_INDENT

    # -- nodes ------------------------------------------------------------------------------

    def emit(self, value: object, *, mapping: bool = False, simple_key: bool = False) -> None:
        if isinstance(value, dict):
            if value:
                self._block_mapping(value)
            else:
                self._flow_empty("{", "}")
        elif isinstance(value, list):
            if value:
                self._block_sequence(value, mapping=mapping)
            else:
                self._flow_empty("[", "]")
        elif isinstance(value, str):
            self._scalar(value, string_style(value, simple_key=simple_key), simple_key=simple_key)
        else:
            self._scalar(scalar_text(value), PLAIN, simple_key=simple_key)

    def _flow_empty(self, start: str, end: str) -> None:
        self._write_indicator(start, need_whitespace=True, is_whitespace=True, is_indention=False)
        self._write_indicator(end, need_whitespace=False, is_whitespace=False, is_indention=False)

    def _block_sequence(self, items: list[object], *, mapping: bool) -> None:
        self._increase_indent(
            flow=False,
            indentless=self._indentless_sequences and mapping and not self._indention,
        )
        for item in items:
            self._write_indent()
            self._write_indicator("-", need_whitespace=True, is_whitespace=False, is_indention=True)
            self.emit(item)
        self._indent = self._indents.pop()

    def _block_mapping(self, mapping: dict[str, object]) -> None:
        self._increase_indent(flow=False, indentless=False)
        for key in self._key_order(list(mapping)):
            self._write_indent()
            if (
                "\n" not in key
                and not any(c in _BREAKS for c in key)
                and (len(key) <= 128 // 4 or len(key.encode()) <= 128)
            ):
                self.emit(key, mapping=True, simple_key=True)
                self._write_indicator(
                    ":", need_whitespace=False, is_whitespace=False, is_indention=False
                )
            else:
                self._write_indicator(
                    "?", need_whitespace=True, is_whitespace=False, is_indention=True
                )
                self.emit(key, mapping=True)
                self._write_indent()
                self._write_indicator(
                    ":", need_whitespace=True, is_whitespace=False, is_indention=True
                )
            self.emit(mapping[key], mapping=True)
        self._indent = self._indents.pop()

    def _scalar(self, value: str, style: str, *, simple_key: bool) -> None:
        self._increase_indent(flow=True, indentless=False)
        allow_breaks = not simple_key
        if style == PLAIN:
            self._write_plain(value, allow_breaks=allow_breaks)
        elif style == SINGLE:
            self._write_single(value, allow_breaks=allow_breaks)
        elif style == DOUBLE:
            self._write_double(value, allow_breaks=allow_breaks)
        else:
            self._write_literal(value)
        self._indent = self._indents.pop()

    # -- scalar writers ---------------------------------------------------------------------

    def _write_plain(self, value: str, *, allow_breaks: bool) -> None:
        if not self._whitespace:
            self._put(" ")
        if not allow_breaks or " " not in value or self._column + len(value) <= self._width + 1:
            if value:
                self._put(value)
                self._indention = False
        else:
            spaces = False
            for i, ch in enumerate(value):
                if ch == " ":
                    if not spaces and self._column > self._width and value[i + 1] != " ":
                        self._write_indent()
                    else:
                        self._put(ch)
                    spaces = True
                else:
                    self._put(ch)
                    self._indention = False
                    spaces = False
        self._whitespace = False
        self._indention = False

    def _write_breaks_char(self, ch: str) -> None:
        # write_break: '\n' is a line break; other break characters are copied as-is.
        self._out.append(ch)
        self._column = 0

    def _write_single(self, value: str, *, allow_breaks: bool) -> None:
        self._write_indicator("'", need_whitespace=True, is_whitespace=False, is_indention=False)
        spaces = breaks = False
        last = len(value) - 1
        for i, ch in enumerate(value):
            if ch == " ":
                if (
                    allow_breaks
                    and not spaces
                    and self._column > self._width
                    and 0 < i < last
                    and value[i + 1] != " "
                ):
                    self._write_indent()
                else:
                    self._put(ch)
                spaces = True
            elif ch in _BREAKS:
                if not breaks and ch == "\n":
                    self._put_break()
                self._write_breaks_char(ch)
                self._indention = True
                breaks = True
            else:
                if breaks:
                    self._write_indent()
                self._put("''" if ch == "'" else ch)
                self._indention = False
                spaces = breaks = False
        self._write_indicator("'", need_whitespace=False, is_whitespace=False, is_indention=False)
        self._whitespace = False
        self._indention = False

    def _write_double(self, value: str, *, allow_breaks: bool) -> None:
        self._write_indicator('"', need_whitespace=True, is_whitespace=False, is_indention=False)
        spaces = False
        escape_all = value.startswith("\ufeff")
        last = len(value) - 1
        for i, ch in enumerate(value):
            if escape_all or ch in '"\\' or ch in _BREAKS or not _is_printable(ch):
                self._put(_escape(ch))
                spaces = False
            elif ch == " ":
                if allow_breaks and not spaces and self._column > self._width and 0 < i < last:
                    self._write_indent()
                    if value[i + 1] == " ":
                        self._put("\\")
                else:
                    self._put(ch)
                spaces = True
            else:
                self._put(ch)
                spaces = False
        self._write_indicator('"', need_whitespace=False, is_whitespace=False, is_indention=False)
        self._whitespace = False
        self._indention = False

    def _write_literal(self, value: str) -> None:
        self._write_indicator("|", need_whitespace=True, is_whitespace=False, is_indention=False)
        if value[:1] == " " or value[:1] in _BREAKS:
            self._write_indicator(
                str(_BEST_INDENT), need_whitespace=False, is_whitespace=False, is_indention=False
            )
        chomp = ""
        if value[-1:] not in _BREAKS or not value:
            chomp = "-"
        elif len(value) == 1 or value[-2] in _BREAKS:
            chomp = "+"
        if chomp:
            self._write_indicator(
                chomp, need_whitespace=False, is_whitespace=False, is_indention=False
            )
        self._put_break()
        self._indention = True
        self._whitespace = True
        breaks = True
        for ch in _split_lines(value):
            if ch in _BREAKS:
                if ch == "\n":
                    self._put_break()
                else:
                    self._write_breaks_char(ch)
                self._indention = True
                breaks = True
            else:
                if breaks:
                    self._write_indent()
                self._put(ch)
                self._indention = False
                breaks = False


def _split_lines(value: str) -> list[str]:
    """Runs of non-break characters and single break characters, in order."""
    return [part for part in re.split(r"([\r\n\x85\u2028\u2029])", value) if part]


_SHORT_ESCAPES = {
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
    "\x85": "\\N",
    "\xa0": "\\_",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def _escape(ch: str) -> str:
    short = _SHORT_ESCAPES.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def scalar_text(value: object) -> str:
    """The plain text go-yaml v2 writes for a non-string scalar."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = goformat.format_float(value)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
    raise TypeError(f"cannot emit {type(value).__name__}")
