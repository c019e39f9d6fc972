"""Charts as Application sources: where a chart is, which version a targetRevision selects, the
revision recorded for it, and which repository Secret's credentials go to a repository."""

from __future__ import annotations

import pytest

from shipyard import errors
from shipyard.core import repocreds, revisions
from shipyard.core.charts import sources

DIGEST = "sha256:" + "ab" * 32
INDEX = ["2.0.0", "1.10.0", "1.2.0", "1.2.0-rc.1", "1.1.0+build.7", "1.0.0", "0.9.0", "latest"]


@pytest.mark.parametrize(
    ("repo_url", "kind", "url", "host", "repository"),
    [
        ("https://charts.example.com", "http", "https://charts.example.com", "", ""),
        ("https://charts.example.com/stable/", "http", "https://charts.example.com/stable", "", ""),
        ("http://127.0.0.1:8080/charts", "http", "http://127.0.0.1:8080/charts", "", ""),
        ("oci://registry.example.com/charts", "oci", "oci://registry.example.com/charts",
         "registry.example.com", "charts/web"),
        ("oci://127.0.0.1:5000", "oci", "oci://127.0.0.1:5000", "127.0.0.1:5000", "web"),
        ("registry-1.docker.io/bitnamicharts", "oci", "oci://registry-1.docker.io/bitnamicharts",
         "registry-1.docker.io", "bitnamicharts/web"),
        ("localhost:5000/a/b/", "oci", "oci://localhost:5000/a/b", "localhost:5000", "a/b/web"),
    ],
)  # fmt: skip
def test_locate(repo_url: str, kind: str, url: str, host: str, repository: str) -> None:
    location = sources.locate(repo_url, chart="web")
    assert (location.kind, location.url, location.host, location.repository) == (
        kind, url, host, repository)  # fmt: skip
    assert str(location) == f"chart web in {url}"


@pytest.mark.parametrize(
    ("repo_url", "chart", "expected"),
    [
        ("ssh://git@host/x", "web", "not a chart repository"),
        ("oci://registry.example.com/Charts", "web", "not an OCI repository"),
        ("oci://registry.example.com/charts", "Web", "not an OCI repository"),
        ("https://charts.example.com", "a/b", "is not a chart name"),
        ("https://charts.example.com", "..", "is not a chart name"),
    ],
)
def test_locate_refuses(repo_url: str, chart: str, expected: str) -> None:
    with pytest.raises(errors.UserError, match=expected):
        sources.locate(repo_url, chart=chart)


@pytest.mark.parametrize(
    ("text", "exact", "constraint", "digest"),
    [
        ("1.2.0", "1.2.0", "1.2.0", ""),
        ("v1.2.0", "v1.2.0", "v1.2.0", ""),
        ("1.2.0-rc.1+b.2", "1.2.0-rc.1+b.2", "1.2.0-rc.1+b.2", ""),
        ("HEAD", "", "*", ""),
        ("", "", "*", ""),
        ("1.x", "", "1.x", ""),
        (">=1.0.0 <2.0.0", "", ">=1.0.0 <2.0.0", ""),
        ("^1.2 || ~2.0", "", "^1.2 || ~2.0", ""),
        ("1.2", "", "1.2", ""),
        (f"1.2.0@{DIGEST}", "1.2.0", "", DIGEST),
    ],
)
def test_parse_target(text: str, exact: str, constraint: str, digest: str) -> None:
    target = sources.parse_target(text)
    assert (target.exact, target.constraint, target.digest) == (exact, constraint, digest)


@pytest.mark.parametrize("text", ["main", ">=", "1.2.3.4.5", "=>>1"])
def test_parse_target_refuses_what_is_no_version(text: str) -> None:
    with pytest.raises(errors.UserError, match="is not a chart version or SemVer constraint"):
        sources.parse_target(text)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("1.2.0", "1.2.0"),  # verbatim
        ("1.0.0", "1.0.0"),
        ("1.2.0-rc.1", "1.2.0-rc.1"),  # a listed pre-release, asked for by name
        ("1.1.0", "1.1.0+build.7"),  # build metadata does not count in a comparison
        ("1.x", "1.10.0"),  # newest by SemVer, not by text
        ("1", "1.10.0"),
        (">=1.0.0 <2.0.0", "1.10.0"),
        (">=1.0.0, <1.10.0", "1.2.0"),
        ("~1.2", "1.2.0"),  # pre-releases only when the constraint names one
        ("~1.2.0-0", "1.2.0"),
        ("<1.2.0-0 >=1.1.0-0", "1.1.0+build.7"),
        ("^0.9", "0.9.0"),
        ("*", "2.0.0"),
        ("HEAD", "2.0.0"),
        ("<1 || >=2", "2.0.0"),
        (f"1.0.0@{DIGEST}", "1.0.0"),
    ],
)
def test_newest_match(target: str, expected: str) -> None:
    selected = sources.newest_match(INDEX, sources.parse_target(target), where="chart web in x")
    assert selected == expected


