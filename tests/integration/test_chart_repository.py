"""HTTP chart repositories: `index.yaml` compared with `helm repo index` of the same charts,
and pulls through basic auth from a repository served by this test (helm pulls it too)."""

from __future__ import annotations

import base64
import http.server
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from shipyard import errors
from shipyard.adapters.charts import repository
from shipyard.adapters.local import toolchain

USER, PASSWORD = "reader", "chart-pass-123"


def _helm(tmp: Path, *args: str) -> str:
    done = subprocess.run(
        [str(toolchain.tool_path("helm")), *args], capture_output=True, text=True, check=False,
        env={**os.environ, "HELM_CACHE_HOME": str(tmp / "hc"), "HELM_CONFIG_HOME": str(tmp / "hf"),
             "HELM_DATA_HOME": str(tmp / "hd")}, cwd=tmp,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def charts(tmp_path: Path) -> Path:
    out = tmp_path / "repo"
    out.mkdir()
    _helm(tmp_path, "create", str(tmp_path / "web"))
    _helm(tmp_path, "create", str(tmp_path / "api"))
    for chart, version in [("web", "0.1.0"), ("web", "0.10.0"), ("web", "0.2.0-rc.1"),
                           ("web", "0.2.0"), ("api", "1.0.0+build.3")]:  # fmt: skip
        _helm(tmp_path, "package", str(tmp_path / chart), "--version", version, "-d", str(out))
    return out


def _without_times(index: dict) -> dict:  # type: ignore[type-arg]
    index.pop("generated", None)
    for items in index["entries"].values():
        for item in items:
            item.pop("created", None)
    return index


def test_index_matches_helm_and_merges(charts: Path, tmp_path: Path) -> None:
    ours = repository.index_directory(charts, url="https://charts.example/x")
    our_index = yaml.safe_load(ours.read_text())
    helm_dir = tmp_path / "helm"
    helm_dir.mkdir()
    for archive in charts.glob("*.tgz"):
        (helm_dir / archive.name).write_bytes(archive.read_bytes())
    _helm(tmp_path, "repo", "index", str(helm_dir), "--url", "https://charts.example/x")
    helm_index = yaml.safe_load((helm_dir / "index.yaml").read_text())
    assert _without_times(our_index) == _without_times(helm_index)
    assert [e["version"] for e in our_index["entries"]["web"]] == [
        "0.10.0", "0.2.0", "0.2.0-rc.1", "0.1.0"]  # fmt: skip

    # Merge: existing entries are kept as they are, new versions are added.
    merged_dir = tmp_path / "merged"
    merged_dir.mkdir()
    _helm(tmp_path, "package", str(tmp_path / "web"), "--version", "0.11.0", "-d", str(merged_dir))
    merged = repository.index_directory(merged_dir, url="https://charts.example/x", merge=ours)
    versions = [e["version"] for e in yaml.safe_load(merged.read_text())["entries"]["web"]]
    assert versions == ["0.11.0", "0.10.0", "0.2.0", "0.2.0-rc.1", "0.1.0"]


@pytest.fixture
def served(charts: Path) -> Iterator[str]:
    repository.index_directory(charts, url="")  # relative URLs, as many repositories use
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(charts), **kwargs)  # type: ignore[arg-type]

        def do_GET(self) -> None:
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="charts"')
                self.end_headers()
                return
            super().do_GET()

        def log_message(self, format: str, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/charts"
    server.shutdown()


def test_pull_with_basic_auth_like_helm(served: str, charts: Path, tmp_path: Path) -> None:
    name, archive = repository.pull(served.removesuffix("/charts"), name="web", version="0.2.0",
                                    username=USER, password=PASSWORD)  # fmt: skip
    assert name == "web-0.2.0.tgz" and archive == (charts / "web-0.2.0.tgz").read_bytes()
    # No version: the newest release, not a pre-release.
    name, _ = repository.pull(served.removesuffix("/charts"), name="web", version="",
                              username=USER, password=PASSWORD)  # fmt: skip
    assert name == "web-0.10.0.tgz"
    with pytest.raises(errors.UserError, match="check the credentials"):
        repository.pull(served.removesuffix("/charts"), name="web", version="0.2.0",
                        username=USER, password="wrong")  # fmt: skip
    with pytest.raises(errors.UserError, match=r"has no version 9\.9\.9"):
        repository.pull(served.removesuffix("/charts"), name="web", version="9.9.9",
                        username=USER, password=PASSWORD)  # fmt: skip
    # helm pulls from the same repository with the same credentials.
    out = tmp_path / "helm-pulled"
    out.mkdir()
    _helm(tmp_path, "pull", "web", "--repo", served.removesuffix("/charts"), "--version", "0.2.0",
          "--username", USER, "--password", PASSWORD, "-d", str(out))  # fmt: skip
    assert (out / "web-0.2.0.tgz").read_bytes() == (charts / "web-0.2.0.tgz").read_bytes()
