"""Reading Secrets selected by a label: one LIST with a label selector, values decoded.

Values stay in memory; they are never logged, and errors name the namespace and label only.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
from collections.abc import Mapping, Sequence

import httpx2
import lightkube
from lightkube import operators
from lightkube.resources import core_v1

from shipyard import errors
from shipyard.adapters.kube import objects as kube_objects


@dataclasses.dataclass(frozen=True, kw_only=True)
class LabelledSecret:
    name: str
    label: str  # the selecting label's value
    data: Mapping[str, str] = dataclasses.field(repr=False)  # UTF-8 values; others left out


def list_labelled(
    kube: kube_objects.Objects, *, namespace: str, label: str, values: Sequence[str]
) -> list[LabelledSecret]:
    """The Secrets of ``namespace`` whose ``label`` has one of ``values``, sorted by name."""
    where = f"Secrets labelled {label} in namespace {namespace}"
    try:
        items = list(
            kube.client.list(
                core_v1.Secret, namespace=namespace, labels={label: operators.in_(list(values))}
            )
        )
    except lightkube.ApiError as exc:
        code = exc.status.code if exc.status is not None else 0
        if code in (401, 403):
            raise errors.UserError(f"{where}: not allowed to list them (HTTP {code})") from exc
        raise errors.TransientError(f"{where}: API server error {code}") from exc
    except httpx2.HTTPError as exc:
        raise errors.TransientError(f"{where}: API server unreachable") from exc
    found = []
    for item in items:
        metadata = item.metadata
        if metadata is None or not metadata.name:
            continue
        data: dict[str, str] = {}
        for key, encoded in (item.data or {}).items():
            try:
                data[key] = base64.b64decode(encoded, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                continue
        found.append(
            LabelledSecret(
                name=metadata.name, label=(metadata.labels or {}).get(label, ""), data=data
            )
        )
    return sorted(found, key=lambda secret: secret.name)
