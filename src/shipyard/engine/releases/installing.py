"""`release install` and `release upgrade`, writing revisions as Helm 3 does.

    history ▶ guard ▶ render (the chart engine) ▶ pending-* revision ▶ pre hooks ▶ deploy
    (apply, prune, optional wait) ▶ post hooks ▶ deployed (the previous one superseded)

On failure the revision is marked failed; with ``atomic`` an upgrade is rolled back to the
revision that was deployed, and an install is uninstalled, as ``helm --atomic`` does.
"""

from __future__ import annotations

import base64
import dataclasses
import time
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core import manifests
from shipyard.core.charts import output, releases
from shipyard.core.charts.chart import Chart
from shipyard.engine.charts import templating
from shipyard.engine.releases import deploying, operations

HOOK_WEIGHT = "helm.sh/hook-weight"
HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy"
_JSON_NAMES = {"APIVersion": "apiVersion", "URL": "url", "ImportValues": "import-values"}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Request:
    template: templating.TemplateRequest
    install: bool
    atomic: bool = False
    wait: bool = False
    timeout: float = 300.0
    history_max: int = 10
    description: str = ""


def _go_json(value: Any) -> Any:
    """A chart model value as Helm's JSON: Go field names lower-cased, empty fields left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result = {}
        for field in dataclasses.fields(value):
            if field.name.startswith("_"):
                continue
            item = getattr(value, field.name)
            if item in (None, "", (), [], {}, False):
                continue
            name = _JSON_NAMES.get(field.name, field.name[:1].lower() + field.name[1:])
            result[name] = _go_json(item)
        return result
    if isinstance(value, list | tuple):
        return [_go_json(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _go_json(v) for k, v in value.items()}
    return value


def _files(files: Sequence[Any]) -> list[dict[str, str]]:
    return [{"name": f.name, "data": base64.b64encode(f.data).decode()} for f in files]


def chart_json(chart: Chart) -> dict[str, Any]:
    return {
        "metadata": _go_json(chart.metadata),
        "lock": None,
        "templates": _files(chart.templates),
        "values": chart.values,
        "schema": base64.b64encode(chart.schema).decode() if chart.schema else None,
        "files": _files(chart.files),
    }


def _head(document: output.Document) -> Mapping[str, Any]:
    loaded = yaml.safe_load(document.content)
    return loaded if isinstance(loaded, dict) else {}


def hook_json(document: output.Document) -> dict[str, Any]:
    head = _head(document)
    annotations = (head.get("metadata") or {}).get("annotations") or {}
    value: dict[str, Any] = {
        "name": str((head.get("metadata") or {}).get("name", "")),
        "kind": document.kind,
        "path": document.path,
        "manifest": document.content,
        # helm's manifest sorter stores the legacy Helm 2 event test-success as test.
        "events": ["test" if e == "test-success" else e for e in document.hook_events],
        "last_run": {"started_at": "", "completed_at": "", "phase": ""},
    }
    try:
        weight = int(str(annotations.get(HOOK_WEIGHT, "0")).strip() or 0)
    except ValueError:
        weight = 0
    if weight:
        value["weight"] = weight
    policies = [p.strip() for p in str(annotations.get(HOOK_DELETE_POLICY, "")).split(",")]
    if any(policies):
        value["delete_policies"] = [p for p in policies if p]
    return value


def _run_hooks(
    event: str,
    hooks: list[dict[str, Any]],
    *,
    kube: kube_objects.Objects,
    namespace: str,
    timeout: float,
    report: deploying.Report,
) -> None:
    """Runs the hooks of ``event`` by weight: (re)create, wait for Jobs and Pods, apply the
    delete policy (default before-hook-creation)."""
    chosen = sorted((h for h in hooks if event in h["events"]), key=lambda h: h.get("weight", 0))
    for hook in chosen:
        objects = deploying.objects_of(
            hook["manifest"], namespace=namespace, kube=kube, source=hook["path"]
        )
        policies = hook.get("delete_policies") or ["before-hook-creation"]
        hook["last_run"] = {"started_at": releases.now(), "completed_at": "", "phase": "Running"}
        for obj in objects:
            ref = manifests.ref_of(obj)
            if "before-hook-creation" in policies:
                kube.delete(api_version=str(obj["apiVersion"]), ref=ref)
                _wait_gone(kube, obj, timeout=timeout)
            report(f"hook {event} {ref}")
            kube.apply(obj, dry_run=False)
        try:
            deploying.wait_healthy(
                kube=kube,
                objects=[o for o in objects if o["kind"] in ("Job", "Pod")],
                timeout=timeout,
                report=report,
            )
        except errors.ShipyardError:
            hook["last_run"] = {**hook["last_run"], "completed_at": releases.now(),
                                "phase": "Failed"}  # fmt: skip
            if "hook-failed" in policies:
                _delete(kube, objects)
            raise
        hook["last_run"] = {**hook["last_run"], "completed_at": releases.now(),
                            "phase": "Succeeded"}  # fmt: skip
        if "hook-succeeded" in policies:
            _delete(kube, objects)


def _delete(kube: kube_objects.Objects, objects: Sequence[Mapping[str, Any]]) -> None:
    for obj in objects:
        kube.delete(api_version=str(obj["apiVersion"]), ref=manifests.ref_of(obj))


def _wait_gone(kube: kube_objects.Objects, obj: Mapping[str, Any], *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    ref = manifests.ref_of(obj)
    while kube.get(api_version=str(obj["apiVersion"]), ref=ref) is not None:
        if time.monotonic() > deadline:
            raise errors.TerminalError(f"{ref} was not deleted within {timeout:.0f} s")
        time.sleep(0.2)


def run(
    request: Request,
    *,
    store: storage.Store,
    kube: kube_objects.Objects,
    report: deploying.Report = deploying._quiet,
) -> operations.Outcome:
    name, namespace = request.template.release_name, request.template.namespace
    history = store.history(name=name, namespace=namespace)
    operations.guard_pending(history)
    current = releases.deployed(history)
    newest = releases.latest(history)
    if request.install and newest is not None and newest.status != releases.UNINSTALLED:
        raise errors.UserError(f"cannot re-use a name that is still in use: {name}")
    if not request.install and current is None:
        raise errors.UserError(f'"{name}" has no deployed releases')
    template_request = dataclasses.replace(request.template, is_upgrade=not request.install)
    user_values = templating.merge_values(template_request.values)
    chart, rendered = templating.render(template_request, user_values=user_values)
    ordered = output.sort_manifests(output.without_notes(rendered))
    manifest = "".join(f"---\n# Source: {d.path}\n{d.content}\n" for d in ordered.manifests)
    hooks = [hook_json(d) for d in ordered.hooks]
    notes = rendered.get(f"{chart.name}/templates/NOTES.txt", "")
    stamp = releases.now()
    version = (newest.version if newest else 0) + 1
    verb = "install" if request.install else "upgrade"
    pending = releases.Release(
        {
            "name": name,
            "info": {
                "first_deployed": (current.info.get("first_deployed") if current else stamp),
                "last_deployed": stamp,
                "deleted": "",
                "description": f"Preparing {verb}",
                "status": releases.PENDING_INSTALL if request.install else releases.PENDING_UPGRADE,
                "notes": notes,
            },
            "chart": chart_json(chart),
            "config": user_values,
            "manifest": manifest,
            "hooks": hooks,
            "version": version,
            "namespace": namespace,
        }
    )
    store.create(pending)
    try:
        _run_hooks(f"pre-{verb}", hooks, kube=kube, namespace=namespace,
                   timeout=request.timeout, report=report)  # fmt: skip
        deploying.deploy(
            kube=kube,
            manifest=manifest,
            previous=current.manifest if current else "",
            namespace=namespace,
            source=f"release {name} v{version}",
            wait=request.wait or request.atomic,
            timeout=request.timeout,
            report=report,
        )
        _run_hooks(f"post-{verb}", hooks, kube=kube, namespace=namespace,
                   timeout=request.timeout, report=report)  # fmt: skip
    except errors.ShipyardError as exc:
        failed = releases.Release({**pending.data, "hooks": hooks}).with_status(
            releases.FAILED, description=f'{verb.title()} "{name}" failed: {exc}'[:500]
        )
        store.update(failed)
        if request.atomic:
            if request.install:
                operations.uninstall(store=store, kube=kube, name=name, namespace=namespace)
                raise errors.UserError(
                    f"release {name} failed, and has been uninstalled due to atomic being "
                    f"set: {exc}"
                ) from exc
            assert current is not None
            operations.rollback(store=store, kube=kube, name=name, namespace=namespace,
                                revision=current.version, report=report)  # fmt: skip
            raise errors.UserError(
                f"release {name} failed, and has been rolled back due to atomic being set: {exc}"
            ) from exc
        raise
    for old in history:
        if old.status == releases.DEPLOYED:
            store.update(old.with_status(releases.SUPERSEDED))
    description = request.description or f"{verb.title()} complete"
    done = releases.Release({**pending.data, "hooks": hooks}).with_status(
        releases.DEPLOYED, description=description
    )
    store.update(done)
    operations.prune_history(store, history=[*history, done], keep=request.history_max)
    past = "installed" if request.install else "upgraded"
    return operations.Outcome(release=done, message=f'Release "{name}" has been {past}.')
