"""Semantic versions as GitVersion 6 reads, orders, increments and prints them.

A version is ``major.minor.patch``, an optional pre-release tag (a label and/or a number:
``beta.4``, ``alpha``, ``7``) and optional build metadata (``+5.Branch.main.Sha.abc``). Tags are
parsed after a configurable prefix (``[vV]?`` by default), strictly (SemVer 2.0) or loosely
(``1.2``, ``1.2.3.4``). Pre-release labels compare case-insensitively, a missing number sorts
before any number, and a version without a pre-release tag sorts after every pre-release of the
same ``major.minor.patch``; build metadata never takes part in ordering.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterable


class VersionField(enum.IntEnum):
    """The part of a version an increment bumps; ordered so that ``max`` picks the largest."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def title(self) -> str:
        return self.name.capitalize()


@dataclasses.dataclass(frozen=True, kw_only=True)
class PreRelease:
    """A pre-release tag: ``name.number``, ``name``, or a bare ``number``."""

    name: str = ""
    number: int | None = None
    # An empty name with a number still counts as a tag once parsed or incremented ("1.0.0-3").
    promote: bool = dataclasses.field(default=False, compare=False)

    @property
    def has_tag(self) -> bool:
        return bool(self.name) or (self.number is not None and self.promote)

    def text(self) -> str:
        if self.number is None:
            return self.name
        return f"{self.name}.{self.number}" if self.name else str(self.number)


@dataclasses.dataclass(frozen=True, kw_only=True)
class BuildMetaData:
    """Build metadata: the commit count and, in the informational form, branch and SHA."""

    commits: int | None = None
    branch: str = ""
    sha: str = ""
    other: str = dataclasses.field(default="", compare=False)

    def text(self) -> str:
        return "" if self.commits is None else str(self.commits)

    def full_text(self) -> str:
        parts = "" if self.commits is None else str(self.commits)
        if self.branch:
            parts += ".Branch." + _METADATA_UNSAFE.sub("-", self.branch)
        if self.sha:
            parts += ".Sha." + self.sha
        if self.other:
            parts += "." + _METADATA_UNSAFE.sub("-", self.other)
        return parts.lstrip(".")


NO_PRE_RELEASE = PreRelease()
NO_BUILD = BuildMetaData()