def test_newest_match_follows_semver_not_listing_order() -> None:
    listed = ["1.0.0", "1.10.0", "1.9.0", "1.10.0-beta.1"]
    assert sources.newest_match(listed, sources.parse_target("1.x"), where="x") == "1.10.0"


@pytest.mark.parametrize(
    ("target", "listed", "expected"),
    [
        ("3.x", INDEX, r"chart web in x has no version matching '3.x' \(available: 2.0.0, "),
        ("9.9.9", INDEX, r"has no version 9.9.9 \(available"),
        (f"1.5.0@{DIGEST}", INDEX, "has no version 1.5.0"),
        ("HEAD", ["1.0.0-rc.1"], r"has no released version \(available: 1.0.0-rc.1\)"),
        ("1.x", [], r"has no version matching '1.x' \(it lists no versions\)"),
    ],
)
def test_newest_match_says_what_is_missing(target: str, listed: list[str], expected: str) -> None:
    with pytest.raises(errors.UserError, match=expected):
        sources.newest_match(listed, sources.parse_target(target), where="chart web in x")


@pytest.mark.parametrize(
    ("tag", "version"),
    [("1.2.3", "1.2.3"), ("1.2.3_build.7", "1.2.3+build.7"), ("latest", "latest")],
)
def test_oci_tags_spell_plus_as_underscore(tag: str, version: str) -> None:
    assert sources.version_of_tag(tag) == version


@pytest.mark.parametrize(
    ("revision", "short"),
    [
        ("0123456789abcdef0123456789abcdef01234567", "0123456789ab"),
        (f"1.2.0@{DIGEST}", "1.2.0@sha256:abababababab"),
        (f"1.2.0+b.1@{DIGEST}", "1.2.0+b.1@sha256:abababababab"),
        ("1.2.0", "1.2.0"),
        ("", ""),
    ],
)
def test_short_revisions(revision: str, short: str) -> None:
    assert revisions.short(revision) == short


def test_chart_revisions_round_trip() -> None:
    revision = revisions.ChartRevision(version="1.2.0+b.1", digest=DIGEST)
    assert revisions.parse_chart(str(revision)) == revision
    assert revisions.parse_chart("1.2.0@sha256:abc") is None
    assert revisions.parse_chart("0123456789abcdef0123456789abcdef01234567") is None


def _secret(name: str, kind: str, url: str) -> repocreds.RepositorySecret:
    found = repocreds.from_secret(
        name=name, secret_type=kind, data={"url": url, "username": name, "password": "s3cr3t"}
    )
    assert found is not None
    return found


SECRETS = [
    _secret("exact", "repository", "https://charts.example.com/stable"),
    _secret("org", "repo-creds", "https://charts.example.com"),
    _secret("org-stable", "repo-creds", "https://charts.example.com/stable"),
    _secret("oci", "repository", "registry.example.com/charts"),
    _secret("oci-all", "repo-creds", "oci://REGISTRY.example.com/"),
]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://charts.example.com/stable", "exact"),  # repository beats repo-creds
        ("https://charts.example.com/stable/", "exact"),
        ("https://CHARTS.example.com/stable", "exact"),
        ("https://charts.example.com/stable/sub", "org-stable"),  # the longest prefix
        ("https://charts.example.com/other", "org"),
        ("https://charts.example.com.evil.io/x", None),  # a prefix only at a '/' boundary
        ("https://charts.example.community", None),
        ("http://charts.example.com/stable", None),  # another scheme is another repository
        ("oci://registry.example.com/charts", "oci"),  # Argo CD's bare OCI URL matches
        ("registry.example.com/charts", "oci"),
        ("registry.example.com/other", "oci-all"),
        ("registry.example.org/charts", None),
    ],
)
def test_select_credentials(url: str, expected: str | None) -> None:
    selected = repocreds.select(url, SECRETS)
    assert (selected.secret if selected else None) == expected


def test_secrets_without_url_or_username_or_of_another_type_are_skipped() -> None:
    assert repocreds.from_secret(name="a", secret_type="repository", data={"url": "x"}) is None
    assert repocreds.from_secret(name="a", secret_type="repository", data={"username": "u"}) is None
    data = {"url": "https://x", "username": "u", "password": "p"}
    assert repocreds.from_secret(name="a", secret_type="cluster", data=data) is None


def test_passwords_are_not_in_reprs() -> None:
    assert "s3cr3t" not in repr(SECRETS)
