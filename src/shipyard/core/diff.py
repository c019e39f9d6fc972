"""Comparing desired and live objects: normalisation, ignored differences, Secret masking.

The desired side is the server-side dry-run of an apply, so defaults, admission mutations and
fields of other managers are already in it; what remains to remove is bookkeeping (managed
fields, resource versions, status) and whatever the user asked to ignore. Secret values are
replaced by masks on both sides before any text is produced: equal values get equal masks and
different values different ones, so a diff shows *that* a value changed, never the value.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from shipyard.core import manifests

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
_BOOKKEEPING = ("managedFields", "resourceVersion", "uid", "generation", "creationTimestamp",
                "selfLink")  # fmt: skip


@dataclasses.dataclass(frozen=True, kw_only=True)
class Ignore:
    """Differences to ignore on matching objects (``ignoreDifferences``)."""

    group: str = ""
    kind: str
    name: str | None = None
    namespace: str | None = None
    json_pointers: tuple[str, ...] = ()
    managers: tuple[str, ...] = ()

    def matches(self, ref: manifests.ObjectRef) -> bool:
        return (
            self.group == ref.group
            and self.kind in (ref.kind, "*")
            and self.name in (None, ref.name)
            and self.namespace in (None, ref.namespace)
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class Comparison:
    ref: manifests.ObjectRef
    equal: bool
    text: str  # unified diff of the masked, normalised YAML; empty when equal


def _pointer_tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/")]


def _remove_pointer(document: Any, pointer: str) -> None:
    tokens = _pointer_tokens(pointer)
    node = document
    for token in tokens[:-1]:
        if isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return
    last = tokens[-1]
    if isinstance(node, dict):
        node.pop(last, None)
    elif isinstance(node, list) and last.isdigit() and int(last) < len(node):
        node.pop(int(last))


def _owned_paths(fields: Mapping[str, Any], prefix: list[str]) -> list[list[str]]:
    """Map-key paths in a managedFields ``fieldsV1`` tree (list entries are skipped whole)."""
    paths = []
    for key, child in fields.items():
        if key == ".":
            continue
        if key.startswith("f:"):
            path = [*prefix, key[2:]]
            if isinstance(child, Mapping) and any(k != "." for k in child):
                paths.extend(_owned_paths(child, path))
            else:
                paths.append(path)
    return paths


def _remove_managed(
    document: dict[str, Any], live: manifests.Manifest, managers: Sequence[str]
) -> None:
    for entry in (live.get("metadata") or {}).get("managedFields") or []:
        if entry.get("manager") in managers and isinstance(entry.get("fieldsV1"), Mapping):
            for path in _owned_paths(entry["fieldsV1"], []):
                _remove_pointer(
                    document, "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path)
                )


def normalise(
    manifest: manifests.Manifest,
    *,
    ignores: Sequence[Ignore] = (),
    live: manifests.Manifest | None = None,
) -> dict[str, Any]:
    """A copy without bookkeeping fields, status and ignored differences."""
    document: dict[str, Any] = copy.deepcopy(dict(manifest))
    document.pop("status", None)
    metadata = document.get("metadata")
    if isinstance(metadata, dict):
        for field in _BOOKKEEPING:
            metadata.pop(field, None)
        annotations = metadata.get("annotations")
        if isinstance(annotations, dict):
            annotations.pop(LAST_APPLIED, None)
            if not annotations:
                metadata.pop("annotations")
    ref = manifests.ref_of(manifest)
    for ignore in ignores:
        if not ignore.matches(ref):
            continue
        for pointer in ignore.json_pointers:
            _remove_pointer(document, pointer)
        if live is not None and ignore.managers:
            _remove_managed(document, live, ignore.managers)
    return document


def is_subset(desired: Any, live: Any) -> bool:
    """True when every field the desired object declares has the same value live.

    A server-side apply of such an object changes nothing, so it needs no dry-run. False can
    be a false alarm (the server normalises quantities such as ``1024Mi``); the dry-run that
    follows settles it.
    """
    if isinstance(desired, Mapping):
        return isinstance(live, Mapping) and all(
            key in live and is_subset(value, live[key]) for key, value in desired.items()
        )
    if isinstance(desired, list):
        return (
            isinstance(live, list)
            and len(desired) == len(live)
            and all(is_subset(d, v) for d, v in zip(desired, live, strict=True))
        )
    return bool(desired == live and type(desired) is type(live))


def _is_secret(document: Mapping[str, Any]) -> bool:
    return (
        document.get("kind") == "Secret"
        and manifests.group_of(str(document.get("apiVersion", ""))) == ""
    )


def mask_secret_pair(
    desired: dict[str, Any] | None, live: dict[str, Any] | None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Masks the values of two versions of a Secret consistently (equal values, equal masks)."""
    masks: dict[str, str] = {}

    def mask(value: Any) -> str:
        key = json.dumps(value, sort_keys=True)
        if key not in masks:
            masks[key] = "+" * (8 + len(masks))
        return masks[key]

    result = []
    for document in (desired, live):
        if document is None or not _is_secret(document):
            result.append(document)
            continue
        masked = copy.deepcopy(document)
        for field in ("data", "stringData"):
            if isinstance(masked.get(field), dict):
                masked[field] = {key: mask(value) for key, value in masked[field].items()}
        annotations = (masked.get("metadata") or {}).get("annotations")
        if isinstance(annotations, dict) and LAST_APPLIED in annotations:
            annotations[LAST_APPLIED] = mask(annotations[LAST_APPLIED])
        result.append(masked)
    return result[0], result[1]


def masked(document: manifests.Manifest) -> dict[str, Any]:
    """A copy safe to print: Secret values replaced by masks."""
    result, _ = mask_secret_pair(dict(document), None)
    assert result is not None
    return result


# libyaml's emitter when available: diffs of large applications are dumped many times faster.
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _yaml(document: Mapping[str, Any] | None) -> list[str]:
    if document is None:
        return []
    text = yaml.dump(dict(document), Dumper=_Dumper, sort_keys=True, default_flow_style=False)
    return str(text).splitlines()


def compare(
    *,
    desired: manifests.Manifest | None,
    live: manifests.Manifest | None,
    ignores: Sequence[Ignore] = (),
    with_text: bool = True,
) -> Comparison:
    """Desired (server dry-run result) against live, normalised and masked.

    ``with_text=False`` skips producing the diff text when only equality matters.
    """
    reference = desired if desired is not None else live
    assert reference is not None, "compare needs at least one side"
    ref = manifests.ref_of(reference)
    want = normalise(desired, ignores=ignores, live=live) if desired is not None else None
    have = normalise(live, ignores=ignores, live=live) if live is not None else None
    if want == have:
        return Comparison(ref=ref, equal=True, text="")
    if not with_text:
        return Comparison(ref=ref, equal=False, text="")
    want, have = mask_secret_pair(want, have)
    lines = difflib.unified_diff(
        _yaml(have), _yaml(want), fromfile=f"live/{ref}", tofile=f"desired/{ref}", lineterm=""
    )
    return Comparison(ref=ref, equal=False, text="\n".join(lines))
