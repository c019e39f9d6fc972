"""Compiling schema documents into :class:`Schema` objects, as santhosh-tekuri/jsonschema v6
does: every subschema reachable from the root is compiled (breadth first), following
``$ref``/``$dynamicRef``/``$recursiveRef`` across the document whether or not a value ever
reaches them, so a broken or remote reference fails before any value is validated. Which
keywords count depends on the draft and its vocabularies: in drafts before 2019-09 a ``$ref``
hides its siblings; ``format`` asserts in drafts 4-7, or when a vocabulary says so, or always
for the metaschemas' own compiler.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from shipyard.core.charts import schemaerrors, schemagostd, schemaresources, schemavalues

TYPE_NAMES = ("null", "boolean", "number", "integer", "string", "array", "object")


class Schema:
    """One compiled (sub)schema; fields are set by the compiler, v6's ``Schema`` struct."""

    def __init__(self, url: str, ptr: str) -> None:
        self.url, self.ptr = url, ptr
        self.location = schemaresources.location(url, ptr)
        self.draft = 0
        self.resource: Schema = self
        self.dynamic_anchors: dict[str, Schema] = {}
        self.boolean: bool | None = None
        self.ref: Schema | None = None
        self.recursive_ref: Schema | None = None
        self.recursive_anchor = False
        self.dynamic_ref: tuple[Schema, str] | None = None
        self.dynamic_anchor = ""
        self.types: tuple[str, ...] = ()
        self.const: tuple[object] | None = None
        self.enum: list[object] | None = None
        self.enum_types: set[str] = set()
        self.format = ""
        self.all_of: list[Schema] = []
        self.any_of: list[Schema] = []
        self.one_of: list[Schema] = []
        self.not_: Schema | None = None
        self.if_: Schema | None = None
        self.then: Schema | None = None
        self.else_: Schema | None = None
        self.properties: dict[str, Schema] = {}
        self.pattern_properties: list[tuple[Any, Schema]] = []
        self.additional_properties: bool | Schema | None = None
        self.dependencies: dict[str, list[str] | Schema] = {}
        self.dependent_schemas: dict[str, Schema] = {}
        self.dependent_required: dict[str, list[str]] = {}
        self.property_names: Schema | None = None
        self.min_properties: int | None = None
        self.max_properties: int | None = None
        self.required: list[str] = []
        self.items: Schema | list[Schema] | None = None
        self.additional_items: bool | Schema | None = None
        self.prefix_items: list[Schema] = []
        self.items2020: Schema | None = None
        self.contains: Schema | None = None
        self.min_contains: int | None = None
        self.max_contains: int | None = None
        self.min_items: int | None = None
        self.max_items: int | None = None
        self.unique_items = False
        self.min_length: int | None = None
        self.max_length: int | None = None
        self.pattern: tuple[str, Any] | None = None
        self.minimum: Any = None
        self.maximum: Any = None
        self.exclusive_minimum: Any = None
        self.exclusive_maximum: Any = None
        self.multiple_of: Any = None
        self.unevaluated_properties: Schema | None = None
        self.unevaluated_items: Schema | None = None
        self.all_props_evaluated = False
        self.all_items_evaluated = False
        self.num_items_evaluated = 0


class Compiler:
    """Compiles documents of one :class:`schemaresources.Roots` into shared Schema objects."""

    def __init__(self, roots: schemaresources.Roots, *, assert_format: bool) -> None:
        self.roots = roots
        self.assert_format = assert_format
        self.schemas: dict[tuple[str, str], Schema] = {}
        self._queue: list[Schema] = []
        self._index: dict[tuple[str, str], Schema] = {}

    def compile(self, url: str) -> Schema:
        root = self.roots.root(url, reason="schema")
        ptr = self.roots.resolve_fragment(root, "", root.resources[""])
        self._queue, self._index = [], {}
        first = self.enqueue(url, ptr)
        done = 0
        while done < len(self._queue):
            sch = self._queue[done]
            self.roots.ensure_subschema(sch.url, sch.ptr)
            root = self.roots.roots[sch.url]
            value = schemaresources.lookup(root.doc, sch.url, sch.ptr)
            _compile_value(self, root, sch, value)
            done += 1
        for sch in self._queue:
            self.schemas[(sch.url, sch.ptr)] = sch
        return first

    def enqueue(self, url: str, ptr: str) -> Schema:
        key = (url, ptr)
        found = self.schemas.get(key) or self._index.get(key)
        if found is not None:
            return found
        sch = Schema(url, ptr)
        self._queue.append(sch)
        self._index[key] = sch
        return sch


