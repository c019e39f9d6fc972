"""`chart dependency update|build` on local dependencies (file:// and unpacked in charts/):
what lands in charts/, what is deleted, when the lock is written, and the refusals that keep
every write inside the chart. Remote repositories are covered by
tests/integration/test_chart_dependencies.py against helm."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.charts import loading, repository
from shipyard.core.charts import chartlock, packaging
from shipyard.engine.charts import dependencysources, dependencyupdate
from shipyard.engine.charts.dependencysources import Access

NOW = datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
TEMPLATE = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\n"
DEPENDENCIES = """dependencies:
- name: lib
  version: ^0.5.0
  repository: file://../lib
- name: inline
  version: 1.x
"""


def _chart(root: Path, name: str, version: str, extra: str = "") -> Path:
    (root / "templates").mkdir(parents=True)
    (root / "Chart.yaml").write_text(f"apiVersion: v2\nname: {name}\nversion: {version}\n{extra}")
    (root / "templates" / "cm.yaml").write_text(TEMPLATE)
    return root


def _archive(tmp: Path, name: str, version: str) -> bytes:
    return packaging.package(loading.read_directory(_chart(tmp / f"{name}-src", name, version)))[1]


@pytest.fixture
def parent(tmp_path: Path) -> Path:
    _chart(tmp_path / "lib", "lib", "0.5.1")
    root = _chart(tmp_path / "parent", "parent", "1.0.0", DEPENDENCIES)
    _chart(root / "charts" / "inline", "inline", "1.2.0")
    (root / "charts" / "lib-0.4.0.tgz").write_bytes(_archive(tmp_path, "lib", "0.4.0"))
    (root / "charts" / "inline-0.9.0.tgz").write_bytes(_archive(tmp_path, "inline", "0.9.0"))
    (root / "charts" / "_notes.txt").write_text("kept\n")
    return root


def test_update_packages_locks_and_prunes(parent: Path) -> None:
    outcome = dependencyupdate.update(parent, now=NOW)
    charts = parent / "charts"
    assert sorted(p.name for p in charts.iterdir()) == [
        "_notes.txt", "inline", "inline-0.9.0.tgz", "lib-0.5.1.tgz"]  # fmt: skip
    assert outcome.saved == ("lib-0.5.1.tgz",) and outcome.removed == ("lib-0.4.0.tgz",)
    assert outcome.lock == parent / "Chart.lock"
    lock = chartlock.parse((parent / "Chart.lock").read_text(), where="Chart.lock")
    assert lock.generated == "2026-01-02T03:04:05Z"
    assert [(d.Name, d.Repository, d.Version) for d in lock.dependencies or ()] == [
        ("lib", "file://../lib", "0.5.1"), ("inline", "", "1.x")]  # fmt: skip
    assert loading.load_chart(charts / "lib-0.5.1.tgz").metadata.Version == "0.5.1"
    assert outcome.messages[0] == "Saving 2 charts"

    # Nothing changed: the lock is left as it is (helm compares digests).
    assert dependencyupdate.update(parent).lock is None
    assert chartlock.parse((parent / "Chart.lock").read_text(), where="x").generated == (
        "2026-01-02T03:04:05Z"
    )


def test_build_uses_the_lock_and_refuses_an_outdated_one(parent: Path) -> None:
    dependencyupdate.update(parent, now=NOW)
    (parent / "charts" / "lib-0.5.1.tgz").unlink()
    outcome = dependencyupdate.build(parent)
    assert outcome.saved == ("lib-0.5.1.tgz",) and outcome.lock is None
    # The locked version, not a newer one that now satisfies the range.
    (parent.parent / "lib" / "Chart.yaml").write_text("apiVersion: v2\nname: lib\nversion: 0.5.2\n")
    with pytest.raises(errors.UserError, match="can't get a valid version for dependency"):
        dependencyupdate.build(parent)
    (parent / "Chart.yaml").write_text((parent / "Chart.yaml").read_text().replace("^0.5", "^0.6"))
    with pytest.raises(errors.UserError, match=r"Chart.lock: the lock file \(Chart.lock\) is out"):
        dependencyupdate.build(parent)


def test_build_without_a_lock_updates(parent: Path) -> None:
    assert dependencyupdate.build(parent, access=Access()).lock == parent / "Chart.lock"


def test_errors_name_the_chart_file_and_dependency(parent: Path) -> None:
    chart_yaml = parent / "Chart.yaml"
    text = chart_yaml.read_text()
    chart_yaml.write_text(text.replace("../lib", "../missing"))
    with pytest.raises(
        errors.UserError, match=r'Chart.yaml: dependency "lib": directory .*missing'
    ):
        dependencyupdate.update(parent)
    chart_yaml.write_text(text.replace("^0.5.0", "^0.6.0"))
    with pytest.raises(errors.UserError, match=r'Chart.yaml: can\'t get a valid version .* "lib"'):
        dependencyupdate.update(parent)
    chart_yaml.write_text(text.replace("^0.5.0", "'>>0'"))
    with pytest.raises(errors.UserError, match='dependency "lib" has an invalid version'):
        dependencyupdate.update(parent)
    chart_yaml.write_text(text.replace("name: inline", "name: ../inline"))
    with pytest.raises(errors.UserError, match="must be a chart name"):
        dependencyupdate.update(parent)
    assert not (parent / "Chart.lock").exists()
    assert (parent / "charts" / "lib-0.4.0.tgz").exists()


def test_no_write_through_symlinks(parent: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "stolen.lock").write_text("x")
    (parent / "Chart.lock").symlink_to(outside / "stolen.lock")
    with pytest.raises(errors.UserError, match=r"symlink Chart\.lock points outside the chart"):
        dependencyupdate.update(parent)
    (parent / "Chart.lock").unlink()
    (parent / "other.lock").write_text("")
    (parent / "Chart.lock").symlink_to(parent / "other.lock")
    with pytest.raises(errors.UserError, match=r"Chart\.lock file is a symlink"):
        dependencyupdate.update(parent)
    assert (outside / "stolen.lock").read_text() == "x"
    assert (parent / "other.lock").read_text() == ""
    (parent / "Chart.lock").unlink()

    assert not (parent / "charts" / "lib-0.5.1.tgz").exists()  # refused before any write

    # An archive name that is a symlink is replaced, never written through.
    victim = (parent / "charts" / "lib-0.4.0.tgz").read_bytes()
    (parent / "victim.tgz").write_bytes(victim)
    (parent / "charts" / "lib-0.5.1.tgz").symlink_to(parent / "victim.tgz")
    dependencyupdate.update(parent)
    assert (parent / "victim.tgz").read_bytes() == victim
    assert not (parent / "charts" / "lib-0.5.1.tgz").is_symlink()

    charts = parent / "charts"
    charts.rename(outside / "charts")
    charts.symlink_to(outside / "charts")
    with pytest.raises(errors.UserError, match="symlink charts points outside the chart"):
        dependencyupdate.update(parent)
    charts.unlink()
    (outside / "charts").rename(parent / "elsewhere")
    charts.symlink_to(parent / "elsewhere")
    with pytest.raises(errors.UserError, match="a symlink; refusing to write through it"):
        dependencyupdate.update(parent)


def test_no_dependencies_is_a_no_op(tmp_path: Path) -> None:
    root = _chart(tmp_path / "c", "c", "1.0.0")
    assert dependencyupdate.update(root) == dependencyupdate.Outcome(
        messages=(), saved=(), removed=(), lock=None
    )
    assert not (root / "charts").exists() and not (root / "Chart.lock").exists()
    with pytest.raises(errors.UserError, match="only unpacked charts"):
        dependencyupdate.update(root / "Chart.yaml")


def test_credentials_go_to_one_named_host() -> None:
    def source(repository: str) -> object:
        from shipyard.core.charts import dependencyresolving
        from shipyard.core.charts.chartyaml import Dependency

        return dependencyresolving.source_of(Dependency(Name="x", Repository=repository), where="c")

    one = [source("https://a.example/x"), source("oci://a.example/y"), source("file://z")]
    two = [*one, source("https://b.example")]
    access = Access(username="u", password="pass-word-1")
    assert dependencysources.credential_hosts(access, one) == {"a.example"}  # type: ignore[arg-type]
    with pytest.raises(errors.UserError, match="--auth-host"):
        dependencysources.credential_hosts(access, two)  # type: ignore[arg-type]
    named = Access(username="u", password="pass-word-1", auth_hosts=("B.example",))
    assert dependencysources.credential_hosts(named, two) == {"b.example"}  # type: ignore[arg-type]
    assert dependencysources.credential_hosts(Access(), two) == frozenset()  # type: ignore[arg-type]
    assert "pass-word-1" not in repr(access)


def _tgz(entries: dict[str, bytes]) -> bytes:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def http_parent(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """A parent depending on `web` from https://charts.example/x, served from a dict."""
    served: dict[str, bytes] = {
        "https://charts.example/x/web-0.1.0.tgz": _archive(tmp_path, "web", "0.1.0"),
        "https://charts.example/x/web-0.2.0.tgz": _archive(tmp_path / "b", "web", "0.2.0"),
    }
    index: dict[str, object] = {"apiVersion": "v1", "entries": {"web": [
        {"name": "web", "version": v, "urls": [f"web-{v}.tgz"]} for v in ("0.1.0", "0.2.0")]}}  # fmt: skip

    def fetch_index(url: str, *, auth: object) -> dict[str, object]:
        assert url == "https://charts.example/x" and auth is None
        return index

    def fetch_chart(url: str, *, what: str, auth: object, digest: str) -> bytes:
        return served[url]

    monkeypatch.setattr(repository, "fetch_index", fetch_index)
    monkeypatch.setattr(repository, "fetch_chart", fetch_chart)
    _chart(tmp_path / "parent", "parent", "1.0.0",
           "dependencies:\n- name: web\n  version: ~0.x\n  repository: https://charts.example/x/\n")  # fmt: skip
    return served


