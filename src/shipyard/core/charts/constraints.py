"""Chart versions and version ranges as Helm checks them (Masterminds/semver v3).

``parse_version`` accepts what Helm accepts in ``Chart.yaml`` (``v1``, ``1.2``, ``1.2.3-rc.1+b``;
missing parts are zero). ``is_compatible(constraint, version)`` is chartutil's
``IsCompatibleRange``: false when either side does not parse. Constraints are ``||``-separated
groups of comma- or space-separated comparisons (``=``, ``!=``, ``>``, ``<``, ``>=``, ``<=``,
``~``, ``~>``, ``^``), wildcards (``1.x``, ``*``) and hyphen ranges (``1.2 - 1.4``); a
pre-release version only satisfies a group that mentions a pre-release.
"""

from __future__ import annotations

import dataclasses
import functools
import re

_LOOSE = re.compile(
    r"v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_CV = (
    r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?"
    r"(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
    r"(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?"
)
_OPS = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^"
_SPACE = r"[\t\n\f\r ]"  # Go's \s


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Masterminds' constraint expressions (compiled on first use: they cost milliseconds)."""
    one = re.compile(rf"^{_SPACE}*({_OPS}){_SPACE}*({_CV}){_SPACE}*\Z")
    ranges = re.compile(rf"{_SPACE}*({_CV}){_SPACE}+-{_SPACE}+({_CV}){_SPACE}*")
    find = re.compile(rf"({_OPS}){_SPACE}*({_CV})")
    valid = re.compile(
        rf"^({_SPACE}*({_OPS}){_SPACE}*({_CV}){_SPACE}*)"
        rf"((?:{_SPACE}+|,{_SPACE}*)({_OPS}){_SPACE}*({_CV}){_SPACE}*)*\Z"
    )
    return one, ranges, find, valid


MAX_VERSION_LEN = 256
MAX_CONSTRAINT_LEN = 512
MAX_GROUPS = 32
_NUMERIC = re.compile(r"[0-9]+")


class InvalidVersion(ValueError):
    """Masterminds' ``ErrInvalidSemVer`` and friends."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Version:
    major: int
    minor: int
    patch: int
    pre: str = ""
    metadata: str = ""

    def compare(self, other: Version) -> int:
        for a, b in (
            (self.major, other.major),
            (self.minor, other.minor),
            (self.patch, other.patch),
        ):
            if a != b:
                return -1 if a < b else 1
        if self.pre == other.pre == "":
            return 0
        if not self.pre:
            return 1
        if not other.pre:
            return -1
        return _compare_prerelease(self.pre, other.pre)


def _compare_prerelease(a: str, b: str) -> int:
    left, right = a.split("."), b.split(".")
    for i in range(max(len(left), len(right))):
        x = left[i] if i < len(left) else ""
        y = right[i] if i < len(right) else ""
        result = _compare_part(x, y)
        if result:
            return result
    return 0


def _compare_part(x: str, y: str) -> int:
    if x == y:
        return 0
    if not x:
        return -1 if y else 1
    if not y:
        return 1
    x_num, y_num = _NUMERIC.fullmatch(x) is not None, _NUMERIC.fullmatch(y) is not None
    if x_num and y_num:
        return -1 if int(x) < int(y) else 1
    if y_num:
        return 1
    if x_num:
        return -1
    return -1 if x < y else 1


def _check_identifiers(text: str, *, prerelease: bool) -> None:
    for part in text.split("."):
        if not part or re.fullmatch(r"[0-9A-Za-z\-]+", part) is None:
            raise InvalidVersion("invalid characters in version")
        if prerelease and _NUMERIC.fullmatch(part) and len(part) > 1 and part[0] == "0":
            raise InvalidVersion("version segment starts with 0")


@functools.lru_cache(maxsize=1024)
def parse_version(text: str) -> Version:
    """Masterminds' ``NewVersion`` (coercing): raises :class:`InvalidVersion`."""
    if len(text) > MAX_VERSION_LEN:
        raise InvalidVersion(f"version string is too long (max {MAX_VERSION_LEN} bytes)")
    match = _LOOSE.fullmatch(text)
    if match is None:
        raise InvalidVersion("invalid semantic version")
    numbers = []
    for group in (match[1], match[2], match[3]):
        value = int(group.lstrip(".")) if group else 0
        if value >= 2**64:
            raise InvalidVersion("error parsing version segment: value out of range")
        numbers.append(value)
    pre, metadata = match[5] or "", match[8] or ""
    if pre:
        _check_identifiers(pre, prerelease=True)
    if metadata:
        _check_identifiers(metadata, prerelease=False)
    return Version(major=numbers[0], minor=numbers[1], patch=numbers[2], pre=pre, metadata=metadata)


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Comparison:
    op: str
    version: Version
    dirty: bool
    minor_dirty: bool
    patch_dirty: bool

    def check(self, v: Version, *, include_pre: bool) -> bool:
        if v.pre and not include_pre:
            return False
        c = self.version
        op = self.op
        if op in ("", "="):
            if self.dirty:
                return self._tilde(v)
            return v.compare(c) == 0
        if op == "!=":
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
                        return _compare_prerelease(v.pre, c.pre) != 0
                    return False
            return v.compare(c) != 0
        if op == ">":
            if not self.dirty:
                return v.compare(c) == 1
            if v.major != c.major:
                return v.major > c.major
            if self.minor_dirty:
                return False
            if self.patch_dirty:
                return v.minor > c.minor
            return v.compare(c) == 1
        if op == "<":
            return v.compare(c) < 0
        if op in (">=", "=>"):
            return v.compare(c) >= 0
        if op in ("<=", "=<"):
            if not self.dirty:
                return v.compare(c) <= 0
            if v.major > c.major:
                return False
            return not (v.major == c.major and v.minor > c.minor and not self.minor_dirty)
        if op in ("~", "~>"):
            return self._tilde(v)
        return self._caret(v)

    def _tilde(self, v: Version) -> bool:
        c = self.version
        if v.compare(c) < 0:
            return False
        if (
            (c.major, c.minor, c.patch) == (0, 0, 0)
            and not self.minor_dirty
            and not self.patch_dirty
        ):
            return True
        if v.major != c.major:
            return False
        return v.minor == c.minor or self.minor_dirty

    def _caret(self, v: Version) -> bool:
        c = self.version
        if v.compare(c) < 0:
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


