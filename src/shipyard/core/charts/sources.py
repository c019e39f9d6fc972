"""A Helm chart as an Application's source: where it is and which version to take.

Where (Argo CD's convention for ``repoURL`` with ``chart``):

- ``https://host/path`` or ``http://...``: an HTTP chart repository, ``<repoURL>/index.yaml``;
- ``oci://host[:port]/path`` or the bare ``host[:port]/path`` Argo CD uses for OCI Helm
  repositories: the chart is the OCI repository ``path/<chart>`` of that registry.

Which version (``targetRevision``), as ``helm pull --version`` and Argo CD choose it:

- a version listed verbatim is taken as is (Helm's exact match comes first);
- otherwise the text is a Masterminds SemVer constraint (``1.x``, ``^1.2``, ``>=1.0.0 <2.0.0``,
  ``~1.2 || ^2``) and the newest listed version that satisfies it wins; pre-releases only
  match a constraint that names one, as in Helm;
- ``HEAD`` (the field's default) is ``*``: the newest release;
- ``<version>@sha256:<hex>`` (a revision the status recorded, for rollbacks) is that exact
  version, and its archive must have that digest.

OCI tags spell ``+`` as ``_`` (helm's convention); tags that are no SemVer version are ignored.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from typing import Literal

from shipyard import errors
from shipyard.core import revisions
from shipyard.core.charts.functions import sprig_semver

_EXACT = re.compile(r"v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?")
_REGISTRY_HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?|\[[0-9a-fA-F:]+\](:[0-9]{1,5})?")
_OCI_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*")


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChartLocation:
    """A chart in a repository: ``url`` is the HTTP repository's base URL (no trailing ``/``),
    or ``oci://host/path`` for a registry, where ``host`` and ``repository`` address it."""

    kind: Literal["http", "oci"]
    url: str
    name: str
    host: str = ""
    repository: str = ""

    def __str__(self) -> str:
        return f"chart {self.name} in {self.url}"


def locate(repo_url: str, *, chart: str) -> ChartLocation:
    """Where ``chart`` of ``repo_url`` is; a UserError for a URL that is neither kind."""
    if not chart or "/" in chart or chart in (".", ".."):
        raise errors.UserError(f"chart name {chart!r} is not a chart name")
    scheme, separator, rest = repo_url.partition("://")
    if separator and scheme.lower() in ("http", "https"):
        return ChartLocation(kind="http", url=repo_url.rstrip("/"), name=chart)
    if separator and scheme.lower() != "oci":
        raise errors.UserError(
            f"{repo_url}: not a chart repository (use https://, http:// or oci://)"
        )
    reference = rest if separator else repo_url
    host, _, path = reference.strip("/").partition("/")
    path = path.strip("/")
    repository = f"{path}/{chart}" if path else chart
    if not _REGISTRY_HOST.fullmatch(host) or not all(
        _OCI_COMPONENT.fullmatch(part) for part in repository.split("/")
    ):
        raise errors.UserError(
            f"oci://{reference.strip('/')}/{chart}: not an OCI repository (lowercase letters, "
            "digits and . _ - separated by '/')"
        )
    url = f"oci://{host}/{path}" if path else f"oci://{host}"
    return ChartLocation(kind="oci", url=url, name=chart, host=host, repository=repository)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Target:
    """``targetRevision`` of a chart source, read: ``text`` as written, ``exact`` the version
    when it names one, ``constraint`` what the listed versions are checked against, and
    ``digest`` the archive digest a recorded revision pins."""

    text: str
    exact: str = ""
    constraint: str = ""
    digest: str = ""

    def __str__(self) -> str:
        return self.text


def parse_target(text: str) -> Target:
    """The chart version or constraint of ``text``; a UserError when it is neither."""
    value = text.strip()
    pinned = revisions.parse_chart(value)
    if pinned is not None:
        return Target(text=value, exact=pinned.version, digest=pinned.digest)
    if value in ("", "HEAD"):
        return Target(text=value or "HEAD", constraint="*")
    if _EXACT.fullmatch(value):
        return Target(text=value, exact=value, constraint=value)
    try:
        sprig_semver.parse_constraints(value)
    except sprig_semver.SemverError as exc:
        raise errors.UserError(
            f"targetRevision {value!r} is not a chart version or SemVer constraint ({exc})"
        ) from None
    return Target(text=value, constraint=value)


def version_of_tag(tag: str) -> str:
    """The chart version an OCI tag stands for (``1.2.3_build.4`` is ``1.2.3+build.4``)."""
    return tag.replace("_", "+")


def _newest_first(
    left: tuple[str, sprig_semver.Version], right: tuple[str, sprig_semver.Version]
) -> int:
    return -sprig_semver.compare(left[1], right[1])


def newest_match(versions: Iterable[str], target: Target, *, where: str) -> str:
    """The version of ``versions`` that ``target`` selects: a verbatim match, else the newest
    that satisfies its constraint (ties keep the listed order). A UserError says that
    ``where`` (e.g. ``chart web in https://...``) has none, naming the target."""
    listed = list(dict.fromkeys(versions))
    if target.exact and target.exact in listed:
        return target.exact
    if target.constraint:
        constraints = sprig_semver.parse_constraints(target.constraint)
        candidates = []
        for text in listed:
            try:
                parsed = sprig_semver.parse_version(text)
            except sprig_semver.SemverError:
                continue  # not a SemVer version: never selected by a constraint
            if sprig_semver.check(constraints, parsed):
                candidates.append((text, parsed))
        if candidates:
            return sorted(candidates, key=functools.cmp_to_key(_newest_first))[0][0]
    if target.exact:
        wanted = f"version {target.text}"
    elif target.constraint == "*":
        wanted = "released version"
    else:
        wanted = f"version matching {target.text!r}"
    shown = ", ".join(listed[:10]) + (", ..." if len(listed) > 10 else "")
    available = f" (available: {shown})" if listed else " (it lists no versions)"
    raise errors.UserError(f"{where} has no {wanted}{available}")
