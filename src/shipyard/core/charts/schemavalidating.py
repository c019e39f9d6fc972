"""Validating a value against a compiled :class:`schemacompiling.Schema`, step for step as
santhosh-tekuri/jsonschema v6's validator: the same keyword order (type, const, enum, format,
``$ref``, then by value type, then ``$dynamicRef``/``$recursiveRef``, the applicators, and the
unevaluated keywords), the same evaluated-properties/items bookkeeping, the same reference-cycle
detection and the same failure tree (:mod:`schemaerrors`).

Where v6 walks a Go map in random order (an object's properties, ``dependencies``,
``unevaluatedProperties``), names are visited in sorted order. Work is bounded: every schema
visit counts towards a step limit (SECURITY-CASES 16).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

from shipyard.core.charts import (
    schemacompiling,
    schemaerrors,
    schemaformats,
    schemaresources,
    schemavalues,
)
from shipyard.core.charts.schemaerrors import Failure

Schema = schemacompiling.Schema
quote = schemaerrors.quote
count = schemaerrors.count


class LimitExceeded(Exception):
    """Validation took more steps than allowed."""


class Context:
    """What one validation shares: its work budget and, when the value is a schema checked
    against a metaschema, the document's resources and each dialect's metaschema."""

    def __init__(
        self,
        *,
        max_steps: int,
        resources: dict[str, schemaresources.Resource] | None = None,
        meta_for: Callable[[schemaresources.Dialect], Schema] | None = None,
    ) -> None:
        self.steps = 0
        self.max_steps = max_steps
        self.resources = resources or {}
        self.meta_for = meta_for


_BOOL_FAILURE = Failure(location=(), message="")


class _Uneval:
    __slots__ = ("items", "props")

    def __init__(self, value: object, sch: Schema, caller_needs: bool) -> None:
        self.props: set[str] | None = None
        self.items: set[int] | None = None
        if (
            isinstance(value, dict)
            and not sch.all_props_evaluated
            and (caller_needs or sch.unevaluated_properties is not None)
        ):
            self.props = set(value)
        elif (
            isinstance(value, list)
            and not sch.all_items_evaluated
            and (caller_needs or sch.unevaluated_items is not None)
            and sch.num_items_evaluated < len(value)
        ):
            self.items = set(range(sch.num_items_evaluated, len(value)))

    def merge(self, other: _Uneval) -> None:
        if self.props:
            self.props &= other.props or set()
        if self.items:
            self.items &= other.items or set()

    def is_empty(self) -> bool:
        return not self.props and not self.items


class _Location:
    """An instance location as v6 holds it: a Go slice, whose backing array is shared by
    the locations appended to it until it outgrows its capacity (8 to start with)."""

    __slots__ = ("buffer", "capacity", "length")

    def __init__(self, buffer: list[str], capacity: int, length: int) -> None:
        self.buffer, self.capacity, self.length = buffer, capacity, length

    @classmethod
    def new(cls) -> _Location:
        return cls([], 8, 0)

    def append(self, token: str) -> _Location:
        if self.length < self.capacity:
            if self.length < len(self.buffer):
                self.buffer[self.length] = token
            else:
                self.buffer.append(token)
            return _Location(self.buffer, self.capacity, self.length + 1)
        capacity = self.capacity
        while capacity <= self.length:  # Go's growslice, without size-class rounding
            capacity = capacity * 2 if capacity < 256 else capacity + (capacity + 768) // 4
        return _Location([*self.buffer[: self.length], token], capacity, self.length + 1)

    def tokens(self) -> tuple[str, ...]:
        return tuple(self.buffer[: self.length])

    def alias(self) -> tuple[list[str], int]:
        return self.buffer, self.length


class _Scope:
    __slots__ = ("parent", "ref_keyword", "sch", "vid")

    def __init__(self, sch: Schema, ref_keyword: str, vid: int, parent: _Scope | None) -> None:
        self.sch, self.ref_keyword, self.vid, self.parent = sch, ref_keyword, vid, parent

    def check_cycle(self) -> _Scope | None:
        scope = self.parent
        while scope is not None and scope.vid == self.vid:
            if scope.sch is self.sch:
                return scope
            scope = scope.parent
        return None

    def keyword_location(self) -> str:
        parts: list[str] = []
        scope = self
        while scope.parent is not None:
            if scope.ref_keyword:
                parts.append("/" + schemaerrors.escape_token(scope.ref_keyword))
            else:
                parts.append(scope.sch.location[len(scope.parent.sch.location) :])
            scope = scope.parent
        return "".join(reversed(parts))


def validate(
    ctx: Context, sch: Schema, value: object, *, meta: Schema | None = None
) -> Failure | None:
    """v6's ``Schema.validate``: None, or a failure headed ``jsonschema validation failed``."""
    vd = _Validator(
        ctx, value, _Location.new(), sch, _Scope(sch, "", 0, None), _Uneval(value, sch, False)
    )
    vd.meta = meta
    _, err = vd.validate()
    if err is None:
        return None
    causes = err.causes if err.kind == schemaerrors.GROUP else [err]
    return Failure(
        location=(),
        kind=schemaerrors.SCHEMA,
        message=f"jsonschema validation failed with {quote(sch.location)}",
        causes=causes,
    )


