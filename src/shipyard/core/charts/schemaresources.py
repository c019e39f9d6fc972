"""Schema documents as santhosh-tekuri/jsonschema v6 sees them, without any I/O: drafts and
dialects, resources (``$id``/``id``) and anchors (``$anchor``, ``$dynamicAnchor``,
``id: "#name"``), reference resolution, and loading. A document is scanned for resources when
it is loaded, its dialect being the draft named by ``$schema`` (default 2020-12), and checked
against that dialect's metaschema (through the ``check_meta`` hook). Errors are v6's, word for
word (:class:`CompileError`).

Only the document itself and the embedded metaschemas (:mod:`schemametas`) can be loaded:
any other reference fails with v6's loading error naming the URL and the reference, instead
of reaching the network or the filesystem as helm would. ``urn:`` references resolve to the
permissive ``true`` schema, as helm's URN loader does.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator
from typing import Any

from shipyard.core.charts import schemaerrors, schemametas, schemaurls, schemavalues

_quote = schemaurls.go_quote_bytes


def go_quote(text: str) -> str:
    return _quote(schemaurls.to_bytestr(text))


class CompileError(Exception):
    """The schema cannot be compiled; ``str()`` is v6's error text."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Draft:
    version: int
    url: str
    id_key: str
    subschemas: tuple[tuple[str, ...], ...]
    vocab_prefix: str = ""
    all_vocabs: tuple[str, ...] = ()
    default_vocabs: tuple[str, ...] = ()


def _paths(*paths: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(path.split("/")) for path in paths)


_D4 = _paths(
    "definitions/*", "not", "allOf/[]", "anyOf/[]", "oneOf/[]", "properties/*",
    "additionalProperties", "patternProperties/*", "items", "items/[]", "additionalItems",
    "dependencies/*",
)  # fmt: skip
_D6 = (*_D4, *_paths("propertyNames", "contains"))
_D7 = (*_D6, *_paths("if", "then", "else"))
_D2019 = (*_D7, *_paths(
    "$defs/*", "dependentSchemas/*", "unevaluatedProperties", "unevaluatedItems", "contentSchema"
))  # fmt: skip
_D2020 = (*_D2019, *_paths("prefixItems/[]"))

DRAFTS = {
    4: Draft(version=4, url="http://json-schema.org/draft-04/schema", id_key="id", subschemas=_D4),
    6: Draft(version=6, url="http://json-schema.org/draft-06/schema", id_key="$id", subschemas=_D6),
    7: Draft(version=7, url="http://json-schema.org/draft-07/schema", id_key="$id", subschemas=_D7),
    2019: Draft(
        version=2019,
        url="https://json-schema.org/draft/2019-09/schema",
        id_key="$id",
        subschemas=_D2019,
        vocab_prefix="https://json-schema.org/draft/2019-09/vocab/",
        all_vocabs=("core", "applicator", "validation", "meta-data", "format", "content"),
        default_vocabs=("core", "applicator", "validation"),
    ),
    2020: Draft(
        version=2020,
        url="https://json-schema.org/draft/2020-12/schema",
        id_key="$id",
        subschemas=_D2020,
        vocab_prefix="https://json-schema.org/draft/2020-12/vocab/",
        all_vocabs=(
            "core",
            "applicator",
            "unevaluated",
            "validation",
            "meta-data",
            "format-annotation",
            "format-assertion",
            "content",
        ),
        default_vocabs=("core", "applicator", "unevaluated", "validation"),
    ),
}
LATEST = DRAFTS[2020]


def draft_from_url(url: str) -> Draft | None:
    u, hash_sign, frag = url.partition("#")
    if frag:
        return None
    del hash_sign
    for prefix in ("http://", "https://"):
        if u.startswith(prefix):
            u = u[len(prefix) :]
            break
    return {
        "json-schema.org/schema": LATEST,
        "json-schema.org/draft/2020-12/schema": DRAFTS[2020],
        "json-schema.org/draft/2019-09/schema": DRAFTS[2019],
        "json-schema.org/draft-07/schema": DRAFTS[7],
        "json-schema.org/draft-06/schema": DRAFTS[6],
        "json-schema.org/draft-04/schema": DRAFTS[4],
    }.get(u)


@dataclasses.dataclass(frozen=True)
class Dialect:
    draft: Draft
    vocabs: tuple[str, ...] | None = None  # None: the draft's default vocabularies

    def has_vocab(self, name: str) -> bool:
        if name == "core" or self.draft.version < 2019:
            return True
        return name in (self.vocabs if self.vocabs is not None else self.draft.default_vocabs)