def _is_x(text: str) -> bool:
    return text in ("x", "X", "*")


def _parse_comparison(text: str) -> _Comparison:
    match = _patterns()[0].match(text)
    if match is None:
        raise InvalidVersion(f"improper constraint: {text}")
    op, major, minor, patch, rest = match[1], match[3], match[4] or "", match[5] or "", match[6]
    rest = rest or ""
    dirty = minor_dirty = patch_dirty = False
    if _is_x(major) or not major:
        version_text, dirty = f"0.0.0{rest}", True
    elif _is_x(minor.lstrip(".")) or not minor:
        version_text, dirty, minor_dirty = f"{major}.0.0{rest}", True, True
    elif _is_x(patch.lstrip(".")) or not patch:
        version_text, dirty, patch_dirty = f"{major}{minor}.0{rest}", True, True
    else:
        version_text = match[2]
    try:
        version = parse_version(version_text)
    except InvalidVersion:
        raise InvalidVersion("constraint parser error") from None
    return _Comparison(
        op=op, version=version, dirty=dirty, minor_dirty=minor_dirty, patch_dirty=patch_dirty
    )


def _rewrite_ranges(text: str) -> str:
    for match in list(_patterns()[1].finditer(text)):
        text = text.replace(match[0], f">= {match[1]}, <= {match[11]} ", 1)
    return text


@dataclasses.dataclass(frozen=True, kw_only=True)
class Constraint:
    groups: tuple[tuple[_Comparison, ...], ...]
    has_pre: tuple[bool, ...]

    def check(self, version: Version) -> bool:
        return any(
            all(c.check(version, include_pre=pre) for c in group)
            for group, pre in zip(self.groups, self.has_pre, strict=True)
        )


@functools.lru_cache(maxsize=1024)
def parse_constraint(text: str) -> Constraint:
    """Masterminds' ``NewConstraint``: raises :class:`InvalidVersion`."""
    if len(text) > MAX_CONSTRAINT_LEN:
        raise InvalidVersion(f"constraint string is too long (max {MAX_CONSTRAINT_LEN} bytes)")
    ors = _rewrite_ranges(text).split("||")
    if len(ors) > MAX_GROUPS:
        raise InvalidVersion(f"too many constraint groups (max {MAX_GROUPS})")
    groups: list[tuple[_Comparison, ...]] = []
    has_pre: list[bool] = []
    for part in ors:
        if _patterns()[3].match(part) is None:
            raise InvalidVersion(f"improper constraint: {part}")
        found = [m[0] for m in _patterns()[2].finditer(part)] or [part]
        comparisons = tuple(_parse_comparison(item) for item in found)
        groups.append(comparisons)
        has_pre.append(any(c.version.pre for c in comparisons))
    return Constraint(groups=tuple(groups), has_pre=tuple(has_pre))


def is_compatible(constraint: str, version: str) -> bool:
    """chartutil's ``IsCompatibleRange``."""
    try:
        return parse_constraint(constraint).check(parse_version(version))
    except InvalidVersion:
        return False


def is_valid_version(text: str) -> bool:
    try:
        parse_version(text)
    except InvalidVersion:
        return False
    return True
