"""YAML the way Helm reads and writes it (sigs.k8s.io/yaml over go-yaml v2).

- ``to_yaml`` is Helm's ``toYaml``: the value goes through JSON (Go's json.Marshal), is decoded
  again by go-yaml v2 (integral numbers become ints) and emitted by go-yaml v2
  (``yamlemitting``); the trailing newline is trimmed. Unencodable values give "".
- ``load_values`` is Helm's reading of values.yaml: YAML 1.1 resolution (``yes``/``on``/``y``
  are booleans, ``0755`` is octal, timestamps stay strings, merge keys), keys made strings, then
  JSON decoding, so every number is a float (ints above 2**53 lose precision as in Helm).
- ``from_yaml`` / ``from_yaml_array`` are the template functions: errors land in the result.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any, ClassVar

import yaml
import yaml.nodes

from shipyard.core.charts import goformat, gojson, gostrings, yamlemitting, yamlresolving

MAX_NODES = 1_000_000
MAX_DEPTH = 1000


class YAMLError(ValueError):
    """Values that Helm would refuse to load; the message follows Helm's wording."""


# -- writing -------------------------------------------------------------------------------


def _roundtrip(value: object) -> object:
    """What go-yaml v2 decodes from json.Marshal(value): integral floats become ints."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e21:
            # json.Marshal writes the shortest digits padded with zeros; go-yaml reads an int
            # back when that fits int64/uint64.
            number = int(goformat.format_json_float(value))
            if -(2**63) <= number < 2**64:
                return number
        return value
    if isinstance(value, dict):
        return {key: _roundtrip(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_roundtrip(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**64:
        return float(value)
    return value


_UNREADABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _has_unreadable(value: object) -> bool:
    if isinstance(value, str):
        return _UNREADABLE.search(value) is not None
    if isinstance(value, dict):
        return any(_has_unreadable(k) or _has_unreadable(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_unreadable(item) for item in value)
    return False


def dump_plain(value: object) -> str:
    """go-yaml v2's Marshal of an already-JSON-shaped value (with its trailing newline)."""
    emitter = yamlemitting.Emitter(yamlresolving.sort_keys)
    emitter.emit(value)
    return emitter.text()


def to_yaml(value: object) -> str:
    """Helm's ``toYaml``."""
    try:
        plain = gojson.to_plain(value)
    except gojson.JSONError:
        return ""
    if _has_unreadable(plain):
        # json.Marshal leaves these characters raw and go-yaml's reader refuses them.
        return ""
    text = dump_plain(_roundtrip(plain))
    return text[:-1] if text.endswith("\n") else text


# -- reading -------------------------------------------------------------------------------

_PLAIN = "!shipyard/plain"


