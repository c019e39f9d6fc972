"""``values.schema.json`` validation against the real helm v3.22.0, byte for byte.

Each case is one chart (a schema and its values); helm and ``shipyard chart template`` (the
console script, render server off) render it and must agree on the exit code, stdout and
stderr exactly. Cases are chosen so that helm's output is deterministic: santhosh-tekuri/
jsonschema v6 visits an object's properties in Go's random map order, so errors under two
different properties of one object would print in either order. The parity figure (identical
cases / cases) is printed with ``-s`` and must be 100%.

One behaviour differs on purpose and is tested apart: a ``$ref`` to another document is not
fetched (helm reads ``file://`` paths and the network).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from shipyard.adapters.local import toolchain
from tests.integration import chart_fixtures as fx

D4 = "http://json-schema.org/draft-04/schema#"
D7 = "http://json-schema.org/draft-07/schema#"
D2019 = "https://json-schema.org/draft/2019-09/schema"
D2020 = "https://json-schema.org/draft/2020-12/schema"
TEMPLATE = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n"

Result = tuple[int, str, str]
RESULTS: dict[str, tuple[Result, Result]] = {}


def fmt(name: str, value: str, draft: str = D7) -> tuple[object, str]:
    return {"$schema": draft, "properties": {"v": {"format": name}}}, f"v: {json.dumps(value)}\n"


def prop(schema: object, values: str, draft: str | None = None) -> tuple[object, str]:
    doc: dict[str, object] = {"properties": {"v": schema}}
    if draft:
        doc["$schema"] = draft
    return doc, values


# name -> (schema: JSON-able object or raw text, values.yaml)
CASES: dict[str, tuple[object, str]] = {
    # format: asserted in draft 7 and before, an annotation in 2019-09/2020-12
    "format-email": fmt("email", "nope"),
    "format-email-quoted-local": fmt("email", '"a\\b"@x.io'),
    "format-email-2020-annotation": fmt("email", "nope", D2020),
    "format-email-default-draft": ({"properties": {"v": {"format": "email"}}}, "v: nope\n"),
    "format-email-2019-annotation": fmt("email", "nope", D2019),
    "format-hostname": fmt("hostname", "-bad.example.com"),
    "format-ipv4": fmt("ipv4", "1.2.3.256"),
    "format-ipv4-atoi": fmt("ipv4", "1.x.3.4"),
    "format-ipv6": fmt("ipv6", "1::2::3"),
    "format-date-time": fmt("date-time", "2021-13-01T00:00:00Z"),
    "format-date": fmt("date", "2021-02-30"),
    "format-date-layout": fmt("date", "2021/02/03"),
    "format-time": fmt("time", "25:00:00Z"),
    "format-duration": fmt("duration", "PT1D"),
    "format-period": fmt("period", "2021-01-01T00:00:00Z/Px"),
    "format-uri": fmt("uri", "/relative/path"),
    "format-uri-parse": fmt("uri", "http://x/%zz"),
    "format-uri-reference": fmt("uri-reference", "a\\b"),
    "format-uri-template": fmt("uri-template", "http://example.com/{id"),
    "format-iri": fmt("iri", "http://[zz]/"),
    "format-iri-reference": fmt("iri-reference", "http://a b/"),
    "format-idn-email-ignored": fmt("idn-email", "nope"),
    "format-idn-hostname-ignored": fmt("idn-hostname", "-x-"),
    "format-json-pointer": fmt("json-pointer", "a/b"),
    "format-relative-json-pointer": fmt("relative-json-pointer", "01/a"),
    "format-regex": fmt("regex", "a(b"),
    "format-uuid": fmt("uuid", "123e4567-e89b-12d3-a456-42661417400g"),
    "format-semver": fmt("semver", "1.02.3"),
    # keywords of 2019-09 and 2020-12
    "unevaluated-properties": (
        {"allOf": [{"properties": {"a": True}}], "unevaluatedProperties": False},
        "a: 1\nb: 2\n",
    ),
    "unevaluated-items": prop(
        {"prefixItems": [{"type": "string"}], "unevaluatedItems": False}, "v: [a, b]\n"
    ),
    "dependent-schemas": prop(
        {"dependentSchemas": {"tls": {"required": ["cert"]}}}, "v: {tls: 1}\n"
    ),
    "dependent-required": prop({"dependentRequired": {"tls": ["cert", "key"]}}, "v: {tls: 1}\n"),
    "min-contains": prop({"contains": {"type": "string"}, "minContains": 2}, 'v: ["a", 1]\n'),
    "max-contains": prop({"contains": {"type": "string"}, "maxContains": 1}, "v: [a, b, 1]\n"),
    "contains-none": prop({"contains": {"type": "string"}}, "v: [1, 2]\n"),
    # how failures group
    "group-flat": prop({"type": "string", "minLength": 3, "pattern": "^a"}, "v: bb\n"),
    "group-ref": (
        {
            "properties": {"v": {"$ref": "#/$defs/s", "maxLength": 1}},
            "$defs": {"s": {"minLength": 3, "pattern": "^a"}},
        },
        "v: bb\n",
    ),
    "group-ref-single": (
        {"properties": {"v": {"$ref": "#/$defs/s"}}, "$defs": {"s": {"minLength": 3}}},
        "v: bb\n",
    ),
    "group-items": prop({"items": {"minLength": 3, "pattern": "^a"}}, "v: [abc, bb]\n"),
    "group-nested": (
        {"properties": {"a": {"properties": {"b": {"minLength": 3, "pattern": "^a"}}}}},
        "a: {b: bb}\n",
    ),
    "all-of": prop({"allOf": [{"minLength": 3, "pattern": "^a"}, {"maxLength": 1}]}, "v: bb\n"),
    "any-of": prop({"anyOf": [{"type": "integer"}, {"minLength": 3, "pattern": "^a"}]}, "v: bb\n"),
    "one-of-none": prop({"oneOf": [{"type": "integer"}, {"type": "boolean"}]}, "v: bb\n"),
    "one-of-two": prop({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "v: bb\n"),
    "not": prop({"not": {"type": "string"}}, "v: bb\n"),
    "if-then": prop({"if": {"type": "string"}, "then": {"minLength": 3}}, "v: bb\n"),
    "if-else": prop({"if": {"type": "string"}, "else": {"minimum": 5}}, "v: 3\n"),
    # the keywords charts use most
    "type-list-order": prop({"type": ["string", "null", "integer"]}, "v: {a: 1}\n"),
    "type-integer": prop({"type": "integer"}, "v: 1.5\n"),
    "enum-numbers-as-written": (
        '{"properties": {"v": {"enum": [1.0, 2e3, -0, "x", null, true]}}}',
        "v: 3\n",
    ),
    "const": prop({"const": "on"}, "v: off\n"),
    "required-and-more": (
        {
            "required": ["a", "z", "y"],
            "minProperties": 4,
            "additionalProperties": False,
            "properties": {"a": True},
        },
        "a: 1\nb: 2\n",
    ),
    "pattern-properties": (
        {"patternProperties": {"^x-": {"type": "string"}}},
        "x-one: 1\n",
    ),
    "property-names": prop({"propertyNames": {"maxLength": 2}}, "v: {abc: 1}\n"),
    # v6 keeps a slice it shares with later siblings: item 0's failure prints at /v/1
    "property-names-shared-location": prop(
        {"items": {"propertyNames": {"maxLength": 1}}}, "v: [{ab: 1}, {c: 1}]\n"
    ),
    "lengths-localized": prop({"minLength": 1000}, "v: short\n"),
    "minimum-localized": prop({"minimum": 1234.5}, "v: 5\n"),
    "maximum-scientific": prop({"maximum": 1000000}, "v: 12345678\n"),
    "multiple-of-decimal": prop({"multipleOf": 0.1}, "v: 0.35\n"),
    "multiple-of-exact": prop({"multipleOf": 0.1}, "v: 0.3\n"),
    "unique-items": prop({"uniqueItems": True}, "v: [2, 1, 1, 2]\n"),
    "prefix-items-and-items": prop(
        {"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, "v: [1, a]\n"
    ),
    "draft7-items-array": prop(
        {"items": [{"type": "string"}], "additionalItems": False}, "v: [a, b, c]\n", D7
    ),
    "nested-objects-arrays": (
        {
            "properties": {
                "a": {"properties": {"b": {"items": {"properties": {"c": {"type": "string"}}}}}}
            }
        },
        "a:\n  b:\n  - c: ok\n  - c: 1\n  - c: [x]\n",
    ),
    "draft4-exclusive-maximum": prop({"maximum": 5, "exclusiveMaximum": True}, "v: 5\n", D4),
    "draft7-ref-hides-siblings": (
        {
            "$schema": D7,
            "properties": {"v": {"$ref": "#/definitions/s", "type": "integer"}},
            "definitions": {"s": {"type": "string"}},
        },
        "v: x\n",
    ),
    # references
    "ref-id": (
        {
            "$id": "https://example.com/root.json",
            "properties": {"v": {"$ref": "item.json"}},
            "$defs": {"item": {"$id": "item.json", "type": "string"}},
        },
        "v: 1\n",
    ),
    "ref-anchor": (
        {
            "properties": {"v": {"$ref": "#text"}},
            "$defs": {"t": {"$anchor": "text", "type": "string"}},
        },
        "v: 1\n",
    ),
    "ref-definitions": (
        {
            "$schema": D7,
            "properties": {"v": {"$ref": "#/definitions/t"}},
            "definitions": {"t": {"type": "string"}},
        },
        "v: 1\n",
    ),
    "dynamic-ref": (
        {
            "$id": "https://example.com/strict-tree",
            "$dynamicAnchor": "node",
            "$ref": "tree",
            "unevaluatedProperties": False,
            "$defs": {
                "tree": {
                    "$id": "tree",
                    "$dynamicAnchor": "node",
                    "type": "object",
                    "properties": {
                        "data": True,
                        "children": {"type": "array", "items": {"$dynamicRef": "#node"}},
                    },
                }
            },
        },
        "children:\n- daat: 1\n",
    ),
    "recursive-ref-2019": (
        {
            "$schema": D2019,
            "$recursiveAnchor": True,
            "maxProperties": 1,
            "properties": {"c": {"$recursiveRef": "#"}},
        },
        "c: {c: {a: 1, b: 2}}\n",
    ),
    "ref-cycle": ({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}}, "a: 1\n"),
    "ref-pointer-missing": ({"properties": {"v": {"$ref": "#/$defs/nope"}}}, "a: 1\n"),
    "ref-anchor-missing": ({"properties": {"absent": {"$ref": "#nope"}}}, "a: 1\n"),
    "ref-urn": ({"properties": {"v": {"$ref": "urn:example:thing"}}}, "v: 1\n"),
    # schemas helm refuses before validating
    "metaschema-required-bool": (
        {"properties": {"v": {"type": "string", "required": True}}},
        "v: x\n",
    ),
    "metaschema-draft7-type": ({"$schema": D7, "properties": {"v": {"type": "strin"}}}, "v: x\n"),
    "metaschema-bad-pattern": ({"properties": {"v": {"pattern": "(?=x)"}}}, "v: x\n"),
    "json-truncated": ('{"properties": {', "v: x\n"),
    "json-trailing": ("{} {}", "v: x\n"),
    "json-empty": ("", "v: x\n"),
    # a valid chart renders
    "valid": (
        {
            "$schema": D7,
            "type": "object",
            "required": ["v"],
            "properties": {"v": {"type": "string", "format": "email"}},
        },
        "v: a@example.com\n",
    ),
}

SUBCHART_CASE = "subcharts"


def _chart(schema: object, values: str, name: str = "c") -> fx.Tree:
    text = schema if isinstance(schema, str) else json.dumps(schema, indent=2)
    return {
        "Chart.yaml": f"apiVersion: v2\nname: {name}\nversion: 0.1.0\n",
        "values.yaml": values,
        "values.schema.json": text,
        "templates/cm.yaml": TEMPLATE,
    }


def _subchart_tree() -> fx.Tree:
    """A parent and two subcharts, each with a failing schema: reports are concatenated, and
    a schema helm cannot compile is followed by no newline."""
    tree = _chart({"required": ["top"]}, "a: 1\n")
    tree["Chart.yaml"] = (
        "apiVersion: v2\nname: c\nversion: 0.1.0\ndependencies:\n"
        "- name: one\n  version: 0.1.0\n- name: two\n  version: 0.1.0\n"
    )
    for name, schema, values in (
        ("one", {"$ref": "#/nope"}, "x: 1\n"),
        ("two", {"properties": {"x": {"type": "string"}}}, "x: 1\n"),
    ):
        for path, text in _chart(schema, values, name).items():
            tree[f"charts/{name}/{path}"] = text
    return tree


def _run(argv: list[str], env: dict[str, str]) -> Result:
    done = subprocess.run(argv, capture_output=True, env=env, timeout=120, check=False)
    return done.returncode, done.stdout.decode(), done.stderr.decode()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Result, Result]]:
    """Every case rendered by helm and by ``shipyard chart template``, in parallel."""
    workdir = tmp_path_factory.mktemp("schema-parity")
    home = workdir / "home"
    helm_env = fx.helm_home_env(home)
    ours_env = {**os.environ, "SHIPYARD_RENDER_SERVER": "0", "HOME": str(home)}
    helm = str(toolchain.tool_path("helm"))
    shipyard = str(Path(sys.executable).parent / "shipyard")
    charts = {name: _chart(schema, values) for name, (schema, values) in CASES.items()}
    charts[SUBCHART_CASE] = _subchart_tree()
    jobs = []
    for name, tree in charts.items():
        root = fx.write_tree(workdir / name / "c", tree)
        jobs.append((name, [helm, "template", "r", str(root)], helm_env))
        jobs.append((name, [shipyard, "chart", "template", "r", str(root)], ours_env))
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda job: _run(job[1], job[2]), jobs))
    out: dict[str, tuple[Result, Result]] = {}
    for i in range(0, len(jobs), 2):
        out[jobs[i][0]] = (results[i], results[i + 1])
    return out


@pytest.mark.parametrize("case", [*CASES, SUBCHART_CASE])
def test_schema_report_matches_helm(case: str, rendered: dict[str, tuple[Result, Result]]) -> None:
    theirs, ours = rendered[case]
    RESULTS[case] = (theirs, ours)
    assert ours == theirs


def test_remote_ref_refused_naming_it(tmp_path: Path) -> None:
    """helm would fetch the schema (and here fails to resolve the host); shipyard refuses
    any network or file access, naming the URL and the reference, even where no value
    reaches the reference: like v6, every subschema reachable from the root is compiled
    before any value is validated."""
    from shipyard.cli import chart_fast

    for ref, url, where in (
        ("https://schemas.example.com/x.json#/$defs/a", "https://schemas.example.com/x.json",
         "network"),
        ("other.json", "file:///other.json", "filesystem"),
    ):  # fmt: skip
        schema = {"properties": {"absent": {"$ref": ref}}}
        root = fx.write_tree(tmp_path / where / "c", _chart(schema, "v: 1\n"))
        code, out, err = chart_fast.run(["r", str(root)])
        assert (code, out) == (1, "")
        assert err == (
            "Error: values don't meet the specifications of the schema(s) in the following "
            f'chart(s):\nc:\nfailing loading "{url}": $ref "{ref}" not loaded: shipyard reads '
            f"no schema from the {where}\n"
        )


def test_schema_parity_figure() -> None:
    """Printed with -s: cases where helm and shipyard print the same bytes / all cases."""
    if not RESULTS:
        pytest.skip("no parity case ran")
    same = sum(theirs == ours for theirs, ours in RESULTS.values())
    print(
        f"\nschema parity: {same}/{len(RESULTS)} cases identical ({100 * same / len(RESULTS):.1f}%)"
    )
    assert same == len(RESULTS)
