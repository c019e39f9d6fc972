"""Helm's own template functions: toYaml/toYamlPretty/fromYaml/fromYamlArray, toJson/fromJson/
fromJsonArray, toToml/fromToml, include, tpl, required, fail, lookup and the getHostByName
override.

``include`` and ``tpl`` need the template engine, reached through the ``Renderer`` protocol;
``include`` keeps Helm's per-name nesting count and fails past 1000 levels with Helm's text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from shipyard.core.charts import gojson, goyaml
from shipyard.core.charts.functions.errors import FunctionError, warn_wrap
from shipyard.core.charts.functions.signatures import ANY, LIST, MAP, gofunc

RECURSION_LIMIT = 1000

Lookup = Callable[[str, str, str, str], dict[str, object]]


class Renderer(Protocol):
    """What ``include`` and ``tpl`` need from the template engine."""

    def execute_named(self, name: str, data: object) -> str:
        """Execute the defined template ``name`` with ``data`` (Go's ExecuteTemplate)."""
        ...

    def render_string(self, text: str, data: object, name: str) -> str:
        """Parse ``text`` as a template named ``name`` that sees the defined templates, run it
        with ``data`` and return the output (Helm's tpl, before its "<no value>" cleanup)."""
        ...


@gofunc(ANY, returns="string")
def to_yaml(value: object) -> str:
    return goyaml.to_yaml(value)


@gofunc(ANY, returns="string")
def to_yaml_pretty(value: object) -> str:
    from shipyard.core.charts import yamlpretty

    return yamlpretty.to_yaml_pretty(value)


@gofunc("string", returns=MAP)
def from_yaml(text: str) -> dict[str, object]:
    return goyaml.from_yaml(text)


@gofunc("string", returns=LIST)
def from_yaml_array(text: str) -> list[object]:
    return goyaml.from_yaml_array(text)


@gofunc(ANY, returns="string")
def to_json(value: object) -> str:
    try:
        return gojson.marshal(value)
    except gojson.JSONError:
        return ""


@gofunc("string", returns=MAP)
def from_json(text: str) -> dict[str, object]:
    try:
        value = gojson.unmarshal(text, target="map[string]interface {}")
    except gojson.JSONError as exc:
        return {"Error": str(exc)}
    return value if isinstance(value, dict) else {}


@gofunc("string", returns=LIST)
def from_json_array(text: str) -> list[object]:
    try:
        value = gojson.unmarshal(text, target="[]interface {}")
    except gojson.JSONError as exc:
        return [str(exc)]
    return value if isinstance(value, list) else []


@gofunc(ANY, returns="string")
def to_toml(value: object) -> str:
    from shipyard.core.charts import gotoml  # with its time model, only for TOML users

    return gotoml.to_toml(value)


@gofunc("string", returns=MAP)
def from_toml(text: str) -> dict[str, object]:
    from shipyard.core.charts import gotoml

    return gotoml.from_toml(text)


@gofunc("string", ANY, errors=True)
def required(message: str, value: object) -> object:
    if value is None or (value == "" and isinstance(value, str)):
        raise FunctionError(warn_wrap(message))
    return value


@gofunc("string", returns="string", errors=True)
def fail(message: str) -> str:
    raise FunctionError(warn_wrap(message))


@gofunc("string", returns="string")
def get_host_by_name(name: str) -> str:
    # Helm disables DNS lookups unless --enable-dns is given.
    return ""


def make_lookup(lookup: Lookup | None) -> Callable[[str, str, str, str], dict[str, object]]:
    @gofunc("string", "string", "string", "string", returns=MAP, errors=True)
    def lookup_(api_version: str, kind: str, namespace: str, name: str) -> dict[str, object]:
        if lookup is None:
            return {}
        return lookup(api_version, kind, namespace, name)

    return lookup_


class Includer:
    """include and tpl bound to a renderer, sharing Helm's nesting counts by template name."""

    def __init__(self, renderer: Renderer) -> None:
        self._renderer = renderer
        self._depth: dict[str, int] = {}

    def include(self, name: str, data: object) -> str:
        count = self._depth.get(name)
        if count is not None and count > RECURSION_LIMIT:
            raise FunctionError(
                f"rendering template has a nested reference name: {name}: "
                "unable to execute template"
            )
        self._depth[name] = (count or 0) + 1
        try:
            return self._renderer.execute_named(name, data)
        finally:
            self._depth[name] -= 1

    def tpl(self, text: str, data: object) -> str:
        return self._renderer.render_string(text, data, "").replace("<no value>", "")


def make_include(includer: Includer) -> Callable[[str, object], str]:
    @gofunc("string", ANY, returns="string", errors=True)
    def include(name: str, data: object) -> str:
        return includer.include(name, data)

    return include


def make_tpl(includer: Includer) -> Callable[[str, object], str]:
    @gofunc("string", ANY, returns="string", errors=True)
    def tpl(text: str, data: object) -> str:
        return includer.tpl(text, data)

    return tpl
