"""``values.schema.json`` validation, reporting exactly as helm 3.22 does through
santhosh-tekuri/jsonschema v6 (no JSON-schema library is a dependency of shipyard).

The schema is read as v6 reads it (Go's JSON decoder and its errors), checked against its
draft's metaschema, compiled whole (every reference resolved, even where no value reaches),
then the values are validated. All drafts v6 supports (4, 6, 7, 2019-09, 2020-12, the default)
and their keywords are implemented, ``format`` included where v6 asserts it; the pieces live
in ``schema*.py`` modules:

- :mod:`schemaresources` documents, drafts, ``$id``/anchors, loading (no network, no files)
- :mod:`schemacompiling` keywords into :class:`schemacompiling.Schema`
- :mod:`schemavalidating` the validator; :mod:`schemaerrors` the failure tree and its report
- :mod:`schemavalues` JSON types, equality and exact numbers
- :mod:`schemaformats` formats, over Go's :mod:`schemaurls` and :mod:`schemagostd`
- :mod:`schemametas` the metaschemas

Differences from helm, on purpose: a ``$ref`` (or ``$schema``) to another document is not
fetched (helm reads ``file://`` paths and the network) but fails with v6's loading error
naming the URL and the reference; properties are visited in sorted order where v6's order is
random; and the work is bounded (SECURITY-CASES 16): :data:`MAX_SCHEMA_BYTES`,
:data:`MAX_NESTING` levels of JSON, :data:`MAX_STEPS` schema visits while validating values
(:data:`MAX_META_STEPS` while checking the schema) and Python's recursion depth stop with an
error.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections.abc import Callable
from typing import Any

from shipyard.core.charts import (
    gojson,
    schemacompiling,
    schemaresources,
    schemavalidating,
)

MAX_SCHEMA_BYTES = 5 * 1024 * 1024
MAX_STEPS = 300_000  # visits of a schema by a value: a few seconds at most
MAX_META_STEPS = 2_000_000  # checking the schema itself: linear in its size
MAX_NESTING = 1000
DOCUMENT_URL = "file:///values.schema.json"
_RECURSION_LIMIT = 20_000
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")
_HEADER = f"jsonschema validation failed with '{DOCUMENT_URL}#'\n"
_URN_WARNING = (
    "jsonschema.go:192: WARNING: unresolved URN reference ignored; using permissive schema: "
)


class SchemaError(ValueError):
    """A schema that cannot be used; ``str()`` is what helm prints for it (bad JSON, invalid
    against its metaschema, an unresolvable or remote reference) or why it is refused."""


def validate(
    schema_json: bytes, values: dict[str, Any], *, warn: Callable[[str], None] | None = None
) -> str | None:
    """Validate values against one chart's schema: None, or v6's report without its header
    line (each failure ``- at 'PATH': MESSAGE``). Raises :class:`SchemaError`. ``warn``
    receives helm's log line for each ``urn:`` reference, resolved as ``true``."""
    with _DeepRecursion():
        compiled, urns = _compile(bytes(schema_json))
        for urn in urns:
            if warn is not None:
                warn(f"{_URN_WARNING}{urn}")
        ctx = schemavalidating.Context(max_steps=MAX_STEPS)
        try:
            failure = schemavalidating.validate(ctx, compiled, values)
            return None if failure is None else failure.text().removeprefix(_HEADER)
        except schemavalidating.LimitExceeded:
            raise SchemaError(_limit_message(MAX_STEPS)) from None
        except RecursionError:
            raise SchemaError("the values nest too deeply to validate against the schema") from None


@functools.lru_cache(maxsize=32)
def _compile(schema_json: bytes) -> tuple[schemacompiling.Schema, tuple[str, ...]]:
    if len(schema_json) > MAX_SCHEMA_BYTES:
        raise SchemaError(f"values.schema.json is larger than {MAX_SCHEMA_BYTES} bytes")
    document = _decode(schema_json)
    loader = schemaresources.Loader()
    loader.add(DOCUMENT_URL, document)
    roots = schemaresources.Roots(loader=loader, check_meta=_check_meta)
    try:
        compiled = schemacompiling.Compiler(roots, assert_format=False).compile(DOCUMENT_URL)
    except schemaresources.CompileError as exc:
        raise SchemaError(str(exc)) from None
    except schemavalidating.LimitExceeded:
        raise SchemaError(_limit_message(MAX_META_STEPS)) from None
    except RecursionError:
        raise SchemaError("values.schema.json nests too deeply to compile") from None
    return compiled, tuple(dict.fromkeys(loader.urns))


def _limit_message(steps: int) -> str:
    return f"values.schema.json: validation needs more than {steps} steps; refusing it"


