"""The Application and Project resources (``shipyard.dev/v1alpha1``) as pydantic models.

Field names on the wire are Argo CD's (camelCase, ``repoURL``) so its users feel at home; Python
attributes are snake_case. Spec models are frozen and forbid unknown fields, so a typo is an
error rather than a silently ignored setting; status models ignore unknown fields so that an older
agent can read a status written by a newer one.

Every value that later becomes a command argument or a cluster name (repo URL, revision, path,
namespace) is checked here, once: SECURITY-CASES 18 (wrong types), 20 (durations) and 24 (option
injection, shell metacharacters).

A source is Git (``repoURL`` a Git URL, ``targetRevision`` a branch, tag or SHA, ``path`` a
directory) or, with ``chart`` set, a packaged Helm chart as Argo CD reads one: ``repoURL`` is an
HTTP chart repository (``https://``/``http://``, with ``index.yaml``) or an OCI registry path
(``oci://host/path``, or Argo CD's bare ``host/path``; the chart is ``<path>/<chart>``), and
``targetRevision`` is a version or a SemVer constraint. The CRD's pattern for
``targetRevision`` admits both kinds; the models apply the rule of the source's kind.

Field docstrings become the CRD's descriptions (`kubectl explain`). Reading these models from
YAML with line numbers is `shipyard.api.loading`.
"""

from __future__ import annotations

import dataclasses
import datetime
import fnmatch
import re
import urllib.parse
from collections.abc import Iterable
from typing import Annotated, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StrictBool,
    StrictInt,
    ValidationInfo,
    WithJsonSchema,
    alias_generators,
    field_validator,
    model_validator,
)

from shipyard import errors

GROUP = "shipyard.dev"
VERSION = "v1alpha1"
API_VERSION = f"{GROUP}/{VERSION}"
IN_CLUSTER = "in-cluster"
MAX_HISTORY = 10
MAX_DURATION = datetime.timedelta(hours=24)

_WIRE_NAMES = {"repo_url": "repoURL"}


def _wire_name(name: str) -> str:
    return _WIRE_NAMES.get(name) or alias_generators.to_camel(name)


class _Spec(BaseModel):
    model_config = ConfigDict(
        alias_generator=_wire_name,
        populate_by_name=True,
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
    )


class _Status(BaseModel):
    model_config = ConfigDict(
        alias_generator=_wire_name,
        populate_by_name=True,
        frozen=True,
        extra="ignore",
        use_attribute_docstrings=True,
    )


def _shown(value: str) -> str:
    """The value quoted for an error message when it is short and printable; else a placeholder."""
    return repr(value) if len(value) <= 40 and value.isprintable() else "the value"


