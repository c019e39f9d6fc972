"""Sprig's regex functions over RE2, Go's regexp dialect, in linear time (no catastrophic
backtracking from user-supplied patterns).

Go's iteration rules are kept: an empty match right after a previous match is skipped in
FindAll/Split and not replaced in ReplaceAll, and ``$1``/``${name}`` expand as in
``Regexp.Expand``. google-re2 (a dependency of cel-python) is imported on first use.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator
from typing import Any

from shipyard.core.charts.functions import govalues
from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import gofunc

_GO_CODES = {
    "missing ]": "missing closing ]",
    "missing )": "missing closing )",
}


class _RegexError(Exception):
    pass


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> Any:
    re2: Any = importlib.import_module("re2")
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        raw = exc.args[0] if exc.args else b""
        text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        code, _, arg = text.partition(": ")
        code = _GO_CODES.get(code, code)
        raise _RegexError(f"error parsing regexp: {code}: `{arg}`") from None


def _must(pattern: str) -> Any:
    try:
        return _compile(pattern)
    except _RegexError as exc:
        raise FunctionError(f"regexp: Compile({_backquote(pattern)}): {exc}") from None


def _checked(pattern: str) -> Any:
    try:
        return _compile(pattern)
    except _RegexError as exc:
        raise FunctionError(str(exc)) from None


def _backquote(pattern: str) -> str:
    from shipyard.core.charts import gostrings

    return f"`{pattern}`" if "`" not in pattern else gostrings.go_quote(pattern)


def _matches(regex: Any, text: str, limit: int) -> Iterator[Any]:
    """Regexp.allMatches: successive matches, skipping empty ones abutting the previous."""
    if limit < 0:
        limit = len(text) + 1
    pos, found, previous_end = 0, 0, -1
    while found < limit and pos <= len(text):
        match = regex.search(text, pos)
        if match is None:
            break
        start, end = match.span()
        accept = True
        if end == pos:
            if start == previous_end:
                accept = False
            pos += 1
        else:
            pos = end
        previous_end = end
        if accept:
            found += 1
            yield match


@gofunc("string", "string", returns="bool")
def regex_match(pattern: str, text: str) -> bool:
    try:
        return _compile(pattern).search(text) is not None
    except _RegexError:
        return False


@gofunc("string", "string", returns="bool", errors=True)
def must_regex_match(pattern: str, text: str) -> bool:
    return _checked(pattern).search(text) is not None


def _find_all(regex: Any, text: str, n: int) -> list[object]:
    found: list[object] = [m.group() for m in _matches(regex, text, n)]
    return found or govalues.NilList()


@gofunc("string", "string", "int", returns="[]string")
def regex_find_all(pattern: str, text: str, n: int) -> list[object]:
    return _find_all(_must(pattern), text, n)


@gofunc("string", "string", "int", returns="[]string", errors=True)
def must_regex_find_all(pattern: str, text: str, n: int) -> list[object]:
    return _find_all(_checked(pattern), text, n)


@gofunc("string", "string", returns="string")
def regex_find(pattern: str, text: str) -> str:
    match = _must(pattern).search(text)
    return match.group() if match else ""


@gofunc("string", "string", returns="string", errors=True)
def must_regex_find(pattern: str, text: str) -> str:
    match = _checked(pattern).search(text)
    return match.group() if match else ""


_TEMPLATE_NAME = re.compile(r"\w+")


def _expand(template: str, match: Any, groups: dict[str, int]) -> str:
    """Regexp.Expand: $n, ${n}, $name, ${name}, $$."""
    out: list[str] = []
    i = 0
    while True:
        j = template.find("$", i)
        if j < 0:
            out.append(template[i:])
            return "".join(out)
        out.append(template[i:j])
        rest = template[j + 1 :]
        if rest.startswith("$"):
            out.append("$")
            i = j + 2
            continue
        name, consumed = "", 0
        if rest.startswith("{"):
            close = rest.find("}")
            candidate = rest[1:close] if close > 0 else ""
            if close > 0 and _TEMPLATE_NAME.fullmatch(candidate):
                name, consumed = candidate, close + 1
        else:
            found = _TEMPLATE_NAME.match(rest)
            if found:
                name, consumed = found.group(), found.end()
        if not name:
            # Malformed: the '$' is kept literally.
            out.append("$")
            i = j + 1
            continue
        numeric = name.isascii() and name.isdigit() and (name[0] != "0" or len(name) == 1)
        index = int(name) if numeric and len(name) <= 8 else groups.get(name, -1)
        if 0 <= index <= match.re.groups:
            out.append(match.group(index) or "")
        i = j + 1 + consumed


def _replace_all(regex: Any, text: str, replacement: str, *, literal: bool) -> str:
    groups = dict(regex.groupindex)
    out: list[str] = []
    last_end, search = 0, 0
    while search <= len(text):
        match = regex.search(text, search)
        if match is None:
            break
        start, end = match.span()
        out.append(text[last_end:start])
        if end > last_end or start == 0:
            out.append(replacement if literal else _expand(replacement, match, groups))
        last_end = end
        search = search + 1 if search + 1 > end else end
    out.append(text[last_end:])
    return "".join(out)


@gofunc("string", "string", "string", returns="string")
def regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    return _replace_all(_must(pattern), text, replacement, literal=False)


@gofunc("string", "string", "string", returns="string", errors=True)
def must_regex_replace_all(pattern: str, text: str, replacement: str) -> str:
    return _replace_all(_checked(pattern), text, replacement, literal=False)


@gofunc("string", "string", "string", returns="string")
def regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
    return _replace_all(_must(pattern), text, replacement, literal=True)


@gofunc("string", "string", "string", returns="string", errors=True)
def must_regex_replace_all_literal(pattern: str, text: str, replacement: str) -> str:
    return _replace_all(_checked(pattern), text, replacement, literal=True)


def _split(regex: Any, pattern: str, text: str, n: int) -> list[object]:
    if n == 0:
        return govalues.NilList()
    if pattern and not text:
        return [""]
    parts: list[object] = []
    begin = end = 0
    for match in _matches(regex, text, n):
        if n > 0 and len(parts) == n - 1:
            break
        end = match.start()
        if match.end() != 0:
            parts.append(text[begin:end])
        begin = match.end()
    if end != len(text):
        parts.append(text[begin:])
    return parts


@gofunc("string", "string", "int", returns="[]string")
def regex_split(pattern: str, text: str, n: int) -> list[object]:
    return _split(_must(pattern), pattern, text, n)


@gofunc("string", "string", "int", returns="[]string", errors=True)
def must_regex_split(pattern: str, text: str, n: int) -> list[object]:
    return _split(_checked(pattern), pattern, text, n)


@gofunc("string", returns="string")
def regex_quote_meta(text: str) -> str:
    return "".join("\\" + ch if ch in "\\.+*?()|[]{}^$" else ch for ch in text)