def test_http_dependency_takes_the_newest_match(
    http_parent: dict[str, bytes], tmp_path: Path
) -> None:
    parent = tmp_path / "parent"
    outcome = dependencyupdate.update(parent)
    assert outcome.saved == ("web-0.2.0.tgz",)
    assert "Downloading web from repo https://charts.example/x/" in outcome.messages
    lock = chartlock.parse((parent / "Chart.lock").read_text(), where="x")
    assert [(d.Repository, d.Version) for d in lock.dependencies or ()] == [
        ("https://charts.example/x/", "0.2.0")]  # fmt: skip


def test_archives_escaping_charts_are_refused(
    http_parent: dict[str, bytes], tmp_path: Path
) -> None:
    chart_yaml = b"apiVersion: v2\nname: web\nversion: 0.2.0\n"
    for entries, message in [
        ({"web/Chart.yaml": chart_yaml, "web/../../evil": b"x"}, "illegally references parent"),
        ({"web/Chart.yaml": chart_yaml, "/abs/evil": b"x"}, "illegally contains absolute paths"),
    ]:
        http_parent["https://charts.example/x/web-0.2.0.tgz"] = _tgz(entries)
        with pytest.raises(errors.UserError, match=message) as caught:
            dependencyupdate.update(tmp_path / "parent")
        assert "Chart.yaml: charts/web-0.2.0.tgz" in str(caught.value)
        assert not (tmp_path / "parent" / "charts").exists()
        assert not (tmp_path / "evil").exists()