def _nesting(text: str) -> int:
    """The deepest bracket nesting of a JSON text (strings left out), in linear time."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _decode(data: bytes) -> object:
    """v6's ``UnmarshalJSON``: one value read by Go's ``json.Decoder``, then nothing but
    whitespace; Go's error messages."""
    text = data.decode("utf-8", "surrogateescape")
    if text.strip(" \t\r\n") == "":
        raise SchemaError("EOF")
    if _nesting(text) > MAX_NESTING:
        raise SchemaError(f"values.schema.json nests deeper than {MAX_NESTING} levels")
    problem = gojson.syntax_error(text)
    if problem == "unexpected end of JSON input":
        raise SchemaError("unexpected EOF")
    closed = text.lstrip(" \t\r\n")[:1] in ("{", "[", '"')
    if problem is not None and problem.endswith("after top-level value") and closed:
        # The decoder stops after a closed value; what follows fails helm's own check.
        raise SchemaError("invalid character after top-level value")
    if problem is not None:
        raise SchemaError(problem)
    try:
        return schemaresources.parse_json(data.decode("utf-8", "replace"))
    except (ValueError, RecursionError) as exc:
        raise SchemaError(f"values.schema.json: {exc}") from None


def _check_meta(root: schemaresources.Root, value: object, ptr: str) -> None:
    """Check a document (or the subschema at ``ptr``) against its dialect's metaschema."""
    meta = _metaschema(root.resource(ptr).dialect)
    ctx = schemavalidating.Context(
        max_steps=MAX_META_STEPS, resources=root.resources, meta_for=_metaschema
    )
    failure = schemavalidating.validate(ctx, meta, value, meta=meta)
    if failure is not None:
        where = schemaresources.go_quote(schemaresources.location(root.url, ptr))
        raise schemaresources.CompileError(
            f"{where} is not valid against metaschema: {failure.text()}"
        )


@functools.cache
def _metaschemas() -> dict[str, schemacompiling.Schema]:
    """Every draft's metaschema and vocabulary metaschemas, compiled asserting formats."""
    roots = schemaresources.Roots(loader=schemaresources.Loader(), check_meta=None)
    compiler = schemacompiling.Compiler(roots, assert_format=True)
    out: dict[str, schemacompiling.Schema] = {}
    for draft in schemaresources.DRAFTS.values():
        out[draft.url] = compiler.compile(draft.url)
        for vocab in draft.all_vocabs:
            url = draft.url.removesuffix("schema") + "meta/" + vocab
            out[url] = compiler.compile(url)
    return out


def _metaschema(dialect: schemaresources.Dialect) -> schemacompiling.Schema:
    metas = _metaschemas()
    draft = dialect.draft
    if dialect.vocabs is None:
        return metas[draft.url]
    return _vocabulary_metaschema(draft.version, dialect.vocabs)


@functools.cache
def _vocabulary_metaschema(version: int, vocabs: tuple[str, ...]) -> schemacompiling.Schema:
    """v6's ``dialect.getSchema`` for a metaschema naming its own vocabularies."""
    metas = _metaschemas()
    draft = schemaresources.DRAFTS[version]
    base = draft.url.removesuffix("schema") + "meta/"
    sch = schemacompiling.Schema("urn:mem:metaschema", "")
    sch.location = "urn:mem:metaschema"
    sch.draft = version
    sch.all_of = [metas[base + vocab] for vocab in vocabs if base + vocab in metas]
    if "core" not in vocabs:
        sch.all_of.append(metas[base + "core"])
    if version >= 2020:
        sch.dynamic_anchor = "meta"
        sch.dynamic_anchors = {"meta": sch}
    return sch


class _DeepRecursion:
    """Schemas and values nest: allow deeper Python recursion while validating (pure Python
    calls do not grow the C stack on 3.11+). The limit is raised by the first of concurrent
    validations and restored by the last, and never lowered."""

    _lock = threading.Lock()
    _active = 0
    _previous = 0

    def __enter__(self) -> None:
        cls = type(self)
        with cls._lock:
            if cls._active == 0:
                cls._previous = sys.getrecursionlimit()
                if cls._previous < _RECURSION_LIMIT:
                    sys.setrecursionlimit(_RECURSION_LIMIT)
            cls._active += 1

    def __exit__(self, *exc: object) -> None:
        cls = type(self)
        with cls._lock:
            cls._active -= 1
            if cls._active == 0 and cls._previous < _RECURSION_LIMIT:
                sys.setrecursionlimit(cls._previous)


__all__ = ["MAX_SCHEMA_BYTES", "MAX_STEPS", "SchemaError", "validate"]
