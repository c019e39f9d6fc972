"""Charts in the local OCI registry, both ways with the real helm: a chart pushed by shipyard
is pulled by `helm pull oci://`, and one pushed by `helm push` is pulled by shipyard."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.local import toolchain
from shipyard.adapters.registry import client as registry_client
from shipyard.engine.charts import registry as chart_registry
from tests.integration.conftest import Registry


def _helm(tmp: Path, *args: str) -> str:
    done = subprocess.run(
        [str(toolchain.tool_path("helm")), *args], capture_output=True, text=True, check=False,
        env={**os.environ, "HELM_CACHE_HOME": str(tmp / "hc"), "HELM_CONFIG_HOME": str(tmp / "hf"),
             "HELM_DATA_HOME": str(tmp / "hd")}, cwd=tmp,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def _package(tmp: Path, name: str, version: str) -> bytes:
    tmp.mkdir(parents=True, exist_ok=True)
    _helm(tmp, "create", str(tmp / name))
    _helm(tmp, "package", str(tmp / name), "--version", version, "-d", str(tmp / "out"))
    return (tmp / "out" / f"{name}-{version}.tgz").read_bytes()


def test_push_by_shipyard_pull_by_helm_and_back(registry: Registry, tmp_path: Path) -> None:
    name = f"c{uuid.uuid4().hex[:6]}"
    archive = _package(tmp_path, name, "1.2.3+build.7")
    path = f"charts/{uuid.uuid4().hex[:6]}"
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        pushed = chart_registry.push(
            client, archive=archive, destination=f"oci://{registry.host}/{path}"
        )
        assert pushed.reference.endswith(f"{path}/{name}:1.2.3_build.7")
        # Pushing the same archive again is a no-op; another archive under the version is refused.
        assert (
            chart_registry.push(
                client, archive=archive, destination=f"oci://{registry.host}/{path}"
            ).digest
            == pushed.digest
        )
        with (tmp_path / name / "values.yaml").open("a") as values:
            values.write("# changed\n")
        _helm(tmp_path, "package", str(tmp_path / name), "--version", "1.2.3+build.7",
              "-d", str(tmp_path / "other"))  # fmt: skip
        other = (tmp_path / "other" / f"{name}-1.2.3+build.7.tgz").read_bytes()
        assert other != archive
        with pytest.raises(errors.UserError, match="immutable"):
            chart_registry.push(client, archive=other, destination=f"oci://{registry.host}/{path}")
    pull_dir = tmp_path / "pulled"
    pull_dir.mkdir()
    _helm(tmp_path, "pull", f"oci://{registry.host}/{path}/{name}", "--version", "1.2.3+build.7",
          "--plain-http", "-d", str(pull_dir))  # fmt: skip
    assert (pull_dir / f"{name}-1.2.3+build.7.tgz").read_bytes() == archive

    # helm pushes; shipyard pulls the same bytes.
    helm_archive = _package(tmp_path / "h", f"{name}h", "0.4.0")
    _helm(tmp_path, "push", str(tmp_path / "h" / "out" / f"{name}h-0.4.0.tgz"),
          f"oci://{registry.host}/{path}", "--plain-http")  # fmt: skip
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        file_name, pulled = chart_registry.pull(
            client, source=f"oci://{registry.host}/{path}/{name}h", version="0.4.0"
        )
    assert file_name == f"{name}h-0.4.0.tgz" and pulled == helm_archive


def test_an_image_is_not_pulled_as_a_chart(registry: Registry, tmp_path: Path) -> None:
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        client.push_blob("notachart/x", b"{}")
        import json

        from shipyard.core import oci

        body = json.dumps({"schemaVersion": 2, "mediaType": oci.OCI_MANIFEST,
                           "config": {"mediaType": oci.OCI_CONFIG, "digest": oci.digest_of(b"{}"), "size": 2},
                           "layers": []}).encode()  # fmt: skip
        client.put_manifest("notachart/x", "1.0.0", body, media_type=oci.OCI_MANIFEST)
        with pytest.raises(errors.UserError, match="is not a Helm chart"):
            chart_registry.pull(
                client, source=f"oci://{registry.host}/notachart/x", version="1.0.0"
            )


def test_package_is_read_by_helm_and_cli_push_pull(registry: Registry, tmp_path: Path) -> None:
    from shipyard.adapters.charts import loading
    from shipyard.core.charts import packaging

    _helm(tmp_path, "create", str(tmp_path / "web"))
    name, archive = packaging.package(loading.read_directory(tmp_path / "web"), version="2.0.0")
    assert name == "web-2.0.0.tgz"
    # Packaging the same files again gives the same bytes.
    assert (
        packaging.package(loading.read_directory(tmp_path / "web"), version="2.0.0")[1] == archive
    )
    (tmp_path / name).write_bytes(archive)
    _helm(
        tmp_path, "package", str(tmp_path / "web"), "--version", "2.0.0", "-d", str(tmp_path / "h")
    )
    ours = _helm(tmp_path, "template", "r", str(tmp_path / name))
    theirs = _helm(tmp_path, "template", "r", str(tmp_path / "h" / name))
    assert ours == theirs
    env = {**os.environ, "PATH": os.environ.get("PATH", "")}
    remote = f"oci://{registry.host}/cli/{uuid.uuid4().hex[:6]}"
    for argv in (["chart", "push", str(tmp_path / name), remote],
                 ["chart", "pull", f"{remote}/web", "--version", "2.0.0", "-d", str(tmp_path / "p")]):  # fmt: skip
        done = subprocess.run([sys.executable, "-m", "shipyard", *argv], capture_output=True,
                              text=True, env=env, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "p" / name).read_bytes() == archive
