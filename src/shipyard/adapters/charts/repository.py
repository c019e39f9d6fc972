"""HTTP chart repositories: `repo index` of a directory of packaged charts, and pulling a
chart at a version from a repository (basic auth, credentials sent only to its own host)."""

from __future__ import annotations

import hashlib
import urllib.parse
from pathlib import Path

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


def pull(
    repo_url: str, *, name: str, version: str, username: str = "", password: str = ""
) -> tuple[str, bytes]:
    """(file name, archive) of a chart from an HTTP repository, its digest checked."""
    base = repo_url.rstrip("/") + "/"
    host = urllib.parse.urlsplit(base).netloc
    auth = httpx.BasicAuth(username, password) if username else None

    def get(url: str, what: str) -> bytes:
        same_host = urllib.parse.urlsplit(url).netloc == host
        try:
            with httpx.Client(timeout=60, follow_redirects=False, trust_env=False) as client:
                response = client.get(url, auth=auth if same_host else None)
        except httpx.HTTPError as exc:
            raise errors.TransientError(
                f"{what}: {host} unreachable ({type(exc).__name__})"
            ) from exc
        if response.status_code in (401, 403):
            raise errors.UserError(f"{what}: HTTP {response.status_code}; check the credentials")
        if response.status_code != 200:
            raise errors.UserError(f"{what}: HTTP {response.status_code}")
        return response.content

    index_text = get(urllib.parse.urljoin(base, "index.yaml"), f"index of {base}")
    if len(index_text) > MAX_INDEX_BYTES:
        raise errors.UserError(f"index of {base} exceeds 20 MiB")
    index = repoindex.load(index_text.decode("utf-8", "replace"), where=f"{base}index.yaml")
    item = repoindex.find(index, name=name, version=version, where=base)
    urls = item.get("urls") or []
    if not urls:
        raise errors.UserError(f"{base}: chart {name} {version} has no URL")
    link = urllib.parse.urljoin(base, str(urls[0]))
    archive = get(link, f"chart {name} {item.get('version')}")
    digest = str(item.get("digest", ""))
    if digest and hashlib.sha256(archive).hexdigest() != digest:
        raise errors.UserError(f"{link}: the archive does not match the index's digest")
    chart_yaml = ocichart.chart_yaml_of(archive, where=link)
    return f"{chart_yaml['name']}-{chart_yaml['version']}.tgz", archive
