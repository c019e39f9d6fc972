"""The OCI registry client against real distribution registries: the local environment's (no
auth), one with htpasswd basic auth, and one with bearer tokens from a token service that this
test runs (ES256 JWTs whose certificate the registry trusts)."""

from __future__ import annotations

import base64
import datetime
import http.server
import json
import shutil
import subprocess
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import bcrypt
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

from shipyard import errors
from shipyard.adapters.local import ports
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from tests.integration.conftest import Registry

USER, PASSWORD = "ci-bot", "s3cret-pass-word"


def _manifest(config: bytes, layers: list[bytes]) -> bytes:
    return json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": oci.OCI_MANIFEST,
            "config": oci.Descriptor(
                media_type=oci.OCI_CONFIG, digest=oci.digest_of(config), size=len(config)
            ).to_json(),
            "layers": [
                oci.Descriptor(
                    media_type=oci.OCI_LAYER, digest=oci.digest_of(layer), size=len(layer)
                ).to_json()
                for layer in layers
            ],
        },
        sort_keys=True,
    ).encode()


def _push_image(client: registry_client.Registry, repository: str, tag: str) -> str:
    config = json.dumps({"architecture": "amd64", "os": "linux", "tag": tag}).encode()
    layer = f"layer of {repository}:{tag}".encode()
    client.push_blob(repository, config)
    client.push_blob(repository, layer)
    return client.put_manifest(
        repository, tag, _manifest(config, [layer]), media_type=oci.OCI_MANIFEST
    )


def test_blobs_manifests_indexes_and_tags(registry: Registry) -> None:
    repository = f"client/{uuid.uuid4().hex[:8]}"
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        data = bytes(range(256)) * 1000  # 256 kB
        digest = client.push_blob(repository, data, chunk_size=64 * 1024)  # chunked: 4 PATCHes
        assert digest == oci.digest_of(data)
        assert client.blob_exists(repository, digest)
        assert client.get_blob(repository, digest) == data
        assert b"".join(client.stream_blob(repository, digest)) == data
        assert client.push_blob(repository, data) == digest  # present: not uploaded again

        # A cross-repository mount links the blob without uploading it.
        other = f"{repository}-copy"
        assert not client.blob_exists(other, digest)
        assert client.mount_blob(other, digest, source=repository)
        assert client.blob_exists(other, digest)

        manifest_digest = _push_image(client, repository, "1.0.0")
        assert client.head_manifest(repository, "1.0.0") == manifest_digest
        fetched = client.get_manifest(repository, manifest_digest)
        assert fetched.media_type == oci.OCI_MANIFEST and fetched.digest == manifest_digest
        assert client.head_manifest(repository, "9.9.9") is None

        index = json.dumps(
            {
                "schemaVersion": 2,
                "mediaType": oci.OCI_INDEX,
                "manifests": [
                    oci.Descriptor(
                        media_type=oci.OCI_MANIFEST,
                        digest=manifest_digest,
                        size=len(fetched.body),
                        platform=(("architecture", "amd64"), ("os", "linux")),
                    ).to_json()
                ],
            }
        ).encode()
        index_digest = client.put_manifest(repository, "multi", index, media_type=oci.OCI_INDEX)
        assert client.get_manifest(repository, "multi").media_type == oci.OCI_INDEX
        assert client.get_manifest(repository, "multi").digest == index_digest

        for tag in ("1.0.1", "1.1.0", "sha-abc1234"):
            _push_image(client, repository, tag)
        # Pages of two follow the Link header to the end.
        assert sorted(client.list_tags(repository, page_size=2)) == [
            "1.0.0", "1.0.1", "1.1.0", "multi", "sha-abc1234"
        ]  # fmt: skip
        assert client.list_tags(f"{repository}/never-pushed") == []


def test_refusals_name_the_operation(registry: Registry) -> None:
    repository = f"client/{uuid.uuid4().hex[:8]}"
    with registry_client.Registry(host=registry.host, insecure=True) as client:
        missing = oci.digest_of(b"never pushed")
        with pytest.raises(registry_client.RegistryError) as refused:
            client.get_blob(repository, missing)
        assert refused.value.status == 404
        assert repository in str(refused.value) and "download blob" in str(refused.value)
        # A manifest naming blobs the registry lacks is refused; no tag appears.
        with pytest.raises(registry_client.RegistryError, match="put manifest"):
            client.put_manifest(
                repository, "broken", _manifest(b"{}", [b"absent"]), media_type=oci.OCI_MANIFEST
            )
        assert client.head_manifest(repository, "broken") is None


def test_a_registry_that_is_down_is_a_transient_error_after_retries() -> None:
    (port,) = ports.pick_free_ports(1)
    sleeps: list[float] = []
    down = registry_client.Registry(
        host=f"127.0.0.1:{port}", insecure=True, retries=3, backoff=0.01, sleep=sleeps.append
    )
    with down, pytest.raises(errors.TransientError, match="unreachable after 4 attempts"):
        down.blob_exists("x/y", oci.digest_of(b""))
    assert sleeps == [0.01, 0.02, 0.04]  # exponential backoff


# -- registries with authentication ----------------------------------------------------------


