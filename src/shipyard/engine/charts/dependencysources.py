"""Where `chart dependency update|build` gets remote charts: HTTP chart repositories (each index
fetched once per run) and OCI registries (one client per host).

Credentials (``--username``/``--password``) go only to the hosts they are meant for: those named
with ``--auth-host``, or else the one host the chart's remote dependencies use; a chart whose
dependencies use several hosts must name them, so that a password for one repository is never
sent to another. Chart URLs on other hosts (an index may point anywhere) get no credentials.
OCI registries on loopback speak plain HTTP, as everywhere in shipyard; ``plain_http`` extends
that to any host (helm's ``--plain-http``).
"""

from __future__ import annotations

import dataclasses
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from shipyard import errors
from shipyard.adapters.charts import repository
from shipyard.adapters.registry import client as registry_client
from shipyard.core.charts import dependencyresolving as resolving
from shipyard.engine.charts import registry as chart_registry

_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclasses.dataclass(frozen=True, kw_only=True)
class Access:
    """How to reach the repositories: credentials, the hosts they go to, plain HTTP."""

    username: str = ""
    password: str = dataclasses.field(default="", repr=False)
    auth_hosts: tuple[str, ...] = ()
    plain_http: bool = False


def credential_hosts(access: Access, sources: Iterable[resolving.Source]) -> frozenset[str]:
    """The hosts that may receive the credentials; ``UserError`` when that is ambiguous."""
    if not access.username:
        return frozenset()
    if access.auth_hosts:
        return frozenset(host.lower() for host in access.auth_hosts)
    remote = sorted({s.host for s in sources if s.kind in (resolving.HTTP, resolving.OCI)})
    if len(remote) > 1:
        raise errors.UserError(
            f"credentials were given and the dependencies use several hosts ({', '.join(remote)}); "
            "name the host(s) they are for with --auth-host"
        )
    return frozenset(remote)


class Remote:
    """Indexes, tags and archives of one run; close it (or use ``with``) when done."""

    def __init__(self, access: Access, *, hosts: frozenset[str]) -> None:
        self._access = access
        self._auth = (
            repository.BasicAuth(username=access.username, password=access.password, hosts=hosts)
            if access.username and hosts
            else None
        )
        self._hosts = hosts
        self._indexes: dict[str, Mapping[str, Any]] = {}
        self._registries: dict[str, registry_client.Registry] = {}

    def __enter__(self) -> Remote:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        for client in self._registries.values():
            client.close()
        self._registries.clear()

    # -- HTTP chart repositories ------------------------------------------------------------

    def entries(self, source: resolving.Source, name: str) -> Sequence[Mapping[str, Any]] | None:
        """The index entries of chart ``name`` (None when the index has no such chart)."""
        index = self._indexes.get(source.location)
        if index is None:
            index = repository.fetch_index(source.location, auth=self._auth)
            self._indexes[source.location] = index
        found = (index.get("entries") or {}).get(name)
        if found is None:
            return None
        return [entry for entry in found if isinstance(entry, Mapping)]

    def chart_archive(self, url: str, *, what: str, digest: str) -> bytes:
        return repository.fetch_chart(url, what=what, auth=self._auth, digest=digest)

    # -- OCI registries ---------------------------------------------------------------------

    def _registry(self, host: str) -> registry_client.Registry:
        client = self._registries.get(host)
        if client is None:
            hostname = urllib.parse.urlsplit(f"//{host}").hostname or host
            credentials = (
                registry_client.Credentials(
                    username=self._access.username, password=self._access.password
                )
                if self._access.username and host in self._hosts
                else None
            )
            client = registry_client.Registry(
                host=host,
                insecure=self._access.plain_http or hostname in _LOOPBACK,
                credentials=credentials,
            )
            self._registries[host] = client
        return client

    def tags(self, source: resolving.Source, name: str) -> list[str]:
        host, path = resolving.oci_repository(source.location, name)
        try:
            return self._registry(host).list_tags(path)
        except registry_client.RegistryError as exc:
            raise errors.UserError(
                f"could not retrieve list of tags for repository {source.location}: {exc}"
            ) from exc

    def oci_archive(self, source: resolving.Source, name: str, version: str) -> bytes:
        host, path = resolving.oci_repository(source.location, name)
        _, archive = chart_registry.pull(
            self._registry(host), source=f"oci://{host}/{path}", version=version
        )
        return archive
