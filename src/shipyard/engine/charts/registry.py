"""`chart push` and `chart pull` against OCI registries, interoperable with helm's."""

from __future__ import annotations

import dataclasses

from shipyard import errors
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from shipyard.core.charts import ocichart, releases


@dataclasses.dataclass(frozen=True, kw_only=True)
class Pushed:
    reference: str  # host/path/name:tag
    digest: str


def _split(url: str) -> tuple[str, str]:
    """``oci://host[:port]/path`` -> (host, path)."""
    if not url.startswith("oci://"):
        raise errors.UserError(f"{url!r}: expected oci://HOST/PATH")
    host, _, path = url.removeprefix("oci://").partition("/")
    return host, path.strip("/")


def push(
    registry: registry_client.Registry, *, archive: bytes, destination: str, force: bool = False
) -> Pushed:
    """Pushes a packaged chart to ``oci://host/path`` as ``path/<name>:<version>``."""
    chart_yaml = ocichart.chart_yaml_of(archive, where="chart archive")
    _, path = _split(destination)
    repository = f"{path}/{chart_yaml['name']}" if path else str(chart_yaml["name"])
    tag = ocichart.tag_of(str(chart_yaml["version"]))
    config = ocichart.config_json(chart_yaml)
    body = ocichart.manifest(
        config=config, archive=archive, chart_yaml=chart_yaml, created=releases.now()
    )
    existing = registry.head_manifest(repository, tag)
    if existing is not None and not force:
        current = ocichart.chart_layer(
            registry.get_manifest(repository, existing).json(), where=f"{repository}:{tag}"
        )
        if current != oci.digest_of(archive):
            raise errors.UserError(
                f"{registry.host}/{repository}:{tag} already holds another chart archive; "
                "a published chart version is immutable (use --force to override)"
            )
        return Pushed(reference=f"{registry.host}/{repository}:{tag}", digest=existing)
    registry.push_blob(repository, config)
    registry.push_blob(repository, archive, chunk_size=16 * 1024 * 1024)
    digest = registry.put_manifest(repository, tag, body, media_type=oci.OCI_MANIFEST)
    return Pushed(reference=f"{registry.host}/{repository}:{tag}", digest=digest)


def pull(registry: registry_client.Registry, *, source: str, version: str) -> tuple[str, bytes]:
    """(file name, archive) of ``oci://host/path/name`` at ``version``."""
    _, repository = _split(source)
    tag = ocichart.tag_of(version)
    where = f"{registry.host}/{repository}:{tag}"
    found = registry.get_manifest(repository, tag)
    layer = ocichart.chart_layer(found.json(), where=where)
    archive = registry.get_blob(repository, layer)
    chart_yaml = ocichart.chart_yaml_of(archive, where=where)
    return f"{chart_yaml['name']}-{chart_yaml['version']}.tgz", archive