@dataclasses.dataclass(frozen=True, kw_only=True)
class SemVer:
    major: int = 0
    minor: int = 0
    patch: int = 0
    pre_release: PreRelease = NO_PRE_RELEASE
    build: BuildMetaData = NO_BUILD

    @property
    def is_pre_release(self) -> bool:
        return self.pre_release.has_tag

    def major_minor_patch(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"

    def text(self) -> str:
        """SemVer without build metadata: ``1.2.3-beta.4``."""
        if self.pre_release.has_tag:
            return f"{self.major_minor_patch()}-{self.pre_release.text()}"
        return self.major_minor_patch()

    def full_text(self) -> str:
        """SemVer with the commit count as build metadata: ``1.2.3-beta.4+5``."""
        build = self.build.text()
        return f"{self.text()}+{build}" if build else self.text()

    def informational_text(self) -> str:
        build = self.build.full_text()
        return f"{self.text()}+{build}" if build else self.text()

    def __str__(self) -> str:
        return self.text()


ZERO = SemVer()

_METADATA_UNSAFE = re.compile(r"[^0-9A-Za-z.\-]")
_NUMBER = r"0|[1-9]\d*"
_IDENTIFIER = rf"(?:{_NUMBER}|\d*[a-zA-Z-][0-9a-zA-Z-]*)"
_STRICT = re.compile(
    rf"^(?P<major>{_NUMBER})\.(?P<minor>{_NUMBER})\.(?P<patch>{_NUMBER})"
    rf"(?:-(?P<pre>{_IDENTIFIER}(?:\.{_IDENTIFIER})*))?"
    r"(?:\+(?P<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
    re.IGNORECASE,
)
_LOOSE = re.compile(
    r"^(?P<major>\d+)(?:\.(?P<minor>\d+))?(?:\.(?P<patch>\d+))?(?:\.(?P<fourth>\d+))?"
    r"(?:-(?P<pre>[^+]*))?(?:\+(?P<build>.*))?$",
    re.IGNORECASE,
)
_PRE_RELEASE = re.compile(r"^(?P<name>.*?)\.?(?P<number>\d+)?$", re.DOTALL)
_BUILD = re.compile(
    r"^(?P<commits>\d+)?(?:\.?Branch(?:Name)?\.(?P<branch>[^.]+))?(?:\.?Sha?\.(?P<sha>[^.]+))?"
    r"(?P<other>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def prefix_pattern(prefix_regex: str) -> re.Pattern[str]:
    """The pattern splitting a tag into its prefix and version (``prefix_regex`` is Python)."""
    return re.compile(f"^(?:{prefix_regex})(?P<version>.*)$", re.IGNORECASE | re.DOTALL)


DEFAULT_PREFIX = prefix_pattern("[vV]?")


def parse_pre_release(text: str) -> PreRelease:
    if not text:
        return NO_PRE_RELEASE
    match = _PRE_RELEASE.match(text)
    if match is None:  # pragma: no cover - the pattern matches every string
        return NO_PRE_RELEASE
    name, number = match.group("name"), match.group("number")
    if name.endswith("-"):
        return PreRelease(name=text, number=None, promote=True)
    return PreRelease(name=name, number=int(number) if number else None, promote=True)


def parse_build(text: str) -> BuildMetaData:
    match = _BUILD.match(text) if text else None
    if match is None:
        return NO_BUILD
    commits = match.group("commits")
    return BuildMetaData(
        commits=int(commits) if commits else None,
        branch=match.group("branch") or "",
        sha=match.group("sha") or "",
        other=(match.group("other") or "").lstrip("."),
    )


def parse(
    text: str, *, prefix: re.Pattern[str] = DEFAULT_PREFIX, loose: bool = False
) -> SemVer | None:
    """The version in ``text`` after its prefix, or None when it is not one."""
    split = prefix.match(text)
    if split is None:
        return None
    version = split.group("version")
    match = (_LOOSE if loose else _STRICT).match(version)
    if match is None:
        return None
    build = parse_build(match.group("build") or "")
    if loose and match.group("fourth") and build.commits is None:
        build = dataclasses.replace(build, commits=int(match.group("fourth")))
    return SemVer(
        major=int(match.group("major")),
        minor=int(match.group("minor") or 0),
        patch=int(match.group("patch") or 0),
        pre_release=parse_pre_release(match.group("pre") or ""),
        build=build,
    )


def compare_pre_release(left: PreRelease, right: PreRelease) -> int:
    if left == right:
        return 0
    if not left.has_tag and right.has_tag:
        return 1
    if left.has_tag and not right.has_tag:
        return -1
    left_name, right_name = left.name.lower(), right.name.lower()
    if left_name != right_name:
        return -1 if left_name < right_name else 1
    if left.number == right.number:
        return 0
    if left.number is None:
        return -1
    if right.number is None:
        return 1
    return -1 if left.number < right.number else 1


def compare(left: SemVer, right: SemVer, *, pre_release: bool = True) -> int:
    """-1, 0 or 1; with ``pre_release=False`` only ``major.minor.patch`` counts."""
    left_core = (left.major, left.minor, left.patch)
    right_core = (right.major, right.minor, right.patch)
    if left_core != right_core:
        return -1 if left_core < right_core else 1
    if not pre_release:
        return 0
    return compare_pre_release(left.pre_release, right.pre_release)


def highest(versions: Iterable[SemVer]) -> SemVer | None:
    """The greatest version; the first of equals wins."""
    best: SemVer | None = None
    for version in versions:
        if best is None or compare(version, best) > 0:
            best = version
    return best


def matches_label(version: SemVer, label: str | None) -> bool:
    """Whether a tagged version belongs to a branch whose pre-release label is ``label``.

    Stable versions belong everywhere, and so does everything when the branch has no label.
    """
    tag = version.pre_release
    if (not tag.name and tag.number is None) or label is None:
        return True
    return tag.has_tag and tag.name.lower() == label.lower()


def core(version: SemVer) -> tuple[int, int, int]:
    return version.major, version.minor, version.patch


def bumped_core(version: SemVer, field: VersionField) -> tuple[int, int, int]:
    """``major.minor.patch`` after a forced bump of ``field`` (what ``increment`` with
    ``force=True`` and no alternatives gives, without building a version)."""
    if field is VersionField.MAJOR:
        return version.major + 1, 0, 0
    if field is VersionField.MINOR:
        return version.major, version.minor + 1, 0
    if field is VersionField.PATCH:
        return version.major, version.minor, version.patch + 1
    return core(version)


def increment(
    version: SemVer,
    field: VersionField,
    *,
    label: str | None,
    force: bool = False,
    alternatives: Iterable[SemVer | None] = (),
) -> SemVer:
    """The next version: bump ``field`` (or only the pre-release number) and apply ``label``.

    A pre-release only counts its number up unless ``force``; a stable version bumps ``field``
    and starts the pre-release at 1. A greater alternative ``major.minor.patch`` replaces the
    result's, and a changed label restarts the number at 1.
    """
    pre = version.pre_release
    has_tag = pre.has_tag
    number = pre.number
    major, minor, patch = version.major, version.minor, version.patch
    if field is VersionField.NONE or (has_tag and not force):
        number = None if number is None else number + 1
    else:
        if field is VersionField.PATCH:
            patch += 1
        elif field is VersionField.MINOR:
            minor, patch = minor + 1, 0
        else:
            major, minor, patch = major + 1, 0, 0
        number = None if number is None else 1
    found = False
    core = SemVer(major=major, minor=minor, patch=patch)
    for alternative in alternatives:
        if alternative is not None and compare(core, alternative, pre_release=False) < 0:
            core = SemVer(major=alternative.major, minor=alternative.minor, patch=alternative.patch)
            found = True
    if found and field is VersionField.NONE:
        number = 1
    name = pre.name
    if not has_tag:
        number, name = 1, ""
    if label is not None and name != label:
        number, name = 1, label
    return SemVer(
        major=core.major,
        minor=core.minor,
        patch=core.patch,
        pre_release=PreRelease(name=name, number=number, promote=True),
        build=version.build,
    )
