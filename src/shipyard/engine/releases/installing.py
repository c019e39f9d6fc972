"""`release install` and `release upgrade`, writing revisions as Helm 3 does.

    history ▶ guard ▶ render (the chart engine) ▶ pending-* revision ▶ pre hooks ▶ deploy
    (apply, prune, optional wait) ▶ post hooks ▶ deployed (the previous one superseded)

Hooks run through ``hooking`` (helm's execHook), the revision recorded as each one starts. On
failure the revision is marked failed with helm's description ("Release NAME failed: failed
pre-install: ...", "Upgrade NAME failed: pre-upgrade hooks failed: ..."); with ``atomic`` an
upgrade is rolled back to the revision that was deployed, and an install is uninstalled, as
``helm --atomic`` does (their hooks run too).
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from shipyard import errors
from shipyard.adapters.charts import storage
from shipyard.adapters.kube import objects as kube_objects
from shipyard.core.charts import hookruns, output, releases
from shipyard.core.charts.chart import Chart
from shipyard.engine.charts import templating
from shipyard.engine.releases import deploying, hooking, operations

HOOK_WEIGHT = "helm.sh/hook-weight"
HOOK_DELETE_POLICY = "helm.sh/hook-delete-policy"
HOOK_OUTPUT_LOG_POLICY = "helm.sh/hook-output-log-policy"
# helm's words, by operation (install.go, upgrade.go): the pending revision's description, and
# what precedes the error of a failed hook event
PREPARING = {"install": "Initial install underway", "upgrade": "Preparing upgrade"}
_HOOKS_FAILED = {"install": "failed {event}", "upgrade": "{event} hooks failed"}
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
    weight = hookruns.parse_weight(_annotation(annotations, HOOK_WEIGHT))
    if weight:
        value["weight"] = weight
    for key, annotation in (("delete_policies", HOOK_DELETE_POLICY),
                            ("output_log_policies", HOOK_OUTPUT_LOG_POLICY)):  # fmt: skip
        policies = hookruns.parse_policies(_annotation(annotations, annotation))
        if policies:
            value[key] = policies
    return value


def _annotation(annotations: Mapping[str, Any], key: str) -> str | None:
    value = annotations.get(key)
    return None if value is None else str(value)


def _run_hooks(
    event: str,
    hooks: list[dict[str, Any]],
    *,
    verb: str,
    kube: kube_objects.Objects,
    namespace: str,
    timeout: float,
    record: hooking.Record,
    report: deploying.Report,
) -> None:
    """The event's hooks, a failure worded as helm words it for this operation."""
    try:
        hooking.run_hooks(event, hooks, kube=kube, namespace=namespace, timeout=timeout,
                          record=record, report=report)  # fmt: skip
    except errors.ShipyardError as exc:
        prefix = _HOOKS_FAILED[verb].format(event=event)
        raise hooking.HookFailed(
            f"{prefix}: {exc}", helm_text=f"{prefix}: {hooking.helm_text(exc)}"
        ) from exc


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
    version = (newest.version if newest else 0) + 1
    template_request = dataclasses.replace(
        request.template, is_upgrade=not request.install, revision=version
    )
    user_values = templating.merge_values(template_request.values)
    chart, rendered = templating.render(template_request, user_values=user_values)
    ordered = output.sort_manifests(output.without_notes(rendered))
    manifest = "".join(f"---\n# Source: {d.path}\n{d.content}\n" for d in ordered.manifests)
    hooks = [hook_json(d) for d in ordered.hooks]
    notes = rendered.get(f"{chart.name}/templates/NOTES.txt", "")
    stamp = releases.now()
    verb = "install" if request.install else "upgrade"
    pending = releases.Release(
        {
            "name": name,
            "info": {
                "first_deployed": (current.info.get("first_deployed") if current else stamp),
                "last_deployed": stamp,
                "deleted": "",
                "description": PREPARING[verb],
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

    def current_run() -> releases.Release:
        return releases.Release({**pending.data, "hooks": hooks})

    record = hooking.recording(store, current_run, report=report)

    def run_hooks(event: str) -> None:
        _run_hooks(event, hooks, verb=verb, kube=kube, namespace=namespace,
                   timeout=request.timeout, record=record, report=report)  # fmt: skip

    try:
        run_hooks(f"pre-{verb}")
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
        run_hooks(f"post-{verb}")
    except errors.ShipyardError as exc:
        # helm: 'Release "x" failed: ...' for an install, 'Upgrade "x" failed: ...' for an upgrade
        title = "Release" if request.install else "Upgrade"
        failed = current_run().with_status(
            releases.FAILED, description=f'{title} "{name}" failed: {hooking.helm_text(exc)}'[:500]
        )
        store.update(failed)
        if request.atomic:
            _undo(request, current=current, store=store, kube=kube, report=report, cause=exc)
        raise
    for old in history:
        if old.status == releases.DEPLOYED:
            store.update(old.with_status(releases.SUPERSEDED))
    description = request.description or f"{verb.title()} complete"
    done = current_run().with_status(releases.DEPLOYED, description=description)
    store.update(done)
    operations.prune_history(store, history=[*history, done], keep=request.history_max)
    past = "installed" if request.install else "upgraded"
    return operations.Outcome(release=done, message=f'Release "{name}" has been {past}.')


def _undo(
    request: Request,
    *,
    current: releases.Release | None,
    store: storage.Store,
    kube: kube_objects.Objects,
    report: deploying.Report,
    cause: errors.ShipyardError,
) -> None:
    """``--atomic``: uninstalls a failed install, rolls a failed upgrade back to the revision
    that was deployed (both with their hooks, as helm runs them), then says so."""
    name, namespace = request.template.release_name, request.template.namespace
    if request.install:
        try:
            operations.uninstall(store=store, kube=kube, name=name, namespace=namespace,
                                 timeout=request.timeout, report=report)  # fmt: skip
        except errors.ShipyardError as exc:
            raise errors.TerminalError(
                "an error occurred while uninstalling the release. original install error: "
                f"{cause}: {exc}"
            ) from exc
        raise errors.UserError(
            f"release {name} failed, and has been uninstalled due to atomic being set: {cause}"
        ) from cause
    assert current is not None
    try:
        operations.rollback(store=store, kube=kube, name=name, namespace=namespace,
                            revision=current.version, timeout=request.timeout,
                            report=report)  # fmt: skip
    except errors.ShipyardError as exc:
        raise errors.TerminalError(
            "an error occurred while rolling back the release. original upgrade error: "
            f"{cause}: {exc}"
        ) from exc
    raise errors.UserError(
        f"release {name} failed, and has been rolled back due to atomic being set: {cause}"
    ) from cause
