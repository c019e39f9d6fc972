"""Render stage: a source snapshot into the objects to apply.

A plain YAML/JSON directory is parsed as is; a Kustomize overlay is built by the pinned
kustomize (confined to the repository); a Helm chart, in Git or a packaged one from a chart
repository, is rendered by shipyard's chart engine as ``helm template`` renders it. Every object
then gets the destination namespace (when namespaced) and the Application's tracking id.
"""

from __future__ import annotations

import collections
import copy
import posixpath
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.git import source
from shipyard.adapters.kustomize import building
from shipyard.core import hooks, manifests, revisions, tracking
from shipyard.engine.sync import spec

# (apiVersion, kind) -> namespaced?  None when the cluster does not serve the kind (yet).
NamespacedLookup = Callable[[str, str], bool | None]


# Rendered documents by (repository, revision, path, recurse, Helm options): a commit (or a
# chart version with its digest) never changes, so a resync of the same revision skips
# rendering (as Argo CD's manifest cache does). Helm output also depends on the release name,
# namespace and values, so they are part of the key for charts.
_CACHE: collections.OrderedDict[tuple[object, ...], list[manifests.Document]] = (
    collections.OrderedDict()
)
CACHE_ENTRIES = 64
HELM_KINDS = ("helm", "chart")


def documents_of(
    snapshot: source.Snapshot, *, app: spec.AppSpec, kustomize: Callable[[], Path]
) -> list[manifests.Document]:
    """Parsed documents of the snapshot (cached per revision); every problem reported at once."""
    helm_options = (
        (app.helm_release or app.key.name, app.namespace, app.helm_value_files, app.helm_values,
         app.helm_skip_crds)
        if snapshot.kind in HELM_KINDS
        else ()
    )  # fmt: skip
    key = (snapshot.url, snapshot.revision, snapshot.kind, app.path, app.recurse, helm_options)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    documents = _render_documents(snapshot, app=app, kustomize=kustomize)
    _CACHE[key] = documents
    while len(_CACHE) > CACHE_ENTRIES:
        _CACHE.popitem(last=False)
    return documents


def _render_documents(
    snapshot: source.Snapshot, *, app: spec.AppSpec, kustomize: Callable[[], Path]
) -> list[manifests.Document]:
    if snapshot.kind == "helm":
        return _helm_documents(snapshot, app=app)
    if snapshot.kind == "chart":
        return _chart_documents(snapshot, app=app)
    if snapshot.kind == "kustomize":
        text = building.build(
            files=snapshot.files, symlinks=snapshot.symlinks, path=app.path, kustomize=kustomize()
        )
        return manifests.parse(text, source=f"kustomize build {app.path}")
    documents: list[manifests.Document] = []
    problems: list[str] = []
    for file in sorted(snapshot.files, key=lambda f: f.path):
        try:
            text = file.content.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{file.path}: not UTF-8 text")
            continue
        try:
            documents.extend(manifests.parse(text, source=file.path))
        except errors.UserError as exc:
            problems.append(str(exc))
    if problems:
        raise errors.UserError("\n".join(problems))
    return documents


def _helm_documents(snapshot: source.Snapshot, *, app: spec.AppSpec) -> list[manifests.Document]:
    """``helm template`` of the chart at ``app.path`` with the Application's values (value
    files relative to the chart, confined to the repository; inline values last). Helm hooks
    become sync hooks as Argo CD maps them; delete, rollback and test hooks are left out."""
    from shipyard.engine.charts import templating  # the chart engine only for Helm sources

    chart_dir = posixpath.normpath(app.path.strip("/") or ".")
    value_files = []
    for name in app.helm_value_files:
        joined = posixpath.normpath(posixpath.join(chart_dir, name))
        if joined.startswith("../") or joined == ".." or posixpath.isabs(name):
            raise errors.UserError(f"helm value file {name!r} is outside the repository")
        if not any(f.path == joined for f in snapshot.files):
            raise errors.UserError(
                f"{snapshot.url}@{revisions.short(snapshot.revision)}: helm value file {joined} "
                "not found"
            )
        value_files.append(joined)
    with tempfile.TemporaryDirectory(prefix="shipyard-helm-") as tmp:
        root = Path(tmp) / "repo"
        for file in snapshot.files:
            target = root / file.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.content)
        files = [str(root / name) for name in value_files]
        if app.helm_values.strip():
            inline = Path(tmp) / "inline-values.yaml"
            inline.write_text(app.helm_values)
            files.append(str(inline))
        request = templating.TemplateRequest(
            chart=root / chart_dir,
            release_name=app.helm_release or app.key.name,
            namespace=app.namespace,
            values=templating.ValueOptions(files=tuple(files)),
            include_crds=not app.helm_skip_crds,
            skip_tests=True,
        )
        try:
            text = templating.template(request)
        except errors.UserError as exc:
            raise errors.UserError(f"helm template {chart_dir}: {exc}") from exc
    documents = manifests.parse(text, source=f"helm template {chart_dir}")
    return [d for d in documents if not hooks.is_unsynced_helm_hook(d.manifest)]