class _Validator:
    __slots__ = ("bool_result", "ctx", "errors", "meta", "sch", "scope", "uneval", "v", "vloc")

    def __init__(
        self,
        ctx: Context,
        v: object,
        vloc: _Location,
        sch: Schema,
        scope: _Scope,
        uneval: _Uneval,
        bool_result: bool = False,
    ) -> None:
        self.ctx, self.v, self.vloc, self.sch, self.scope = ctx, v, vloc, sch, scope
        self.uneval, self.bool_result = uneval, bool_result
        self.errors: list[Failure] = []
        self.meta: Schema | None = None

    # -- errors ------------------------------------------------------------------------------

    def error(self, message: str, kind: str = schemaerrors.KEYWORD) -> Failure:
        if self.bool_result:
            return _BOOL_FAILURE
        return Failure(location=self.vloc.tokens(), message=message, kind=kind)

    def add(self, err: Failure | None) -> None:
        if err is not None:
            self.errors.append(err)

    def add_error(self, message: str) -> None:
        self.errors.append(self.error(message))

    def add_errors(self, causes: list[Failure], message: str) -> None:
        err = self.error(message)
        if err is not _BOOL_FAILURE:
            err.causes = causes
        self.errors.append(err)

    # -- the walk ----------------------------------------------------------------------------

    def validate(self) -> tuple[_Uneval | None, Failure | None]:
        s, v = self.sch, self.v
        self.ctx.steps += 1
        if self.ctx.steps > self.ctx.max_steps:
            raise LimitExceeded
        if s.boolean is not None:
            return (self.uneval, None) if s.boolean else (None, self.error("false schema"))
        cycle = self.scope.check_cycle()
        if cycle is not None:
            first, second = self.scope.keyword_location(), cycle.keyword_location()
            url = schemaresources.go_quote(s.location)
            return None, self.error(
                f"both {first} and {second} resolve to {url} causing reference cycle"
            )
        kind = schemavalues.json_type(v)
        if kind == "invalid":
            return None, self.error(f"invalid jsonType {type(v).__name__}")
        integral = "integer" in s.types and kind == "number" and schemavalues.is_integer(v)
        if s.types and kind not in s.types and not integral:
            return None, self.error(f"got {kind}, want {' or '.join(s.types)}")
        if s.const is not None and not schemavalues.equals(v, s.const[0]):
            want = s.const[0]
            text = (
                "'const' failed"
                if isinstance(want, list | dict)
                else f"value must be {schemaerrors.display(want)}"
            )
            return None, self.error(text)
        if s.enum is not None and (
            kind not in s.enum_types or not any(schemavalues.equals(v, item) for item in s.enum)
        ):
            return None, self.error(_enum_message(s.enum))
        if s.format and isinstance(v, str):
            reason = schemaformats.check(s.format, v)
            if reason is not None:
                return None, self.error(
                    f"{schemaerrors.display(v)} is not valid {s.format}: {reason}"
                )
        if s.ref is not None:
            err = self.validate_ref(s.ref, "$ref")
            if s.draft < 2019:
                return self.uneval, err
            self.add(err)
        if isinstance(v, dict):
            self.check_object(v)
        elif isinstance(v, list):
            self.check_array(v)
        elif isinstance(v, str):
            self.check_string(v)
        elif kind == "number":
            self.check_number(v)
        if not self.errors or not self.bool_result:
            if s.draft >= 2019:
                self.validate_refs()
            self.conditions()
            if s.draft >= 2019:
                self.unevaluated()
        if not self.errors:
            return self.uneval, None
        if len(self.errors) == 1:
            return None, self.errors[0]
        group = self.error("validation failed", schemaerrors.GROUP)
        if group is not _BOOL_FAILURE:
            group.causes = self.errors
        return None, group

    def check_object(self, obj: dict[str, Any]) -> None:
        s = self.sch
        if s.min_properties is not None and len(obj) < s.min_properties:
            self.add_error(f"minProperties: got {count(len(obj))}, want {count(s.min_properties)}")
        if s.max_properties is not None and len(obj) > s.max_properties:
            self.add_error(f"maxProperties: got {count(len(obj))}, want {count(s.max_properties)}")
        absent = [name for name in s.required if name not in obj]
        if absent:
            self.add_error(schemaerrors.missing(absent))
        if self.bool_result and self.errors:
            return
        for name, dep in s.dependencies.items():
            if name in obj:
                if isinstance(dep, list):
                    absent = [d for d in dep if d not in obj]
                    if absent:
                        self.add_error(schemaerrors.dependent(name, absent))
                else:
                    self.add(self.validate_self(dep, "", False))
        additional: list[str] = []
        for name in sorted(obj):
            if self.bool_result and self.errors:
                return
            value, evaluated = obj[name], False
            if name in s.properties:
                evaluated = True
                self.add(self.validate_val(s.properties[name], value, name))
            for regex, sub in s.pattern_properties:
                if regex.search(name) is not None:
                    evaluated = True
                    self.add(self.validate_val(sub, value, name))
            if not evaluated and s.additional_properties is not None:
                evaluated = True
                if s.additional_properties is False:
                    additional.append(name)
                elif isinstance(s.additional_properties, Schema):
                    self.add(self.validate_val(s.additional_properties, value, name))
            if evaluated and self.uneval.props:
                self.uneval.props.discard(name)
        if additional:
            self.add_error(f"additional properties {schemaerrors.joined(additional)} not allowed")
        if s.draft == 4:
            return
        if s.property_names is not None:
            for name in sorted(obj):
                self.property_name(s.property_names, name)
        if s.draft == 6:
            return
        for name, sub in sorted(s.dependent_schemas.items()):
            if name in obj:
                self.add(self.validate_self(sub, "", False))
        for name, names in s.dependent_required.items():
            if name in obj:
                absent = [d for d in names if d not in obj]
                if absent:
                    self.add_error(schemaerrors.dependent(name, absent))

    def property_name(self, sch: Schema, name: str) -> None:
        meta = self.meta
        res = self.meta_resource(sch)
        if res is not None and self.ctx.meta_for is not None:
            meta = sch = self.ctx.meta_for(res.dialect)
        err = validate(self.ctx, sch, name, meta=meta)
        if err is not None:
            failure = self.error(f"invalid propertyName {quote(name)}")
            if failure is not _BOOL_FAILURE:
                failure.causes = err.causes
                # v6 keeps the validator's location slice itself, not a copy: by the time it
                # is printed, later siblings may have written their names into it.
                failure.alias = self.vloc.alias()
            self.errors.append(failure)

    def check_array(self, arr: list[Any]) -> None:
        s = self.sch
        if s.min_items is not None and len(arr) < s.min_items:
            self.add_error(f"minItems: got {count(len(arr))}, want {count(s.min_items)}")
        if s.max_items is not None and len(arr) > s.max_items:
            self.add_error(f"maxItems: got {count(len(arr))}, want {count(s.max_items)}")
        if s.unique_items and len(arr) > 1:
            pair = schemavalues.duplicates(arr)
            if pair is not None:
                self.add_error(f"items at {count(pair[0])} and {count(pair[1])} are equal")
        if s.draft < 2020:
            evaluated = 0
            if isinstance(s.items, Schema):
                for i, item in enumerate(arr):
                    self.add(self.validate_val(s.items, item, str(i)))
                evaluated = len(arr)
            elif isinstance(s.items, list):
                evaluated = min(len(arr), len(s.items))
                for i in range(evaluated):
                    self.add(self.validate_val(s.items[i], arr[i], str(i)))
            if s.additional_items is False and evaluated != len(arr):
                self.add_error(f"last {count(len(arr) - evaluated)} additionalItem(s) not allowed")
            elif isinstance(s.additional_items, Schema):
                for i in range(evaluated, len(arr)):
                    self.add(self.validate_val(s.additional_items, arr[i], str(i)))
        else:
            evaluated = min(len(s.prefix_items), len(arr))
            for i in range(evaluated):
                self.add(self.validate_val(s.prefix_items[i], arr[i], str(i)))
            if s.items2020 is not None:
                for i in range(evaluated, len(arr)):
                    self.add(self.validate_val(s.items2020, arr[i], str(i)))
        if s.contains is None:
            return
        failures: list[Failure] = []
        matched: list[int] = []
        for i, item in enumerate(arr):
            err = self.validate_val(s.contains, item, str(i))
            if err is not None:
                failures.append(err)
            else:
                matched.append(i)
                if s.draft >= 2020 and self.uneval.items:
                    self.uneval.items.discard(i)
        if s.min_contains is not None:
            if len(matched) < s.min_contains:
                text = schemaerrors.contains_count("min", s.min_contains, matched)
                self.add_errors(failures, text)
        elif not matched:
            self.add_errors(failures, "no items match contains schema")
        if s.max_contains is not None and len(matched) > s.max_contains:
            self.add_error(schemaerrors.contains_count("max", s.max_contains, matched))

    def check_string(self, text: str) -> None:
        s = self.sch
        if s.min_length is not None and len(text) < s.min_length:
            self.add_error(f"minLength: got {count(len(text))}, want {count(s.min_length)}")
        if s.max_length is not None and len(text) > s.max_length:
            self.add_error(f"maxLength: got {count(len(text))}, want {count(s.max_length)}")
        if s.pattern is not None and s.pattern[1].search(text) is None:
            self.add_error(f"{quote(text)} does not match pattern {quote(s.pattern[0])}")

    def check_number(self, value: object) -> None:
        s = self.sch
        num = schemavalues.number_value(value)
        got = schemaerrors.localized
        checks: tuple[tuple[str, Fraction | None, Callable[[Fraction], bool]], ...] = (
            ("minimum", s.minimum, lambda w: num < w),
            ("maximum", s.maximum, lambda w: num > w),
            ("exclusiveMinimum", s.exclusive_minimum, lambda w: num <= w),
            ("exclusiveMaximum", s.exclusive_maximum, lambda w: num >= w),
            ("multipleOf", s.multiple_of, lambda w: (num / w).denominator != 1),
        )
        for keyword, want, fails in checks:
            if want is not None and fails(want):
                self.add_error(f"{keyword}: got {got(num)}, want {got(want)}")

    def conditions(self) -> None:
        s = self.sch
        if s.not_ is not None and self.validate_self(s.not_, "", True) is None:
            self.add_error("'not' failed")
        if s.all_of:
            failures: list[Failure] = []
            for sub in s.all_of:
                err = self.validate_self(sub, "", False)
                if err is not None:
                    failures.append(err)
                    if self.bool_result:
                        break
            if failures:
                self.add_errors(failures, "'allOf' failed")
        if s.any_of:
            failures, matched = [], False
            for sub in s.any_of:
                err = self.validate_self(sub, "", False)
                if err is not None:
                    failures.append(err)
                else:
                    matched = True
                    if self.uneval.is_empty():  # unevaluated keywords need every branch
                        break
            if not matched:
                self.add_errors(failures, "'anyOf' failed")
        if s.one_of:
            failures, first = [], -1
            for i, sub in enumerate(s.one_of):
                err = self.validate_self(sub, "", first != -1)
                if err is not None:
                    if first == -1:
                        failures.append(err)
                elif first == -1:
                    first = i
                else:
                    self.add_error(f"'oneOf' failed, subschemas {count(first)}, {count(i)} matched")
                    break
            if first == -1:
                self.add_errors(failures, "'oneOf' failed, none matched")
        if s.if_ is not None:
            if self.validate_self(s.if_, "", True) is None:
                if s.then is not None:
                    self.add(self.validate_self(s.then, "", False))
            elif s.else_ is not None:
                self.add(self.validate_self(s.else_, "", False))

    def unevaluated(self) -> None:
        s, v = self.sch, self.v
        if isinstance(v, dict) and s.unevaluated_properties is not None:
            for name in sorted(self.uneval.props or ()):
                if name in v:
                    self.add(self.validate_val(s.unevaluated_properties, v[name], name))
            self.uneval.props = None
        if isinstance(v, list) and s.unevaluated_items is not None:
            for i in sorted(self.uneval.items or ()):
                self.add(self.validate_val(s.unevaluated_items, v[i], str(i)))
            self.uneval.items = None

    # -- descending --------------------------------------------------------------------------

    def validate_self(self, sch: Schema, ref_keyword: str, bool_result: bool) -> Failure | None:
        scope = _Scope(sch, ref_keyword, self.scope.vid, self.scope)
        uneval = _Uneval(self.v, sch, not self.uneval.is_empty())
        sub = _Validator(
            self.ctx, self.v, self.vloc, sch, scope, uneval, self.bool_result or bool_result
        )
        sub.meta = self.meta
        sub.handle_meta()
        result, err = sub.validate()
        if err is None and result is not None:
            self.uneval.merge(result)
        return err

    def validate_val(self, sch: Schema, value: object, token: str) -> Failure | None:
        scope = _Scope(sch, "", self.scope.vid + 1, self.scope)
        sub = _Validator(
            self.ctx,
            value,
            self.vloc.append(token),
            sch,
            scope,
            _Uneval(value, sch, False),
            self.bool_result,
        )
        sub.meta = self.meta
        sub.handle_meta()
        return sub.validate()[1]

    def meta_resource(self, sch: Schema) -> schemaresources.Resource | None:
        if sch is not self.meta:
            return None
        return self.ctx.resources.get(schemaerrors.pointer(self.vloc.tokens()))

    def handle_meta(self) -> None:
        res = self.meta_resource(self.sch)
        if res is not None and self.ctx.meta_for is not None:
            self.meta = self.sch = self.ctx.meta_for(res.dialect)

    def validate_ref(self, sch: Schema, keyword: str) -> Failure | None:
        err = self.validate_self(sch, keyword, False)
        if err is None:
            return None
        ref = self.error("validation failed", schemaerrors.REFERENCE)
        if ref is not _BOOL_FAILURE:
            ref.causes = err.causes if err.kind == schemaerrors.GROUP else [err]
        return ref

    def validate_refs(self) -> None:
        s = self.sch
        if s.recursive_ref is not None:
            target = s.recursive_ref
            if target.recursive_anchor:
                scope: _Scope | None = self.scope
                while scope is not None:
                    if scope.sch.resource.recursive_anchor:
                        target = scope.sch
                    scope = scope.parent
            self.add(self.validate_ref(target, "$recursiveRef"))
        if s.dynamic_ref is not None:
            target, anchor = s.dynamic_ref
            if anchor and target.dynamic_anchor == anchor:
                scope = self.scope
                while scope is not None:
                    found = scope.sch.resource.dynamic_anchors.get(anchor)
                    if found is not None:
                        target = found
                    scope = scope.parent
            self.add(self.validate_ref(target, "$dynamicRef"))


def _enum_message(options: list[object]) -> str:
    if any(isinstance(o, list | dict) for o in options):
        return "'enum' failed"
    if len(options) == 1:
        return f"value must be {schemaerrors.display(options[0])}"
    return "value must be one of " + ", ".join(schemaerrors.display(o) for o in options)
