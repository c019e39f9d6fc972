"""Fetching a packaged Helm chart as an Application's source: from an HTTP chart repository
(``index.yaml``) or an OCI registry, at the version ``targetRevision`` selects.

The version is resolved on every call (the index, or the registry's tag list for a
constraint; an exact version needs only its manifest), so a newly published match is seen at
the next resync. Archives are kept in ``<cache>/charts/`` by their digest (the index's
``digest``, the OCI chart layer's digest: both the sha256 of the archive), so a resync of an
unchanged version reads the index or one manifest and downloads nothing. The cache holds at
most :data:`MAX_CACHED_ARCHIVES` archives, the least recently used are removed first. An index
entry without a digest is downloaded each time (nothing names its content).

The result is a :class:`shipyard.adapters.git.source.Snapshot` of kind ``chart``: one file, the
archive (loaded for rendering by :mod:`shipyard.adapters.charts.loading`, with its size caps
and path checks), and the revision ``<version>@sha256:<hex>``. Credentials go only to the
repository's host (HTTP) or the registry and its token service (OCI); no error carries them.
Registries on loopback are spoken to over plain HTTP (the local environment's), others over
HTTPS.
"""

from __future__ import annotations

import contextlib
import os
import re
import urllib.parse
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.charts import repository
from shipyard.adapters.git import source as git_source
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci, repocreds, revisions
from shipyard.core.charts import ocichart, sources

MAX_CACHED_ARCHIVES = 256
KIND = "chart"
_HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
_LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def fetch(
    *,
    repo_url: str,
    chart: str,
    target: str,
    cache: Path,
    credentials: repocreds.Credentials | None = None,
) -> git_source.Snapshot:
    """The archive of ``chart`` at the version ``target`` selects; a UserError (naming the
    chart and repository) when the chart or a matching version does not exist."""
    location = sources.locate(repo_url, chart=chart)
    wanted = sources.parse_target(target)
    if location.kind == "http":
        version, archive = _from_http(location, wanted, cache=cache, credentials=credentials)
    else:
        version, archive = _from_oci(location, wanted, cache=cache, credentials=credentials)
    digest = oci.digest_of(archive)
    _check_pinned(location, wanted, version=version, digest=digest)
    chart_yaml = ocichart.chart_yaml_of(archive, where=f"{location} version {version}")
    if str(chart_yaml["name"]) != chart or str(chart_yaml["version"]) != version:
        raise errors.UserError(
            f"{location} version {version}: the archive holds chart {chart_yaml['name']} "
            f"version {chart_yaml['version']}"
        )
    return git_source.Snapshot(
        url=location.url,
        revision=str(revisions.ChartRevision(version=version, digest=digest)),
        kind=KIND,
        files=(git_source.SourceFile(path=f"{chart}-{version}.tgz", content=archive),),
    )


def _check_pinned(
    location: sources.ChartLocation, wanted: sources.Target, *, version: str, digest: str
) -> None:
    if wanted.digest and digest != wanted.digest:
        raise errors.UserError(
            f"{location} version {version} now has digest {digest[:19]}, not the recorded "
            f"{wanted.digest[:19]}: the version was published again with other content"
        )


# -- HTTP chart repositories -----------------------------------------------------------------


def _from_http(
    location: sources.ChartLocation,
    wanted: sources.Target,
    *,
    cache: Path,
    credentials: repocreds.Credentials | None,
) -> tuple[str, bytes]:
    base = location.url + "/"
    host = urllib.parse.urlsplit(base).netloc.lower()
    auth = (
        repository.BasicAuth(
            username=credentials.username, password=credentials.password, hosts=frozenset({host})
        )
        if credentials is not None
        else None
    )
    index = repository.fetch_index(base, auth=auth)
    entries = index.get("entries") or {}
    items = entries.get(location.name) if isinstance(entries, dict) else None
    if not isinstance(items, list) or not items:
        raise errors.UserError(
            f"{location} does not exist: the repository's index has no chart {location.name}"
        )
    by_version: dict[str, Mapping[str, Any]] = {}
    for item in items:
        if isinstance(item, dict):
            by_version.setdefault(str(item.get("version", "")), item)
    version = sources.newest_match(by_version, wanted, where=str(location))
    item = by_version[version]
    hex_digest = str(item.get("digest", "")).lower()
    if _HEX_DIGEST.fullmatch(hex_digest):
        digest = f"sha256:{hex_digest}"
        _check_pinned(location, wanted, version=version, digest=digest)
        cached = _cached(cache, digest)
        if cached is not None:
            return version, cached
    else:
        hex_digest = ""
    urls = item.get("urls") or []
    if not isinstance(urls, list) or not urls:
        raise errors.UserError(f"{location} version {version}: the index gives no URL")
    link = urllib.parse.urljoin(base, str(urls[0]))
    archive = repository.fetch_chart(
        link, what=f"{location} version {version}", auth=auth, digest=hex_digest
    )
    _store(cache, archive)
    return version, archive


