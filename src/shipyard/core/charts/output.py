"""From rendered templates to ``helm template``'s output, byte for byte.

NOTES files (``*NOTES.txt``) are dropped; every other non-partial, non-blank file is split into
YAML documents (Helm's ``---`` separator rule), each parsed for its head (apiVersion, kind,
metadata.name and annotations, with Go's JSON typing errors). Documents annotated
``helm.sh/hook`` are hooks (an unknown hook event drops the document, as Helm does), the rest
manifests; both are ordered by Helm's install order of kinds (unknown kinds after, by name;
stable). The output is: CRDs of the chart and its subcharts (``--include-crds``), manifests,
then hooks (none with ``--no-hooks``, no test hooks with ``--skip-tests``), each as
``---\\n# Source: PATH\\n...``; ``--show-only`` then keeps the documents whose source matches
a ``filepath.Match`` pattern.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence

from shipyard.core.charts import globbing, goformat, gostrings, goyaml
from shipyard.core.charts.chart import Chart
from shipyard.core.charts.rendering import RenderError

INSTALL_ORDER: tuple[str, ...] = (
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
)
_RANK = {kind: i for i, kind in enumerate(INSTALL_ORDER)}
HOOK_ANNOTATION = "helm.sh/hook"
HOOK_EVENTS = frozenset(
    (
        "pre-install",
        "post-install",
        "pre-delete",
        "post-delete",
        "pre-upgrade",
        "post-upgrade",
        "pre-rollback",
        "post-rollback",
        "test",
        "test-success",
    )
)
NOTES_SUFFIX = "NOTES.txt"
_WS = "\t\n\v\f\r \x85\xa0"  # Go's unicode.IsSpace for the ASCII/Latin-1 range
_SEPARATOR = re.compile(r"(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*")
_SOURCE = re.compile(r"# Source: [^/]+/(.+)")
_META_TYPE = (
    'struct { Name string "json:\\"name\\""; Annotations map[string]string '
    '"json:\\"annotations\\"" }'
)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Document:
    path: str  # the template it came from
    content: str
    kind: str
    hook_events: tuple[str, ...] = ()

    @property
    def is_test(self) -> bool:
        return "test" in self.hook_events or "test-success" in self.hook_events


@dataclasses.dataclass(frozen=True, kw_only=True)
class Sorted:
    manifests: tuple[Document, ...]
    hooks: tuple[Document, ...]
    skipped: tuple[str, ...] = ()  # messages Helm logs for unknown hooks


def go_trim(text: str) -> str:
    return text.strip(_WS)


def split_manifests(text: str) -> list[str]:
    """releaseutil.SplitManifests: documents in order, trimmed, empty pieces left out."""
    return [go_trim(piece) for piece in _SEPARATOR.split(go_trim(text)) if piece]


def _string(value: object, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        if float(value).is_integer() and abs(value) < 1e21:
            return str(int(value))
        return goformat.format_float(float(value), bits=32)
    raise _TypeError(value, field, "string")


class _TypeError(Exception):
    def __init__(self, value: object, field: str, go_type: str) -> None:
        kind = (
            "array"
            if isinstance(value, list)
            else "object"
            if isinstance(value, dict)
            else "number"
        )
        if isinstance(value, str):
            kind = "string"
        elif isinstance(value, bool):
            kind = "bool"
        where = f"Go struct field {field}" if field else "Go value"
        super().__init__(f"json: cannot unmarshal {kind} into {where} of type {go_type}")


def _fields(obj: dict[str, object], names: Sequence[str]) -> dict[str, object]:
    """Go's case-insensitive field matching; keys are sorted, so the last match wins."""
    found: dict[str, object] = {}
    lowered = {name.lower(): name for name in names}
    for key, value in obj.items():
        name = key if key in names else lowered.get(key.lower())
        if name is not None:
            found[name] = value
    return found


def parse_head(content: str) -> tuple[str, dict[str, str]]:
    """The kind and annotations of a document, as Helm's SimpleHead decoding reads them.

    Raises ValueError with Go's message (goyaml's YAML errors, or JSON typing errors).
    """
    document = goyaml.decode(content)
    if document is None:
        return "", {}
    if not isinstance(document, dict):
        raise ValueError(
            "error unmarshaling JSON: while decoding JSON: "
            + str(_TypeError(document, "", "releaseutil.SimpleHead"))
        )
    try:
        head = _fields(document, ("apiVersion", "kind", "metadata"))
        _string(head.get("apiVersion"), "SimpleHead.apiVersion")
        kind = _string(head.get("kind"), "SimpleHead.kind")
        metadata = head.get("metadata")
        annotations: dict[str, str] = {}
        if metadata is not None:
            if not isinstance(metadata, dict):
                raise _TypeError(metadata, "SimpleHead.metadata", _META_TYPE)
            meta = _fields(metadata, ("name", "annotations"))
            _string(meta.get("name"), ".metadata.name")
            raw = meta.get("annotations")
            if raw is not None:
                if not isinstance(raw, dict):
                    raise _TypeError(raw, ".metadata.annotations", "map[string]string")
                annotations = {k: _string(v, ".metadata.annotations") for k, v in raw.items()}
    except _TypeError as exc:
        raise ValueError(f"error unmarshaling JSON: while decoding JSON: {exc}") from None
    return kind, annotations


