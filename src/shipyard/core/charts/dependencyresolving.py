"""Which version of a chart dependency to take, and from where: the pure half of
``helm dependency update|build`` (helm's ``internal/resolver`` and ``pkg/downloader/manager``).

A dependency's ``repository`` is one of:

- empty: the chart is already unpacked in ``charts/<name>/``; its range is kept as the version;
- ``file://PATH``: a chart directory (relative to the chart unless absolute), packaged into
  ``charts/`` as ``<name>-<version>.tgz``; its own version is locked;
- ``https://`` or ``http://``: a chart repository; its ``index.yaml`` versions, newest first by
  SemVer precedence, and the first one that satisfies the range and has a URL is locked, as
  written in the index. The archive keeps the name its URL ends with;
- ``oci://HOST/PATH``: the chart ``HOST/PATH/<name>``; a range that is itself a version is
  locked as it is, otherwise the registry's tags are listed, kept when strict SemVer (``_``
  read as ``+``), and the newest that satisfies the range is locked; the archive is
  ``<name>-<version>.tgz``.

Repository names (``@name``, ``alias:name``) need Helm's repository list, which shipyard does
not keep: they are refused with a message saying so, as are URLs carrying credentials.
Pre-releases only satisfy ranges that mention one (Masterminds/semver's rule).
"""

from __future__ import annotations

import dataclasses
import functools
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from shipyard import errors
from shipyard.core.charts import constraints
from shipyard.core.charts.chartyaml import Dependency
from shipyard.core.charts.functions import sprig_semver

LOCAL = "local"
FILE = "file"
HTTP = "http"
OCI = "oci"

_STRICT = re.compile(
    r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
    r"(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?\Z",
    re.ASCII,
)
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\\/]")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Source:
    """Where a dependency comes from."""

    kind: str  # LOCAL | FILE | HTTP | OCI
    location: str  # the repository URL without a trailing "/", the file:// path, or ""
    host: str = ""  # HTTP and OCI: host[:port], lower case


def describe(dep: Dependency) -> str:
    return f'dependency "{dep.Name}"'


def source_of(dep: Dependency, *, where: str) -> Source:
    """The dependency's source; ``UserError`` for repositories shipyard cannot use."""
    repository = dep.Repository
    what = f"{where}: {describe(dep)}"
    if not is_plain_name(dep.Name):
        raise errors.UserError(f"{what}: the name must be a chart name, not a path")
    if not repository:
        return Source(kind=LOCAL, location="")
    if repository.startswith("file://"):
        return Source(kind=FILE, location=repository.removeprefix("file://"))
    if repository.startswith(("@", "alias:")):
        raise errors.UserError(
            f"{what}: repository {repository!r} names a repository added with `helm repo add`; "
            "shipyard keeps no repository list (repo add is not supported): write the "
            "repository's URL in its place"
        )
    parts = urllib.parse.urlsplit(repository)
    scheme = parts.scheme
    if scheme not in ("http", "https", "oci") or not parts.hostname:
        raise errors.UserError(
            f"{what}: repository {repository!r} is not a chart repository URL (https://, "
            "http://, oci://) nor a file:// path"
        )
    if parts.username is not None or parts.password is not None:
        raise errors.UserError(
            f"{what}: the repository URL carries credentials; give them with --username and "
            "--password instead"
        )
    host = parts.netloc.lower()
    if scheme == "oci":
        if parts.query or parts.fragment:
            raise errors.UserError(f"{what}: oci:// repository {repository!r} has a query")
        return Source(kind=OCI, location=repository.rstrip("/"), host=host)
    return Source(kind=HTTP, location=repository.rstrip("/"), host=host)


def check_constraint(dep: Dependency, *, where: str) -> None:
    try:
        sprig_semver.parse_constraints(dep.Version)
    except sprig_semver.SemverError as exc:
        raise errors.UserError(
            f"{where}: {describe(dep)} has an invalid version/constraint format: {exc}"
        ) from None


def satisfies(constraint: str, version: str) -> bool:
    return constraints.is_compatible(constraint, version)


