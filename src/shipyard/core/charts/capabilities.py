"""``.Capabilities`` as ``helm template`` sees it: Kubernetes version, API versions, Helm version.

Without a cluster, helm v3.22.0 reports Kubernetes v1.37.0 and the API versions its client-go
scheme knows (``DEFAULT_API_VERSIONS``, in helm's own order), plus any ``--api-versions``.
``--kube-version`` is parsed as Kubernetes' ``version.ParseGeneric`` does (``1.29`` prints
``v1.29``; ``v1.29.3-gke.1`` prints ``v1.29.3``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import ClassVar

from shipyard.core import gotemplate

HELM_VERSION = "v3.22.0"
GO_VERSION = "go1.26.8"
DEFAULT_KUBE_VERSION = "v1.37.0"

DEFAULT_API_VERSIONS: tuple[str, ...] = (
    "v1",
    "admissionregistration.k8s.io/v1",
    "admissionregistration.k8s.io/v1alpha1",
    "admissionregistration.k8s.io/v1beta1",
    "internal.apiserver.k8s.io/v1alpha1",
    "apps/v1",
    "apps/v1beta1",
    "apps/v1beta2",
    "authentication.k8s.io/v1",
    "authentication.k8s.io/v1alpha1",
    "authentication.k8s.io/v1beta1",
    "authorization.k8s.io/v1",
    "authorization.k8s.io/v1beta1",
    "autoscaling/v1",
    "autoscaling/v2",
    "batch/v1",
    "batch/v1beta1",
    "certificates.k8s.io/v1",
    "certificates.k8s.io/v1beta1",
    "certificates.k8s.io/v1alpha1",
    "coordination.k8s.io/v1alpha2",
    "coordination.k8s.io/v1beta1",
    "coordination.k8s.io/v1",
    "discovery.k8s.io/v1",
    "discovery.k8s.io/v1beta1",
    "events.k8s.io/v1",
    "events.k8s.io/v1beta1",
    "extensions/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1",
    "flowcontrol.apiserver.k8s.io/v1beta1",
    "flowcontrol.apiserver.k8s.io/v1beta2",
    "flowcontrol.apiserver.k8s.io/v1beta3",
    "lifecycle.k8s.io/v1alpha1",
    "networking.k8s.io/v1",
    "networking.k8s.io/v1beta1",
    "node.k8s.io/v1",
    "node.k8s.io/v1alpha1",
    "node.k8s.io/v1beta1",
    "policy/v1",
    "policy/v1beta1",
    "rbac.authorization.k8s.io/v1",
    "rbac.authorization.k8s.io/v1beta1",
    "rbac.authorization.k8s.io/v1alpha1",
    "resource.k8s.io/v1",
    "resource.k8s.io/v1beta2",
    "resource.k8s.io/v1beta1",
    "resource.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1alpha3",
    "scheduling.k8s.io/v1beta1",
    "scheduling.k8s.io/v1",
    "storage.k8s.io/v1beta1",
    "storage.k8s.io/v1",
    "storage.k8s.io/v1alpha1",
    "storagemigration.k8s.io/v1",
    "storagemigration.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1beta1",
    "apiextensions.k8s.io/v1",
)


class InvalidKubeVersion(ValueError):
    """``--kube-version`` that Kubernetes' version parser refuses (message as Helm prints)."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class KubeVersion:
    """chartutil.KubeVersion: ``{{ .Capabilities.KubeVersion }}`` prints ``Version``."""

    __go_type__: ClassVar[str] = "chartutil.KubeVersion"
    go_type: ClassVar[str] = "chartutil.KubeVersion"
    go_kind: ClassVar[str] = "struct"
    __go_fields__: ClassVar[tuple[str, ...]] = ("Version", "Major", "Minor")
    # String and GitVersion have pointer receivers in Helm: ``{{ .Capabilities.KubeVersion }}``
    # prints the version, fmt functions given the value print the struct.
    __go_pointer_methods__: ClassVar[frozenset[str]] = frozenset(("String", "GitVersion"))

    Version: str
    Major: str
    Minor: str

    def String(self) -> str:
        return self.Version

    def GitVersion(self) -> str:
        return self.Version


