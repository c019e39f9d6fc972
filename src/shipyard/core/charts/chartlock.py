"""Dependency lock files (``Chart.lock``, v1 ``requirements.lock``) as Helm 3 writes and checks
them (``helm dependency update|build``: helm's ``internal/resolver`` and ``pkg/downloader``).

- The digest is ``sha256:`` and the hex SHA-256 of Go's ``json.Marshal`` of the pair
  ``[requirements, locked]``: two ``[]*chart.Dependency`` lists, fields in struct order (name,
  version, repository, condition, tags, enabled, import-values, alias) with the ``omitempty``
  ones left out when empty, ``<``, ``>`` and ``&`` escaped. A v1 chart's lock may also carry
  Helm 2's digest, of ``{"dependencies": requirements}`` (helm/helm#7233).
- The file is sigs.k8s.io/yaml's output for ``chart.Lock``: keys sorted, ``generated`` as Go's
  RFC 3339 with nanoseconds (quoted, since go-yaml would read it back as a timestamp).
- Reading one follows Go's decoding into ``chart.Lock``: field names match case-insensitively,
  a wrong type is an error, unknown keys are ignored.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import re
from collections.abc import Sequence

from shipyard import errors
from shipyard.core.charts import chartyaml, gojson, goyaml
from shipyard.core.charts.chartyaml import Dependency

CHART_LOCK = "Chart.lock"
REQUIREMENTS_LOCK = "requirements.lock"

_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z", re.ASCII)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Lock:
    """chart.Lock: what ``update`` resolved, read back by ``build``."""

    generated: str  # as written (Go's RFC 3339 with nanoseconds); "" when absent
    digest: str
    dependencies: tuple[Dependency, ...] | None


def lock_file_name(api_version: str) -> str:
    """Where Helm writes the lock: ``requirements.lock`` for apiVersion v1 charts."""
    return REQUIREMENTS_LOCK if api_version == "v1" else CHART_LOCK


def dependency_fields(dep: Dependency) -> gojson.StructFields:
    """A ``*chart.Dependency`` as json.Marshal writes it (struct order, omitempty)."""
    fields = gojson.StructFields(name=dep.Name)
    if dep.Version:
        fields["version"] = dep.Version
    fields["repository"] = dep.Repository
    if dep.Condition:
        fields["condition"] = dep.Condition
    if dep.Tags:
        fields["tags"] = list(dep.Tags)
    if dep.Enabled:
        fields["enabled"] = True
    if dep.ImportValues:
        fields["import-values"] = list(dep.ImportValues)
    if dep.Alias:
        fields["alias"] = dep.Alias
    return fields


def _dependency_list(deps: Sequence[Dependency | None] | None) -> list[object] | None:
    if deps is None:
        return None
    return [None if dep is None else dependency_fields(dep) for dep in deps]


def _sha256(value: object) -> str:
    text = gojson.marshal(value)
    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def digest(
    *,
    requirements: Sequence[Dependency | None] | None,
    locked: Sequence[Dependency | None] | None,
) -> str:
    """resolver.HashReq: the digest a lock records for these requirements and locked versions."""
    return _sha256([_dependency_list(requirements), _dependency_list(locked)])


def digest_v2(requirements: Sequence[Dependency | None] | None) -> str:
    """resolver.HashV2Req: Helm 2's digest, accepted for v1 charts' requirements.lock."""
    return _sha256({"dependencies": _dependency_list(requirements)})


def is_in_sync(
    *, requirements: Sequence[Dependency | None] | None, lock: Lock, api_version: str
) -> bool:
    """Whether ``helm dependency build`` accepts ``lock`` for these requirements."""
    if digest(requirements=requirements, locked=lock.dependencies) == lock.digest:
        return True
    return api_version == "v1" and digest_v2(requirements) == lock.digest


def out_of_sync_message(api_version: str) -> str:
    if api_version == "v1":
        return (
            "the lock file (requirements.lock) is out of sync with the dependencies file "
            "(requirements.yaml). Please update the dependencies"
        )
    return (
        "the lock file (Chart.lock) is out of sync with the dependencies file (Chart.yaml). "
        "Please update the dependencies"
    )


def locked(*, name: str, repository: str, version: str) -> Dependency:
    """One entry of a lock's dependency list (only name, repository and version are set)."""
    return Dependency(Name=name, Repository=repository, Version=version)


def format_generated(moment: datetime.datetime) -> str:
    """Go's time.Time JSON form (RFC 3339, fraction without trailing zeros, Z for UTC)."""
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    fraction = f"{moment.microsecond:06d}".rstrip("0")
    if fraction:
        text += "." + fraction
    offset = moment.utcoffset()
    if not offset:
        return text + "Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{text}{sign}{hours:02d}:{minutes:02d}"


def dump(lock: Lock) -> str:
    """The lock file's text, as ``yaml.Marshal(lock)`` writes it in helm."""
    value = {
        "generated": lock.generated,
        "digest": lock.digest,
        "dependencies": _dependency_list(lock.dependencies),
    }
    return goyaml.to_yaml(value) + "\n"


def parse(text: str, *, where: str) -> Lock:
    """A lock file read as Helm's loader reads it; ``UserError`` names ``where``."""
    try:
        document = goyaml.decode(text)
        listed = chartyaml.decode_metadata(text).Dependencies
    except (goyaml.YAMLError, chartyaml.ChartYAMLError) as exc:
        raise errors.UserError(f"{where}: cannot load {_base(where)}: {exc}") from None
    fields: dict[str, object] = {}
    if isinstance(document, dict):
        for key, value in document.items():
            folded = key.lower()
            if folded in ("generated", "digest") and folded not in fields:
                fields[folded] = value
    digest_value = fields.get("digest")
    if digest_value is not None and not isinstance(digest_value, str):
        raise errors.UserError(
            f"{where}: cannot load {_base(where)}: json: cannot unmarshal "
            f"{_json_kind(digest_value)} into Go struct field Lock.digest of type string"
        )
    generated = fields.get("generated")
    if generated is not None and (
        not isinstance(generated, str) or _RFC3339.match(generated) is None
    ):
        raise errors.UserError(
            f"{where}: cannot load {_base(where)}: generated {generated!r} is not an RFC 3339 time"
        )
    if listed is not None and any(dep is None for dep in listed):
        raise errors.UserError(
            f"{where}: cannot load {_base(where)}: dependencies must not contain empty or null "
            "nodes"
        )
    return Lock(
        generated=generated or "",
        digest=digest_value or "",
        dependencies=None if listed is None else tuple(d for d in listed if d is not None),
    )


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "array" if isinstance(value, list) else "object"


def _base(where: str) -> str:
    return where.replace("\\", "/").rsplit("/", 1)[-1]
