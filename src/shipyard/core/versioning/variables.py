"""GitVersion 6's output variables of a calculated version, with their names and formats.

``FullSemVer`` is ``SemVer`` plus ``+<commits>`` when the mode counts commits in build metadata;
``FullBuildMetaData`` is ``<commits>.Branch.<branch>.Sha.<sha>`` (characters outside
``[0-9A-Za-z.-]`` become ``-``); ``InformationalVersion`` is ``SemVer+FullBuildMetaData``;
``WeightedPreReleaseNumber`` adds the branch's ``pre-release-weight`` to the pre-release number
(``tag-pre-release-weight`` without one). In JSON, counts are numbers and empty values null.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping

from shipyard import errors
from shipyard.core.versioning import calculate, config, semver

NAMES = (
    "AssemblySemFileVer",
    "AssemblySemVer",
    "BranchName",
    "BuildMetaData",
    "CommitDate",
    "CommitsSinceVersionSource",
    "EscapedBranchName",
    "FullBuildMetaData",
    "FullSemVer",
    "InformationalVersion",
    "Major",
    "MajorMinorPatch",
    "Minor",
    "Patch",
    "PreReleaseLabel",
    "PreReleaseLabelWithDash",
    "PreReleaseNumber",
    "PreReleaseTag",
    "PreReleaseTagWithDash",
    "SemVer",
    "Sha",
    "ShortSha",
    "UncommittedChanges",
    "VersionSourceDistance",
    "VersionSourceIncrement",
    "VersionSourceSemVer",
    "VersionSourceSha",
    "WeightedPreReleaseNumber",
)
NUMBERS = frozenset(
    {
        "BuildMetaData",
        "CommitsSinceVersionSource",
        "Major",
        "Minor",
        "Patch",
        "PreReleaseNumber",
        "UncommittedChanges",
        "VersionSourceDistance",
        "WeightedPreReleaseNumber",
    }
)
_NAME_UNSAFE = re.compile(r"[^a-zA-Z0-9-]")
_ASSEMBLY_UNSAFE = re.compile(r"[^0-9A-Za-z.+-]")
_DATE_TOKENS = re.compile(r"yyyy|yy|MM|dd|HH|mm|ss|fff|'[^']*'|.", re.DOTALL)
_DATE_FORMATS = {
    "yyyy": "%Y",
    "yy": "%y",
    "MM": "%m",
    "dd": "%d",
    "HH": "%H",
    "mm": "%M",
    "ss": "%S",
}


def of(result: calculate.Result, *, env: Mapping[str, str]) -> dict[str, str | None]:
    """The variables as GitVersion names them; None where GitVersion has no value."""
    version = result.version
    pre = version.pre_release
    settings = result.config
    number = "" if pre.number is None else str(pre.number)
    weighted = (
        str(pre.number + result.pre_release_weight)
        if pre.number is not None
        else str(settings.tag_pre_release_weight)
    )
    values: dict[str, str | None] = {
        "Major": str(version.major),
        "Minor": str(version.minor),
        "Patch": str(version.patch),
        "PreReleaseTag": pre.text(),
        "PreReleaseTagWithDash": f"-{pre.text()}" if pre.text() else "",
        "PreReleaseLabel": pre.name,
        "PreReleaseLabelWithDash": f"-{pre.name}" if pre.name else "",
        "PreReleaseNumber": number,
        "WeightedPreReleaseNumber": weighted,
        "BuildMetaData": version.build.text(),
        "FullBuildMetaData": version.build.full_text(),
        "MajorMinorPatch": version.major_minor_patch(),
        "SemVer": version.text(),
        "FullSemVer": version.full_text(),
        "InformationalVersion": version.informational_text(),
        "BranchName": result.branch,
        "EscapedBranchName": _NAME_UNSAFE.sub("-", result.branch),
        "Sha": result.sha,
        "ShortSha": result.sha[:7],
        "CommitDate": format_date(result.commit_when, settings.commit_date_format),
        "VersionSourceSemVer": result.source_version.text(),
        "VersionSourceSha": result.source_sha,
        "CommitsSinceVersionSource": str(result.source_distance),
        "VersionSourceDistance": str(result.source_distance),
        "VersionSourceIncrement": result.source_increment.title,
        "UncommittedChanges": str(result.uncommitted_changes),
    }
    values["AssemblySemVer"] = _assembly(
        version,
        scheme=settings.assembly_versioning_scheme,
        template=settings.assembly_versioning_format,
        values=values,
        env=env,
    )
    values["AssemblySemFileVer"] = _assembly(
        version,
        scheme=settings.assembly_file_versioning_scheme,
        template=settings.assembly_file_versioning_format,
        values=values,
        env=env,
    )
    if settings.assembly_informational_format:
        values["InformationalVersion"] = _formatted(
            settings.assembly_informational_format, values=values, env=env
        )
    return {name: values[name] for name in NAMES}


def json_values(values: Mapping[str, str | None]) -> dict[str, str | int | None]:
    """Values as GitVersion's JSON writes them: counts as numbers, empty values as null."""
    out: dict[str, str | int | None] = {}
    for name in NAMES:
        value = values.get(name)
        if name in NUMBERS:
            out[name] = int(value) if value else None
        else:
            out[name] = value
    return out


def format_date(when: int, pattern: str) -> str:
    """A commit date (UTC) in a .NET custom date format (``yyyy-MM-dd`` by default)."""
    moment = datetime.datetime.fromtimestamp(when, tz=datetime.UTC)
    parts = []
    for token in _DATE_TOKENS.findall(pattern):
        if token in _DATE_FORMATS:
            parts.append(moment.strftime(_DATE_FORMATS[token]))
        elif token == "fff":
            parts.append("000")
        elif token.startswith("'") and token.endswith("'") and len(token) >= 2:
            parts.append(token[1:-1])
        else:
            parts.append(token)
    return "".join(parts)


def _assembly(
    version: semver.SemVer,
    *,
    scheme: str,
    template: str | None,
    values: Mapping[str, str | None],
    env: Mapping[str, str],
) -> str | None:
    if template:
        return _formatted(template, values=values, env=env)
    tag_number = version.pre_release.number or 0
    return {
        "Major": f"{version.major}.0.0.0",
        "MajorMinor": f"{version.major}.{version.minor}.0.0",
        "MajorMinorPatch": f"{version.major_minor_patch()}.0",
        "MajorMinorPatchTag": f"{version.major_minor_patch()}.{tag_number}",
    }.get(scheme)


def _formatted(template: str, *, values: Mapping[str, str | None], env: Mapping[str, str]) -> str:
    try:
        return _ASSEMBLY_UNSAFE.sub("-", config.fill_placeholders(template, values=values, env=env))
    except LookupError as exc:
        raise errors.UserError(f"cannot format {template!r}: no value for {{{exc}}}") from exc
