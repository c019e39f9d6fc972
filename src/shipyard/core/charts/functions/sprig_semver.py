"""Sprig's ``semver`` and ``semverCompare`` with Masterminds/semver v3.5.0 semantics: coercing
version parsing ("v1.2" is 1.2.0), constraint syntax (comparison operators, ``~``, ``^``,
x-ranges, hyphen ranges, ``,``/space for AND, ``||`` for OR) and its prerelease rule (a
prerelease version only satisfies a constraint group that mentions a prerelease)."""

from __future__ import annotations

import functools
import re

from shipyard.core.charts.functions.errors import FunctionError
from shipyard.core.charts.functions.signatures import gofunc

_LOOSE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?\Z"
)
_ALLOWED = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-")
_UINT64_MAX = 2**64 - 1


class SemverError(ValueError):
    pass


class Version:
    """A Masterminds *semver.Version; template code calls its Go-named methods."""

    go_type = "*semver.Version"
    __go_type__ = "*semver.Version"  # the template engine's spelling
    go_kind = "ptr"

    def __init__(
        self, major: int, minor: int, patch: int, pre: str, metadata: str, original: str
    ) -> None:
        self.major, self.minor, self.patch = major, minor, patch
        self.pre, self.metadata, self.original = pre, metadata, original

    def Major(self) -> int:
        return self.major

    def Minor(self) -> int:
        return self.minor

    def Patch(self) -> int:
        return self.patch

    def Prerelease(self) -> str:
        return self.pre

    def Metadata(self) -> str:
        return self.metadata

    def Original(self) -> str:
        return self.original

    def String(self) -> str:
        text = f"{self.major}.{self.minor}.{self.patch}"
        if self.pre:
            text += "-" + self.pre
        if self.metadata:
            text += "+" + self.metadata
        return text

    def __str__(self) -> str:
        return self.String()

    def __go_json__(self) -> str:
        return self.String()

    def Compare(self, other: Version) -> int:
        return compare(self, other)

    def LessThan(self, other: Version) -> bool:
        return compare(self, other) < 0

    def GreaterThan(self, other: Version) -> bool:
        return compare(self, other) > 0

    def Equal(self, other: Version) -> bool:
        return compare(self, other) == 0


def _segment(text: str) -> int:
    value = int(text)
    if value > _UINT64_MAX:
        raise SemverError(
            f'error parsing version segment: strconv.ParseUint: parsing "{text}": '
            "value out of range"
        )
    return value


def _validate_pre(pre: str) -> None:
    for part in pre.split("."):
        if not part:
            raise SemverError("invalid prerelease string")
        if part.isdigit() and part.isascii():
            if len(part) > 1 and part[0] == "0":
                raise SemverError("version segment starts with 0")
        elif not set(part) <= _ALLOWED:
            raise SemverError("invalid prerelease string")


def parse_version(text: str) -> Version:
    if len(text) > 256:
        raise SemverError("version string is too long (max 256 bytes)")
    match = _LOOSE.match(text)
    if match is None:
        raise SemverError("invalid semantic version")
    major = _segment(match[1])
    minor = _segment(match[2][1:]) if match[2] else 0
    patch = _segment(match[3][1:]) if match[3] else 0
    pre, metadata = match[5] or "", match[8] or ""
    if pre:
        _validate_pre(pre)
    return Version(major, minor, patch, pre, metadata, text)


def _compare_pre_part(s: str, o: str) -> int:
    if s == o:
        return 0
    if s == "":
        return -1
    if o == "":
        return 1
    s_num = s.isdigit() and s.isascii()
    o_num = o.isdigit() and o.isascii()
    if not s_num and not o_num:
        return 1 if s > o else -1
    if not o_num:
        return -1
    if not s_num:
        return 1
    return 1 if int(s) > int(o) else -1


def _compare_pre(a: str, b: str) -> int:
    left, right = a.split("."), b.split(".")
    for i in range(max(len(left), len(right))):
        d = _compare_pre_part(left[i] if i < len(left) else "", right[i] if i < len(right) else "")
        if d:
            return d
    return 0


def compare(v: Version, o: Version) -> int:
    for a, b in ((v.major, o.major), (v.minor, o.minor), (v.patch, o.patch)):
        if a != b:
            return -1 if a < b else 1
    if not v.pre and not o.pre:
        return 0
    if not v.pre:
        return 1
    if not o.pre:
        return -1
    return _compare_pre(v.pre, o.pre)


# -- constraints ---------------------------------------------------------------------------

