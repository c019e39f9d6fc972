"""`shipyard chart dependency update|build` against `helm dependency update|build` on copies of
one parent chart whose dependencies come from an HTTP repository (basic auth), the local OCI
registry (a range resolved from its tags, and an exact version under an alias), a file://
directory and an unpacked chart in charts/: the same Chart.lock (apart from `generated`), the
same files in charts/, and byte-identical `helm template` output."""

from __future__ import annotations

import base64
import http.server
import os
import shutil
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from shipyard.adapters.local import toolchain
from tests.integration.conftest import Registry

USER, PASSWORD = "deps-reader", "deps-pass-456"


def _env(tmp: Path) -> dict[str, str]:
    home = tmp / "home"
    return {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
            "HELM_CACHE_HOME": str(home / "hc"), "HELM_CONFIG_HOME": str(home / "hf"),
            "HELM_DATA_HOME": str(home / "hd")}  # fmt: skip


def _helm(tmp: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(toolchain.tool_path("helm")), *args], capture_output=True,
                          text=True, check=False, env=_env(tmp), cwd=tmp, timeout=300)  # fmt: skip
    if check:
        assert done.returncode == 0, done.stderr
    return done


def _shipyard(tmp: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "shipyard", "chart", "dependency", *args],
                          capture_output=True, text=True, check=False, env=_env(tmp), cwd=tmp,
                          timeout=300)  # fmt: skip


def _package(tmp: Path, name: str, versions: list[str], out: Path, *, src: str = "src") -> None:
    (tmp / src).mkdir(exist_ok=True)
    _helm(tmp, "create", str(tmp / src / name))
    for version in versions:
        _helm(tmp, "package", str(tmp / src / name), "--version", version, "-d", str(out))


@pytest.fixture
def http_repo(tmp_path: Path) -> Iterator[str]:
    """A chart repository of `web` 0.1.0, 0.2.0, 0.3.0-rc.1, behind basic auth."""
    served = tmp_path / "served"
    served.mkdir()
    _package(tmp_path, "web", ["0.1.0", "0.2.0", "0.3.0-rc.1"], served)
    _helm(tmp_path, "repo", "index", str(served))
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(served), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                self.end_headers()
                return
            self.path = self.path.removeprefix("/charts")
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/charts"
    server.shutdown()


@pytest.fixture
def oci_repo(registry: Registry, tmp_path: Path) -> str:
    """`api` 1.0.0, 1.1.0, 2.0.0 pushed by helm to a fresh path of the local registry."""
    out = tmp_path / "oci-out"
    _package(tmp_path, "api", ["1.0.0", "1.1.0", "2.0.0"], out)
    remote = f"oci://{registry.host}/deps/{uuid.uuid4().hex[:8]}"
    for archive in sorted(out.glob("*.tgz")):
        _helm(tmp_path, "push", str(archive), remote, "--plain-http")
    return remote


def _parent(tmp: Path, *, http_repo: str, oci_repo: str) -> Path:
    """tmp/work/parent (and its file:// sibling tmp/work/lib)."""
    work = tmp / "work"
    work.mkdir()
    _helm(tmp, "create", str(work / "lib"))
    text = (work / "lib" / "Chart.yaml").read_text().replace("version: 0.1.0", "version: 0.5.0")
    (work / "lib" / "Chart.yaml").write_text(text)
    _helm(tmp, "create", str(work / "parent"))
    (work / "parent" / "charts").mkdir(exist_ok=True)
    _helm(tmp, "create", str(work / "parent" / "charts" / "inline"))
    # An outdated archive (deleted by both) and a file that is not a chart (kept by both).
    stale = tmp / "stale"
    _package(tmp, "web", ["0.0.1"], stale, src="stale-src")
    shutil.copy(stale / "web-0.0.1.tgz", work / "parent" / "charts")
    (work / "parent" / "charts" / "_notes.txt").write_text("not a chart\n")
    with (work / "parent" / "Chart.yaml").open("a") as chart_yaml:
        chart_yaml.write(f"""dependencies:
- name: web
  version: ">=0.1.0 <1.0.0"
  repository: {http_repo}
  condition: web.enabled
- name: api
  version: ^1.1.0
  repository: {oci_repo}
  import-values:
  - child: service
    parent: apiService
- name: api
  alias: legacy
  version: 1.0.0
  repository: {oci_repo}
  tags: [old]
- name: lib
  version: "~0.5"
  repository: file://../lib
- name: inline
  version: 0.1.x
""")
    return work / "parent"


def _copy(parent: Path, name: str) -> Path:
    target = parent.parent / name
    shutil.copytree(parent, target)
    return target


def _lock(chart: Path) -> dict[str, Any]:
    value = yaml.safe_load((chart / "Chart.lock").read_text())
    assert isinstance(value, dict)
    value.pop("generated")
    return value


def _archives(chart: Path) -> set[str]:
    return {p.name for p in (chart / "charts").iterdir()}


