"""Release revisions in Secrets of the release's namespace (Helm 3's default storage driver)."""

from __future__ import annotations

import base64
import time

import httpx2
import lightkube
from lightkube.models import meta_v1
from lightkube.resources import core_v1

from shipyard import errors
from shipyard.core.charts import releases


def _translate(exc: Exception, what: str) -> errors.ShipyardError:
    if isinstance(exc, lightkube.ApiError):
        code = exc.status.code if exc.status is not None else 0
        message = (exc.status.message if exc.status is not None else "") or str(exc)
        if code == 409:
            return errors.UserError(f"{what}: another operation wrote this revision first")
        if code is not None and (code >= 500 or code == 429):
            return errors.TransientError(f"{what}: API server error {code}")
        return errors.UserError(f"{what}: {message[:300]}")
    return errors.TransientError(f"{what}: API server unreachable: {exc}")


class Store:
    def __init__(self, client: lightkube.Client) -> None:
        self.client = client

    def _decode(self, secret: core_v1.Secret) -> releases.Release:
        name = secret.metadata.name if secret.metadata else "?"
        namespace = secret.metadata.namespace if secret.metadata else "?"
        data = (secret.data or {}).get("release", "")
        # The API gives Secret data base64-encoded; Helm's payload is base64 text itself.
        payload = base64.b64decode(data)
        return releases.decode(payload, where=f"Secret {namespace}/{name}")

    def history(self, *, name: str, namespace: str) -> list[releases.Release]:
        try:
            secrets = list(
                self.client.list(
                    core_v1.Secret,
                    namespace=namespace,
                    labels={"owner": releases.OWNER, "name": name},
                )
            )
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, f"release {namespace}/{name}") from exc
        revisions = [self._decode(s) for s in secrets if s.type == releases.SECRET_TYPE]
        return sorted(revisions, key=lambda r: r.version)

    def list(self, *, namespace: str | None) -> list[releases.Release]:
        """The newest revision of every release (of one namespace, or all with None)."""
        try:
            secrets = list(
                self.client.list(
                    core_v1.Secret,
                    namespace=lightkube.ALL_NS if namespace is None else namespace,
                    labels={"owner": releases.OWNER},
                )
            )
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, "listing releases") from exc
        newest: dict[tuple[str, str], releases.Release] = {}
        for secret in secrets:
            if secret.type != releases.SECRET_TYPE:
                continue
            release = self._decode(secret)
            key = (release.namespace, release.name)
            if key not in newest or newest[key].version < release.version:
                newest[key] = release
        return sorted(newest.values(), key=lambda r: (r.namespace, r.name))

    def _secret(self, release: releases.Release) -> core_v1.Secret:
        payload = releases.encode(release).encode()
        return core_v1.Secret(
            metadata=meta_v1.ObjectMeta(
                name=releases.secret_name(release.name, release.version),
                namespace=release.namespace,
                labels=release.labels(modified_at=int(time.time())),
            ),
            type=releases.SECRET_TYPE,
            data={"release": base64.b64encode(payload).decode()},
        )

    def create(self, release: releases.Release) -> None:
        what = f"release {release.namespace}/{release.name} v{release.version}"
        try:
            self.client.create(self._secret(release))
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, what) from exc

    def update(self, release: releases.Release) -> None:
        what = f"release {release.namespace}/{release.name} v{release.version}"
        try:
            self.client.replace(self._secret(release))
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            raise _translate(exc, what) from exc

    def delete(self, release: releases.Release) -> None:
        try:
            self.client.delete(
                core_v1.Secret,
                releases.secret_name(release.name, release.version),
                namespace=release.namespace,
            )
        except lightkube.ApiError as exc:
            if exc.status is None or exc.status.code != 404:
                raise _translate(exc, f"release {release.name}") from exc