@dataclasses.dataclass(kw_only=True)
class Resource:
    ptr: str
    id: str
    dialect: Dialect
    anchors: dict[str, str] = dataclasses.field(default_factory=dict)
    dynamic_anchors: list[str] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(kw_only=True)
class Root:
    url: str
    doc: object
    resources: dict[str, Resource] = dataclasses.field(default_factory=dict)
    processed: set[str] = dataclasses.field(default_factory=set)

    def resource(self, ptr: str) -> Resource:
        while True:
            if ptr in self.resources:
                return self.resources[ptr]
            slash = ptr.rfind("/")
            if slash == -1:
                return self.resources[""]
            ptr = ptr[:slash]


def encode(fragment: str) -> str:
    return "/".join(schemaurls.path_escape(token) for token in fragment.split("/"))


def location(url: str, ptr: str) -> str:
    return f"{url}#{encode(ptr)}"


def split_fragment(text: str) -> tuple[str, str]:
    """(url, decoded fragment); raises CompileError as ``ParseURLError``."""
    url, _, frag = text.partition("#")
    try:
        return url, schemaurls.path_unescape(frag)
    except schemaurls.URLError as exc:
        raise CompileError(f"error in parsing {go_quote(text)}: {exc}") from None


def join(base: str, ref: str) -> tuple[str, str]:
    """v6's ``url.join``: the absolute URL of ``ref`` against ``base``, and its fragment."""
    b = schemaurls.to_bytestr
    try:
        base_url = schemaurls.parse(b(base))
    except schemaurls.URLError as exc:
        raise CompileError(f"error in parsing {go_quote(base)}: {exc}") from None
    ref_part, frag = split_fragment(ref)
    try:
        ref_url = schemaurls.parse(b(ref_part))
    except schemaurls.URLError as exc:
        raise CompileError(f"error in parsing {go_quote(ref_part)}: {exc}") from None
    resolved = schemaurls.resolve_reference(base_url, ref_url)
    if not ref_url.is_abs() and base_url.opaque:
        resolved.opaque = base_url.opaque
    return schemaurls.from_bytestr(resolved.string()), frag


def lookup(doc: object, url: str, ptr: str) -> object:
    value = doc
    for raw in ptr.split("/")[1:]:
        if "~" in raw.replace("~0", "").replace("~1", ""):
            raise CompileError(f"invalid json-pointer {go_quote(location(url, ptr))}")
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
            continue
        if isinstance(value, list):
            body = token[1:] if token[:1] in "+-" else token
            if body.isdigit() and body.isascii() and len(token) < 19:
                index = int(token)
                if 0 <= index < len(value):
                    value = value[index]
                    continue
        raise CompileError(f"json-pointer in {go_quote(location(url, ptr))} not found")
    return value


def strings(values: object) -> list[str]:
    return [v for v in values if isinstance(v, str)] if isinstance(values, list) else []


class Loader:
    """The documents a compiler may read: the ones added, the embedded metaschemas, ``urn:``
    as ``true``; anything else is refused with v6's ``failing loading`` error."""

    def __init__(self) -> None:
        self.docs: dict[str, object] = {}
        self.urns: list[str] = []  # loaded as `true`; helm logs a warning for each

    def add(self, url: str, doc: object) -> None:
        self.docs[url] = doc

    def load(self, url: str, *, reason: str) -> object:
        if url in self.docs:
            return self.docs[url]
        doc = _embedded_meta(url)
        if doc is None:
            doc = self._refuse(url, reason)
        self.docs[url] = doc
        return doc

    def _refuse(self, url: str, reason: str) -> object:
        try:
            scheme = schemaurls.parse(schemaurls.to_bytestr(url)).scheme
        except schemaurls.URLError as exc:
            raise CompileError(f"failing loading {go_quote(url)}: {exc}") from None
        if scheme == "urn":
            self.urns.append(url)
            return True
        if scheme not in ("file", "http", "https"):
            message = f"no URLLoader registered for {go_quote(url)}"
        else:
            where = "the network" if scheme != "file" else "the filesystem"
            message = f"{reason} not loaded: shipyard reads no schema from {where}"
        raise CompileError(f"failing loading {go_quote(url)}: {message}")


def parse_json(text: str) -> object:
    return json.loads(text, parse_int=schemavalues.Number, parse_float=schemavalues.Number)


