"""``values.schema.json`` validation, reporting as Helm does (santhosh-tekuri/jsonschema v6).

No JSON-schema library is a dependency of shipyard, so this is a bounded validator of the
keywords charts use: ``type``, ``enum``, ``const``, ``$ref`` to ``#...`` pointers (``$defs``,
``definitions``), ``properties``, ``patternProperties``, ``additionalProperties``, ``required``,
``min/maxProperties``, ``dependentRequired``/``dependencies``, ``propertyNames``, ``items``
(schema, or list with ``additionalItems``), ``prefixItems``, ``min/maxItems``, ``uniqueItems``,
``contains``, ``min/maxLength``, ``pattern``, ``minimum``, ``maximum``, ``exclusiveMinimum``,
``exclusiveMaximum`` (both drafts' forms), ``multipleOf``, ``not``, ``allOf``, ``anyOf``,
``oneOf``, ``if``/``then``/``else``. ``format`` and annotations are ignored; a ``$ref`` to
another document is refused (Helm would fetch it over the network). Work is bounded: reference
cycles, more than :data:`MAX_DEPTH` nested schemas or :data:`MAX_STEPS` checks stop with an
error (SECURITY-CASES 16).

Messages follow v6 (``- at '/replicas': got string, want integer``); where v6 walks Go maps in
random order, properties are visited in sorted order.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from typing import Any

from shipyard.core.charts import goformat

MAX_DEPTH = 200
MAX_STEPS = 200_000
MAX_SCHEMA_BYTES = 5 * 1024 * 1024


class SchemaError(ValueError):
    """A schema that cannot be used (bad JSON, unsupported or cyclic ``$ref``, too costly)."""


@dataclasses.dataclass(kw_only=True)
class _Failure:
    location: tuple[str, ...]
    message: str
    causes: list[_Failure] = dataclasses.field(default_factory=list)
    is_reference: bool = False

    def display(self, out: list[str], indent: int) -> None:
        if not (self.is_reference and len(self.causes) == 1):
            out.append(
                "\n" + "  " * indent + f"- at {_quote(_pointer(self.location))}: {self.message}"
            )
            indent += 1
        for cause in self.causes:
            cause.display(out, indent)


def _pointer(location: tuple[str, ...]) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in location)


def _quote(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{quoted}'"


def _display(value: object) -> str:
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, list | dict):
        return "value"
    return (
        _number(value)
        if isinstance(value, int | float) and not isinstance(value, bool)
        else goformat.format_value(value)
    )


def _number(value: float) -> str:
    return goformat.format_float(float(value))


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "invalid"


def _equal(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return float(a) == float(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


class _Validator:
    def __init__(self, root: object) -> None:
        self.root = root
        self.steps = 0
        draft = str(root.get("$schema", "")) if isinstance(root, dict) else ""
        self.ref_overrides = any(f"draft-0{n}" in draft for n in (3, 4, 6, 7))

    def resolve(self, ref: str) -> object:
        if not ref.startswith("#"):
            raise SchemaError(f"unsupported $ref {ref!r}: only references inside the schema")
        target = self.root
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(target, dict) and part in target:
                target = target[part]
            elif isinstance(target, list) and part.isdigit() and int(part) < len(target):
                target = target[int(part)]
            else:
                raise SchemaError(f"cannot resolve $ref {ref!r}")
        return target

    def validate(
        self,
        schema: object,
        value: object,
        loc: tuple[str, ...],
        active: frozenset[tuple[int, tuple[str, ...]]],
    ) -> _Failure | None:
        self.steps += 1
        if self.steps > MAX_STEPS or len(active) > MAX_DEPTH:
            raise SchemaError("schema validation exceeded its work limit")
        if schema is True or schema == {}:
            return None
        if schema is False:
            return _Failure(location=loc, message="false schema")
        if not isinstance(schema, dict):
            raise SchemaError("a schema must be an object or a boolean")
        key = (id(schema), loc)
        if key in active:
            raise SchemaError("$ref cycle: a schema refers to itself without progress")
        active = active | {key}
        first = self._first_checks(schema, value, loc)
        if first is not None:
            return first
        errors: list[_Failure] = []
        if "$ref" in schema:
            target = self.resolve(str(schema["$ref"]))
            failure = self.validate(target, value, loc, active)
            if failure is not None:
                causes = (
                    failure.causes
                    if failure.message == "validation failed" and not failure.is_reference
                    else [failure]
                )
                errors.append(
                    _Failure(
                        location=loc, message="validation failed", causes=causes, is_reference=True
                    )
                )
            if self.ref_overrides:
                return errors[0] if errors else None
        if isinstance(value, dict):
            self._object(schema, value, loc, active, errors)
        elif isinstance(value, list):
            self._array(schema, value, loc, active, errors)
        elif isinstance(value, str):
            self._string(schema, value, loc, errors)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self._number(schema, value, loc, errors)
        self._conditions(schema, value, loc, active, errors)
        if not errors:
            return None
        if len(errors) == 1:
            return errors[0]
        return _Failure(location=loc, message="validation failed", causes=errors)

    def _first_checks(
        self, schema: dict[str, Any], value: object, loc: tuple[str, ...]
    ) -> _Failure | None:
        kind = _json_type(value)
        if "type" in schema:
            wanted = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            integral = kind == "number" and float(value).is_integer()  # type: ignore[arg-type]
            if kind not in wanted and not ("integer" in wanted and integral):
                return _Failure(
                    location=loc, message=f"got {kind}, want {' or '.join(map(str, wanted))}"
                )
        if "const" in schema and not _equal(value, schema["const"]):
            want = schema["const"]
            message = (
                "'const' failed"
                if isinstance(want, list | dict)
                else f"value must be {_display(want)}"
            )
            return _Failure(location=loc, message=message)
        if "enum" in schema and isinstance(schema["enum"], list):
            options = schema["enum"]
            if not any(_equal(value, option) for option in options):
                if any(isinstance(o, list | dict) for o in options):
                    message = "'enum' failed"
                elif len(options) == 1:
                    message = f"value must be {_display(options[0])}"
                else:
                    message = "value must be one of " + ", ".join(_display(o) for o in options)
                return _Failure(location=loc, message=message)
        return None

    def _object(
        self,
        schema: dict[str, Any],
        obj: dict[str, Any],
        loc: tuple[str, ...],
        active: frozenset[Any],
        errors: list[_Failure],
    ) -> None:
        if "minProperties" in schema and len(obj) < schema["minProperties"]:
            errors.append(
                _Failure(
                    location=loc,
                    message=f"minProperties: got {len(obj)}, want {schema['minProperties']}",
                )
            )
        if "maxProperties" in schema and len(obj) > schema["maxProperties"]:
            errors.append(
                _Failure(
                    location=loc,
                    message=f"maxProperties: got {len(obj)}, want {schema['maxProperties']}",
                )
            )
        missing = [name for name in schema.get("required") or () if name not in obj]
        if missing:
            errors.append(_Failure(location=loc, message=_missing(missing)))
        for name, dependency in (schema.get("dependencies") or {}).items():
            if name in obj and isinstance(dependency, list):
                absent = [d for d in dependency if d not in obj]
                if absent:
                    errors.append(_Failure(location=loc, message=_dependent(absent, name)))
            elif name in obj:
                self._add(errors, self.validate(dependency, obj, loc, active))
        properties = schema.get("properties") or {}
        patterns = [(re.compile(p), s) for p, s in (schema.get("patternProperties") or {}).items()]
        additional = schema.get("additionalProperties")
        extra: list[str] = []
        for name in sorted(obj):
            item, evaluated = obj[name], False
            if name in properties:
                evaluated = True
                self._add(errors, self.validate(properties[name], item, (*loc, name), active))
            for regex, sub in patterns:
                if regex.search(name):
                    evaluated = True
                    self._add(errors, self.validate(sub, item, (*loc, name), active))
            if not evaluated and additional is not None:
                if additional is False:
                    extra.append(name)
                elif additional is not True:
                    self._add(errors, self.validate(additional, item, (*loc, name), active))
        if extra:
            names = ", ".join(_quote(n) for n in extra)
            errors.append(
                _Failure(location=loc, message=f"additional properties {names} not allowed")
            )
        if "propertyNames" in schema:
            for name in sorted(obj):
                if self.validate(schema["propertyNames"], name, loc, active) is not None:
                    errors.append(
                        _Failure(location=loc, message=f"invalid propertyName {_quote(name)}")
                    )
        for name, required in (schema.get("dependentRequired") or {}).items():
            absent = [d for d in required if d not in obj] if name in obj else []
            if absent:
                errors.append(_Failure(location=loc, message=_dependent(absent, name)))

    def _array(
        self,
        schema: dict[str, Any],
        arr: list[Any],
        loc: tuple[str, ...],
        active: frozenset[Any],
        errors: list[_Failure],
    ) -> None:
        if "minItems" in schema and len(arr) < schema["minItems"]:
            errors.append(
                _Failure(
                    location=loc, message=f"minItems: got {len(arr)}, want {schema['minItems']}"
                )
            )
        if "maxItems" in schema and len(arr) > schema["maxItems"]:
            errors.append(
                _Failure(
                    location=loc, message=f"maxItems: got {len(arr)}, want {schema['maxItems']}"
                )
            )
        if schema.get("uniqueItems") and len(arr) > 1:
            pair = next(
                (
                    (i, j)
                    for i in range(len(arr))
                    for j in range(i + 1, len(arr))
                    if _equal(arr[i], arr[j])
                ),
                None,
            )
            if pair is not None:
                errors.append(
                    _Failure(location=loc, message=f"items at {pair[0]} and {pair[1]} are equal")
                )
        items: object = schema.get("items")
        raw_prefix = schema.get("prefixItems")
        prefix: list[object] = raw_prefix if isinstance(raw_prefix, list) else []
        if isinstance(items, list):
            prefix, items = items, schema.get("additionalItems")
        for i, item in enumerate(arr):
            if i < len(prefix):
                self._add(errors, self.validate(prefix[i], item, (*loc, str(i)), active))
            elif items is False and isinstance(schema.get("items"), list):
                errors.append(
                    _Failure(
                        location=loc,
                        message=f"last {len(arr) - len(prefix)} additionalItem(s) not allowed",
                    )
                )
                break
            elif items is not None:
                self._add(errors, self.validate(items, item, (*loc, str(i)), active))
        if "contains" in schema and not any(
            self.validate(schema["contains"], x, loc, active) is None for x in arr
        ):
            errors.append(_Failure(location=loc, message="no items match contains schema"))

    def _string(
        self, schema: dict[str, Any], text: str, loc: tuple[str, ...], errors: list[_Failure]
    ) -> None:
        if "minLength" in schema and len(text) < schema["minLength"]:
            errors.append(
                _Failure(
                    location=loc, message=f"minLength: got {len(text)}, want {schema['minLength']}"
                )
            )
        if "maxLength" in schema and len(text) > schema["maxLength"]:
            errors.append(
                _Failure(
                    location=loc, message=f"maxLength: got {len(text)}, want {schema['maxLength']}"
                )
            )
        pattern = str(schema.get("pattern", ""))
        if "pattern" in schema and re.search(pattern, text) is None:
            message = f"{_quote(text)} does not match pattern {_quote(pattern)}"
            errors.append(_Failure(location=loc, message=message))

    def _number(
        self, schema: dict[str, Any], number: float, loc: tuple[str, ...], errors: list[_Failure]
    ) -> None:
        checks: tuple[tuple[str, Callable[[float], bool]], ...] = (
            ("minimum", lambda want: number < want),
            ("maximum", lambda want: number > want),
            ("exclusiveMinimum", lambda want: number <= want),
            ("exclusiveMaximum", lambda want: number >= want),
            ("multipleOf", lambda want: want != 0 and (number / want) != int(number / want)),
        )
        for keyword, fails in checks:
            want = schema.get(keyword)
            if isinstance(want, bool):  # draft-04: exclusiveMinimum is a flag on minimum
                base = "minimum" if keyword == "exclusiveMinimum" else "maximum"
                want = schema.get(base) if want else None
                if want is not None and number == want:
                    errors.append(
                        _Failure(
                            location=loc,
                            message=f"{keyword}: got {_number(number)}, want {_number(want)}",
                        )
                    )
                continue
            if isinstance(want, int | float) and fails(want):
                errors.append(
                    _Failure(
                        location=loc,
                        message=f"{keyword}: got {_number(number)}, want {_number(want)}",
                    )
                )

    def _conditions(
        self,
        schema: dict[str, Any],
        value: object,
        loc: tuple[str, ...],
        active: frozenset[Any],
        errors: list[_Failure],
    ) -> None:
        if "not" in schema and self.validate(schema["not"], value, loc, active) is None:
            errors.append(_Failure(location=loc, message="'not' failed"))
        for keyword in ("allOf", "anyOf", "oneOf"):
            subs = schema.get(keyword)
            if not isinstance(subs, list) or not subs:
                continue
            results = [self.validate(sub, value, loc, active) for sub in subs]
            failed = [r for r in results if r is not None]
            matched = [i for i, r in enumerate(results) if r is None]
            if keyword == "allOf" and failed:
                errors.append(_Failure(location=loc, message="'allOf' failed", causes=failed))
            elif keyword == "anyOf" and not matched:
                errors.append(_Failure(location=loc, message="'anyOf' failed", causes=failed))
            elif keyword == "oneOf" and not matched:
                errors.append(
                    _Failure(location=loc, message="'oneOf' failed, none matched", causes=failed)
                )
            elif keyword == "oneOf" and len(matched) > 1:
                errors.append(
                    _Failure(
                        location=loc,
                        message=f"'oneOf' failed, subschemas {matched[0]}, {matched[1]} matched",
                    )
                )
        if "if" in schema:
            branch = "then" if self.validate(schema["if"], value, loc, active) is None else "else"
            if branch in schema:
                self._add(errors, self.validate(schema[branch], value, loc, active))

    @staticmethod
    def _add(errors: list[_Failure], failure: _Failure | None) -> None:
        if failure is not None:
            errors.append(failure)


def _missing(names: list[str]) -> str:
    if len(names) == 1:
        return f"missing property {_quote(names[0])}"
    return "missing properties " + ", ".join(_quote(n) for n in names)


def _dependent(missing: list[str], name: str) -> str:
    return f"properties {', '.join(_quote(n) for n in missing)} required, if {_quote(name)} exists"


def validate(schema_json: bytes, values: dict[str, Any]) -> str | None:
    """Validate values against one chart's schema: None, or v6's report without its header
    line (each failure ``- at 'PATH': MESSAGE``). Raises :class:`SchemaError`."""
    if len(schema_json) > MAX_SCHEMA_BYTES:
        raise SchemaError(f"values.schema.json is larger than {MAX_SCHEMA_BYTES} bytes")
    try:
        schema = json.loads(schema_json.decode("utf-8", "replace"))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise SchemaError(f"invalid values.schema.json: {exc}") from None
    failure = _Validator(schema).validate(schema, values, (), frozenset())
    if failure is None:
        return None
    causes = (
        failure.causes
        if failure.message == "validation failed" and not failure.location
        else [failure]
    )
    out: list[str] = []
    for cause in causes:
        cause.display(out, 0)
    return "".join(out).lstrip("\n")