# Patterns are anchored with ^...$ for the API server (RE2) and used with re.fullmatch here, so
# a trailing newline is not accepted by Python's `$`.
_DNS_LABEL = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
_DNS_SUBDOMAIN = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
_SECRET_KEY = r"^[-._a-zA-Z0-9]+$"
_DURATION = r"^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$"
_DURATION_PART = re.compile(r"([0-9]+)(?:\.([0-9]+))?(ns|us|µs|ms|s|m|h)")
_DURATION_UNITS = {
    "ns": 1,
    "us": 10**3,
    "µs": 10**3,
    "ms": 10**6,
    "s": 10**9,
    "m": 60 * 10**9,
    "h": 3600 * 10**9,
}
_REPO_URL_CHARS = r"^[A-Za-z0-9._~:/@%+=,][A-Za-z0-9._~:/@%+=,-]*$"
_HOST = re.compile(r"[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")
_SCP_LIKE = re.compile(r"(?P<user>[A-Za-z0-9_][A-Za-z0-9._-]*)@(?P<host>[^:/]+):(?P<path>.+)")
_REVISION_CHARS = r"^[A-Za-z0-9_][A-Za-z0-9._/+@=,-]*$"
# Chart sources: a SemVer version or constraint (Masterminds syntax: ``1.x``, ``^1.2``,
# ``>=1.0.0 <2.0.0``, ``~1.2 || ^2``), or ``<version>@sha256:<hex>`` (a recorded revision).
_CHART_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_CHART_VERSION_CHARS = r"^[A-Za-z0-9*^~<>=!][A-Za-z0-9.+*^~<>=!|, -]*$"
_PINNED_CHART_VERSION = r"^[A-Za-z0-9.+-]+@sha256:[0-9a-f]{64}$"
# What the API server accepts for targetRevision: Git revisions and chart versions alike (the
# agent's models then apply the rule of the source's kind).
_TARGET_REVISION_CHARS = r"^[A-Za-z0-9_*^~<>=!][A-Za-z0-9._/+@=,*^~<>=!|: -]*$"
# The OCI distribution spec's repository path components.
_OCI_COMPONENT = re.compile(r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*")
_REGISTRY_HOST = re.compile(
    r"(?P<host>[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(?P<port>[0-9]{1,5}))?"
)
_JSON_POINTER = r"^(/([^~/]|~[01])*)+$"
_SYNC_OPTION_KEYS = ("CreateNamespace", "PruneLast", "Replace", "Force")
SYNC_OPTIONS = tuple(f"{key}={value}" for key in _SYNC_OPTION_KEYS for value in ("true", "false"))


def _check_dns_label(value: str) -> str:
    if len(value) > 63 or not re.fullmatch(_DNS_LABEL, value):
        raise ValueError(
            "must be a DNS-1123 label: at most 63 lowercase letters, digits and '-', "
            "starting and ending with a letter or digit"
        )
    return value


def _check_dns_subdomain(value: str) -> str:
    if len(value) > 253 or not re.fullmatch(_DNS_SUBDOMAIN, value):
        raise ValueError("must be a DNS-1123 subdomain: lowercase letters, digits, '-' and '.'")
    return value


def _check_secret_key(value: str) -> str:
    if len(value) > 253 or not re.fullmatch(_SECRET_KEY, value):
        raise ValueError("must be a Secret key: letters, digits, '-', '_' and '.'")
    return value


def _check_text(value: str) -> str:
    if not value or len(value) > 2048 or any(ch.isspace() or not ch.isprintable() for ch in value):
        raise ValueError("must be 1-2048 characters without whitespace or control characters")
    return value


def _check_repo_url(value: str) -> str:
    """A Git URL that is safe as a `git` argument (SECURITY-CASES 24): no options, no shell."""
    if len(value) > 2048:
        raise ValueError("must be at most 2048 characters")
    if value.startswith("-"):
        raise ValueError("must not start with '-'")
    if not re.fullmatch(_REPO_URL_CHARS, value):
        raise ValueError(
            "must not contain whitespace, control characters or shell metacharacters "
            "(allowed: letters, digits and . _ ~ : / @ % + = , -)"
        )
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        if scheme == "oci":
            raise ValueError(
                "an oci:// repository needs chart: the chart's name (repoURL is the registry "
                "path that holds it)"
            )
        if scheme not in ("http", "https", "ssh"):
            raise ValueError(
                f"scheme {_shown(scheme)} is not allowed: use https://, ssh:// or http://"
            )
        parts = urllib.parse.urlsplit(value)
        if parts.password is not None:
            raise ValueError("must not embed credentials; keep them in a Secret")
        if not parts.hostname or not _HOST.fullmatch(parts.hostname):
            raise ValueError("has no valid host name")
        try:
            _ = parts.port
        except ValueError:
            raise ValueError("has an invalid port") from None
        if (parts.username or "").startswith("-"):
            raise ValueError("has a user name starting with '-'")
        if parts.path in ("", "/"):
            raise ValueError("has no repository path")
        return value
    scp_like = _SCP_LIKE.fullmatch(value)
    if scp_like is None:
        raise ValueError(
            "must be an https://, ssh:// or http:// URL, or user@host:path "
            "(local paths and file:// are not allowed)"
        )
    if not _HOST.fullmatch(scp_like["host"]):
        raise ValueError("has no valid host name")
    if scp_like["path"].startswith("-"):
        raise ValueError("has a repository path starting with '-'")
    return value


def _check_registry_path(path: str) -> None:
    if path and not all(_OCI_COMPONENT.fullmatch(part) for part in path.split("/")):
        raise ValueError(
            "has an OCI repository path that is not lowercase letters, digits and . _ - "
            "separated by '/'"
        )


def _check_chart_repo_url(value: str) -> str:
    """A chart repository: ``http(s)://`` with an index.yaml, or an OCI registry path
    (``oci://host[:port][/path]`` or Argo CD's bare ``host[:port][/path]``); never Git."""
    if len(value) > 2048:
        raise ValueError("must be at most 2048 characters")
    if value.startswith("-"):
        raise ValueError("must not start with '-'")
    if not re.fullmatch(_REPO_URL_CHARS, value):
        raise ValueError(
            "must not contain whitespace, control characters or shell metacharacters "
            "(allowed: letters, digits and . _ ~ : / @ % + = , -)"
        )
    if value.rstrip("/").endswith(".git"):
        raise ValueError(
            "is a Git repository; with chart, repoURL is an HTTP chart repository or an OCI "
            "registry (for a chart in Git, set path instead of chart)"
        )
    if "://" in value:
        scheme = value.split("://", 1)[0].lower()
        if scheme not in ("http", "https", "oci"):
            raise ValueError(
                f"scheme {_shown(scheme)} is not a chart repository: use https:// or http:// "
                "(index.yaml) or oci:// (OCI registry)"
            )
        parts = urllib.parse.urlsplit(value)
        if parts.username is not None or parts.password is not None:
            raise ValueError("must not embed credentials; keep them in a repository Secret")
        if not parts.hostname or not _HOST.fullmatch(parts.hostname):
            raise ValueError("has no valid host name")
        try:
            _ = parts.port
        except ValueError:
            raise ValueError("has an invalid port") from None
        if scheme == "oci":
            _check_registry_path(parts.path.strip("/"))
        return value
    if _SCP_LIKE.fullmatch(value) or "@" in value:
        raise ValueError(
            "is a Git URL (user@host:path); with chart, repoURL is an HTTP chart repository or "
            "an OCI registry"
        )
    host, _, path = value.partition("/")
    matched = _REGISTRY_HOST.fullmatch(host)
    if matched is None or not (
        "." in matched["host"] or matched["port"] or matched["host"] == "localhost"
    ):
        raise ValueError(
            "must be an https:// or http:// chart repository, or an OCI registry as "
            "oci://HOST/PATH or HOST/PATH (HOST with a '.' or a port)"
        )
    if matched["port"] and int(matched["port"]) > 65535:
        raise ValueError("has an invalid port")
    _check_registry_path(path.strip("/"))
    return value


def _check_chart_name(value: str) -> str:
    if len(value) > 250 or not re.fullmatch(_CHART_NAME, value) or ".." in value:
        raise ValueError("must be a chart name: letters, digits, '.', '_' and '-'")
    return value


def _check_chart_version(value: str) -> str:
    """A chart version or SemVer constraint (parsed when resolved), or a pinned revision."""
    if not value or len(value) > 255:
        raise ValueError("must be 1-255 characters")
    if re.fullmatch(_PINNED_CHART_VERSION, value):
        return value
    if not re.fullmatch(_CHART_VERSION_CHARS, value):
        raise ValueError(
            "must be a chart version or SemVer constraint such as 1.2.3, 1.x, ^1.2 or "
            "'>=1.0.0 <2.0.0' (allowed: letters, digits, spaces and . + * ^ ~ < > = ! | , -)"
        )
    return value


def _check_revision(value: str) -> str:
    """A branch, tag or commit SHA, following `git check-ref-format` and refusing options."""
    if not value or len(value) > 255:
        raise ValueError("must be 1-255 characters")
    if value.startswith("-"):
        raise ValueError("must not start with '-'")
    if ".." in value:
        raise ValueError("must not contain '..'")
    if not re.fullmatch(_REVISION_CHARS, value):
        raise ValueError(
            "must be a branch, tag or commit SHA without whitespace, control characters or "
            "shell metacharacters (allowed: letters, digits and . _ / + @ = , -)"
        )
    parts = value.split("/")
    if any(not part or part.startswith(".") or part.endswith(".lock") for part in parts) or (
        value.endswith(".")
    ):
        raise ValueError("is not a valid branch or tag name (see git check-ref-format)")
    return value


def _check_source_path(value: str) -> str:
    """A directory inside the repository: relative, and never leaving it (SECURITY-CASES 5)."""
    if not value or len(value) > 1024:
        raise ValueError("must be 1-1024 characters (use '.' for the repository root)")
    if any(not ch.isprintable() for ch in value):
        raise ValueError("must not contain control characters")
    if "\\" in value:
        raise ValueError("must use '/' as separator")
    if value.startswith("/") or re.match(r"[A-Za-z]:", value):
        raise ValueError("must be relative to the repository root")
    if value.startswith("-"):
        raise ValueError("must not start with '-'")
    if ".." in value.split("/"):
        raise ValueError("must not contain '..' components")
    return value


def _check_json_pointer(value: str) -> str:
    if len(value) > 1024 or not re.fullmatch(_JSON_POINTER, value):
        raise ValueError("must be a JSON pointer like /spec/replicas ('~0' for '~', '~1' for '/')")
    return value


def _parse_duration(text: str, *, maximum: datetime.timedelta) -> datetime.timedelta:
    if len(text) > 32 or not text.isprintable():
        raise ValueError("is not a duration like 30s, 1m30s or 500ms")
    if text.startswith("-"):
        raise ValueError(f"{_shown(text)} must not be negative")
    if not re.fullmatch(_DURATION, text):
        raise ValueError(f"{_shown(text)} is not a duration like 30s, 1m30s or 500ms")
    nanoseconds = 0
    for whole, fraction, unit in _DURATION_PART.findall(text):
        scale = _DURATION_UNITS[unit]
        nanoseconds += int(whole) * scale
        if fraction:
            nanoseconds += int(fraction) * scale // 10 ** len(fraction)
    if nanoseconds > maximum // datetime.timedelta(microseconds=1) * 1000:
        raise ValueError(f"{_shown(text)} is longer than the maximum of {_format(maximum)}")
    return datetime.timedelta(microseconds=nanoseconds // 1000)


def _format(duration: datetime.timedelta) -> str:
    """A timedelta in Go's notation, to the second: ``24h``, ``1h30m``, ``45s``."""
    minutes, seconds = divmod(int(duration.total_seconds()), 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{seconds}s"]
    return "".join(parts[:2]) + (parts[2] if seconds or not (hours or minutes) else "")


def parse_duration(text: str, *, maximum: datetime.timedelta = MAX_DURATION) -> datetime.timedelta:
    """A Go-style duration (``1h2m3s``, ``1.5s``, ``500ms``, ``0``) as a timedelta.

    Negative durations, anything else than the Go units, and durations over ``maximum`` (24 hours
    by default) are a `UserError` (SECURITY-CASES 20).
    """
    try:
        return _parse_duration(text, maximum=maximum)
    except ValueError as exc:
        raise errors.UserError(f"duration {exc}") from None


def _check_duration(value: str) -> str:
    _parse_duration(value, maximum=MAX_DURATION)
    return value


def _check_sync_option(value: str) -> str:
    if value not in SYNC_OPTIONS:
        raise ValueError(
            f"unknown sync option {_shown(value)}: allowed are "
            f"{', '.join(_SYNC_OPTION_KEYS)}, each =true or =false"
        )
    return value


def _check_group(value: str) -> str:
    return value if value == "" else _check_text(value)


def _schema(**constraints: JsonValue) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", **constraints})


DnsLabel = Annotated[
    str, AfterValidator(_check_dns_label), _schema(maxLength=63, pattern=_DNS_LABEL)
]
DnsSubdomain = Annotated[
    str, AfterValidator(_check_dns_subdomain), _schema(maxLength=253, pattern=_DNS_SUBDOMAIN)
]
SecretKey = Annotated[
    str, AfterValidator(_check_secret_key), _schema(maxLength=253, pattern=_SECRET_KEY)
]
Text = Annotated[str, AfterValidator(_check_text), _schema(minLength=1, maxLength=2048)]
Group = Annotated[str, AfterValidator(_check_group), _schema(maxLength=2048)]
# Checked by ApplicationSource, as Git or chart repository by whether ``chart`` is set.
RepoURL = Annotated[str, _schema(maxLength=2048, pattern=_REPO_URL_CHARS)]
TargetRevision = Annotated[str, _schema(maxLength=255, pattern=_TARGET_REVISION_CHARS)]
ChartName = Annotated[
    str, AfterValidator(_check_chart_name), _schema(maxLength=250, pattern=_CHART_NAME)
]
SourcePath = Annotated[
    str, AfterValidator(_check_source_path), _schema(minLength=1, maxLength=1024)
]
JsonPointer = Annotated[str, AfterValidator(_check_json_pointer), _schema(pattern=_JSON_POINTER)]
Duration = Annotated[str, AfterValidator(_check_duration), _schema(maxLength=32, pattern=_DURATION)]
SyncOption = Annotated[str, AfterValidator(_check_sync_option), _schema(enum=list(SYNC_OPTIONS))]


@dataclasses.dataclass(frozen=True, kw_only=True)
class SyncOptions:
    """The ``syncOptions`` strings of a sync policy as flags; every one is off unless set."""

    create_namespace: bool = False
    prune_last: bool = False
    replace: bool = False
    force: bool = False


def _sync_options(options: Iterable[str]) -> SyncOptions:
    flags: dict[str, bool] = {}
    for option in options:
        key, value = _check_sync_option(option).split("=")
        if flags.get(key, value == "true") != (value == "true"):
            raise ValueError(f"{key} is set both to true and to false")
        flags[key] = value == "true"
    return SyncOptions(
        create_namespace=flags.get("CreateNamespace", False),
        prune_last=flags.get("PruneLast", False),
        replace=flags.get("Replace", False),
        force=flags.get("Force", False),
    )


def parse_sync_options(options: Iterable[str]) -> SyncOptions:
    """Flags from strings such as ``CreateNamespace=true``; unknown or conflicting ones fail."""
    try:
        return _sync_options(options)
    except ValueError as exc:
        raise errors.UserError(f"syncOptions: {exc}") from None


class ObjectMeta(_Spec):
    """Standard object metadata; the fields the API server sets are accepted, not required.

    Those fields default to None, so that ``model_dump(exclude_none=True)`` gives a body fit for
    server-side apply (an empty ``managedFields`` there would reset field ownership).
    """

    name: DnsLabel
    namespace: DnsLabel | None = None
    labels: dict[str, str] = Field(default_factory=dict)
    annotations: dict[str, str] = Field(default_factory=dict)
    generate_name: str | None = None
    uid: str | None = None
    resource_version: str | None = None
    generation: int | None = None
    creation_timestamp: str | None = None
    deletion_timestamp: str | None = None
    deletion_grace_period_seconds: int | None = None
    finalizers: tuple[str, ...] | None = None
    owner_references: tuple[JsonValue, ...] | None = None
    managed_fields: tuple[JsonValue, ...] | None = None
    self_link: str | None = None


class DirectorySource(_Spec):
    """Options for a directory of plain YAML/JSON manifests."""

    recurse: StrictBool = False
    """Also read manifests from subdirectories."""


class HelmSource(_Spec):
    """Options for a Helm chart, in Git or from a chart repository (rendered as ``helm
    template`` renders it)."""

    release_name: str | None = None
    """Release name seen by the templates (default: the Application's name)."""
    value_files: list[Annotated[str, Field(min_length=1, max_length=1024)]] = []
    """Values files relative to the chart directory, in order. In Git, ``../`` may reach
    other files of the repository; from a chart repository, they are files of the chart
    package. A file outside the repository or chart is refused when rendering."""
    values: str = ""
    """Inline values (YAML), applied after the files."""
    skip_crds: StrictBool = False
    """Leave out the chart's crds/ directory."""


class ApplicationSource(_Spec):
    """Where the manifests come from: a Git repository, a revision and a path inside it; or,
    with chart, a Helm chart from a chart repository or OCI registry at a version."""

    # ``chart`` comes first: the checks of repoURL, targetRevision and path depend on it.
    chart: ChartName | None = None
    """Helm chart name in the chart repository or OCI registry of repoURL (Argo CD's field).
    With chart, targetRevision is the chart version or a SemVer constraint and path is
    unused."""
    repo_url: RepoURL
    """Git URL: https://, ssh:// or http://, or user@host:path. With chart: an HTTP chart
    repository (https://, http://; index.yaml) or an OCI registry path (oci://host/path, or
    host/path; the chart is path/chart). Credentials live in repository Secrets."""
    target_revision: TargetRevision = "HEAD"
    """Branch, tag or commit SHA. With chart: the version, or a SemVer constraint such as 1.x,
    ^1.2 or '>=1.0.0 <2.0.0' resolved to the newest match (HEAD: the newest release)."""
    path: SourcePath = "."
    """Directory inside the repository, relative to its root (not used with chart)."""
    directory: DirectorySource | None = None
    """Options for a plain directory of manifests."""
    helm: HelmSource | None = None
    """Options for a Helm chart (in Git: detected by its Chart.yaml)."""

    @field_validator("repo_url")
    @classmethod
    def _validate_repo_url(cls, value: str, info: ValidationInfo) -> str:
        if "chart" not in info.data:
            return value  # an invalid chart name is reported on its own
        if info.data["chart"] is None:
            return _check_repo_url(value)
        return _check_chart_repo_url(value)

    @field_validator("target_revision")
    @classmethod
    def _validate_target_revision(cls, value: str, info: ValidationInfo) -> str:
        if "chart" not in info.data:
            return value
        if info.data["chart"] is None:
            return _check_revision(value)
        return _check_chart_version(value)

    @field_validator("path")
    @classmethod
    def _check_path_unused(cls, value: str, info: ValidationInfo) -> str:
        if info.data.get("chart") is not None and value.strip("/") not in ("", "."):
            raise ValueError(
                "is not used with chart: the chart package is the source (helm.valueFiles "
                "are relative to the chart)"
            )
        return value

    @field_validator("directory")
    @classmethod
    def _check_directory_unused(
        cls, value: DirectorySource | None, info: ValidationInfo
    ) -> DirectorySource | None:
        if info.data.get("chart") is not None and value is not None:
            raise ValueError("is for a directory of manifests in Git; not used with chart")
        return value

    @property
    def is_chart(self) -> bool:
        """True for a chart from a chart repository or OCI registry (not a chart in Git)."""
        return self.chart is not None


class SecretKeyRef(_Spec):
    """A key of a Secret in the Application's namespace."""

    name: DnsSubdomain
    key: SecretKey = "value"


class ApplicationDestination(_Spec):
    """The cluster and namespace the manifests are applied to."""

    namespace: DnsLabel
    """Namespace for the namespaced objects that do not set one."""
    name: DnsLabel = IN_CLUSTER
    """Cluster name: in-cluster, or a cluster whose kubeconfig is in kubeconfigSecret."""
    kubeconfig_secret: SecretKeyRef | None = None
    """Secret holding the kubeconfig of a cluster other than in-cluster."""

    @model_validator(mode="after")
    def _check_cluster(self) -> Self:
        if self.name == IN_CLUSTER and self.kubeconfig_secret is not None:
            raise ValueError("kubeconfigSecret is only for a cluster other than in-cluster")
        if self.name != IN_CLUSTER and self.kubeconfig_secret is None:
            raise ValueError(f"cluster {self.name!r} needs a kubeconfigSecret")
        return self


class AutomatedSync(_Spec):
    """Sync automatically when Git or the cluster changes."""

    prune: StrictBool = False
    """Delete objects that are no longer rendered."""
    self_heal: StrictBool = False
    """Revert changes made in the cluster outside Git."""
    allow_empty: StrictBool = False
    """Allow a render with no objects to prune everything."""


class Backoff(_Spec):
    """Wait between retries: duration, multiplied by factor after each, up to maxDuration."""

    duration: Duration = "5s"
    factor: StrictInt = Field(default=2, ge=1, le=100)
    max_duration: Duration = "3m"

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        if self.max_delay < self.base_delay:
            raise ValueError("maxDuration must not be shorter than duration")
        return self

    @property
    def base_delay(self) -> datetime.timedelta:
        return parse_duration(self.duration)

    @property
    def max_delay(self) -> datetime.timedelta:
        return parse_duration(self.max_duration)

    def delay(self, attempt: int) -> datetime.timedelta:
        """The wait before retry ``attempt`` (0 for the first retry)."""
        delay, maximum = self.base_delay, self.max_delay
        for _ in range(attempt):
            delay *= self.factor
            if delay >= maximum:
                return maximum
        return min(delay, maximum)


class RetryStrategy(_Spec):
    """How a failed sync is retried."""

    limit: StrictInt = Field(default=5, ge=0, le=100)
    """Number of retries after the first attempt."""
    backoff: Backoff = Backoff()


class SyncPolicy(_Spec):
    """When and how the Application is synced."""

    automated: AutomatedSync | None = None
    """Sync automatically; absent means only on request."""
    sync_options: tuple[SyncOption, ...] = ()
    """CreateNamespace, PruneLast, Replace and Force, each =true or =false."""
    retry: RetryStrategy = RetryStrategy()

    @field_validator("sync_options")
    @classmethod
    def _check_conflicts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _sync_options(value)
        return value

    @property
    def options(self) -> SyncOptions:
        return _sync_options(self.sync_options)


class Dependency(_Spec):
    """An Application that must be Healthy before this one syncs."""

    name: DnsLabel
    namespace: DnsLabel | None = None
    """Defaults to the namespace of the depending Application."""


class IgnoreDifference(_Spec):
    """Differences to ignore when comparing rendered and live objects of one kind."""

    group: Group = ""
    kind: Text
    name: str | None = Field(default=None, max_length=253)
    namespace: DnsLabel | None = None
    json_pointers: tuple[JsonPointer, ...] = ()
    managed_fields_managers: tuple[Text, ...] = ()
    """Fields owned by these field managers are ignored."""

    @model_validator(mode="after")
    def _check_not_empty(self) -> Self:
        if not (self.json_pointers or self.managed_fields_managers):
            raise ValueError("set jsonPointers or managedFieldsManagers")
        return self


class ApplicationSpec(_Spec):
    """The desired state: what to deploy, where, and how to sync it."""

    project: DnsLabel = "default"
    """The Project that restricts sources and destinations."""
    source: ApplicationSource
    destination: ApplicationDestination
    sync_policy: SyncPolicy = SyncPolicy()
    depends_on: tuple[Dependency, ...] = ()
    """Applications that must be Healthy before this one syncs."""
    ignore_differences: tuple[IgnoreDifference, ...] = ()

    @property
    def sync_options(self) -> SyncOptions:
        return self.sync_policy.options


SyncStatusCode = Literal["Synced", "OutOfSync", "Unknown"]
HealthStatusCode = Literal["Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"]


class SyncStatus(_Status):
    """Whether the live objects match the rendered ones, and at which revision."""

    status: SyncStatusCode = "Unknown"
    revision: str | None = None


class HealthStatus(_Status):
    """Health and the reason for it."""

    status: HealthStatusCode = "Unknown"
    message: str = ""


class Condition(_Status):
    """A condition in the Kubernetes convention."""

    type: str
    status: Literal["True", "False", "Unknown"]
    reason: str
    message: str = ""
    last_transition_time: str
    observed_generation: int | None = None


class ResourceStatus(_Status):
    """Sync and health of one managed object."""

    group: str = ""
    version: str
    kind: str
    namespace: str = ""
    name: str
    status: SyncStatusCode = "Unknown"
    health: HealthStatus | None = None
    message: str = ""


class HistoryEntry(_Status):
    """A past successful sync, which `shipyard app rollback` can re-apply."""

    id: int
    revision: str
    deployed_at: str
    source: ApplicationSource


class OperationState(_Status):
    """The running or last sync operation."""

    phase: Literal["Running", "Succeeded", "Failed", "Error", "Terminating"]
    message: str = ""
    revision: str | None = None
    started_at: str
    finished_at: str | None = None
    retry_count: int = 0


class ApplicationStatus(_Status):
    """The observed state, written by the agent."""

    observed_generation: int | None = None
    reconciled_at: str | None = None
    sync: SyncStatus = SyncStatus()
    health: HealthStatus = HealthStatus()
    conditions: tuple[Condition, ...] = ()
    resources: tuple[ResourceStatus, ...] = ()
    inventory: tuple[str, ...] = ()
    """Every applied object as apiVersion/Kind:namespace/name, the base of pruning."""
    history: tuple[HistoryEntry, ...] = Field(default=(), max_length=MAX_HISTORY)
    """The last successful syncs, oldest first."""
    operation_state: OperationState | None = None


class Application(_Spec):
    """A set of manifests rendered from Git and kept in sync with a cluster namespace."""

    api_version: Literal["shipyard.dev/v1alpha1"] = "shipyard.dev/v1alpha1"
    kind: Literal["Application"] = "Application"
    metadata: ObjectMeta
    spec: ApplicationSpec
    status: ApplicationStatus | None = None


class GroupKind(_Spec):
    """An API group and kind; '*' matches any."""

    group: Group
    kind: Text


class ProjectDestination(_Spec):
    """A destination allowed by a Project; '*' globs match any."""

    namespace: Text
    name: Text = "*"


def _normalise_repo(url: str) -> str:
    return url.rstrip("/").removesuffix(".git")


def _matches(value: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)


class ProjectSpec(_Spec):
    """What the Applications of a Project may use; anything not allowed is denied."""

    description: str = ""
    source_repos: tuple[Text, ...] = ()
    """Repository URL globs; '*' allows every repository."""
    destinations: tuple[ProjectDestination, ...] = ()
    cluster_resource_whitelist: tuple[GroupKind, ...] = ()
    """Cluster-scoped kinds the Applications may manage; none by default."""
    namespace_resource_blacklist: tuple[GroupKind, ...] = ()
    """Namespaced kinds the Applications may not manage."""

    def permits_source(self, repo_url: str) -> bool:
        url = _normalise_repo(repo_url)
        return any(_matches(url, _normalise_repo(pattern)) for pattern in self.source_repos)

    def permits_destination(self, *, namespace: str, cluster: str) -> bool:
        return any(
            _matches(namespace, allowed.namespace) and _matches(cluster, allowed.name)
            for allowed in self.destinations
        )

    def permits_cluster_resource(self, *, group: str, kind: str) -> bool:
        return any(
            _matches(group, allowed.group) and _matches(kind, allowed.kind)
            for allowed in self.cluster_resource_whitelist
        )

    def permits_namespaced_resource(self, *, group: str, kind: str) -> bool:
        return not any(
            _matches(group, denied.group) and _matches(kind, denied.kind)
            for denied in self.namespace_resource_blacklist
        )


class Project(_Spec):
    """Restrictions shared by a group of Applications."""

    api_version: Literal["shipyard.dev/v1alpha1"] = "shipyard.dev/v1alpha1"
    kind: Literal["Project"] = "Project"
    metadata: ObjectMeta
    spec: ProjectSpec


def default_project() -> Project:
    """The ``default`` Project, which allows every source, destination and kind."""
    return Project(
        metadata=ObjectMeta(name="default"),
        spec=ProjectSpec(
            description="Allows every source, destination and kind.",
            source_repos=("*",),
            destinations=(ProjectDestination(namespace="*", name="*"),),
            cluster_resource_whitelist=(GroupKind(group="*", kind="*"),),
        ),
    )
