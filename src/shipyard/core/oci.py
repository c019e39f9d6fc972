"""OCI names and content: image references, digests, descriptors and media types.

A reference is ``registry/repository[:tag][@digest]`` as the distribution spec and Docker
write it. Unlike Docker, there is no implied ``docker.io``: shipyard always names the registry
(``localhost``, an IP with a port, or a dotted host), so a reference is never silently sent to
a public registry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from shipyard import errors

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
MANIFEST_TYPES = (OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST)

# The distribution spec's grammar (component, tag and digest rules).
_COMPONENT = r"[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*"
REPOSITORY_RE = re.compile(rf"^{_COMPONENT}(?:/{_COMPONENT})*$")
TAG_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")
DIGEST_RE = re.compile(r"^sha256:[a-f0-9]{64}$")
_HOST_RE = re.compile(
    r"^(?:localhost|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|\[[0-9a-fA-F:]+\])(?::\d+)?$"
)
_LOCAL_HOST_RE = re.compile(r"^[A-Za-z0-9-]+:\d+$")


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


@dataclasses.dataclass(frozen=True, kw_only=True)
class Descriptor:
    """What a manifest says about a blob or another manifest."""

    media_type: str
    digest: str
    size: int
    annotations: tuple[tuple[str, str], ...] = ()
    platform: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, object]:
        value: dict[str, object] = {
            "mediaType": self.media_type,
            "digest": self.digest,
            "size": self.size,
        }
        if self.platform:
            value["platform"] = dict(self.platform)
        if self.annotations:
            value["annotations"] = dict(self.annotations)
        return value


@dataclasses.dataclass(frozen=True, kw_only=True)
class Reference:
    registry: str
    repository: str
    tag: str = ""
    digest: str = ""

    @property
    def reference(self) -> str:
        """What the manifests endpoint is asked for: the digest when there is one."""
        return self.digest or self.tag

    def with_tag(self, tag: str) -> Reference:
        check_tag(tag)
        return dataclasses.replace(self, tag=tag, digest="")

    def with_digest(self, digest: str) -> Reference:
        return dataclasses.replace(self, digest=digest)

    def __str__(self) -> str:
        text = f"{self.registry}/{self.repository}"
        if self.tag:
            text += f":{self.tag}"
        if self.digest:
            text += f"@{self.digest}"
        return text


def check_tag(tag: str) -> str:
    if not TAG_RE.match(tag):
        raise errors.UserError(
            f"invalid tag {tag!r}: tags are 1-128 of [A-Za-z0-9_.-], not starting with . or -"
        )
    return tag


def parse_reference(text: str) -> Reference:
    """``host[:port]/repo[/...][:tag][@sha256:...]``; the registry host is required."""
    rest, _, digest = text.partition("@")
    if digest and not DIGEST_RE.match(digest):
        raise errors.UserError(f"{text!r}: invalid digest {digest!r} (expected sha256:<64 hex>)")
    registry, slash, path = rest.partition("/")
    if not slash or not (_HOST_RE.match(registry) or _LOCAL_HOST_RE.match(registry)):
        raise errors.UserError(
            f"{text!r}: a reference must start with the registry host "
            "(for example 127.0.0.1:5000/team/app:1.0.0)"
        )
    repository, tag = path, ""
    last = path.rsplit("/", 1)[-1]
    if ":" in last:
        repository, _, tag = path.rpartition(":")
        check_tag(tag)
    if not REPOSITORY_RE.match(repository):
        raise errors.UserError(
            f"{text!r}: invalid repository {repository!r} "
            "(lowercase letters, digits and separators . _ __ - between path components)"
        )
    return Reference(registry=registry, repository=repository, tag=tag, digest=digest)