class _Resolver:
    """Marks untagged plain scalars; quoted ones are strings. Resolution happens later, with
    go-yaml v2's rules instead of PyYAML's."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: object, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.nodes.ScalarNode:
            return _PLAIN if implicit[0] else "tag:yaml.org,2002:str"
        if kind is yaml.nodes.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


try:
    from yaml._yaml import CParser as _CParser

    class _Loader(_CParser, _Resolver):
        pass

except ImportError:  # pragma: no cover - PyYAML without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader,
        yaml.scanner.Scanner,
        yaml.parser.Parser,
        yaml.composer.Composer,
        _Resolver,
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)


_TAG = "tag:yaml.org,2002:"


class _Builder:
    """Turns composed nodes into go-yaml v2's decoded values (keys still native)."""

    def __init__(self, text: str) -> None:
        self.nodes = 0
        self.active: set[int] = set()
        self.text = text

    def _anchor_name(self, node: yaml.Node) -> str:
        found = re.match(r"&([^\s,\[\]{}]+)", self.text[node.start_mark.index :])
        return found[1] if found else ""

    def build(self, node: yaml.Node, depth: int = 0) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise YAMLError("yaml: document contains excessive aliasing")
        if depth > MAX_DEPTH:
            raise YAMLError("yaml: exceeded max depth")
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if id(node) in self.active:
            raise YAMLError(f"yaml: anchor '{self._anchor_name(node)}' value contains itself")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, depth + 1) for child in node.value]
            assert isinstance(node, yaml.MappingNode)
            out: dict[object, object] = {}
            self._fill(node, out, depth)
            return out
        finally:
            self.active.discard(id(node))

    def _fill(self, node: yaml.MappingNode, out: dict[object, object], depth: int) -> None:
        for key_node, value_node in node.value:
            if (
                isinstance(key_node, yaml.ScalarNode)
                and key_node.value == "<<"
                and key_node.tag in (_PLAIN, _TAG + "merge")
            ):
                self._merge(value_node, out, depth)
                continue
            key = self.build(key_node, depth + 1)
            if isinstance(key, dict | list):
                raise YAMLError(f"yaml: invalid map key: {_sharp_v(key)}")
            out[key] = self.build(value_node, depth + 1)

    def _merge(self, node: yaml.Node, out: dict[object, object], depth: int) -> None:
        if isinstance(node, yaml.MappingNode):
            self._fill(node, out, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            # Earlier maps take precedence: go-yaml applies them last.
            for child in reversed(node.value):
                if not isinstance(child, yaml.MappingNode):
                    raise YAMLError("yaml: map merge requires map or sequence of maps as the value")
                self._fill(child, out, depth + 1)
        else:
            raise YAMLError("yaml: map merge requires map or sequence of maps as the value")


def _scalar(node: yaml.ScalarNode) -> object:
    tag, text = node.tag, node.value
    if tag == _PLAIN:
        return yamlresolving.resolve_plain(text)[1]
    if tag == _TAG + "str" or not tag.startswith(_TAG):
        return text
    short = tag[len(_TAG) :]
    if short == "binary":
        try:
            return base64.b64decode(text.replace("\n", ""), validate=True).decode(
                "utf-8", "replace"
            )
        except (binascii.Error, ValueError):
            raise YAMLError("yaml: !!binary value contains invalid base64 data") from None
    if short not in ("bool", "int", "float", "null", "timestamp"):
        return text
    resolved_tag, value = yamlresolving.resolve_plain(text)
    if resolved_tag == short:
        return value
    if short == "float" and resolved_tag == "int":
        assert isinstance(value, int)
        return float(value)
    raise YAMLError(f"yaml: cannot decode !!{resolved_tag} `{text}` as a !!{short}")


def _key_string(key: object, value: object) -> str:
    if isinstance(key, str):
        return key
    if key is True:
        return "true"
    if key is False:
        return "false"
    if isinstance(key, int):
        if key > 2**63 - 1:
            raise YAMLError(
                f"error converting YAML to JSON: unsupported map key of type: uint64, key: "
                f"0x{key:x}, value: {_sharp_v(value)}"
            )
        return str(key)
    if isinstance(key, float):
        text = goformat.format_float(key, bits=32)
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(text, text)
    raise YAMLError(
        "error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, "
        f"value: {_sharp_v(value)}"
    )


def _sharp_v(value: object, *, nested: bool = False) -> str:
    """``%#v`` of decoded YAML values (for error messages)."""
    if isinstance(value, str):
        return gostrings.go_quote(value)
    if value is None:
        return "interface {}(nil)" if nested else "<nil>"
    if isinstance(value, list):
        return "[]interface {}{" + ", ".join(_sharp_v(v, nested=True) for v in value) + "}"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{_sharp_v(k, nested=True)}:{_sharp_v(v, nested=True)}" for k, v in value.items()
        )
        return "map[interface {}]interface {}{" + inner + "}"
    return goformat.format_value(value)