# -- OCI registries ---------------------------------------------------------------------------


def _from_oci(
    location: sources.ChartLocation,
    wanted: sources.Target,
    *,
    cache: Path,
    credentials: repocreds.Credentials | None,
) -> tuple[str, bytes]:
    registry_credentials = (
        registry_client.Credentials(username=credentials.username, password=credentials.password)
        if credentials is not None
        else None
    )
    insecure = location.host.rsplit(":", 1)[0] in _LOOPBACK
    with registry_client.Registry(
        host=location.host, insecure=insecure, credentials=registry_credentials
    ) as client:
        # An exact version is one manifest request; a constraint needs the tag list.
        version = wanted.exact
        manifest = _manifest(client, location, version) if version else None
        if manifest is None and wanted.constraint:
            tags = client.list_tags(location.repository)
            versions = [sources.version_of_tag(tag) for tag in tags]
            version = sources.newest_match(versions, wanted, where=str(location))
            manifest = _manifest(client, location, version)
        if manifest is None:
            raise errors.UserError(f"{location} has no version {version}")
        where = f"{location.url}/{location.name}:{ocichart.tag_of(version)}"
        layer = ocichart.chart_layer(manifest.json(), where=where)
        _check_pinned(location, wanted, version=version, digest=layer)
        cached = _cached(cache, layer)
        if cached is not None:
            return version, cached
        archive = _download_blob(client, location, layer)
    _store(cache, archive)
    return version, archive


def _manifest(
    client: registry_client.Registry, location: sources.ChartLocation, version: str
) -> registry_client.Manifest | None:
    """The manifest of ``version``'s tag, or None when the registry has no such tag."""
    try:
        return client.get_manifest(location.repository, ocichart.tag_of(version))
    except registry_client.RegistryError as exc:
        if exc.status == 404:
            return None
        raise


def _download_blob(
    client: registry_client.Registry, location: sources.ChartLocation, digest: str
) -> bytes:
    body = bytearray()
    for piece in client.stream_blob(location.repository, digest):
        body += piece
        if len(body) > ocichart.MAX_CHART_BYTES:
            raise errors.UserError(f"{location}: chart archive exceeds 100 MiB")
    return bytes(body)


# -- the archive cache ------------------------------------------------------------------------


def _cache_path(cache: Path, digest: str) -> Path:
    return cache / "charts" / f"{digest.replace(':', '-')}.tgz"


def _cached(cache: Path, digest: str) -> bytes | None:
    """The archive of ``digest`` when the cache holds it intact (its use time refreshed)."""
    path = _cache_path(cache, digest)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if oci.digest_of(data) != digest:
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def _store(cache: Path, archive: bytes) -> None:
    """Keeps ``archive`` by its digest (written whole, then renamed: parallel workers never
    read a partial file) and removes the least recently used beyond the limit."""
    path = _cache_path(cache, oci.digest_of(archive))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}.partial")
    try:
        partial.write_bytes(archive)
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        return  # a cache that cannot be written only costs a download next time
    _evict(path.parent)


def _evict(directory: Path) -> None:
    entries = []
    for path in directory.glob("sha256-*.tgz"):
        with contextlib.suppress(OSError):
            entries.append((path.stat().st_mtime, path))
    for _, path in sorted(entries)[: max(0, len(entries) - MAX_CACHED_ARCHIVES)]:
        with contextlib.suppress(OSError):
            path.unlink()
