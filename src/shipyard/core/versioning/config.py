"""The GitVersion configuration as a typed value, and the effective settings of one branch.

A branch's unset settings come from its source branch (``increment: Inherit``) or from the
top-level settings. Branch labels are templates (``{BranchName}``, ``PullRequest{Number}``)
filled from the branch regex. Regular expressions are written in .NET syntax
(``(?<name>...)``) and translated to Python's; like GitVersion, they match case-insensitively.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Mapping
from typing import Any

from shipyard.core.versioning import semver


class Mode(enum.Enum):
    MANUAL_DEPLOYMENT = "ManualDeployment"
    CONTINUOUS_DELIVERY = "ContinuousDelivery"
    CONTINUOUS_DEPLOYMENT = "ContinuousDeployment"


class Increment(enum.Enum):
    INHERIT = "Inherit"
    NONE = "None"
    PATCH = "Patch"
    MINOR = "Minor"
    MAJOR = "Major"

    @property
    def field(self) -> semver.VersionField:
        if self is Increment.INHERIT:
            raise ValueError("increment Inherit has no version field")
        return semver.VersionField[self.name]


class CommitMessageIncrementing(enum.Enum):
    ENABLED = "Enabled"
    DISABLED = "Disabled"
    MERGE_MESSAGE_ONLY = "MergeMessageOnly"


STRATEGIES = (
    "Fallback",
    "ConfiguredNextVersion",
    "MergeMessage",
    "TaggedCommit",
    "TrackReleaseBranches",
    "VersionInBranchName",
)
ASSEMBLY_SCHEMES = ("MajorMinorPatchTag", "MajorMinorPatch", "MajorMinor", "Major", "None")


@dataclasses.dataclass(frozen=True, kw_only=True)
class BranchConfig:
    """One branch's settings; None means "inherit" (from the source branch or the globals)."""

    regex: str | None = None
    mode: Mode | None = None
    label: str | None = None
    increment: Increment = Increment.INHERIT
    prevent_increment_of_merged_branch: bool | None = None
    prevent_increment_when_current_commit_tagged: bool | None = None
    track_merge_target: bool | None = None
    track_merge_message: bool | None = None
    commit_message_incrementing: CommitMessageIncrementing | None = None
    source_branches: tuple[str, ...] = ()
    tracks_release_branches: bool | None = None
    is_release_branch: bool | None = None
    is_main_branch: bool | None = None
    pre_release_weight: int | None = None

    def inherit(self, parent: BranchConfig) -> BranchConfig:
        """These settings with every unset one taken from ``parent``."""
        values: dict[str, Any] = {}
        for field in dataclasses.fields(self):
            mine = getattr(self, field.name)
            if field.name == "increment":
                values[field.name] = parent.increment if mine is Increment.INHERIT else mine
            elif field.name == "source_branches":
                values[field.name] = mine
            else:
                values[field.name] = getattr(parent, field.name) if mine is None else mine
        return BranchConfig(**values)

    def matches(self, branch_name: str) -> bool:
        return bool(self.regex) and compile_regex(self.regex or "").search(branch_name) is not None


@dataclasses.dataclass(frozen=True, kw_only=True)
class NamedBranch:
    name: str
    config: BranchConfig


@dataclasses.dataclass(frozen=True, kw_only=True)
class Config:
    workflow: str
    globals: BranchConfig  # the branch-like settings given at the top level
    branches: tuple[NamedBranch, ...]
    next_version: semver.SemVer | None = None
    tag_prefix: str = "[vV]?"
    version_in_branch_pattern: str = r"(?<version>[vV]?\d+(\.\d+)?(\.\d+)?).*"
    major_bump: str = ""
    minor_bump: str = ""
    patch_bump: str = ""
    no_bump: str = ""
    tag_pre_release_weight: int = 60000
    commit_date_format: str = "yyyy-MM-dd"
    merge_message_formats: tuple[tuple[str, str], ...] = ()
    loose: bool = False  # semantic-version-format: Loose
    strategies: frozenset[str] = frozenset(STRATEGIES)
    assembly_versioning_scheme: str = "MajorMinorPatch"
    assembly_file_versioning_scheme: str = "MajorMinorPatch"
    assembly_versioning_format: str | None = None
    assembly_file_versioning_format: str | None = None
    assembly_informational_format: str | None = None
    ignore_shas: tuple[str, ...] = ()
    ignore_before: int | None = None  # unix seconds

    @property
    def prefix(self) -> re.Pattern[str]:
        return _prefix_pattern(self.tag_prefix)

    def branch_config(self, branch_name: str) -> BranchConfig:
        """The first configuration whose regex matches ``branch_name`` (``unknown`` last)."""
        unknown: BranchConfig | None = None
        for named in self.branches:
            if named.config.matches(branch_name):
                if named.name != "unknown":
                    return named.config
                unknown = named.config
        return unknown or BranchConfig(regex="", label="{BranchName}")

    def is_release_branch(self, branch_name: str) -> bool:
        return bool(self.branch_config(branch_name).is_release_branch)

    def parse_tag(self, name: str) -> semver.SemVer | None:
        return semver.parse(name, prefix=self.prefix, loose=self.loose)

    def is_ignored(self, sha: str, when: int) -> bool:
        if self.ignore_before is not None and when < self.ignore_before:
            return True
        return any(sha.startswith(prefix) for prefix in self.ignore_shas)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Effective:
    """A branch's settings with nothing left unset (the globals fill the gaps)."""

    regex: str | None
    mode: Mode
    label: str | None
    increment: Increment
    prevent_increment_of_merged_branch: bool
    prevent_increment_when_current_commit_tagged: bool
    track_merge_target: bool
    track_merge_message: bool
    commit_message_incrementing: CommitMessageIncrementing
    tracks_release_branches: bool
    is_release_branch: bool
    is_main_branch: bool
    pre_release_weight: int


