"""The CustomResourceDefinitions of ``shipyard.dev``, generated from the pydantic models.

pydantic's JSON schema becomes a Kubernetes *structural* schema: every ``$ref`` inlined, ``anyOf``
with null turned into ``nullable``, ``const`` into a one-value ``enum``, and the keywords the API
server refuses (``additionalProperties: false``, ``uniqueItems``, ``title``) left out. Only scalar
defaults are kept, so that the server fills in what the models would, without adding empty
objects to every resource. An unknown keyword is an error here, not a CRD the server rejects.

The shipped file is regenerated with::

    python -m shipyard.api.crds > deploy/crds/shipyard.dev.yaml
"""

from __future__ import annotations

import copy
import sys
from typing import Any

import pydantic
import yaml

from shipyard.api import application

_KEPT = {
    "description",
    "enum",
    "format",
    "maxItems",
    "maxLength",
    "maximum",
    "minItems",
    "minLength",
    "minimum",
    "nullable",
    "pattern",
    "required",
    "type",
}
_DROPPED = {"title", "examples", "uniqueItems"}

Schema = dict[str, Any]


def structural_schema(model: type[pydantic.BaseModel]) -> Schema:
    """The model's validation JSON schema as a Kubernetes structural schema."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    definitions: dict[str, Schema] = schema.pop("$defs", {})
    return _convert(schema, definitions=definitions, seen=())


def _convert(schema: Schema, *, definitions: dict[str, Schema], seen: tuple[str, ...]) -> Schema:
    schema = dict(schema)
    base: Schema = {}
    if "$ref" in schema:
        name = str(schema.pop("$ref")).rsplit("/", 1)[-1]
        if name in seen:
            raise ValueError(f"recursive model {name} cannot be a structural schema")
        base = _convert(definitions[name], definitions=definitions, seen=(*seen, name))
    for combinator in ("allOf", "anyOf"):
        if combinator not in schema:
            continue
        variants = [v for v in schema.pop(combinator) if v != {"type": "null"}]
        if len(variants) != 1:
            raise ValueError(f"{combinator} of {len(variants)} types cannot be structural")
        base = _convert(variants[0], definitions=definitions, seen=seen)
        if combinator == "anyOf":
            base["nullable"] = True  # only null was dropped
    if "const" in schema:
        schema["enum"] = [schema.pop("const")]
    result = dict(base)
    for key, value in schema.items():
        if key in _DROPPED or (key == "additionalProperties" and value is False):
            continue
        if key == "default":
            if isinstance(value, str | int | float | bool):
                result[key] = value
        elif key == "properties":
            result[key] = {
                name: _convert(sub, definitions=definitions, seen=seen)
                for name, sub in value.items()
            }
        elif key in ("items", "additionalProperties"):
            result[key] = _convert(value, definitions=definitions, seen=seen)
        elif key in _KEPT:
            result[key] = copy.deepcopy(value)  # shared lists would become YAML anchors
        else:
            raise ValueError(f"JSON schema keyword {key!r} has no structural equivalent")
    if "properties" in result:
        result.setdefault("type", "object")
    if "type" not in result:
        raise ValueError(f"schema without a type cannot be structural: {sorted(result)}")
    return result


def _root_schema(*, description: str, spec: Schema, status: Schema | None) -> Schema:
    properties: Schema = {
        "apiVersion": {"type": "string"},
        "kind": {"type": "string"},
        "metadata": {"type": "object"},
        "spec": spec,
    }
    if status is not None:
        properties["status"] = status
    return {
        "description": description,
        "type": "object",
        "properties": properties,
        "required": ["spec"],
    }


def _definition(
    *,
    kind: str,
    plural: str,
    short_names: list[str],
    schema: Schema,
    columns: list[Schema],
    status: bool,
) -> Schema:
    version: Schema = {
        "name": application.VERSION,
        "served": True,
        "storage": True,
        "schema": {"openAPIV3Schema": schema},
    }
    if columns:
        version["additionalPrinterColumns"] = columns
    if status:
        version["subresources"] = {"status": {}}
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": f"{plural}.{application.GROUP}"},
        "spec": {
            "group": application.GROUP,
            "scope": "Namespaced",
            "names": {
                "kind": kind,
                "listKind": f"{kind}List",
                "plural": plural,
                "singular": kind.lower(),
                "shortNames": short_names,
                "categories": ["shipyard"],
            },
            "versions": [version],
        },
    }


def _column(name: str, json_path: str, *, kind: str = "string") -> Schema:
    return {"name": name, "type": kind, "jsonPath": json_path}


def _definitions() -> list[Schema]:
    """The CustomResourceDefinitions as JSON-ready dictionaries, Application first."""
    app = _definition(
        kind="Application",
        plural="applications",
        short_names=["app", "apps"],
        schema=_root_schema(
            description=str(application.Application.__doc__),
            spec=structural_schema(application.ApplicationSpec),
            status=structural_schema(application.ApplicationStatus),
        ),
        columns=[
            _column("Sync", ".status.sync.status"),
            _column("Health", ".status.health.status"),
            _column("Revision", ".status.sync.revision"),
            _column("Age", ".metadata.creationTimestamp", kind="date"),
        ],
        status=True,
    )
    project = _definition(
        kind="Project",
        plural="projects",
        short_names=["proj"],
        schema=_root_schema(
            description=str(application.Project.__doc__),
            spec=structural_schema(application.ProjectSpec),
            status=None,
        ),
        columns=[],
        status=False,
    )
    return [app, project]


def render_crds() -> str:
    """The CRDs as one multi-document YAML text; the same models always give the same bytes."""
    header = (
        "# Generated from shipyard.api.application by `python -m shipyard.api.crds`: do not edit.\n"
    )
    body = yaml.safe_dump_all(
        _definitions(), explicit_start=True, sort_keys=True, allow_unicode=True, width=100
    )
    return header + body


if __name__ == "__main__":
    sys.stdout.write(render_crds())
