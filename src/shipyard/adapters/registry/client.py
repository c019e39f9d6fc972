"""A client of the OCI distribution API, shared by the image builder, the scanners and the signer.

Blobs: existence checks (HEAD), monolithic uploads (POST then PUT), chunked uploads (POST,
PATCH per chunk, PUT), cross-repository mounts, and downloads checked against their digest.
Manifests and indexes: PUT, GET and HEAD by tag or digest; tags listed page by page.

Authentication follows the registry's challenge: ``Basic`` sends the credentials; ``Bearer``
fetches a token for the challenge's scope from its realm (with the credentials, if any) and
caches it per scope. Credentials go only to the registry and to a realm on the same host (any
port) or over HTTPS; redirects to other hosts (blob storage) never carry them. Transport
errors, 429 and 5xx are retried with exponential backoff; any other refusal is a
``RegistryError`` naming the registry, repository and operation, never a credential or token.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import time
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from shipyard import errors
from shipyard.core import oci

DEFAULT_CHUNK = 8 * 1024 * 1024
MAX_MANIFEST = 4 * 1024 * 1024  # the distribution spec's recommended manifest size limit


class RegistryError(errors.UserError):
    """The registry refused a request (not found, denied, invalid)."""

    def __init__(self, message: str, *, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclasses.dataclass(frozen=True, kw_only=True)
class Credentials:
    username: str
    password: str = dataclasses.field(repr=False)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Manifest:
    media_type: str
    digest: str
    body: bytes

    def json(self) -> dict[str, Any]:
        value = json.loads(self.body)
        if not isinstance(value, dict):
            raise errors.UserError(f"manifest {self.digest} is not a JSON object")
        return value


_CHALLENGE_RE = re.compile(r'(\w+)="([^"]*)"')


def _challenge(header: str) -> tuple[str, dict[str, str]]:
    scheme, _, params = header.strip().partition(" ")
    return scheme.lower(), dict(_CHALLENGE_RE.findall(params))


class Registry:
    """One registry host. ``insecure`` speaks plain HTTP (loopback registries)."""

    def __init__(
        self,
        *,
        host: str,
        insecure: bool = False,
        credentials: Credentials | None = None,
        retries: int = 4,
        backoff: float = 0.5,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.host = host
        self.base = f"{'http' if insecure else 'https'}://{host}"
        self.credentials = credentials
        self.retries = retries
        self.backoff = backoff
        self._sleep = sleep
        self._tokens: dict[str, str] = {}
        self._basic = False
        self._http = httpx.Client(
            timeout=timeout, follow_redirects=True, trust_env=False, transport=transport
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------

    def _url(self, path_or_url: str) -> str:
        return path_or_url if "://" in path_or_url else self.base + path_or_url

    def _auth(self, scope: str) -> dict[str, str]:
        if scope in self._tokens:
            return {"Authorization": f"Bearer {self._tokens[scope]}"}
        if self._basic and self.credentials is not None:
            return {"Authorization": self._basic_value()}
        return {}

    def _basic_value(self) -> str:
        assert self.credentials is not None
        pair = f"{self.credentials.username}:{self.credentials.password}".encode()
        return "Basic " + base64.b64encode(pair).decode()

    def _request(
        self,
        method: str,
        path_or_url: str,
        *,
        scope: str,
        what: str,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
        allow: tuple[int, ...] = (),
        stream: bool = False,
    ) -> httpx.Response:
        """Sends with auth and retries; returns a response whose status is in ``ok`` or
        ``allow``; raises RegistryError or TransientError otherwise."""
        url = self._url(path_or_url)
        authenticated = False
        attempt = 0
        while True:
            request = self._http.build_request(
                method,
                url,
                content=content,
                headers={**(headers or {}), **self._auth(scope)},
            )
            try:
                response = self._http.send(request, stream=stream)
            except httpx.HTTPError as exc:
                if attempt >= self.retries:
                    raise errors.TransientError(
                        f"registry {self.host}: {what}: unreachable after {attempt + 1} attempts "
                        f"({type(exc).__name__})"
                    ) from exc
                self._sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            if response.status_code == 401 and not authenticated:
                challenge = response.headers.get("WWW-Authenticate", "")
                response.close()
                self._authenticate(challenge, scope=scope, what=what)
                authenticated = True
                continue
            if response.status_code in ok or response.status_code in allow:
                return response
            if (response.status_code == 429 or response.status_code >= 500) and (
                attempt < self.retries
            ):
                response.close()
                self._sleep(self.backoff * 2**attempt)
                attempt += 1
                continue
            raise self._refused(response, what=what)

    def _refused(self, response: httpx.Response, *, what: str) -> errors.ShipyardError:
        if not response.is_closed:
            response.read()
        detail = ""
        try:
            body = response.json()
            codes = [f"{e.get('code')}: {e.get('message')}" for e in body.get("errors", ())]
            detail = "; ".join(codes)[:300]
        except (ValueError, AttributeError):
            detail = ""
        status = response.status_code
        message = f"registry {self.host}: {what}: HTTP {status}" + (
            f" ({detail})" if detail else ""
        )
        if status == 429 or status >= 500:
            return errors.TransientError(message)
        return RegistryError(message, status=status)

    def _authenticate(self, challenge: str, *, scope: str, what: str) -> None:
        scheme, params = _challenge(challenge)
        if scheme == "basic":
            if self.credentials is None:
                raise RegistryError(
                    f"registry {self.host}: {what}: authentication required (no credentials)",
                    status=401,
                )
            self._basic = True
            return
        if scheme != "bearer" or "realm" not in params:
            raise RegistryError(
                f"registry {self.host}: {what}: unsupported authentication challenge", status=401
            )
        realm = params["realm"]
        realm_parts = urllib.parse.urlsplit(realm)
        same_host = realm_parts.hostname == urllib.parse.urlsplit(self.base).hostname
        query = {"service": params.get("service", "")}
        wanted = params.get("scope") or scope
        if wanted:
            query["scope"] = wanted
        headers = {}
        if self.credentials is not None:
            if not (same_host or realm_parts.scheme == "https"):
                raise RegistryError(
                    f"registry {self.host}: {what}: the token realm {realm_parts.netloc} is "
                    "another host over plain HTTP; credentials are not sent there",
                    status=401,
                )
            headers["Authorization"] = self._basic_value()
        try:
            answer = self._http.get(realm, params=query, headers=headers)
        except httpx.HTTPError as exc:
            raise errors.TransientError(
                f"registry {self.host}: token service {realm_parts.netloc} unreachable"
            ) from exc
        if answer.status_code != 200:
            raise RegistryError(
                f"registry {self.host}: {what}: the token service refused "
                f"(HTTP {answer.status_code}); check the credentials",
                status=401,
            )
        try:
            body = answer.json()
            token = str(body.get("token") or body.get("access_token") or "")
        except (ValueError, AttributeError):
            token = ""
        if not token:
            raise RegistryError(
                f"registry {self.host}: {what}: the token service gave no token", status=401
            )
        self._tokens[scope] = token

    # -- blobs -----------------------------------------------------------------------------

    @staticmethod
    def _scope(repository: str, actions: str) -> str:
        return f"repository:{repository}:{actions}"

    def blob_exists(self, repository: str, digest: str) -> bool:
        response = self._request(
            "HEAD",
            f"/v2/{repository}/blobs/{digest}",
            scope=self._scope(repository, "pull"),
            what=f"check blob {digest[:19]} in {repository}",
            allow=(404,),
        )
        return response.status_code == 200

    def mount_blob(self, repository: str, digest: str, *, source: str) -> bool:
        """Links a blob of ``source`` (same registry) into ``repository`` without uploading
        it; False when the registry did not mount it (it then opened an upload, cancelled)."""
        response = self._request(
            "POST",
            f"/v2/{repository}/blobs/uploads/?mount={digest}&from={source}",
            scope=self._scope(repository, "pull,push"),
            what=f"mount blob {digest[:19]} from {source} into {repository}",
            ok=(201, 202),
        )
        if response.status_code == 201:
            return True
        location = response.headers.get("Location")
        if location:
            self._request(
                "DELETE",
                self._location(location),
                scope=self._scope(repository, "pull,push"),
                what="cancel upload",
                ok=(204,),
                allow=(404, 405),
            )
        return False

    def _location(self, location: str) -> str:
        joined = urllib.parse.urljoin(self.base + "/", location)
        if urllib.parse.urlsplit(joined).netloc != self.host:
            raise RegistryError(
                f"registry {self.host}: upload location points to another host", status=502
            )
        return joined

    def _start_upload(self, repository: str, *, what: str) -> str:
        response = self._request(
            "POST",
            f"/v2/{repository}/blobs/uploads/",
            scope=self._scope(repository, "pull,push"),
            what=what,
            ok=(202,),
        )
        location = response.headers.get("Location")
        if not location:
            raise RegistryError(f"registry {self.host}: {what}: no upload location", status=502)
        return self._location(location)

    @staticmethod
    def _with_digest(location: str, digest: str) -> str:
        separator = "&" if "?" in location else "?"
        return f"{location}{separator}digest={urllib.parse.quote(digest)}"

    def push_blob(
        self,
        repository: str,
        data: bytes,
        *,
        chunk_size: int = 0,
        mount_from: str = "",
    ) -> str:
        """Uploads ``data`` unless the repository has it (or it can be mounted from
        ``mount_from``); chunked when ``chunk_size`` is set and smaller than the blob."""
        digest = oci.digest_of(data)
        if self.blob_exists(repository, digest):
            return digest
        if mount_from and self.mount_blob(repository, digest, source=mount_from):
            return digest
        what = f"upload blob {digest[:19]} ({len(data)} bytes) to {repository}"
        location = self._start_upload(repository, what=what)
        if chunk_size and len(data) > chunk_size:
            for start in range(0, len(data), chunk_size):
                chunk = data[start : start + chunk_size]
                response = self._request(
                    "PATCH",
                    location,
                    scope=self._scope(repository, "pull,push"),
                    what=what,
                    content=chunk,
                    headers={
                        "Content-Type": "application/octet-stream",
                        "Content-Range": f"{start}-{start + len(chunk) - 1}",
                    },
                    ok=(202,),
                )
                location = self._location(response.headers.get("Location", location))
            body = b""
        else:
            body = data
        response = self._request(
            "PUT",
            self._with_digest(location, digest),
            scope=self._scope(repository, "pull,push"),
            what=what,
            content=body,
            headers={"Content-Type": "application/octet-stream"},
            ok=(201,),
        )
        stored = response.headers.get("Docker-Content-Digest", digest)
        if stored != digest:
            raise RegistryError(
                f"registry {self.host}: {what}: stored as {stored}, expected {digest}", status=502
            )
        return digest

    def get_blob(self, repository: str, digest: str) -> bytes:
        """The blob's bytes, checked against its digest."""
        response = self._request(
            "GET",
            f"/v2/{repository}/blobs/{digest}",
            scope=self._scope(repository, "pull"),
            what=f"download blob {digest[:19]} from {repository}",
        )
        data = response.content
        if oci.digest_of(data) != digest:
            raise RegistryError(
                f"registry {self.host}: blob {digest[:19]} of {repository} does not match its "
                "digest",
                status=502,
            )
        return data

    def stream_blob(self, repository: str, digest: str) -> Iterator[bytes]:
        """The blob in pieces (large layers), its digest checked when the last piece is read."""
        response = self._request(
            "GET",
            f"/v2/{repository}/blobs/{digest}",
            scope=self._scope(repository, "pull"),
            what=f"download blob {digest[:19]} from {repository}",
            stream=True,
        )
        hasher = hashlib.sha256()
        try:
            for piece in response.iter_bytes():
                hasher.update(piece)
                yield piece
        finally:
            response.close()
        if "sha256:" + hasher.hexdigest() != digest:
            raise RegistryError(
                f"registry {self.host}: blob {digest[:19]} of {repository} does not match its "
                "digest",
                status=502,
            )

    # -- manifests ---------------------------------------------------------------------------

    def put_manifest(self, repository: str, reference: str, body: bytes, *, media_type: str) -> str:
        """Stores a manifest or index under a tag or its digest; returns its digest."""
        digest = oci.digest_of(body)
        if reference.startswith("sha256:") and reference != digest:
            raise RegistryError(
                f"manifest digest {digest} differs from the reference {reference}", status=400
            )
        self._request(
            "PUT",
            f"/v2/{repository}/manifests/{reference}",
            scope=self._scope(repository, "pull,push"),
            what=f"put manifest {repository}:{reference}",
            content=body,
            headers={"Content-Type": media_type},
            ok=(201,),
        )
        return digest

    def head_manifest(self, repository: str, reference: str) -> str | None:
        """The digest a tag (or digest) points to, or None when it does not exist."""
        response = self._request(
            "HEAD",
            f"/v2/{repository}/manifests/{reference}",
            scope=self._scope(repository, "pull"),
            what=f"check manifest {repository}:{reference}",
            headers={"Accept": ", ".join(oci.MANIFEST_TYPES)},
            allow=(404,),
        )
        if response.status_code == 404:
            return None
        return response.headers.get("Docker-Content-Digest") or None

    def get_manifest(self, repository: str, reference: str) -> Manifest:
        response = self._request(
            "GET",
            f"/v2/{repository}/manifests/{reference}",
            scope=self._scope(repository, "pull"),
            what=f"get manifest {repository}:{reference}",
            headers={"Accept": ", ".join(oci.MANIFEST_TYPES)},
        )
        body = response.content
        if len(body) > MAX_MANIFEST:
            raise RegistryError(
                f"registry {self.host}: manifest {repository}:{reference} exceeds 4 MiB",
                status=413,
            )
        digest = oci.digest_of(body)
        if reference.startswith("sha256:") and digest != reference:
            raise RegistryError(
                f"registry {self.host}: manifest {reference} does not match its digest",
                status=502,
            )
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        if not media_type:
            media_type = str(json.loads(body).get("mediaType", ""))
        return Manifest(media_type=media_type, digest=digest, body=body)

    def list_tags(self, repository: str, *, page_size: int = 1000) -> list[str]:
        """Every tag of the repository, following the Link header from page to page."""
        tags: list[str] = []
        path = f"/v2/{repository}/tags/list?n={page_size}"
        while path:
            response = self._request(
                "GET",
                path,
                scope=self._scope(repository, "pull"),
                what=f"list tags of {repository}",
                allow=(404,),
            )
            if response.status_code == 404:
                return []
            tags.extend(response.json().get("tags") or ())
            link = response.headers.get("Link", "")
            match = re.match(r"\s*<([^>]+)>", link)
            path = match.group(1) if match else ""
            if path and "://" in path and urllib.parse.urlsplit(path).netloc != self.host:
                raise RegistryError(
                    f"registry {self.host}: tag list link points to another host", status=502
                )
        return tags
