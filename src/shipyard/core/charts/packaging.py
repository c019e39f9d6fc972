"""A packaged chart (``<name>-<version>.tgz``): the chart's files under ``<name>/``, in the
order loaded, root-owned with one mtime, so packaging the same files gives the same bytes."""

from __future__ import annotations

import gzip
import io
import tarfile
from collections.abc import Sequence
from typing import Any

import yaml

from shipyard import errors
from shipyard.core.charts import chart


def package(
    files: Sequence[chart.File], *, version: str = "", app_version: str = "", mtime: int = 0
) -> tuple[str, bytes]:
    """(file name, archive). ``version``/``app_version`` override Chart.yaml's, as the flags of
    ``helm package`` do (Chart.yaml is then rewritten)."""
    by_name = {f.name: f for f in files}
    if "Chart.yaml" not in by_name:
        raise errors.UserError("not a chart: Chart.yaml is missing")
    try:
        metadata: Any = yaml.safe_load(by_name["Chart.yaml"].data)
    except yaml.YAMLError as exc:
        raise errors.UserError(f"Chart.yaml: invalid YAML ({exc})") from exc
    if not isinstance(metadata, dict) or not metadata.get("name"):
        raise errors.UserError("Chart.yaml: a chart needs a name")
    name = str(metadata["name"])
    if "/" in name or "\\" in name or name in (".", ".."):
        raise errors.UserError(f"Chart.yaml: chart name {name!r} has path segments")
    if version or app_version:
        if version:
            metadata["version"] = version
        if app_version:
            metadata["appVersion"] = app_version
        data = yaml.safe_dump(metadata, sort_keys=False).encode()
        by_name["Chart.yaml"] = chart.File(name="Chart.yaml", data=data)
    if not metadata.get("version"):
        raise errors.UserError("Chart.yaml: a chart needs a version")
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for item in ["Chart.yaml", *(n for n in by_name if n != "Chart.yaml")]:
            info = tarfile.TarInfo(f"{name}/{item}")
            info.size = len(by_name[item].data)
            info.mtime = mtime
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(by_name[item].data))
    archive = gzip.compress(raw.getvalue(), mtime=0)
    return f"{name}-{metadata['version']}.tgz", archive
