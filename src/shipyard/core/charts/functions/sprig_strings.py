"""Sprig's string functions (trim*, case, abbrev, wrap, quote, indent, split/join, ...).

Go strings are bytes: functions that Sprig implements over bytes (``trunc``, ``substr``,
``abbrev``, ``nospace``, ``initials``, ``wrap``) work on the UTF-8 bytes here too, carrying any
byte sequence they cut in half as surrogate escapes (``gostrings.to_bytes``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from shipyard.core.charts import gostrings
from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import ANY, gofunc

_GO_SPACE = (
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _b(text: str) -> bytes:
    return gostrings.to_bytes(text)


def _s(data: bytes) -> str:
    return gostrings.from_bytes(data)


def _is_space(ch: str) -> bool:
    return ch in _GO_SPACE


@gofunc("string", returns="string")
def trim(s: str) -> str:
    return s.strip(_GO_SPACE)


@gofunc("string", "string", returns="string")
def trim_all(cutset: str, s: str) -> str:
    return s.strip(cutset) if cutset else s


@gofunc("string", "string", returns="string")
def trim_suffix(suffix: str, s: str) -> str:
    return s[: -len(suffix)] if suffix and s.endswith(suffix) else s


@gofunc("string", "string", returns="string")
def trim_prefix(prefix: str, s: str) -> str:
    return s[len(prefix) :] if s.startswith(prefix) else s


def _go_upper(ch: str) -> str:
    upper = ch.upper()
    return upper if len(upper) == 1 else ch


def _go_lower(ch: str) -> str:
    lower = ch.lower()
    return lower if len(lower) == 1 else ch


def _go_title(ch: str) -> str:
    title = ch.title()
    return title if len(title) == 1 else _go_upper(ch)


@gofunc("string", returns="string")
def upper(s: str) -> str:
    return s.upper() if s.isascii() else "".join(_go_upper(c) for c in s)


@gofunc("string", returns="string")
def lower(s: str) -> str:
    return s.lower() if s.isascii() else "".join(_go_lower(c) for c in s)


def _title_separator(ch: str) -> bool:
    # strings.Title's isSeparator.
    if ch.isascii():
        return not (ch.isalnum() or ch == "_")
    if ch.isalpha() or ch.isdecimal():
        return False
    return _is_space(ch)


@gofunc("string", returns="string")
def title(s: str) -> str:
    out = []
    previous = " "
    for ch in s:
        out.append(_go_title(ch) if _title_separator(previous) else ch)
        previous = ch
    return "".join(out)


@gofunc("string", returns="string")
def untitle(s: str) -> str:
    out = []
    next_lower = True
    for ch in s:
        if _is_space(ch):
            next_lower = True
            out.append(ch)
        elif next_lower:
            out.append(_go_lower(ch))
            next_lower = False
        else:
            out.append(ch)
    return "".join(out)


@gofunc("int", "string", returns="string")
def repeat(count: int, s: str) -> str:
    if count < 0:
        raise FunctionError("strings: negative Repeat count")
    return s * count


@gofunc("int", "string", "string", returns="string")
def substr(start: int, end: int, s: str) -> str:
    data = _b(s)
    if start < 0:
        return _s(_slice(data, 0, end))
    if end < 0 or end > len(data):
        return _s(_slice(data, start, len(data)))
    return _s(_slice(data, start, end))


def _slice(data: bytes, low: int, high: int) -> bytes:
    if high < 0 or high > len(data):
        raise FunctionError(
            f"runtime error: slice bounds out of range [:{high}] with length {len(data)}"
        )
    if low < 0 or low > high:
        raise FunctionError(f"runtime error: slice bounds out of range [{low}:{high}]")
    return data[low:high]


@gofunc("string", returns="string")
def nospace(s: str) -> str:
    data = _b(s)
    kept = [b for b in data if chr(b) not in _GO_SPACE]
    if len(kept) == len(data):
        return s
    return "".join(chr(b) for b in kept)


@gofunc("int", "string", returns="string")
def trunc(c: int, s: str) -> str:
    data = _b(s)
    if c < 0 and len(data) + c > 0:
        return _s(data[len(data) + c :])
    if c >= 0 and len(data) > c:
        return _s(data[:c])
    return s


def _abbreviate_full(data: bytes, offset: int, width: int) -> bytes:
    if not data:
        return data
    if width < 4:
        return b""
    if len(data) <= width:
        return data
    offset = min(offset, len(data))
    if len(data) - offset < width - 3:
        offset = len(data) - (width - 3)
    if offset <= 4:
        return data[: width - 3] + b"..."
    if width < 7:
        return b""
    if offset + width - 3 < len(data):
        return b"..." + _abbreviate_full(data[offset:], 0, width - 3)
    return b"..." + data[len(data) - (width - 3) :]


@gofunc("int", "string", returns="string")
def abbrev(width: int, s: str) -> str:
    if width < 4:
        return s
    return _s(_abbreviate_full(_b(s), 0, width))


@gofunc("int", "int", "string", returns="string")
def abbrevboth(left: int, right: int, s: str) -> str:
    if right < 4 or (left > 0 and right < 7):
        return s
    return _s(_abbreviate_full(_b(s), left, right))


@gofunc("string", returns="string")
def initials(s: str) -> str:
    out = []
    gap = True
    for b in _b(s):
        ch = chr(b)
        if ch in _GO_SPACE:
            gap = True
        elif gap:
            out.append(ch)
            gap = False
    return "".join(out)


@gofunc("string", returns="string")
def swapcase(s: str) -> str:
    out = []
    whitespace = True
    for ch in s:
        if ch.isupper() or unicodedata.category(ch) == "Lt":
            out.append(_go_lower(ch))
            whitespace = False
        elif ch.islower():
            out.append(_go_title(ch) if whitespace else _go_upper(ch))
            whitespace = False
        else:
            out.append(ch)
            whitespace = _is_space(ch)
    return "".join(out)


def wrap_custom(s: str, width: int, newline: str, *, wrap_long: bool) -> str:
    """goutils.WrapCustom over bytes."""
    data = _b(s)
    if not data:
        return ""
    sep = _b(newline) if newline else b"\n"
    width = max(width, 1)
    offset = 0
    out = bytearray()
    while len(data) - offset > width:
        if data[offset] == 0x20:
            offset += 1
            continue
        space = data.rfind(b" ", offset, width + offset + 1)
        if space >= offset:
            out += data[offset:space] + sep
            offset = space + 1
        elif wrap_long:
            out += data[offset : offset + width] + sep
            offset += width
        else:
            index = data.find(b" ", width + offset)
            if index == -1:
                out += data[offset:]
                offset = len(data)
            else:
                out += data[offset:index] + sep
                offset = index + 1
    out += data[offset:]
    return _s(bytes(out))


@gofunc("int", "string", returns="string")
def wrap(width: int, s: str) -> str:
    return wrap_custom(s, width, "", wrap_long=False)


@gofunc("int", "string", "string", returns="string")
def wrap_with(width: int, sep: str, s: str) -> str:
    return wrap_custom(s, width, sep, wrap_long=True)


@gofunc("string", "string", returns="bool")
def contains(substring: str, s: str) -> bool:
    return substring in s


@gofunc("string", "string", returns="bool")
def has_prefix(prefix: str, s: str) -> bool:
    return s.startswith(prefix)


@gofunc("string", "string", returns="bool")
def has_suffix(suffix: str, s: str) -> bool:
    return s.endswith(suffix)


@gofunc(variadic=ANY, returns="string")
def quote(*values: object) -> str:
    return " ".join(gostrings.go_quote(govalues.strval(v)) for v in values if v is not None)


@gofunc(variadic=ANY, returns="string")
def squote(*values: object) -> str:
    from shipyard.core.charts import goformat

    return " ".join(f"'{goformat.format_value(v)}'" for v in values if v is not None)


@gofunc(variadic=ANY, returns="string")
def cat(*values: object) -> str:
    from shipyard.core.charts import goformat

    return " ".join(goformat.format_value(v) for v in values if v is not None)


@gofunc("int", "string", returns="string")
def indent(spaces: int, s: str) -> str:
    pad = " " * max(spaces, 0)
    if spaces < 0:
        raise FunctionError("strings: negative Repeat count")
    return pad + s.replace("\n", "\n" + pad)


@gofunc("int", "string", returns="string")
def nindent(spaces: int, s: str) -> str:
    return "\n" + indent(spaces, s)


@gofunc("string", "string", "string", returns="string")
def replace(old: str, new: str, s: str) -> str:
    if old == "":
        # strings.Replace with an empty old inserts new around every rune.
        return new + new.join(s) + new if s else new
    return s.replace(old, new)


@gofunc("string", "string", "int", returns="string")
def plural(one: str, many: str, count: int) -> str:
    return one if count == 1 else many


def _split(s: str, sep: str, n: int = -1) -> list[str]:
    if n == 0:
        return []
    if sep == "":
        chars = list(s)
        if 0 < n < len(chars):
            return [*chars[: n - 1], "".join(chars[n - 1 :])]
        return chars
    return s.split(sep, n - 1) if n > 0 else s.split(sep)


@gofunc("string", "string", returns="map[string]string")
def split(sep: str, s: str) -> dict[str, object]:
    return {f"_{i}": part for i, part in enumerate(_split(s, sep))}


@gofunc("string", "string", returns="[]string")
def split_list(sep: str, s: str) -> list[object]:
    return list(_split(s, sep))


@gofunc("string", "int", "string", returns="map[string]string")
def splitn(sep: str, n: int, s: str) -> dict[str, object]:
    return {f"_{i}": part for i, part in enumerate(_split(s, sep, n))}


def strslice(value: object) -> list[str]:
    """Sprig's strslice: a list's non-nil items as strings; nil → []; other → [strval]."""
    if govalues.is_list(value):
        return [govalues.strval(v) for v in govalues.as_list(value) if v is not None]
    if value is None:
        return []
    return [govalues.strval(value)]


@gofunc(ANY, returns="[]string")
def to_strings(value: object) -> list[object]:
    return list(strslice(value))


@gofunc("string", ANY, returns="string")
def join(sep: str, value: object) -> str:
    return sep.join(strslice(value))


@gofunc(ANY, returns="[]string")
def sort_alpha(value: object) -> list[object]:
    if govalues.is_list(value):
        strings = sorted(strslice(value), key=gostrings.to_bytes)
        return list(strings)
    return [govalues.strval(value)]


@gofunc(ANY, returns="string")
def to_string(value: object) -> str:
    return govalues.strval(value)


# -- xstrings conversions ------------------------------------------------------------------


def _is_connector(ch: str) -> bool:
    return ch in "-_" or _is_space(ch)


def _is_alphabet(ch: str) -> bool:
    if not ch.isalpha():
        return False
    code = ord(ch)
    return not (0x4E00 <= code <= 0x9FCC or 0x3400 <= code <= 0x4D85 or 0x20000 <= code <= 0x2B81D)


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _is_number(ch: str) -> bool:
    return unicodedata.category(ch).startswith("N")


_NUMBER, _UPPER, _ALPHA, _CONNECTOR, _PUNCT, _OTHER, _INVALID = range(7)


def _next_word(s: str) -> tuple[int, str, str]:
    first = s[0]
    i = 1
    if _is_connector(first):
        while i < len(s) and _is_connector(s[i]):
            i += 1
        return _CONNECTOR, s[:i], s[i:]
    if _is_punct(first):
        while i < len(s) and _is_punct(s[i]):
            i += 1
        return _PUNCT, s[:i], s[i:]
    if first.isupper():
        if i < len(s):
            if s[i].isupper():
                while i < len(s) and s[i].isupper():
                    i += 1
                if i < len(s) and _is_alphabet(s[i]):
                    i -= 1
            elif _is_alphabet(s[i]):
                while i < len(s) and _is_alphabet(s[i]) and not s[i].isupper():
                    i += 1
        return _UPPER, s[:i], s[i:]
    if _is_alphabet(first):
        while i < len(s) and _is_alphabet(s[i]) and not s[i].isupper():
            i += 1
        return _ALPHA, s[:i], s[i:]
    if _is_number(first):
        while i < len(s) and _is_number(s[i]):
            i += 1
        return _NUMBER, s[:i], s[i:]
    while i < len(s) and not (
        _is_connector(s[i]) or _is_alphabet(s[i]) or _is_number(s[i]) or _is_punct(s[i])
    ):
        i += 1
    return _OTHER, s[:i], s[i:]


def _camel_to_lower(s: str, connector: str) -> str:
    if not s:
        return ""
    out: list[str] = []

    def lower_word(kind: int, word: str) -> None:
        if kind not in (_UPPER, _CONNECTOR):
            out.append(word)
            return
        for ch in word:
            if _is_connector(ch):
                out.append(connector)
            else:
                out.append(_go_lower(ch) if ch.isupper() else ch)

    def next_or_end(rest: str) -> tuple[int, str, str]:
        return _next_word(rest) if rest else (_INVALID, "", "")

    kind, word, rest = _next_word(s)
    while rest:
        if kind != _CONNECTOR:
            lower_word(kind, word)
        previous, last = kind, word
        kind, word, rest = next_or_end(rest)
        if previous == _NUMBER:
            while kind in (_ALPHA, _NUMBER):
                lower_word(kind, word)
                kind, word, rest = next_or_end(rest)
            if kind not in (_INVALID, _PUNCT, _CONNECTOR):
                out.append(connector)
        elif previous == _CONNECTOR:
            lower_word(previous, last)
        elif previous == _PUNCT:
            pass
        elif kind != _NUMBER:
            if kind not in (_CONNECTOR, _PUNCT):
                out.append(connector)
        elif rest:
            number = word
            kind, word, rest = next_or_end(rest)
            if kind != _ALPHA:
                lower_word(_NUMBER, number)
                if kind not in (_CONNECTOR, _PUNCT):
                    out.append(connector)
            else:
                out.append(connector)
                lower_word(_NUMBER, number)
                while kind in (_ALPHA, _NUMBER):
                    lower_word(kind, word)
                    kind, word, rest = next_or_end(rest)
                if kind not in (_INVALID, _CONNECTOR, _PUNCT):
                    out.append(connector)
    lower_word(kind, word)
    return "".join(out)


@gofunc("string", returns="string")
def snakecase(s: str) -> str:
    return _camel_to_lower(s, "_")


@gofunc("string", returns="string")
def kebabcase(s: str) -> str:
    return _camel_to_lower(s, "-")


@gofunc("string", returns="string")
def camelcase(s: str) -> str:
    """xstrings.ToPascalCase."""
    if not s:
        return ""
    out: list[str] = []
    chars = list(s)
    i = 0
    first_upper = False
    r0 = ""
    while i < len(chars):
        r0 = chars[i]
        i += 1
        if not _is_connector(r0):
            first_upper = r0.isupper()
            r0 = _go_upper(r0)
            break
        out.append(r0)
    if i >= len(chars):
        out.append(r0)
        return "".join(out)
    while i < len(chars):
        r1, r0 = r0, chars[i]
        i += 1
        if _is_connector(r0) and _is_connector(r1):
            out.append(r1)
            continue
        if _is_connector(r1):
            first_upper = r0.isupper()
            r0 = _go_upper(r0)
        else:
            if first_upper:
                if r0.isupper():
                    r0 = _go_lower(r0)
                else:
                    first_upper = False
            out.append(r1)
    out.append(r0)
    return "".join(out)


def make_shuffle(randbelow: Callable[[int], int]) -> Callable[[str], str]:
    @gofunc("string", returns="string")
    def shuffle(s: str) -> str:
        chars = list(s)
        for i in range(len(chars) - 1, 0, -1):
            j = randbelow(i + 1)
            chars[i], chars[j] = chars[j], chars[i]
        return "".join(chars)

    return shuffle


@gofunc(returns="string")
def hello() -> str:
    return "Hello!"
