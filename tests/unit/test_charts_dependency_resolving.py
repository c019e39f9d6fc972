"""Dependency sources and version choice, as helm's resolver and downloader make them."""

from __future__ import annotations

from typing import Any

import pytest

from shipyard import errors
from shipyard.core.charts import dependencyresolving as resolving
from shipyard.core.charts.chartyaml import Dependency


@pytest.mark.parametrize(("repository", "kind", "location", "host"), [
    ("", resolving.LOCAL, "", ""),
    ("file://../sub", resolving.FILE, "../sub", ""),
    ("file:///abs/sub", resolving.FILE, "/abs/sub", ""),
    ("https://Charts.Example/x/", resolving.HTTP, "https://Charts.Example/x", "charts.example"),
    ("http://127.0.0.1:8080", resolving.HTTP, "http://127.0.0.1:8080", "127.0.0.1:8080"),
    ("oci://127.0.0.1:5000/charts/", resolving.OCI, "oci://127.0.0.1:5000/charts", "127.0.0.1:5000"),
])  # fmt: skip
def test_sources(repository: str, kind: str, location: str, host: str) -> None:
    source = resolving.source_of(Dependency(Name="web", Repository=repository), where="c")
    assert source == resolving.Source(kind=kind, location=location, host=host)


@pytest.mark.parametrize(("name", "repository", "message"), [
    ("web", "@stable", "repo add is not supported"),
    ("web", "alias:stable", "repo add is not supported"),
    ("web", "stable", "is not a chart repository URL"),
    ("web", "ftp://host/x", "is not a chart repository URL"),
    ("web", "https://user:secret@host/x", "carries credentials"),
    ("../evil", "https://host/x", "must be a chart name"),
    ("a/b", "", "must be a chart name"),
    (".hidden", "", "must be a chart name"),
])  # fmt: skip
def test_refused_sources_name_the_dependency(name: str, repository: str, message: str) -> None:
    with pytest.raises(errors.UserError, match=f'^c/Chart.yaml: dependency "{name}"') as caught:
        resolving.source_of(Dependency(Name=name, Repository=repository), where="c/Chart.yaml")
    assert message in str(caught.value)
    assert "secret" not in str(caught.value)


def test_bad_constraint() -> None:
    with pytest.raises(errors.UserError, match="invalid version/constraint format"):
        resolving.check_constraint(Dependency(Name="web", Version=">>1"), where="c")


def _entry(version: Any, urls: bool = True) -> dict[str, Any]:
    return {"version": version, "urls": ["x.tgz"] if urls else []}


INDEX = [_entry("0.1.0"), _entry("0.10.0", urls=False), _entry("v0.3"), _entry("0.2.0"),
         _entry("0.4.0-rc.1"), _entry("junk"), _entry(1.5)]  # fmt: skip


@pytest.mark.parametrize(("constraint", "expected"), [
    ("*", "v0.3"),  # 0.10.0 has no URL; written as the index writes it
    ("~0.2.0", "0.2.0"),
    (">=0.4.0-0", "0.4.0-rc.1"),  # a pre-release only when the range mentions one
    (">=0.4.0", None),
    ("0.1.0", "0.1.0"),
])  # fmt: skip
def test_newest_in_index(constraint: str, expected: str | None) -> None:
    assert resolving.newest_in_index(INDEX, constraint=constraint) == expected


def test_find_in_index() -> None:
    assert resolving.find_in_index(INDEX, version="0.3.0")["version"] == "v0.3"
    assert resolving.find_in_index([_entry("junk")], version="junk")["version"] == "junk"
    with pytest.raises(LookupError):
        resolving.find_in_index(INDEX, version="0.10.0")


def test_registry_tags_and_explicit_versions() -> None:
    tags = ["1.0.0", "v1.1.0", "1.2", "2.0.0_build.1", "01.0.0", "latest", "1.10.0",
            "1.9.0-rc.1", "sha256-abc.sig"]  # fmt: skip
    listed = resolving.registry_tags(tags)
    assert listed == ["2.0.0+build.1", "1.10.0", "1.9.0-rc.1", "1.0.0"]
    assert resolving.newest_of(listed, constraint="^1.0.0") == "1.10.0"
    assert resolving.newest_of(listed, constraint="^3") is None
    assert resolving.is_explicit_version("1.2") and resolving.is_explicit_version("v1.2.3")
    assert not resolving.is_explicit_version("^1.2")


@pytest.mark.parametrize(("repository", "link", "expected"), [
    ("https://h/charts", "web-1.0.0.tgz", "https://h/charts/web-1.0.0.tgz"),
    ("https://h/charts/", "web-1.0.0.tgz", "https://h/charts/web-1.0.0.tgz"),
    ("https://h/charts", "/dl/web.tgz", "https://h/dl/web.tgz"),
    ("https://h/charts?t=1", "web.tgz", "https://h/charts/web.tgz?t=1"),
    ("https://h/charts", "https://cdn/web.tgz", "https://cdn/web.tgz"),
])  # fmt: skip
def test_chart_urls(repository: str, link: str, expected: str) -> None:
    assert resolving.chart_url(repository, link) == expected
    assert resolving.index_url("https://h/charts") == "https://h/charts/index.yaml"


@pytest.mark.parametrize(("url", "name"), [
    ("https://h/x/web-1.0.0.tgz", "web-1.0.0.tgz"),
    ("https://h/x/web%2B1.tgz?sig=1", "web+1.tgz"),
    ("https://h/x/", None),
    ("https://h/x/..", None),
    ("https://h/x/.hidden.tgz", None),
    ("https://h/x/a%2F..%2F..%2Fb", "b"),
    ("https://h/x/a%5Cb.tgz", None),
])  # fmt: skip
def test_archive_names_stay_in_charts(url: str, name: str | None) -> None:
    if name is None:
        with pytest.raises(errors.UserError, match="does not end with a file name"):
            resolving.archive_name(url, where="c")
    else:
        assert resolving.archive_name(url, where="c") == name


def test_missing_message_is_helms() -> None:
    missing = [Dependency(Name="web", Repository="https://h", Version="^9")]
    assert resolving.missing_message(missing) == (
        'can\'t get a valid version for 1 subchart(s): "web" (repository "https://h", version '
        '"^9"). Make sure a matching chart version exists in the repo, or change the version '
        "constraint in Chart.yaml"
    )
    assert resolving.oci_repository("oci://h:5000/a/b", "web") == ("h:5000", "a/b/web")
    assert resolving.oci_repository("oci://h", "web") == ("h", "web")
