"""The local OCI registry stores an image (config, layer, manifest) and serves it by digest."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile

import httpx

from tests.integration.conftest import Registry

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _layer() -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        content = b"hello from shipyard\n"
        info = tarfile.TarInfo("app/hello.txt")
        info.size = len(content)
        info.mtime = 0
        tar.addfile(info, io.BytesIO(content))
    return gzip.compress(buffer.getvalue(), mtime=0)


def _push_blob(client: httpx.Client, repo: str, data: bytes) -> str:
    digest = _digest(data)
    start = client.post(f"/v2/{repo}/blobs/uploads/")
    assert start.status_code == 202, start.text
    location = start.headers["Location"]
    separator = "&" if "?" in location else "?"
    done = client.put(
        f"{location}{separator}digest={digest}",
        content=data,
        headers={"Content-Type": "application/octet-stream"},
    )
    assert done.status_code == 201, done.text
    assert done.headers["Docker-Content-Digest"] == digest
    return digest


def test_image_is_pushed_and_read_back_by_digest(registry: Registry) -> None:
    repo = "shipyard/hello"
    layer = _layer()
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {"Cmd": ["/bin/true"]},
            "rootfs": {"type": "layers", "diff_ids": [_digest(gzip.decompress(layer))]},
        },
        sort_keys=True,
    ).encode()
    with httpx.Client(base_url=registry.url, trust_env=False, timeout=30) as client:
        assert client.get("/v2/").status_code == 200
        config_digest = _push_blob(client, repo, config)
        layer_digest = _push_blob(client, repo, layer)
        manifest = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": OCI_MANIFEST,
                "config": {
                    "mediaType": "application/vnd.oci.image.config.v1+json",
                    "digest": config_digest,
                    "size": len(config),
                },
                "layers": [
                    {
                        "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                        "digest": layer_digest,
                        "size": len(layer),
                    }
                ],
            }
        ).encode()
        put = client.put(
            f"/v2/{repo}/manifests/1.0.0", content=manifest, headers={"Content-Type": OCI_MANIFEST}
        )
        assert put.status_code == 201, put.text
        manifest_digest = put.headers["Docker-Content-Digest"]
        assert manifest_digest == _digest(manifest)

        by_digest = client.get(
            f"/v2/{repo}/manifests/{manifest_digest}", headers={"Accept": OCI_MANIFEST}
        )
        assert by_digest.status_code == 200
        assert by_digest.content == manifest
        assert by_digest.headers["Content-Type"] == OCI_MANIFEST
        for digest, data in ((config_digest, config), (layer_digest, layer)):
            blob = client.get(f"/v2/{repo}/blobs/{digest}", follow_redirects=True)
            assert blob.status_code == 200
            assert blob.content == data
        assert client.get(f"/v2/{repo}/tags/list").json() == {"name": repo, "tags": ["1.0.0"]}
        assert repo in client.get("/v2/_catalog").json()["repositories"]
        missing = client.get(f"/v2/{repo}/blobs/{_digest(b'nothing')}")
        assert missing.status_code == 404