def test_update_and_build_match_helm(
    tmp_path: Path, http_repo: str, oci_repo: str, registry: Registry
) -> None:
    parent = _parent(tmp_path, http_repo=http_repo, oci_repo=oci_repo)
    theirs, ours = _copy(parent, "theirs"), _copy(parent, "ours")
    _helm(tmp_path, "repo", "add", "webrepo", http_repo, "--username", USER, "--password",
          PASSWORD)  # fmt: skip
    _helm(tmp_path, "dependency", "update", str(theirs), "--plain-http")

    # Credentials for two hosts need --auth-host (a password goes only where it is meant to).
    done = _shipyard(tmp_path, "update", str(ours), "--username", USER, "--password", PASSWORD)
    assert done.returncode == 1 and "--auth-host" in done.stderr
    http_host = http_repo.split("/")[2]
    done = _shipyard(tmp_path, "update", str(ours), "--username", USER,
                     "--auth-host", http_host, "--skip-refresh",
                     "--password", PASSWORD)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Deleting outdated charts" in done.stdout

    lock = _lock(ours)
    assert lock == _lock(theirs)
    assert [(d["name"], d["version"]) for d in lock["dependencies"]] == [
        ("web", "0.2.0"), ("api", "1.1.0"), ("api", "1.0.0"), ("lib", "0.5.0"),
        ("inline", "0.1.x")]  # fmt: skip
    assert _archives(ours) == _archives(theirs) == {
        "web-0.2.0.tgz", "api-1.1.0.tgz", "api-1.0.0.tgz", "lib-0.5.0.tgz", "inline",
        "_notes.txt"}  # fmt: skip
    rendered = _helm(tmp_path, "template", "rel", str(ours)).stdout
    assert rendered == _helm(tmp_path, "template", "rel", str(theirs)).stdout
    assert "legacy" in rendered and "rel-web" in rendered

    # An unchanged update leaves the lock alone, as helm does.
    before = (ours / "Chart.lock").read_text()
    done = _shipyard(tmp_path, "update", str(ours), "--username", USER, "--password", PASSWORD,
                     "--auth-host", http_host)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (ours / "Chart.lock").read_text() == before

    # build: exactly the locked versions, even once the repositories have newer ones.
    for archive in (ours / "charts").glob("*.tgz"):
        archive.unlink()
    _helm(tmp_path, "package", str(tmp_path / "src" / "web"), "--version", "0.9.0", "-d",
          str(tmp_path / "served"))  # fmt: skip
    _helm(tmp_path, "repo", "index", str(tmp_path / "served"))
    done = _shipyard(tmp_path, "build", str(ours), "--username", USER, "--password", PASSWORD,
                     "--auth-host", http_host)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _archives(ours) == _archives(theirs)
    assert (ours / "Chart.lock").read_text() == before
    assert _helm(tmp_path, "template", "rel", str(ours)).stdout == rendered

    # helm builds from shipyard's lock (same digest), and the result renders the same.
    rebuilt = _copy(ours, "rebuilt")
    for archive in (rebuilt / "charts").glob("*.tgz"):
        archive.unlink()
    _helm(tmp_path, "dependency", "build", str(rebuilt), "--plain-http")
    assert _archives(rebuilt) == _archives(theirs)
    assert _helm(tmp_path, "template", "rel", str(rebuilt)).stdout == rendered

    # An out-of-date lock: both refuse to build from it.
    for chart in (ours, theirs):
        text = (chart / "Chart.yaml").read_text().replace("~0.5", "~0.6")
        (chart / "Chart.yaml").write_text(text)
    done = _shipyard(tmp_path, "build", str(ours))
    helm_done = _helm(tmp_path, "dependency", "build", str(theirs), "--plain-http", check=False)
    message = "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml)"
    assert done.returncode == 1 and message in done.stderr and str(ours) in done.stderr
    assert helm_done.returncode == 1 and message in helm_done.stderr


def test_unmatched_version_and_repository_names(
    tmp_path: Path, http_repo: str, oci_repo: str
) -> None:
    parent = _parent(tmp_path, http_repo=http_repo, oci_repo=oci_repo)
    text = (parent / "Chart.yaml").read_text()
    (parent / "Chart.yaml").write_text(text.replace(">=0.1.0 <1.0.0", "^5.0.0"))
    done = _shipyard(tmp_path, "update", str(parent), "--username", USER, "--password",
                     PASSWORD, "--auth-host", http_repo.split("/")[2])  # fmt: skip
    assert done.returncode == 1
    assert "can't get a valid version for 1 subchart(s)" in done.stderr
    assert '"web" (repository' in done.stderr and "Chart.yaml" in done.stderr
    assert not (parent / "Chart.lock").exists()
    assert "web-0.0.1.tgz" in _archives(parent)  # nothing written or deleted on failure

    (parent / "Chart.yaml").write_text(text.replace(http_repo, '"@webrepo"'))
    done = _shipyard(tmp_path, "update", str(parent))
    assert done.returncode == 1 and "repo add is not supported" in done.stderr
    assert 'dependency "web"' in done.stderr

    # Without credentials the repository refuses, and the error names the dependency.
    (parent / "Chart.yaml").write_text(text)
    done = _shipyard(tmp_path, "update", str(parent))
    assert done.returncode == 1 and "check the credentials" in done.stderr
    assert 'dependency "web"' in done.stderr
