"""Image references: the registry host is required, tags and digests follow the spec."""

from __future__ import annotations

import pytest

from shipyard import errors
from shipyard.core import oci

DIGEST = "sha256:" + "a" * 64


@pytest.mark.parametrize(
    ("text", "registry", "repository", "tag", "digest"),
    [
        ("127.0.0.1:5000/team/app:1.0.0", "127.0.0.1:5000", "team/app", "1.0.0", ""),
        ("localhost/app", "localhost", "app", "", ""),
        ("registry.example.com/a/b/c:1.2.3-rc.1_build.5", "registry.example.com", "a/b/c",
         "1.2.3-rc.1_build.5", ""),
        (f"reg:5000/app@{DIGEST}", "reg:5000", "app", "", DIGEST),
        (f"reg.io/app:1.0@{DIGEST}", "reg.io", "app", "1.0", DIGEST),
        ("[::1]:5000/app:v1", "[::1]:5000", "app", "v1", ""),
    ],
)  # fmt: skip
def test_parse(text: str, registry: str, repository: str, tag: str, digest: str) -> None:
    ref = oci.parse_reference(text)
    assert (ref.registry, ref.repository, ref.tag, ref.digest) == (
        registry,
        repository,
        tag,
        digest,
    )
    assert str(ref) == text


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("app:1.0", "must start with the registry host"),
        ("ubuntu", "must start with the registry host"),
        ("reg.io/App:1", "invalid repository"),
        ("reg.io/app:-bad", "invalid tag"),
        ("reg.io/app@sha256:xyz", "invalid digest"),
        ("reg.io/a//b:1", "invalid repository"),
        ("reg.io/app:" + "x" * 129, "invalid tag"),
    ],
)
def test_bad_references_name_the_rule(text: str, rule: str) -> None:
    with pytest.raises(errors.UserError, match=rule):
        oci.parse_reference(text)


def test_with_tag_checks_the_tag() -> None:
    ref = oci.parse_reference("reg.io/app:1.0")
    assert str(ref.with_tag("sha-abc1234")) == "reg.io/app:sha-abc1234"
    with pytest.raises(errors.UserError):
        ref.with_tag("1.0.0+build.1")  # "+" is not allowed in tags: the tag policy maps it to "_"