def _chart_documents(snapshot: source.Snapshot, *, app: spec.AppSpec) -> list[manifests.Document]:
    """``helm template`` of a packaged chart (the snapshot's one archive, loaded with the chart
    loader's size caps and path checks) with value files from the chart package itself, then
    the inline values; hooks as for a chart in Git."""
    from shipyard.adapters.charts import loading  # the chart engine only for Helm sources
    from shipyard.engine.charts import templating

    (archive,) = snapshot.files
    label = f"chart {app.chart} {revisions.short(snapshot.revision)}"
    chart_files: dict[str, bytes] = {}
    if app.helm_value_files:
        try:
            chart_files = {
                f.name: f.data for f in loading.read_archive(archive.content, label=label)
            }
        except errors.UserError as exc:
            raise errors.UserError(f"helm template {label}: {exc}") from exc
    value_files = []
    for name in app.helm_value_files:
        joined = posixpath.normpath(name)
        if posixpath.isabs(name) or joined == ".." or joined.startswith("../"):
            raise errors.UserError(f"helm value file {name!r} is outside the chart")
        if joined not in chart_files:
            raise errors.UserError(f"{label}: helm value file {joined} not found in the chart")
        value_files.append(chart_files[joined])
    with tempfile.TemporaryDirectory(prefix="shipyard-chart-") as tmp:
        # Fixed names: nothing from the repository chooses a path on this machine.
        chart_path = Path(tmp) / "chart.tgz"
        chart_path.write_bytes(archive.content)
        files = []
        for number, data in enumerate(value_files):
            path = Path(tmp) / f"values-{number}.yaml"
            path.write_bytes(data)
            files.append(str(path))
        if app.helm_values.strip():
            inline = Path(tmp) / "inline-values.yaml"
            inline.write_text(app.helm_values)
            files.append(str(inline))
        request = templating.TemplateRequest(
            chart=chart_path,
            release_name=app.helm_release or app.key.name,
            namespace=app.namespace,
            values=templating.ValueOptions(files=tuple(files)),
            include_crds=not app.helm_skip_crds,
            skip_tests=True,
        )
        try:
            text = templating.template(request)
        except errors.UserError as exc:
            raise errors.UserError(
                f"helm template {label}: {str(exc).replace(str(chart_path), label)}"
            ) from exc
    documents = manifests.parse(text, source=f"helm template {label}")
    return [d for d in documents if not hooks.is_unsynced_helm_hook(d.manifest)]


def prepare(
    documents: list[manifests.Document], *, app: spec.AppSpec, namespaced: NamespacedLookup
) -> list[spec.DesiredObject]:
    """Objects with the destination namespace and tracking id set; duplicates refused."""
    objects: list[spec.DesiredObject] = []
    seen: dict[manifests.ObjectRef, str] = {}
    for document in documents:
        manifest: dict[str, Any] = copy.deepcopy(dict(document.manifest))
        api_version = str(manifest["apiVersion"])
        metadata = manifest["metadata"]
        # Kinds the cluster does not serve yet are custom resources of a CRD in this render:
        # namespaced unless the CRD in the render says otherwise.
        is_namespaced = namespaced(api_version, str(manifest["kind"]))
        if is_namespaced is None:
            is_namespaced = _crd_scope(documents, manifest) != "Cluster"
        if is_namespaced:
            metadata.setdefault("namespace", app.namespace)
        else:
            metadata.pop("namespace", None)
        ref = manifests.ref_of(manifest)
        where = f"{document.source}:{document.line}"
        if ref in seen:
            raise errors.UserError(f"{where}: {ref} is also defined at {seen[ref]}")
        seen[ref] = where
        annotations = metadata.setdefault("annotations", {})
        annotations[tracking.ANNOTATION] = tracking.tracking_id(app=app.key, ref=ref)
        objects.append(
            spec.DesiredObject(
                api_version=api_version, manifest=manifest, source=document.source,
                line=document.line,
            )
        )  # fmt: skip
    return objects


def _crd_scope(documents: list[manifests.Document], manifest: manifests.Manifest) -> str | None:
    group = manifests.group_of(str(manifest["apiVersion"]))
    for document in documents:
        crd = document.manifest
        if crd.get("kind") != "CustomResourceDefinition":
            continue
        crd_spec = crd.get("spec") or {}
        names = crd_spec.get("names") or {}
        if crd_spec.get("group") == group and names.get("kind") == manifest.get("kind"):
            return str(crd_spec.get("scope", "Namespaced"))
    return None