class VersionSet(tuple[str, ...]):
    """chartutil.VersionSet: a ``[]string`` of API versions with the method ``Has``.

    A tuple, so templates ``range`` over it, take its ``len`` and ``index`` it and it prints
    and serialises as Go's slice; ``__go_methods__`` makes the engine resolve ``.Has``.
    """

    __go_type__: ClassVar[str] = "chartutil.VersionSet"
    __go_methods__: ClassVar[tuple[str, ...]] = ("Has",)
    __slots__ = ()

    @gotemplate.method("string")
    def Has(self, api_version: str) -> bool:
        return api_version in self


@dataclasses.dataclass(frozen=True, kw_only=True)
class BuildInfo:
    """Helm's version.BuildInfo."""

    __go_type__: ClassVar[str] = "version.BuildInfo"
    go_type: ClassVar[str] = "version.BuildInfo"
    go_kind: ClassVar[str] = "struct"
    __go_fields__: ClassVar[tuple[str, ...]] = ("Version", "GitCommit", "GitTreeState", "GoVersion")

    Version: str = HELM_VERSION
    GitCommit: str = ""
    GitTreeState: str = "clean"
    GoVersion: str = GO_VERSION

    def __str__(self) -> str:
        return f"{{{self.Version} {self.GitCommit} {self.GitTreeState} {self.GoVersion}}}"

    def __go_json__(self) -> dict[str, object]:
        """Its json tags, every field omitempty."""
        tagged = (
            ("version", self.Version),
            ("git_commit", self.GitCommit),
            ("git_tree_state", self.GitTreeState),
            ("go_version", self.GoVersion),
        )
        from shipyard.core.charts import gojson

        return gojson.StructFields({name: value for name, value in tagged if value})


@dataclasses.dataclass(frozen=True, kw_only=True)
class Capabilities:
    """chartutil.Capabilities (a pointer in Helm)."""

    __go_type__: ClassVar[str] = "*chartutil.Capabilities"
    go_type: ClassVar[str] = "*chartutil.Capabilities"
    go_kind: ClassVar[str] = "ptr"
    __go_fields__: ClassVar[tuple[str, ...]] = ("KubeVersion", "APIVersions", "HelmVersion")

    KubeVersion: KubeVersion
    APIVersions: VersionSet
    HelmVersion: BuildInfo


_GENERIC = re.compile(r"^[\t\n\f\r ]*v?([0-9]+(?:\.[0-9]+)*)(.*)\Z")


def parse_kube_version(text: str) -> KubeVersion:
    """chartutil.ParseKubeVersion (Kubernetes' ``version.ParseGeneric``)."""
    match = _GENERIC.match(text)
    if match is None:
        raise InvalidKubeVersion(f"could not parse {_go_quote(text)} as version")
    components = match[1].split(".")
    if len(components) < 2:
        raise InvalidKubeVersion(f"illegal version string {_go_quote(text)}")
    if components[0].startswith("0") and components[0] != "0":
        raise InvalidKubeVersion(
            f"illegal zero-prefixed version component {_go_quote(components[0])} in "
            f"{_go_quote(text)}"
        )
    numbers = []
    for component in components:
        number = int(component)
        if number >= 2**64:
            raise InvalidKubeVersion(
                f"illegal non-numeric version component {_go_quote(component)} in "
                f"{_go_quote(text)}: strconv.ParseUint: parsing {_go_quote(component)}: "
                "value out of range"
            )
        numbers.append(number)
    version = "v" + ".".join(str(n) for n in numbers)
    return KubeVersion(Version=version, Major=str(numbers[0]), Minor=str(numbers[1]))


def _go_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build(
    *, kube_version: KubeVersion | None = None, extra_api_versions: Iterable[str] = ()
) -> Capabilities:
    """The capabilities ``helm template`` renders with (``--kube-version``, ``--api-versions``)."""
    default = parse_kube_version(DEFAULT_KUBE_VERSION)
    return Capabilities(
        KubeVersion=kube_version or default,
        APIVersions=VersionSet([*DEFAULT_API_VERSIONS, *extra_api_versions]),
        HelmVersion=BuildInfo(),
    )