_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The constraint, range, find and validity patterns (compiled on first use)."""
    return (
        re.compile(rf"^\s*({_OPS})\s*({_CV})\s*$", re.ASCII),
        re.compile(rf"\s*({_CV})\s+-\s+({_CV})\s*", re.ASCII),
        re.compile(rf"({_OPS})\s*({_CV})", re.ASCII),
        re.compile(rf"^(\s*({_OPS})\s*({_CV})\s*)((?:\s+|,\s*)({_OPS})\s*({_CV})\s*)*$", re.ASCII),
    )


def _is_x(text: str) -> bool:
    return text in ("x", "*", "X")


class _Constraint:
    def __init__(self, text: str) -> None:
        match = _patterns()[0].match(text)
        if match is None:
            raise SemverError(f"improper constraint: {_go_q(text)}")
        self.op, self.orig = match[1], match[2]
        major, minor, patch, rest = match[3], match[4] or "", match[5] or "", match[7] or ""
        # m[6] in Go is the "-pre" group including its dash.
        pre_group = match[6] or ""
        ver = self.orig
        self.minor_dirty = self.patch_dirty = self.dirty = False
        if _is_x(major) or major == "":
            ver, self.dirty = f"0.0.0{pre_group}", True
        elif _is_x(minor[1:]) or minor == "":
            ver, self.dirty, self.minor_dirty = f"{major}.0.0{pre_group}", True, True
        elif _is_x(patch[1:]) or patch == "":
            ver, self.dirty, self.patch_dirty = f"{major}{minor}.0{pre_group}", True, True
        del rest
        try:
            self.con = parse_version(ver)
        except SemverError:
            raise SemverError("constraint parser error") from None

    def check(self, v: Version, include_pre: bool) -> bool:
        if v.pre and not include_pre:
            return False
        c = self.con
        op = self.op
        if op in ("", "="):
            return self._tilde(v) if self.dirty else compare(v, c) == 0
        if op == "!=":
            return self._not_equal(v)
        if op == ">":
            if not self.dirty:
                return compare(v, c) == 1
            if v.major != c.major:
                return v.major > c.major
            if self.minor_dirty:
                return False
            if self.patch_dirty:
                return v.minor > c.minor
            return compare(v, c) == 1
        if op == "<":
            return compare(v, c) < 0
        if op in (">=", "=>"):
            return compare(v, c) >= 0
        if op in ("<=", "=<"):
            if not self.dirty:
                return compare(v, c) <= 0
            if v.major > c.major:
                return False
            return not (v.major == c.major and v.minor > c.minor and not self.minor_dirty)
        if op in ("~", "~>"):
            return self._tilde(v)
        return self._caret(v)

    def _tilde(self, v: Version) -> bool:
        c = self.con
        if compare(v, c) < 0:
            return False
        if (
            (c.major, c.minor, c.patch) == (0, 0, 0)
            and not self.minor_dirty
            and not self.patch_dirty
        ):
            return True
        if v.major != c.major:
            return False
        return not (v.minor != c.minor and not self.minor_dirty)

    def _not_equal(self, v: Version) -> bool:
        c = self.con
        if self.dirty:
            if c.major != v.major:
                return True
            if c.minor != v.minor and not self.minor_dirty:
                return True
            if self.minor_dirty:
                return False
            if c.patch != v.patch and not self.patch_dirty:
                return True
            if self.patch_dirty:
                if v.pre or c.pre:
                    return _compare_pre(v.pre, c.pre) != 0
                return False
        return compare(v, c) != 0

    def _caret(self, v: Version) -> bool:
        c = self.con
        if compare(v, c) < 0:
            return False
        if c.major > 0 or self.minor_dirty:
            return v.major == c.major
        if v.major > 0:
            return False
        if c.minor > 0 or self.patch_dirty:
            return v.minor == c.minor
        if v.minor > 0:
            return False
        return c.patch == v.patch


def _go_q(text: str) -> str:
    from shipyard.core.charts import gostrings

    return gostrings.go_quote(text)


def _rewrite_range(text: str) -> str:
    for match in list(_patterns()[1].finditer(text)):
        text = text.replace(match[0], f">= {match[1]}, <= {match[11]} ", 1)
    return text


def parse_constraints(text: str) -> list[tuple[list[_Constraint], bool]]:
    if len(text) > 512:
        raise SemverError("constraint string is too long (max 512 bytes)")
    text = _rewrite_range(text)
    groups = text.split("||")
    if len(groups) > 32:
        raise SemverError("too many constraint groups (max 32)")
    out = []
    for group in groups:
        if not _patterns()[3].match(group):
            raise SemverError(f"improper constraint: {_go_q(group)}")
        parts = [m.group() for m in _patterns()[2].finditer(group)] or [group]
        constraints = [_Constraint(part) if part else _empty_constraint() for part in parts]
        out.append((constraints, any(c.con.pre for c in constraints)))
    return out


def _empty_constraint() -> _Constraint:
    constraint = _Constraint("*")
    constraint.op, constraint.orig = "", ""
    return constraint


def check(constraints: list[tuple[list[_Constraint], bool]], version: Version) -> bool:
    return any(all(c.check(version, has_pre) for c in group) for group, has_pre in constraints)


@gofunc("string", "string", returns="bool", errors=True)
def semver_compare(constraint: str, version: str) -> bool:
    try:
        parsed = parse_constraints(constraint)
        return check(parsed, parse_version(version))
    except SemverError as exc:
        raise FunctionError(str(exc)) from None


@gofunc("string", returns="*semver.Version", errors=True)
def semver(version: str) -> Version:
    try:
        return parse_version(version)
    except SemverError as exc:
        raise FunctionError(str(exc)) from None
