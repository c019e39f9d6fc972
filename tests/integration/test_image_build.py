"""The daemonless builder against the local registry, with skopeo as an independent reader.

The base image here is small (one layer with /etc/os-release and a config) but real: pushed
to the registry and pulled back by the builder like any base.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from shipyard.core.images import config as image_config
from shipyard.core.images import layers
from shipyard.engine.images import daemonless, dockerfile
from tests.integration.conftest import Registry


def _open(host: str) -> registry_client.Registry:
    return registry_client.Registry(host=host, insecure=True)


@pytest.fixture(scope="module")
def base_image(registry: Registry) -> oci.Reference:
    repository = f"base/{uuid.uuid4().hex[:8]}"
    layer = layers.layer(
        [layers.Entry(path="etc/os-release", data=b'ID=shipyard-test\nVERSION_ID="1"\n')],
        mtime=0,
    )
    config = image_config.canonical(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {"Env": ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"], "Cmd": ["sh"]},
            "rootfs": {"type": "layers", "diff_ids": [layer.diff_id]},
            "history": [{"created_by": "test base"}],
        }
    )
    manifest = image_config.image_manifest(
        config=config, layer_descriptors=[layer.descriptor()], annotations={}
    )
    with _open(registry.host) as client:
        client.push_blob(repository, layer.blob)
        client.push_blob(repository, config)
        client.put_manifest(repository, "1", manifest, media_type=oci.OCI_MANIFEST)
    return oci.parse_reference(f"{registry.host}/{repository}:1")


def _app(root: Path) -> Path:
    (root / "pkg").mkdir(parents=True)
    (root / "app.py").write_text("print('hello')\n")
    (root / "pkg" / "__init__.py").write_text("")
    (root / "run.sh").write_text("#!/bin/sh\nexec python3 /app/app.py\n")
    (root / "run.sh").chmod(0o755)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "notes.tmp").write_text("excluded\n")
    return root


def _request(base: oci.Reference, registry: Registry, app: Path, repo: str, **changes: object
             ) -> daemonless.Request:  # fmt: skip
    request = daemonless.Request(
        base=base,
        target=oci.parse_reference(f"{registry.host}/{repo}"),
        tags=("1.2.3_build.4", "sha-abc1234"),
        context=app,
        exclude=("*.tmp",),
        settings=image_config.Settings(
            entrypoint=("/app/run.sh",),
            env=(("LANG", "en_US.UTF-8"), ("PORT", "8080")),
            user="1000",
            workdir="/app",
            exposed_ports=("8080",),
        ),
        epoch=1_700_000_000,
        source="http://git.example/app.git",
        revision="abc1234" + "0" * 33,
        version="1.2.3+build.4",
    )
    return dataclasses.replace(request, **changes)  # type: ignore[arg-type]


def _skopeo(*args: str) -> str:
    skopeo = shutil.which("skopeo")
    assert skopeo is not None, "skopeo is installed by scripts/bootstrap.sh"
    done = subprocess.run([skopeo, *args], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_build_is_reproducible_and_readable_by_skopeo(
    registry: Registry, base_image: oci.Reference, tmp_path: Path
) -> None:
    repo = f"apps/{uuid.uuid4().hex[:8]}"
    first = daemonless.build(
        _request(base_image, registry, _app(tmp_path / "a"), repo),
        open_registry=_open,
        cache=tmp_path / "cache-a",
    )
    # The same inputs elsewhere, with other file times and a cold cache: the same digest.
    time.sleep(1.1)
    second_context = _app(tmp_path / "b")
    os.utime(second_context / "app.py", (1, 1))
    second = daemonless.build(
        _request(base_image, registry, second_context, repo),
        open_registry=_open,
        cache=tmp_path / "cache-b",
    )
    assert second.digest == first.digest
    assert second.uploaded_bytes == 0  # every blob was already there

    inspected = json.loads(
        _skopeo("inspect", "--tls-verify=false", f"docker://{registry.host}/{repo}:1.2.3_build.4")
    )
    assert inspected["Digest"] == first.digest
    assert inspected["Labels"]["org.opencontainers.image.revision"].startswith("abc1234")
    assert "PORT=8080" in inspected["Env"] and "LANG=en_US.UTF-8" in inspected["Env"]
    assert "LANG=C.UTF-8" not in inspected["Env"]
    config = json.loads(
        _skopeo("inspect", "--config", "--tls-verify=false", f"docker://{registry.host}/{repo}:sha-abc1234")
    )  # fmt: skip
    assert config["config"]["Entrypoint"] == ["/app/run.sh"]
    assert "Cmd" not in config["config"]  # a new entrypoint clears the base's cmd
    assert config["config"]["User"] == "1000" and "8080/tcp" in config["config"]["ExposedPorts"]
    assert config["created"] == "2023-11-14T22:13:20Z"
    # skopeo copies every blob, checking each digest, into an OCI layout we can read.
    layout = tmp_path / "oci"
    _skopeo("copy", "--src-tls-verify=false", f"docker://{registry.host}/{repo}:1.2.3_build.4",
            f"oci:{layout}:x")  # fmt: skip
    index = json.loads((layout / "index.json").read_text())
    manifest_digest = index["manifests"][0]["digest"]
    manifest = json.loads((layout / "blobs" / "sha256" / manifest_digest[7:]).read_text())
    app_layer = manifest["layers"][-1]["digest"]
    listing = subprocess.run(
        ["tar", "-tvzf", str(layout / "blobs" / "sha256" / app_layer[7:])],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "app/app.py" in listing and "app/pkg/__init__.py" in listing
    assert ".git" not in listing and "notes.tmp" not in listing
    assert "-rwxr-xr-x 0/0" in next(line for line in listing.splitlines() if "run.sh" in line)


def test_a_version_tag_is_never_moved_without_force(
    registry: Registry, base_image: oci.Reference, tmp_path: Path
) -> None:
    repo = f"apps/{uuid.uuid4().hex[:8]}"
    context = _app(tmp_path / "app")
    first = daemonless.build(
        _request(base_image, registry, context, repo), open_registry=_open, cache=tmp_path / "c"
    )
    (context / "app.py").write_text("print('changed')\n")
    with pytest.raises(errors.UserError, match="already points to") as refused:
        daemonless.build(
            _request(base_image, registry, context, repo), open_registry=_open, cache=tmp_path / "c"
        )
    assert "nothing pushed" in str(refused.value)
    with _open(registry.host) as client:
        assert client.head_manifest(repo, "1.2.3_build.4") == first.digest
        assert client.head_manifest(repo, "sha-abc1234") == first.digest
    moved = daemonless.build(
        _request(base_image, registry, context, repo, force=True),
        open_registry=_open,
        cache=tmp_path / "c",
    )
    assert moved.digest != first.digest
    with _open(registry.host) as client:
        assert client.head_manifest(repo, "1.2.3_build.4") == moved.digest


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"tags": ("latest",)}, "'latest' is refused"),
        ({"tags": ()}, "at least one tag"),
        ({"context": Path("/nonexistent/app")}, "is not a directory"),
    ],
)
def test_bad_requests_push_nothing(
    registry: Registry, base_image: oci.Reference, tmp_path: Path, change: dict[str, object],
    rule: str,
) -> None:  # fmt: skip
    repo = f"apps/{uuid.uuid4().hex[:8]}"
    request = _request(base_image, registry, _app(tmp_path / "app"), repo, **change)
    with pytest.raises(errors.UserError, match=rule):
        daemonless.build(request, open_registry=_open, cache=tmp_path / "c")
    with _open(registry.host) as client:
        assert client.list_tags(repo) == []


def test_a_symlink_out_of_the_context_is_refused(
    registry: Registry, base_image: oci.Reference, tmp_path: Path
) -> None:
    context = _app(tmp_path / "app")
    (tmp_path / "secret.txt").write_text("token")
    (context / "leak").symlink_to(tmp_path / "secret.txt")
    request = _request(base_image, registry, context, f"apps/{uuid.uuid4().hex[:8]}")
    with pytest.raises(errors.UserError, match="points outside the build context"):
        daemonless.build(request, open_registry=_open, cache=tmp_path / "c")


# -- Dockerfile builds through buildah -------------------------------------------------------


def _dockerfile_context(root: Path, base: oci.Reference, body: str) -> Path:
    root.mkdir(parents=True)
    (root / "app.py").write_text("print('hello')\n")
    (root / "Dockerfile").write_text(f"FROM {base}\n{body}")
    return root


def test_dockerfile_build_is_reproducible(
    registry: Registry, base_image: oci.Reference, tmp_path: Path
) -> None:
    repo = f"apps/{uuid.uuid4().hex[:8]}"
    body = 'COPY app.py /app/app.py\nENV PORT=8080\nUSER 10001\nENTRYPOINT ["python3", "/app/app.py"]\n'
    digests = []
    for attempt in ("a", "b"):
        context = _dockerfile_context(tmp_path / attempt, base_image, body)
        result = dockerfile.build(
            dockerfile.Request(context=context, target=oci.parse_reference(f"{registry.host}/{repo}"),
                               tags=("1.0.0",), epoch=1_700_000_000),
            open_registry=_open, cache=tmp_path / f"cache-{attempt}",
        )  # fmt: skip
        digests.append(result.digest)
    assert digests[0] == digests[1]  # other storage, other file times: the same digest
    config = json.loads(
        _skopeo(
            "inspect", "--config", "--tls-verify=false", f"docker://{registry.host}/{repo}:1.0.0"
        )
    )
    assert config["config"]["Entrypoint"] == ["python3", "/app/app.py"]
    assert config["config"]["User"] == "10001"


def test_a_failing_dockerfile_shows_its_log_and_pushes_nothing(
    registry: Registry, base_image: oci.Reference, tmp_path: Path
) -> None:
    repo = f"apps/{uuid.uuid4().hex[:8]}"
    # The small test base has no shell: the RUN step fails like a broken command would.
    context = _dockerfile_context(tmp_path / "ctx", base_image, "RUN exit 3\n")
    with pytest.raises(errors.UserError, match="build failed") as failed:
        dockerfile.build(
            dockerfile.Request(context=context, target=oci.parse_reference(f"{registry.host}/{repo}"),
                               tags=("1.0.0",)),
            open_registry=_open, cache=tmp_path / "cache",
        )  # fmt: skip
    assert "RUN exit 3" in str(failed.value) or "exit 3" in str(failed.value)
    with _open(registry.host) as client:
        assert client.list_tags(repo) == []
