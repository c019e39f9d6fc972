"""Kubernetes objects as plain values: the ``Manifest`` type, object identities, and parsing
YAML/JSON documents from text with limits on size, depth and alias expansion.

Parsing reports every problem of a source at once, each with its file, document and line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml

from shipyard import errors

# A Kubernetes object as decoded JSON. Kinds have arbitrary top-level fields (spec, data, rules,
# webhooks...), so a read-only mapping is the honest type; helpers below read it safely.
Manifest = Mapping[str, Any]

# Limits against hostile input (../shared/SECURITY-CASES.md 13-15, 18).
MAX_DOCUMENT_NODES = 1_000_000  # nodes visited after alias expansion, per document
MAX_DEPTH = 100
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")


@dataclasses.dataclass(frozen=True, kw_only=True, order=True)
class ObjectRef:
    """The identity of an object: group, kind, namespace ("" if cluster-scoped) and name."""

    group: str
    kind: str
    namespace: str
    name: str

    def __str__(self) -> str:
        kind = f"{self.kind}.{self.group}" if self.group else self.kind
        where = f"{self.namespace}/" if self.namespace else ""
        return f"{kind} {where}{self.name}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Document:
    """One parsed object with where it came from (for error messages)."""

    manifest: Manifest
    source: str
    line: int


def group_of(api_version: str) -> str:
    return api_version.rpartition("/")[0] if "/" in api_version else ""


def ref_of(manifest: Manifest, *, default_namespace: str = "") -> ObjectRef:
    metadata = manifest.get("metadata") or {}
    return ObjectRef(
        group=group_of(str(manifest.get("apiVersion", ""))),
        kind=str(manifest.get("kind", "")),
        namespace=str(metadata.get("namespace") or default_namespace),
        name=str(metadata.get("name", "")),
    )


# libyaml's parser when available: an order of magnitude faster on large renders.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check_size(node: Any, *, budget: list[int], depth: int) -> None:
    """Walks the decoded value as JSON would expand it, stopping at the node or depth limit."""
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError(
            f"document expands to more than {MAX_DOCUMENT_NODES} nodes (alias expansion bomb?)"
        )
    if depth > MAX_DEPTH:
        raise ValueError(f"document is nested deeper than {MAX_DEPTH} levels")
    if isinstance(node, Mapping):
        for value in node.values():
            _check_size(value, budget=budget, depth=depth + 1)
    elif isinstance(node, list):
        for value in node:
            _check_size(value, budget=budget, depth=depth + 1)


def _problems_of(manifest: Any) -> list[str]:
    if not isinstance(manifest, Mapping):
        return [f"a Kubernetes object must be a mapping, not {type(manifest).__name__}"]
    problems = []
    for field in ("apiVersion", "kind"):
        if not isinstance(manifest.get(field), str) or not manifest.get(field):
            problems.append(f"{field} is missing or not a string")
    metadata = manifest.get("metadata")
    if not isinstance(metadata, Mapping):
        problems.append("metadata is missing or not a mapping")
        return problems
    name = metadata.get("name")
    if not isinstance(name, str) or not name:
        problems.append("metadata.name is missing or not a string")
    elif len(name) > 253 or not _NAME.match(name):
        problems.append(f"metadata.name {name[:80]!r} is not a valid Kubernetes name")
    namespace = metadata.get("namespace")
    if namespace is not None and (not isinstance(namespace, str) or not _NAME.match(namespace)):
        problems.append("metadata.namespace is not a valid namespace name")
    for field in ("labels", "annotations"):
        value = metadata.get(field)
        if value is not None and not (
            isinstance(value, Mapping) and all(isinstance(v, str) for v in value.values())
        ):
            problems.append(f"metadata.{field} must map strings to strings")
    return problems


def _documents(text: str, *, source: str) -> Iterator[tuple[int, Any]]:
    loader = _Loader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            yield node.start_mark.line + 1, loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else 0
        raise errors.UserError(f"{source}:{line}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise errors.UserError(f"{source}: invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise errors.UserError(f"{source}: YAML nested too deeply") from exc
    finally:
        loader.dispose()


def parse(text: str, *, source: str) -> list[Document]:
    """Every object in a YAML/JSON text; ``List`` kinds are flattened; empty documents skipped.

    Raises one ``UserError`` listing every problem of the text, each with file and line.
    """
    documents: list[Document] = []
    problems: list[str] = []
    for line, value in _documents(text, source=source):
        if value is None:
            continue
        try:
            _check_size(value, budget=[MAX_DOCUMENT_NODES], depth=0)
        except ValueError as exc:
            problems.append(f"{source}:{line}: {exc}")
            continue
        items: Sequence[Any] = [value]
        if isinstance(value, Mapping) and str(value.get("kind", "")).endswith("List"):
            items = value.get("items") or []
        for item in items:
            found = _problems_of(item)
            if found:
                problems.extend(f"{source}:{line}: {problem}" for problem in found)
            else:
                documents.append(Document(manifest=item, source=source, line=line))
    if problems:
        raise errors.UserError("invalid manifests:\n  " + "\n  ".join(problems))
    return documents