def _to_json_values(value: object) -> object:
    """sigs.k8s.io/yaml's JSON step: string keys, sorted; numbers float64; NaN/Inf refused."""
    if isinstance(value, dict):
        converted = {_key_string(k, v): _to_json_values(v) for k, v in value.items()}
        return {k: converted[k] for k in sorted(converted)}
    if isinstance(value, list):
        return [_to_json_values(item) for item in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise YAMLError(
                f"error converting YAML to JSON: json: unsupported value: "
                f"{goformat.format_float(number)}"
            )
        return number
    return value


def _compose_first(text: str) -> yaml.Node | None:
    loader = _Loader(text)
    try:
        if loader.check_node():
            node: yaml.Node | None = loader.get_node()
            return node
        return None
    except yaml.MarkedYAMLError as exc:
        if exc.problem and exc.problem.startswith("found undefined alias"):
            name = _alias_name(text, exc)
            raise YAMLError(
                f"error converting YAML to JSON: yaml: unknown anchor '{name}' referenced"
            ) from None
        # go-yaml's parser.fail: the problem line (one more for scanner errors), else the
        # context line, both as libyaml counts them (from 0); line 0 is not printed.
        line = 0
        if exc.problem_mark is not None and exc.problem_mark.line != 0:
            line = exc.problem_mark.line + (1 if isinstance(exc, yaml.scanner.ScannerError) else 0)
        elif exc.context_mark is not None and exc.context_mark.line != 0:
            line = exc.context_mark.line
        where = f"line {line}: " if line else ""
        raise YAMLError(
            f"error converting YAML to JSON: yaml: {where}{exc.problem or exc}"
        ) from None
    except yaml.YAMLError as exc:
        raise YAMLError(f"error converting YAML to JSON: yaml: {exc}") from None
    finally:
        loader.dispose()


def _alias_name(text: str, exc: yaml.MarkedYAMLError) -> str:
    mark = exc.problem_mark
    if mark is None:
        return ""
    found = re.match(r"\*([^\s,\[\]{}]+)", text[mark.index :])
    return found[1] if found else ""


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff]")


def decode(text: str) -> object:
    """sigs.k8s.io/yaml.Unmarshal into an ``interface{}``: the first document, JSON-shaped."""
    if _CONTROL.search(text):
        raise YAMLError("error converting YAML to JSON: yaml: control characters are not allowed")
    node = _compose_first(text)
    if node is None:
        return None
    try:
        native = _Builder(text).build(node)
    except YAMLError as exc:
        message = str(exc)
        if not message.startswith("error "):
            message = f"error converting YAML to JSON: {message}"
        raise YAMLError(message) from None
    return _to_json_values(native)


def _decode_into(text: str, target: str, expect: Callable[[object], bool]) -> object:
    value = decode(text)
    if value is not None and not expect(value):
        kind = gojson._json_kind(value)
        raise YAMLError(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
            f"{kind} into Go value of type {target}"
        )
    return value


def load_values(text: str, *, go_type: str = "map[string]interface {}") -> dict[str, object]:
    """Helm's reading of a values document into a map ({} when empty). ``go_type`` names the
    Go map type in type errors: chart values.yaml and -f files decode into
    "map[string]interface {}", chartutil.ReadValues into "chartutil.Values"."""
    value = _decode_into(text, go_type, lambda v: isinstance(v, dict))
    if not value:
        return {}
    assert isinstance(value, dict)
    return value


def from_yaml(text: str) -> dict[str, object]:
    """Helm's ``fromYaml``: a map, or {"Error": message}."""
    try:
        return load_values(text)
    except YAMLError as exc:
        return {"Error": str(exc)}


def from_yaml_array(text: str) -> list[object]:
    """Helm's ``fromYamlArray``: a list, or [message]."""
    try:
        value = _decode_into(text, "[]interface {}", lambda v: isinstance(v, list))
    except YAMLError as exc:
        return [str(exc)]
    if value is None:
        return []
    assert isinstance(value, list)
    return value