def _kind_key(document: Document) -> tuple[int, str]:
    rank = _RANK.get(document.kind)
    return (rank, "") if rank is not None else (len(_RANK), document.kind)


def sort_manifests(files: dict[str, str]) -> Sorted:
    """releaseutil.SortManifests with InstallOrder; raises RenderError on unparsable YAML."""
    manifests: list[Document] = []
    hooks: list[Document] = []
    skipped: list[str] = []
    for path in sorted(files):
        content = files[path]
        if path.rsplit("/", 1)[-1].startswith("_") or not go_trim(content):
            continue
        for doc in split_manifests(content):
            try:
                kind, annotations = parse_head(doc)
            except (ValueError, goyaml.YAMLError) as exc:
                raise RenderError(f"YAML parse error on {path}: {exc}", hint=True) from None
            hook = annotations.get(HOOK_ANNOTATION)
            if hook is None:
                manifests.append(Document(path=path, content=doc, kind=kind))
                continue
            events = tuple(event.strip(_WS).lower() for event in hook.split(","))
            if not all(event in HOOK_EVENTS for event in events):
                skipped.append(f"info: skipping unknown hook: {gostrings.go_quote(hook)}")
                continue
            hooks.append(Document(path=path, content=doc, kind=kind, hook_events=events))
    return Sorted(
        manifests=tuple(sorted(manifests, key=_kind_key)),
        hooks=tuple(sorted(hooks, key=_kind_key)),
        skipped=tuple(skipped),
    )


def crd_documents(chart: Chart, path: str | None = None) -> Iterable[tuple[str, bytes]]:
    """Chart.CRDObjects: (filename, data) for crds/ of the chart, then of each subchart."""
    base = chart.name if path is None else path
    for f in chart.crd_files():
        yield f"{base}/{f.name}", f.data
    for sub in chart.dependencies:
        yield from crd_documents(sub, sub.full_path(base))


def without_notes(rendered: dict[str, str]) -> dict[str, str]:
    return {name: text for name, text in rendered.items() if not name.endswith(NOTES_SUFFIX)}


@dataclasses.dataclass(frozen=True, kw_only=True)
class OutputOptions:
    include_crds: bool = False
    skip_tests: bool = False
    no_hooks: bool = False
    show_only: tuple[str, ...] = ()


def template_output(
    chart: Chart,
    rendered: dict[str, str],
    *,
    options: OutputOptions,
    ordered: Sorted | None = None,
) -> tuple[str, Sorted]:
    """What ``helm template`` prints on stdout; raises RenderError (``--show-only`` misses).

    ``ordered`` is ``sort_manifests(without_notes(rendered))`` if the caller has it already."""
    if ordered is None:
        ordered = sort_manifests(without_notes(rendered))
    parts: list[str] = []
    if options.include_crds:
        for name, data in crd_documents(chart):
            parts.append(f"---\n# Source: {name}\n{data.decode('utf-8', 'surrogateescape')}\n")
    for doc in ordered.manifests:
        parts.append(f"---\n# Source: {doc.path}\n{doc.content}\n")
    out = [go_trim("".join(parts)), "\n"]
    for doc in () if options.no_hooks else ordered.hooks:
        if options.skip_tests and doc.is_test:
            continue
        out.append(f"---\n# Source: {doc.path}\n{doc.content}\n")
    text = "".join(out)
    if not options.show_only:
        return text, ordered
    return show_only(text, options.show_only), ordered


def show_only(text: str, patterns: Sequence[str]) -> str:
    """``--show-only``: the documents of ``text`` whose source matches a pattern, pattern by
    pattern; raises RenderError for a pattern that matches none."""
    documents = split_manifests(text)
    chosen: list[str] = []
    for pattern in patterns:
        missing = True
        for document in documents:
            found = _SOURCE.search(document)
            if found is None:
                continue
            try:
                matched = globbing.match_path(pattern, found[1])
            except globbing.BadPattern:
                matched = False
            if matched:
                chosen.append(document)
                missing = False
        if missing:
            raise RenderError(f"could not find template {pattern} in chart")
    return "".join(f"---\n{document}\n" for document in chosen)
