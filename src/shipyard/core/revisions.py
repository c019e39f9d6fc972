"""The revision an Application was synced at, as its status records it.

A Git source's revision is the commit SHA. A chart from a chart repository or OCI registry is
``<version>@sha256:<hex>``: the chart version resolved from ``targetRevision`` and the digest
of the chart archive (the same value for an HTTP repository's ``index.yaml`` and an OCI
registry's chart layer), so that a version re-published with other content is a new revision,
and a rollback to a recorded revision refuses an archive that changed since.
"""

from __future__ import annotations

import dataclasses
import re

_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_SHA = re.compile(r"[0-9a-f]{40}")
SHORT = 12


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChartRevision:
    version: str
    digest: str  # sha256:<hex> of the chart archive

    def __str__(self) -> str:
        return f"{self.version}@{self.digest}"


def parse_chart(text: str) -> ChartRevision | None:
    """The version and digest of ``<version>@sha256:<hex>``; None for anything else."""
    version, separator, digest = text.rpartition("@")
    if not separator or not version or not _DIGEST.fullmatch(digest):
        return None
    return ChartRevision(version=version, digest=digest)


def short(revision: str) -> str:
    """A revision for people: a commit SHA's first 12 digits, a chart's version with the
    first 12 digits of its digest (``1.2.0@sha256:3f2a9c1b7e4d``)."""
    chart = parse_chart(revision)
    if chart is not None:
        return f"{chart.version}@{chart.digest[: len('sha256:') + SHORT]}"
    if _SHA.fullmatch(revision):
        return revision[:SHORT]
    return revision
