"""HTTP chart repositories: `repo index` of a directory of packaged charts, fetching an index
and archives (size-capped; basic auth sent only to the hosts it is meant for), and pulling a
chart at a version from a repository (credentials sent only to its own host)."""

from __future__ import annotations

import dataclasses
import hashlib
import urllib.parse
from pathlib import Path
from typing import Any

import httpx

from shipyard import errors
from shipyard.core.charts import ocichart, releases, repoindex

MAX_INDEX_BYTES = 20 * 1024 * 1024


def index_directory(directory: Path, *, url: str, merge: Path | None = None) -> Path:
    """Writes ``index.yaml`` for every ``*.tgz`` of ``directory`` (as `helm repo index`)."""
    created = releases.now()
    entries = []
    for archive_path in sorted(directory.glob("*.tgz")):
        archive = archive_path.read_bytes()
        chart_yaml = ocichart.chart_yaml_of(archive, where=str(archive_path))
        link = f"{url.rstrip('/')}/{archive_path.name}" if url else archive_path.name
        entries.append(
            repoindex.entry(chart_yaml=chart_yaml, digest_hex=hashlib.sha256(archive).hexdigest(),
                            url=link, created=created)
        )  # fmt: skip
    index = repoindex.build(entries, generated=created)
    if merge is not None and merge.is_file():
        index = repoindex.merge(repoindex.load(merge.read_text(), where=str(merge)), index)
        index["generated"] = created
    target = directory / "index.yaml"
    target.write_text(repoindex.dump(index))
    return target


@dataclasses.dataclass(frozen=True, kw_only=True)
class BasicAuth:
    """Credentials for chart repositories, sent only to ``hosts`` (host[:port], lower case)."""

    username: str
    password: str = dataclasses.field(repr=False)
    hosts: frozenset[str]


def fetch(url: str, *, what: str, auth: BasicAuth | None, limit: int) -> bytes:
    """The body of ``url``, at most ``limit`` bytes; redirects are followed (credentials are
    not sent to another host or scheme)."""
    host = urllib.parse.urlsplit(url).netloc.lower()
    basic = httpx.BasicAuth(auth.username, auth.password) if auth and host in auth.hosts else None
    try:
        with (
            httpx.Client(timeout=60, follow_redirects=True, max_redirects=5,
                         trust_env=False) as client,
            client.stream("GET", url, auth=basic) as response,
        ):  # fmt: skip
            if response.status_code in (401, 403):
                raise errors.UserError(
                    f"{what}: HTTP {response.status_code}; check the credentials"
                )
            if response.status_code != 200:
                raise errors.UserError(f"{what}: HTTP {response.status_code}")
            body = bytearray()
            for piece in response.iter_bytes():
                body += piece
                if len(body) > limit:
                    raise errors.UserError(f"{what}: larger than {limit // (1024 * 1024)} MiB")
    except httpx.TooManyRedirects as exc:
        raise errors.UserError(f"{what}: too many redirects") from exc
    except httpx.HTTPError as exc:
        raise errors.TransientError(f"{what}: {host} unreachable ({type(exc).__name__})") from exc
    return bytes(body)


def fetch_index(repo_url: str, *, auth: BasicAuth | None) -> dict[str, Any]:
    """A repository's index.yaml, loaded."""
    base = repo_url.rstrip("/") + "/"
    url = urllib.parse.urljoin(base, "index.yaml")
    text = fetch(url, what=f"index of {base}", auth=auth, limit=MAX_INDEX_BYTES)
    return repoindex.load(text.decode("utf-8", "replace"), where=url)


def fetch_chart(url: str, *, what: str, auth: BasicAuth | None, digest: str = "") -> bytes:
    """A chart archive, checked against the index's ``digest`` (hex sha256) when it has one."""
    archive = fetch(url, what=what, auth=auth, limit=ocichart.MAX_CHART_BYTES)
    if digest and hashlib.sha256(archive).hexdigest() != digest:
        raise errors.UserError(f"{url}: the archive does not match the index's digest")
    return archive


def pull(
    repo_url: str, *, name: str, version: str, username: str = "", password: str = ""
) -> tuple[str, bytes]:
    """(file name, archive) of a chart from an HTTP repository, its digest checked."""
    base = repo_url.rstrip("/") + "/"
    host = urllib.parse.urlsplit(base).netloc.lower()
    auth = (
        BasicAuth(username=username, password=password, hosts=frozenset({host}))
        if username
        else None
    )
    index = fetch_index(base, auth=auth)
    item = repoindex.find(index, name=name, version=version, where=base)
    urls = item.get("urls") or []
    if not urls:
        raise errors.UserError(f"{base}: chart {name} {version} has no URL")
    link = urllib.parse.urljoin(base, str(urls[0]))
    archive = fetch_chart(
        link, what=f"chart {name} {item.get('version')}", auth=auth,
        digest=str(item.get("digest", "")),
    )  # fmt: skip
    chart_yaml = ocichart.chart_yaml_of(archive, where=link)
    return f"{chart_yaml['name']}-{chart_yaml['version']}.tgz", archive