def _start_registry(tmp: Path, auth: str) -> Iterator[str]:
    binary = shutil.which("docker-registry")
    assert binary is not None, "docker-registry is installed by scripts/bootstrap.sh"
    (port,) = ports.pick_free_ports(1)
    config = tmp / "registry.yml"
    config.write_text(
        "version: 0.1\nlog: {level: error}\n"
        f"storage: {{filesystem: {{rootdirectory: {tmp / 'data'}}}}}\n"
        f"http: {{addr: '127.0.0.1:{port}'}}\n" + auth
    )
    log = (tmp / "registry.log").open("wb")
    process = subprocess.Popen([binary, "serve", str(config)], stdout=log, stderr=log)
    host = f"127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"http://{host}/v2/", trust_env=False)
                break
            except httpx.HTTPError:
                assert process.poll() is None, (tmp / "registry.log").read_text()
                assert time.monotonic() < deadline, "registry did not start"
                time.sleep(0.1)
        yield host
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture
def basic_registry(tmp_path: Path) -> Iterator[str]:
    hashed = bcrypt.hashpw(PASSWORD.encode(), bcrypt.gensalt(rounds=5)).decode()
    (tmp_path / "htpasswd").write_text(f"{USER}:{hashed}\n")
    auth = f"auth: {{htpasswd: {{realm: test, path: {tmp_path / 'htpasswd'}}}}}\n"
    yield from _start_registry(tmp_path, auth)


def test_basic_auth(basic_registry: str) -> None:
    good = registry_client.Credentials(username=USER, password=PASSWORD)
    with registry_client.Registry(host=basic_registry, insecure=True, credentials=good) as client:
        digest = _push_image(client, "team/app", "1.0.0")
        assert client.head_manifest("team/app", "1.0.0") == digest
    bad = registry_client.Credentials(username=USER, password="wrong-password")
    refusing = registry_client.Registry(host=basic_registry, insecure=True, credentials=bad)
    with refusing, pytest.raises(registry_client.RegistryError) as refused:
        refusing.list_tags("team/app")
    assert refused.value.status == 401
    assert "wrong-password" not in str(refused.value) and PASSWORD not in str(refused.value)
    anonymous = registry_client.Registry(host=basic_registry, insecure=True)
    with anonymous, pytest.raises(registry_client.RegistryError, match="no credentials"):
        anonymous.list_tags("team/app")


class _TokenService:
    """Issues registry tokens: ES256 JWTs carrying their certificate (x5c)."""

    def __init__(self, tmp: Path) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shipyard test tokens")])
        now = datetime.datetime.now(datetime.UTC)
        self.cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .sign(self.key, hashes.SHA256())
        )
        self.bundle = tmp / "token-ca.pem"
        self.bundle.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        self.requests: list[dict[str, str]] = []
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
                service.requests.append(query)
                expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
                if self.headers.get("Authorization") != expected:
                    self.send_response(401)
                    self.end_headers()
                    return
                body = json.dumps({"token": service.token(query.get("scope", ""))}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.realm = f"http://127.0.0.1:{self.server.server_address[1]}/token"

    def token(self, scope: str) -> str:
        access = []
        if scope.startswith("repository:"):
            _, repository, actions = scope.split(":")
            access.append({"type": "repository", "name": repository, "actions": actions.split(",")})
        now = int(time.time())
        claims = {"iss": "shipyard-test", "sub": USER, "aud": "shipyard-registry",
                  "iat": now, "nbf": now - 10, "exp": now + 300, "jti": uuid.uuid4().hex,
                  "access": access}  # fmt: skip
        der = self.cert.public_bytes(serialization.Encoding.DER)
        header = {"typ": "JWT", "alg": "ES256", "x5c": [base64.b64encode(der).decode()]}

        def part(value: Mapping[str, object]) -> str:
            return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

        signing_input = f"{part(header)}.{part(claims)}"
        r, s = decode_dss_signature(
            self.key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
        )
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


@pytest.fixture
def token_registry(tmp_path: Path) -> Iterator[tuple[str, _TokenService]]:
    service = _TokenService(tmp_path)
    auth = (
        f"auth: {{token: {{realm: '{service.realm}', service: shipyard-registry, "
        f"issuer: shipyard-test, rootcertbundle: {service.bundle}}}}}\n"
    )
    try:
        for host in _start_registry(tmp_path, auth):
            yield host, service
    finally:
        service.server.shutdown()


def test_bearer_token_auth(token_registry: tuple[str, _TokenService]) -> None:
    host, service = token_registry
    good = registry_client.Credentials(username=USER, password=PASSWORD)
    with registry_client.Registry(host=host, insecure=True, credentials=good) as client:
        digest = _push_image(client, "team/app", "2.0.0")
        assert client.get_manifest("team/app", "2.0.0").digest == digest
        assert client.list_tags("team/app") == ["2.0.0"]
    # Tokens were asked for the scopes the registry named, and reused per scope.
    scopes = [request.get("scope") for request in service.requests]
    # (the registry names the actions in either order: "pull,push" or "push,pull")
    actions = [set(str(scope).rsplit(":", 1)[-1].split(",")) for scope in scopes]
    assert {"pull", "push"} in actions
    assert all(request.get("service") == "shipyard-registry" for request in service.requests)
    assert len(scopes) <= 6
    bad = registry_client.Credentials(username=USER, password="nope-nope")
    refusing = registry_client.Registry(host=host, insecure=True, credentials=bad)
    with refusing, pytest.raises(registry_client.RegistryError, match="service refused") as refused:
        refusing.list_tags("team/app")
    assert "nope-nope" not in str(refused.value)