def effective(config: Config, branch: BranchConfig) -> Effective:
    merged = branch.inherit(config.globals)
    return Effective(
        regex=merged.regex,
        mode=merged.mode or Mode.CONTINUOUS_DELIVERY,
        label=merged.label,
        increment=merged.increment,
        prevent_increment_of_merged_branch=bool(merged.prevent_increment_of_merged_branch),
        prevent_increment_when_current_commit_tagged=(
            True
            if merged.prevent_increment_when_current_commit_tagged is None
            else merged.prevent_increment_when_current_commit_tagged
        ),
        track_merge_target=bool(merged.track_merge_target),
        track_merge_message=(
            True if merged.track_merge_message is None else merged.track_merge_message
        ),
        commit_message_incrementing=(
            merged.commit_message_incrementing or CommitMessageIncrementing.ENABLED
        ),
        tracks_release_branches=bool(merged.tracks_release_branches),
        is_release_branch=bool(merged.is_release_branch),
        is_main_branch=bool(merged.is_main_branch),
        pre_release_weight=merged.pre_release_weight or 0,
    )


# --- labels -------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_NAME_UNSAFE = re.compile(r"[^a-zA-Z0-9-]")
_LABEL_UNSAFE = re.compile(r"[^a-zA-Z0-9.-]")


def format_label(
    label: str | None,
    *,
    regex: str | None,
    branch_name: str,
    env: Mapping[str, str],
) -> str | None:
    """The pre-release label of a branch: ``{Group}`` placeholders filled from the branch regex
    (``{env:NAME}`` from the environment, ``a ?? b ?? "literal"`` as fallbacks), unsafe
    characters replaced by ``-``. A placeholder that cannot be filled leaves the label as
    written, as GitVersion does."""
    if label is None:
        return None
    groups: dict[str, str] = {}
    if regex and regex.strip() and branch_name:
        pattern = compile_regex(regex)
        match = pattern.search(branch_name)
        if match is not None:
            for name in pattern.groupindex:
                groups[name] = _NAME_UNSAFE.sub("-", match.group(name) or "")
    try:
        filled = fill_placeholders(label, values=groups, env=env)
    except LookupError:
        return label
    return _LABEL_UNSAFE.sub("-", filled)


def fill_placeholders(
    template: str, *, values: Mapping[str, str | None], env: Mapping[str, str]
) -> str:
    """``template`` with each ``{Name}``, ``{env:NAME}`` or ``{a ?? b ?? "literal"}`` filled;
    raises LookupError when a placeholder has no value and no fallback."""
    return _PLACEHOLDER.sub(lambda m: _fill(m.group(1), values=values, env=env), template)


def _fill(expression: str, *, values: Mapping[str, str | None], env: Mapping[str, str]) -> str:
    missing = False
    for raw in expression.split("??"):
        token = raw.strip()
        if not token:
            raise LookupError(expression)
        if token.startswith('"') and token.endswith('"') and len(token) >= 2:
            return token[1:-1]
        if token.isdigit():
            return token
        if token.lower().startswith("env:"):
            name = token[4:].split(":", 1)[0]
            if name in env:
                return env[name]
        else:
            name = token.split(":", 1)[0]
            if name not in values:
                missing = True
                continue
            value = values[name]
            if value is not None:
                return value
            continue
        missing = True
    if missing:
        raise LookupError(expression)
    return ""


# --- regular expressions -------------------------------------------------------------------


def translate_regex(pattern: str) -> str:
    """A .NET regular expression in Python's syntax (named groups and back-references)."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            backref = re.match(r"\\k<([A-Za-z_]\w*)>", pattern[i:])
            if backref and not in_class:
                out.append(f"(?P={backref.group(1)})")
                i += backref.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # "[]...]": a leading ] is literal
                out.append("[]")
                i += 2
                continue
        elif char == "(" and pattern[i + 1 : i + 3] == "?<" and pattern[i + 3 : i + 4] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        elif char == "(" and pattern[i + 1 : i + 3] == "?'":
            end = pattern.find("'", i + 3)
            if end > 0:
                out.append(f"(?P<{pattern[i + 3 : end]}>")
                i = end + 1
                continue
        out.append(char)
        i += 1
    return "".join(out)


@functools.lru_cache(maxsize=256)
def compile_regex(pattern: str) -> re.Pattern[str]:
    """A .NET-syntax pattern compiled case-insensitively (raises ``re.error``)."""
    return re.compile(translate_regex(pattern), re.IGNORECASE)


@functools.lru_cache(maxsize=16)
def _prefix_pattern(tag_prefix: str) -> re.Pattern[str]:
    return semver.prefix_pattern(translate_regex(tag_prefix))
