"""Go's strconv quoting: ``Quote``, ``QuoteToASCII``, ``QuoteRune``, ``Unquote``, ``CanBackquote``.

Go strings are bytes and may hold invalid UTF-8; here they are ``str`` where each invalid byte is
the lone surrogate U+DC80..U+DCFF (Python's ``surrogateescape``), so such bytes round-trip and are
quoted as ``\\xNN`` as Go does.
"""

from __future__ import annotations

_SIMPLE_ESCAPES = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    "\\": "\\\\",
}  # fmt: skip
_UNESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92}
_HEX = "0123456789abcdefABCDEF"


class QuoteSyntaxError(ValueError):
    """strconv.ErrSyntax: ``invalid syntax``."""

    def __init__(self) -> None:
        super().__init__("invalid syntax")


def is_print(ch: str) -> bool:
    """unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space."""
    return ch.isprintable()


def _escape_rune(ch: str, quote: str, *, ascii_only: bool) -> str:
    if ch == quote or ch == "\\":
        return "\\" + ch
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # an invalid UTF-8 byte
        return f"\\x{code - 0xDC00:02x}"
    if ascii_only:
        if code < 0x80 and is_print(ch):
            return ch
    elif is_print(ch):
        return ch
    simple = _SIMPLE_ESCAPES.get(ch)
    if simple is not None:
        return simple
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:  # other surrogates are not valid runes
        return "\\ufffd"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _quote_with(s: str, quote: str, *, ascii_only: bool) -> str:
    if s.isascii() and s.isprintable() and quote not in s and "\\" not in s:
        return quote + s + quote
    return quote + "".join(_escape_rune(c, quote, ascii_only=ascii_only) for c in s) + quote


def quote(s: str) -> str:
    """strconv.Quote."""
    return _quote_with(s, '"', ascii_only=False)


def quote_ascii(s: str) -> str:
    """strconv.QuoteToASCII."""
    return _quote_with(s, '"', ascii_only=True)


def rune(code: int) -> str:
    """The character of a Go rune; invalid ones become U+FFFD."""
    return _rune(code)


def _rune(code: int) -> str:
    if code < 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)


def quote_rune(code: int, *, ascii_only: bool = False) -> str:
    """strconv.QuoteRune / QuoteRuneToASCII; invalid runes become U+FFFD."""
    ch = _rune(code)
    return "'" + _escape_rune(ch, "'", ascii_only=ascii_only) + "'"


def can_backquote(s: str) -> bool:
    """strconv.CanBackquote: no control characters other than tab, no backquote, valid UTF-8."""
    for ch in s:
        code = ord(ch)
        if ch == "`" or code == 0xFEFF or 0xD800 <= code <= 0xDFFF:
            return False
        if (code < 0x20 and ch != "\t") or code == 0x7F:
            return False
    return True


def _decode(buf: bytearray) -> str:
    return buf.decode("utf-8", "surrogateescape")


def _read_escape(s: str, i: int, quote: str) -> tuple[int, bool, int]:
    """Decode the escape whose backslash is at ``s[i]``: (value, is_byte, next index)."""
    if i + 1 >= len(s):
        raise QuoteSyntaxError
    c = s[i + 1]
    i += 2
    if c in _UNESCAPES:
        return _UNESCAPES[c], False, i
    if c in "xuU":
        n = {"x": 2, "u": 4, "U": 8}[c]
        digits = s[i : i + n]
        if len(digits) < n or any(d not in _HEX for d in digits):
            raise QuoteSyntaxError
        value = int(digits, 16)
        if c == "x":
            return value, True, i + n
        if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            raise QuoteSyntaxError
        return value, False, i + n
    if "0" <= c <= "7":
        digits = s[i - 1 : i + 2]
        if len(digits) < 3 or any(d not in "01234567" for d in digits):
            raise QuoteSyntaxError
        value = int(digits, 8)
        if value > 255:
            raise QuoteSyntaxError
        return value, True, i + 2
    if c in "'\"" and c == quote:
        return ord(c), False, i
    raise QuoteSyntaxError


def unquote(text: str) -> str:
    """strconv.Unquote for the string forms a template accepts ("..." and `...`)."""
    if len(text) < 2 or text[0] != text[-1]:
        raise QuoteSyntaxError
    q = text[0]
    body = text[1:-1]
    if q == "`":
        if "`" in body:
            raise QuoteSyntaxError
        return body.replace("\r", "")
    if q != '"':
        raise QuoteSyntaxError
    if "\\" not in body:
        if '"' in body or "\n" in body:
            raise QuoteSyntaxError
        return body
    buf = bytearray()
    i = 0
    n = len(body)
    while i < n:
        ch = body[i]
        if ch == "\\":
            value, is_byte, i = _read_escape(body, i, '"')
            if is_byte:
                buf.append(value)
            else:
                buf += chr(value).encode("utf-8", "surrogateescape")
            continue
        if ch == '"' or ch == "\n":
            raise QuoteSyntaxError
        buf += ch.encode("utf-8", "surrogateescape")
        i += 1
    return _decode(buf)


def unquote_char_constant(text: str) -> tuple[int, str]:
    """strconv.UnquoteChar on a 'x' literal (quotes included): (rune, tail after the rune)."""
    body = text[1:]
    if not body:
        raise QuoteSyntaxError
    ch = body[0]
    if ch == "'":
        raise QuoteSyntaxError
    if ch != "\\":
        return ord(ch), body[1:]
    value, _, i = _read_escape(body, 0, "'")
    return value, body[i:]