def _embedded_meta(url: str) -> object | None:
    for prefix in ("http://json-schema.org/", "https://json-schema.org/"):
        if url.startswith(prefix):
            path = url[len(prefix) :]
            if path == "schema":
                return _embedded_meta(LATEST.url)
            text = schemametas.DOCUMENTS.get(path)
            return None if text is None else parse_json(text)
    return None


MetaCheck = Callable[[Root, object, str], None]


class Roots:
    """v6's ``roots``: the documents loaded so far, their resources and anchors; each new
    document is checked against its dialect's metaschema (``check_meta``)."""

    def __init__(self, *, loader: Loader, check_meta: MetaCheck | None) -> None:
        self.loader = loader
        self.check_meta = check_meta
        self.roots: dict[str, Root] = {}

    def root(self, url: str, *, reason: str) -> Root:
        if url in self.roots:
            return self.roots[url]
        doc = self.loader.load(url, reason=reason)
        root = Root(url=url, doc=doc)
        self._collect(root, doc, url, "", Dialect(LATEST))
        is_meta = url.startswith(("http://json-schema.org/", "https://json-schema.org/"))
        if not is_meta and self.check_meta is not None:
            self.check_meta(root, doc, "")
        self.roots[url] = root
        return root

    def _draft(self, url: str, ptr: str, doc: object, fallback: Draft, seen: set[str]) -> Draft:
        schema = doc.get("$schema") if isinstance(doc, dict) else None
        if not isinstance(schema, str):
            return fallback
        draft = draft_from_url(schema)
        if draft is not None:
            return draft
        meta_url = schema.partition("#")[0]
        try:
            schemaurls.parse(schemaurls.to_bytestr(meta_url))
        except schemaurls.URLError as exc:
            raise CompileError(
                f"invalid $schema in {go_quote(location(url, ptr))}: {exc}"
            ) from None
        if ptr == "" and meta_url == url:
            raise CompileError(f"draft {go_quote(meta_url)} is not supported")
        if meta_url in seen:
            raise CompileError(f"cycle in resolving $schema in {go_quote(meta_url)}")
        seen.add(meta_url)
        meta = self.loader.load(meta_url, reason=f"$schema {go_quote(schema)}")
        return self._draft(meta_url, "", meta, fallback, seen)

    def _vocabs(self, doc: dict[str, Any], draft: Draft) -> tuple[str, ...] | None:
        schema = doc["$schema"]
        if draft_from_url(schema) is not None:
            return None
        meta_url = schema.partition("#")[0]
        meta = self.loader.load(meta_url, reason=f"$schema {go_quote(schema)}")
        if draft.version < 2019 or not isinstance(meta, dict):
            return None
        declared = meta.get("$vocabulary")
        if not isinstance(declared, dict):
            return None
        vocabs: list[str] = []
        for vocab, required in declared.items():
            if required is not True:
                continue
            name = vocab.removeprefix(draft.vocab_prefix)
            if vocab.startswith(draft.vocab_prefix) and name in draft.all_vocabs:
                if name not in vocabs:
                    vocabs.append(name)
                continue
            raise CompileError(f"unsupported vocabulary {go_quote(vocab)} in {go_quote(meta_url)}")
        if "core" not in vocabs:
            vocabs.append("core")
        return tuple(vocabs)

    def _collect(self, root: Root, value: object, base: str, ptr: str, fallback: Dialect) -> None:
        if ptr in root.processed:
            return
        self._collect_resources(root, value, base, ptr, fallback)
        root.processed.add(ptr)

    def _collect_resources(
        self, root: Root, value: object, base: str, ptr: str, fallback: Dialect
    ) -> None:
        if not isinstance(value, dict):
            if ptr == "":
                root.resources[""] = Resource(ptr="", id=base, dialect=fallback)
            return
        has_schema = isinstance(value.get("$schema"), str)
        draft = self._draft(root.url, ptr, value, fallback.draft, set())
        id_ = _get_id(draft, value)
        if id_ == "" and ptr != "":
            draft, has_schema = fallback.draft, False
            id_ = _get_id(draft, value)
        res: Resource | None = None
        if id_:
            try:
                base, _ = join(base, id_)
            except CompileError:
                raise CompileError(
                    f"error in parsing id at {go_quote(location(root.url, ptr))}"
                ) from None
            res = Resource(ptr=ptr, id=base, dialect=fallback)
        elif ptr == "":
            res = Resource(ptr=ptr, id=base, dialect=fallback)
        if res is not None:
            same = [r for r in root.resources.values() if r.id == base]
            for other in same:
                if other.ptr != ptr:
                    raise CompileError(
                        f"duplicate id {go_quote(base)} in {go_quote(root.url)} at "
                        f"{go_quote(ptr)} and {go_quote(other.ptr)}"
                    )
            if not same:
                if has_schema:
                    res.dialect = Dialect(draft, self._vocabs(value, draft))
                root.resources[ptr] = res
        base_res = next(r for r in root.resources.values() if r.id == base)
        _collect_anchors(root, value, ptr, base_res)
        for sub_ptr, sub in _subschemas(draft, value, ptr):
            self._collect(root, sub, base, sub_ptr, base_res.dialect)

    def ensure_subschema(self, url: str, ptr: str) -> None:
        root = self.root(url, reason="$ref")
        if ptr in root.processed:
            return
        value = lookup(root.doc, url, ptr)
        base = root.resource(ptr)
        self._collect(root, value, base.id, ptr, base.dialect)
        if ptr not in root.resources:
            _collect_anchors(root, value, ptr, root.resource(ptr))
        if self.check_meta is not None:
            self.check_meta(root, value, ptr)

    def resolve_fragment(self, root: Root, frag: str, res: Resource) -> str:
        if frag == "" or frag.startswith("/"):
            return res.ptr + frag
        if frag not in res.anchors:
            reference = f"{res.id}#{encode(frag)}"
            raise CompileError(
                f"anchor in {go_quote(reference)} not found in schema {go_quote(root.url)}"
            )
        return res.anchors[frag]

    def resolve(self, root: Root, url: str, frag: str) -> str | None:
        """The pointer a reference ``url#frag`` names in ``root``, or None if it is external."""
        if url == root.url:
            res = root.resources[""]
        else:
            found = [r for r in root.resources.values() if r.id == url]
            if not found:
                return None
            res = found[0]
        return self.resolve_fragment(root, frag, res)


