"""Glob patterns as Helm evaluates them, compiled to regular expressions.

Two dialects meet in a chart:

- ``match_path`` is Go's ``path/filepath.Match`` (``.helmignore`` rules, ``--show-only``):
  ``*`` and ``?`` never cross ``/``, ``[a-z]`` and ``[^a-z]`` are classes, ``\\`` escapes.
  A malformed pattern raises :class:`BadPattern` (Go's ``syntax error in pattern``).
- ``compile_files_glob`` is ``github.com/gobwas/glob`` with ``/`` as separator (``.Files.Glob``):
  ``**`` crosses separators, ``[!a-z]`` negates, ``{a,b}`` alternates. Helm falls back to
  ``**`` when a pattern does not compile, and so does this.
"""

from __future__ import annotations

import functools
import re


class BadPattern(ValueError):
    """Go's ``filepath.ErrBadPattern``."""

    def __init__(self) -> None:
        super().__init__("syntax error in pattern")


def _class(pattern: str, start: int, *, negators: str) -> tuple[str, int]:
    """Translate the character class opening at ``pattern[start] == '['``; returns the regex
    and the index after the closing ``]``."""
    i = start + 1
    negate = False
    if i < len(pattern) and pattern[i] in negators:
        negate = True
        i += 1
    parts: list[str] = []
    first = True
    while True:
        if i >= len(pattern):
            raise BadPattern
        ch = pattern[i]
        if ch == "]" and not first:
            i += 1
            break
        first = False
        low, i = _class_char(pattern, i)
        if (
            i < len(pattern)
            and pattern[i] == "-"
            and i + 1 < len(pattern)
            and pattern[i + 1] != "]"
        ):
            high, i = _class_char(pattern, i + 1)
            if low <= high:  # Go accepts a reversed range, which matches nothing
                parts.append(f"{re.escape(low)}-{re.escape(high)}")
        else:
            parts.append(re.escape(low))
    if not parts:
        return ("(?s:.)" if negate else "(?!)"), i
    return f"[{'^' if negate else ''}{''.join(parts)}]", i


def _class_char(pattern: str, i: int) -> tuple[str, int]:
    ch = pattern[i]
    if ch == "\\":
        i += 1
        if i >= len(pattern):
            raise BadPattern
        return pattern[i], i + 1
    if ch in "-]":
        raise BadPattern
    return ch, i + 1


@functools.lru_cache(maxsize=512)
def _path_regex(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            out.append("[^/]*")
            i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            text, i = _class(pattern, i, negators="^")
            out.append(text)
        elif ch == "\\":
            if i + 1 >= len(pattern):
                raise BadPattern
            out.append(re.escape(pattern[i + 1]))
            i += 2
        else:
            out.append(re.escape(ch))
            i += 1
    return re.compile("".join(out), re.DOTALL)


_META = frozenset("*?[\\")


def check_path_pattern(pattern: str) -> None:
    """Raise :class:`BadPattern` when Go's ``filepath.Match`` would reject ``pattern``."""
    if not _META.isdisjoint(pattern):
        _path_regex(pattern)


def match_path(pattern: str, name: str) -> bool:
    """Go's ``filepath.Match(pattern, name)`` on ``/``-separated names."""
    if _META.isdisjoint(pattern):  # most .helmignore lines: no regex needed
        return pattern == name
    return _path_regex(pattern).fullmatch(name) is not None


def _glob_regex(pattern: str, i: int, *, in_braces: bool) -> tuple[str, int]:
    out: list[str] = []
    alternatives: list[str] = []
    while i < len(pattern):
        ch = pattern[i]
        if ch == "*":
            if pattern.startswith("**", i):
                out.append(".*")
                i += 2
            else:
                out.append("[^/]*")
                i += 1
        elif ch == "?":
            out.append("[^/]")
            i += 1
        elif ch == "[":
            text, i = _class(pattern, i, negators="!")
            out.append(text)
        elif ch == "{":
            text, i = _glob_regex(pattern, i + 1, in_braces=True)
            out.append(text)
        elif ch == "\\":
            if i + 1 >= len(pattern):
                raise BadPattern
            out.append(re.escape(pattern[i + 1]))
            i += 2
        elif in_braces and ch == ",":
            alternatives.append("".join(out))
            out = []
            i += 1
        elif in_braces and ch == "}":
            alternatives.append("".join(out))
            return "(?:" + "|".join(alternatives) + ")", i + 1
        else:
            out.append(re.escape(ch))
            i += 1
    if in_braces:
        raise BadPattern
    return "".join(out), i


@functools.lru_cache(maxsize=512)
def compile_files_glob(pattern: str) -> re.Pattern[str]:
    """gobwas/glob's ``Compile(pattern, '/')`` as a regex; ``**`` when it does not compile."""
    try:
        text, _ = _glob_regex(pattern, 0, in_braces=False)
    except BadPattern:
        text = ".*"
    return re.compile(text, re.DOTALL)