def _parsed(text: object) -> sprig_semver.Version | None:
    if not isinstance(text, str):
        return None
    try:
        return sprig_semver.parse_version(text)
    except sprig_semver.SemverError:
        return None


def _newest_first(left: tuple[sprig_semver.Version, Any], right: tuple[Any, Any]) -> int:
    return -sprig_semver.compare(left[0], right[0])


def newest_in_index(entries: Sequence[Mapping[str, Any]], *, constraint: str) -> str | None:
    """The version an index offers for ``constraint`` (as written there), or None."""
    ranked = [(v, e) for e in entries if (v := _parsed(e.get("version"))) is not None]
    ranked.sort(key=functools.cmp_to_key(_newest_first))
    for version, entry in ranked:
        if entry.get("urls") and satisfies(constraint, version.Original()):
            return version.Original()
    return None


def find_in_index(entries: Sequence[Mapping[str, Any]], *, version: str) -> Mapping[str, Any]:
    """The entry of a locked ``version`` (SemVer-equal; text-equal when it is not SemVer)."""
    wanted = _parsed(version)
    for entry in entries:
        if not entry.get("urls"):
            continue
        if wanted is None:
            if entry.get("version") == version:
                return entry
            continue
        found = _parsed(entry.get("version"))
        if found is not None and sprig_semver.compare(found, wanted) == 0:
            return entry
    raise LookupError(version)


def registry_tags(tags: Sequence[str]) -> list[str]:
    """Tags as helm's registry client lists them: strict SemVer only (``_`` read as ``+``),
    newest first."""
    versions = []
    for tag in tags:
        text = tag.replace("_", "+")
        if _STRICT.match(text) and (version := _parsed(text)) is not None:
            versions.append((version, text))
    versions.sort(key=functools.cmp_to_key(_newest_first))
    return [version.String() for version, _ in versions]


def is_explicit_version(text: str) -> bool:
    """Whether an OCI dependency's range is a version, taken without listing tags."""
    return _parsed(text) is not None


def newest_of(versions: Sequence[str], *, constraint: str) -> str | None:
    for version in versions:
        if satisfies(constraint, version):
            return version
    return None


def missing_message(missing: Sequence[Dependency]) -> str:
    listed = ", ".join(
        f'"{dep.Name}" (repository "{dep.Repository}", version "{dep.Version}")' for dep in missing
    )
    return (
        f"can't get a valid version for {len(missing)} subchart(s): {listed}. Make sure a "
        "matching chart version exists in the repo, or change the version constraint in "
        "Chart.yaml"
    )


def chart_url(repository_url: str, link: str) -> str:
    """An index entry's URL made absolute against its repository (helm's
    ResolveReferenceURL: the repository path as a directory, its query kept)."""
    if urllib.parse.urlsplit(link).scheme:
        return link
    base = urllib.parse.urlsplit(repository_url)
    directory = urllib.parse.urlunsplit(
        (base.scheme, base.netloc, base.path.rstrip("/") + "/", "", "")
    )
    resolved = urllib.parse.urlsplit(urllib.parse.urljoin(directory, link))
    return urllib.parse.urlunsplit(resolved._replace(query=base.query, fragment=""))


def index_url(repository_url: str) -> str:
    return chart_url(repository_url, "index.yaml")


def is_plain_name(name: str) -> bool:
    """A single file name that is not hidden (the loader skips names starting with "." or
    "_" in charts/, and nothing may land outside it)."""
    return bool(name) and _UNSAFE_NAME.search(name) is None and name[0] not in "._"


def archive_name(url: str, *, where: str) -> str:
    """The file name helm gives a downloaded archive: the last element of its URL path."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    name = path.rsplit("/", 1)[-1]
    if not is_plain_name(name):
        raise errors.UserError(f"{where}: chart URL {url!r} does not end with a file name")
    return name


def oci_archive_name(name: str, version: str) -> str:
    return f"{name}-{version}.tgz"


def oci_repository(location: str, name: str) -> tuple[str, str]:
    """(host, repository path) of the chart ``<oci://HOST/PATH>/<name>``."""
    host, _, path = location.removeprefix("oci://").partition("/")
    path = path.strip("/")
    return host, f"{path}/{name}" if path else name