def _compile_value(c: Compiler, root: schemaresources.Root, sch: Schema, value: object) -> None:
    res = root.resource(sch.ptr)
    sch.draft = res.dialect.draft.version
    sch.resource = c.enqueue(sch.url, res.ptr)
    if sch.draft >= 2020 and sch.resource is sch:
        for anchor, anchor_ptr in sorted(res.anchors.items()):
            if anchor in res.dynamic_anchors:
                sch.dynamic_anchors[anchor] = c.enqueue(sch.url, anchor_ptr)
    if isinstance(value, bool):
        sch.boolean = value
    elif isinstance(value, dict):
        if not value:
            sch.boolean = True
        else:
            _Keywords(c, root, res, sch, value).compile()
    sch.all_props_evaluated = sch.additional_properties is not None
    if sch.draft < 2020:
        sch.all_items_evaluated = sch.additional_items is not None
        if isinstance(sch.items, Schema):
            sch.all_items_evaluated = True
        elif isinstance(sch.items, list):
            sch.num_items_evaluated = len(sch.items)
    else:
        sch.all_items_evaluated = sch.items2020 is not None
        sch.num_items_evaluated = len(sch.prefix_items)


class _Keywords:
    """v6's ``objCompiler``: one schema object's keywords, by draft and vocabulary."""

    def __init__(
        self,
        c: Compiler,
        root: schemaresources.Root,
        res: schemaresources.Resource,
        sch: Schema,
        obj: dict[str, Any],
    ) -> None:
        self.c, self.root, self.res, self.sch, self.obj = c, root, res, sch, obj

    def compile(self) -> None:
        s, version = self.sch, self.sch.draft
        self._draft4(s)
        # A "$ref" before 2019-09 hides only the draft-4 keywords: v6 still compiles (and, for
        # const, checks) the later drafts' ones.
        if version >= 6:
            if self.vocab("applicator"):
                s.contains = self.prop("contains")
                s.property_names = self.prop("propertyNames")
            if self.vocab("validation") and "const" in self.obj:
                s.const = (self.obj["const"],)
        if version >= 7 and self.vocab("applicator"):
            s.if_ = self.prop("if")
            if s.if_ is not None:
                flag = self.obj["if"] if isinstance(self.obj["if"], bool) else None
                if flag is None or flag:
                    s.then = self.prop("then")
                if flag is None or not flag:
                    s.else_ = self.prop("else")
        if version >= 2019:
            self._draft2019(s)
        if version >= 2020:
            self._draft2020(s)

    def vocab(self, name: str) -> bool:
        return self.res.dialect.has_vocab(name)

    def _draft4(self, s: Schema) -> None:
        if self.vocab("core"):
            s.ref = self.ref("$ref")
            if s.draft < 2019 and s.ref is not None:
                return  # all other properties in a "$ref" object are ignored
        if self.vocab("applicator"):
            s.all_of, s.any_of, s.one_of = self.arr("allOf"), self.arr("anyOf"), self.arr("oneOf")
            s.not_ = self.prop("not")
            if s.draft < 2020 and "items" in self.obj:
                if isinstance(self.obj["items"], list):
                    s.items = self.arr("items")
                    s.additional_items = self.additional("additionalItems")
                else:
                    s.items = self.prop("items")
            s.properties = self.map("properties")
            for pattern, sub in self.map("patternProperties").items():
                s.pattern_properties.append((self.regex(pattern, "patternProperties"), sub))
            s.additional_properties = self.additional("additionalProperties")
            dependencies = self.obj.get("dependencies")
            if isinstance(dependencies, dict):
                for name, dep in sorted(dependencies.items()):
                    if isinstance(dep, list):
                        s.dependencies[name] = schemaresources.strings(dep)
                    else:
                        s.dependencies[name] = self.at(("dependencies", name))
        if self.vocab("validation"):
            self._validation(s)
        if self.c.assert_format or s.draft < 2019 or self._format_vocab(s.draft):
            fmt = self.obj.get("format")
            if isinstance(fmt, str):
                s.format = fmt

    def _format_vocab(self, version: int) -> bool:
        return self.vocab("format" if version == 2019 else "format-assertion")

    def _validation(self, s: Schema) -> None:
        types = self.obj.get("type")
        names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
        s.types = tuple(t for t in TYPE_NAMES if t in names)
        enum = self.obj.get("enum")
        if isinstance(enum, list):
            s.enum = enum
            s.enum_types = {schemavalues.json_type(v) for v in enum}
        s.multiple_of = self.num("multipleOf")
        s.maximum = self.num("maximum")
        if self.obj.get("exclusiveMaximum") is True:
            s.exclusive_maximum, s.maximum = s.maximum, None
        else:
            s.exclusive_maximum = self.num("exclusiveMaximum")
        s.minimum = self.num("minimum")
        if self.obj.get("exclusiveMinimum") is True:
            s.exclusive_minimum, s.minimum = s.minimum, None
        else:
            s.exclusive_minimum = self.num("exclusiveMinimum")
        s.min_length, s.max_length = self.int("minLength"), self.int("maxLength")
        pattern = self.obj.get("pattern")
        if isinstance(pattern, str):
            s.pattern = (pattern, self.regex(pattern, "pattern"))
        s.min_items, s.max_items = self.int("minItems"), self.int("maxItems")
        s.unique_items = self.obj.get("uniqueItems") is True
        s.max_properties, s.min_properties = self.int("maxProperties"), self.int("minProperties")
        if isinstance(self.obj.get("required"), list):
            s.required = schemaresources.strings(self.obj["required"])

    def _draft2019(self, s: Schema) -> None:
        if self.vocab("core"):
            s.recursive_ref = self.ref("$recursiveRef")
            s.recursive_anchor = self.obj.get("$recursiveAnchor") is True
        if self.vocab("validation"):
            if s.contains is not None:
                s.min_contains, s.max_contains = self.int("minContains"), self.int("maxContains")
            required = self.obj.get("dependentRequired")
            if isinstance(required, dict):
                for name, names in sorted(required.items()):
                    if isinstance(names, list):
                        s.dependent_required[name] = schemaresources.strings(names)
        if self.vocab("applicator"):
            s.dependent_schemas = self.map("dependentSchemas")
        if self.vocab("applicator" if s.draft == 2019 else "unevaluated"):
            s.unevaluated_items = self.prop("unevaluatedItems")
            s.unevaluated_properties = self.prop("unevaluatedProperties")

    def _draft2020(self, s: Schema) -> None:
        if self.vocab("core"):
            target = self.ref("$dynamicRef")
            if target is not None:
                _, frag = schemaresources.split_fragment(self.obj["$dynamicRef"])
                anchor = frag if frag and not frag.startswith("/") else ""
                s.dynamic_ref = (target, anchor)
            anchor_name = self.obj.get("$dynamicAnchor")
            s.dynamic_anchor = anchor_name if isinstance(anchor_name, str) else ""
        if self.vocab("applicator"):
            s.prefix_items = self.arr("prefixItems")
            s.items2020 = self.prop("items")

    # -- helpers ------------------------------------------------------------------------------

    def at(self, tokens: tuple[str, ...]) -> Schema:
        ptr = self.sch.ptr + "".join("/" + schemaerrors.escape_token(t) for t in tokens)
        return self.c.enqueue(self.sch.url, ptr)

    def ref(self, keyword: str) -> Schema | None:
        ref = self.obj.get(keyword)
        if not isinstance(ref, str):
            return None
        url, frag = schemaresources.join(self.res.id, ref)
        roots = self.c.roots
        ptr = roots.resolve(self.root, url, frag)
        if ptr is not None:
            return self.c.enqueue(self.root.url, ptr)
        target = roots.root(url, reason=f"{keyword} {schemaresources.go_quote(ref)}")
        ptr = roots.resolve_fragment(target, frag, target.resources[""])
        return self.c.enqueue(url, ptr)

    def prop(self, name: str) -> Schema | None:
        return self.at((name,)) if name in self.obj else None

    def arr(self, name: str) -> list[Schema]:
        values = self.obj.get(name)
        if not isinstance(values, list):
            return []
        return [self.at((name, str(i))) for i in range(len(values))]

    def map(self, name: str) -> dict[str, Schema]:
        values = self.obj.get(name)
        if not isinstance(values, dict):
            return {}
        return {key: self.at((name, key)) for key in values}

    def additional(self, name: str) -> bool | Schema | None:
        value = self.obj.get(name)
        if isinstance(value, bool):
            return value
        return self.prop(name)

    def num(self, name: str) -> Fraction | None:
        value = self.obj.get(name)
        if isinstance(value, schemavalues.Number):
            return value.value
        return None

    def int(self, name: str) -> int | None:
        value = self.num(name)
        if value is None or value.denominator != 1:
            return None
        return int(value)

    def regex(self, pattern: str, keyword: str) -> Any:
        try:
            return schemagostd.compile_regex(pattern)
        except schemagostd.GoError as exc:
            where = schemaresources.location(self.sch.url, f"{self.sch.ptr}/{keyword}")
            raise schemaresources.CompileError(
                f"invalid regex {schemaresources.go_quote(pattern)} at "
                f"{schemaresources.go_quote(where)}: {exc}"
            ) from None