def _get_id(draft: Draft, obj: dict[str, Any]) -> str:
    if draft.version < 2019 and "$ref" in obj:
        return ""
    value = obj.get(draft.id_key)
    return value.partition("#")[0] if isinstance(value, str) else ""


def _subschemas(draft: Draft, obj: dict[str, Any], ptr: str) -> Iterator[tuple[str, object]]:
    found: dict[str, object] = {}
    for path in draft.subschemas:
        level: list[tuple[str, object]] = [(ptr, obj)]
        for step in path:
            following: list[tuple[str, object]] = []
            for at, value in level:
                if step == "*" and isinstance(value, dict):
                    following += [
                        (f"{at}/{schemaerrors.escape_token(k)}", v) for k, v in value.items()
                    ]
                elif step == "[]" and isinstance(value, list):
                    following += [(f"{at}/{i}", v) for i, v in enumerate(value)]
                elif step not in ("*", "[]") and isinstance(value, dict) and step in value:
                    following.append((f"{at}/{schemaerrors.escape_token(step)}", value[step]))
            level = following
        found.update(level)
    yield from sorted(found.items())


def _collect_anchors(root: Root, obj: object, ptr: str, res: Resource) -> None:
    if not isinstance(obj, dict):
        return

    def add(anchor: str) -> None:
        existing = res.anchors.get(anchor)
        if existing is not None and existing != ptr:
            raise CompileError(
                f"duplicate anchor {go_quote(anchor)} in {go_quote(root.url)} at "
                f"{go_quote(existing)} and {go_quote(ptr)}"
            )
        res.anchors[anchor] = ptr

    version = res.dialect.draft.version
    if version < 2019:
        if "$ref" in obj:
            return
        id_ = obj.get(res.dialect.draft.id_key)
        if isinstance(id_, str):
            try:
                _, frag = split_fragment(id_)
            except CompileError:
                raise CompileError(
                    f"error in parsing anchor at {go_quote(location(root.url, ptr))}"
                ) from None
            if frag and not frag.startswith("/"):
                add(frag)
    if version >= 2019 and isinstance(obj.get("$anchor"), str):
        add(obj["$anchor"])
    if version >= 2020 and isinstance(obj.get("$dynamicAnchor"), str):
        add(obj["$dynamicAnchor"])
        res.dynamic_anchors.append(obj["$dynamicAnchor"])
