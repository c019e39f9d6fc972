"""The Application use case: read an Application from the cluster, check its Project and
dependencies, run the sync, and write what happened to its status.

The revision recorded is the commit SHA of a Git source, or ``<version>@sha256:<digest>`` of a
chart from a chart repository (the version its targetRevision resolved to).

Status written: sync (Synced/OutOfSync and revision), health, per-resource status, the
inventory, the last ten history entries, an operation state, and Ready/Reconciling/Stalled-style
conditions whose reason names the failed stage (e.g. ``RenderFailed``).
"""

from __future__ import annotations

import base64
import datetime
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.kube import cache as live_objects
from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.kube import secrets
from shipyard.api import application as api
from shipyard.api import loading
from shipyard.core import changeset, diff, manifests, ordering, repocreds, tracking
from shipyard.core import health as health_rules
from shipyard.engine.sync import spec, syncing

API_VERSION = "shipyard.dev/v1alpha1"
# Custom health checks (CEL), by the administrator: this ConfigMap in the Applications'
# namespace, key `checks.yaml`, maps "<group>/<Kind>" to healthy/degraded/... expressions.
HEALTH_CHECKS_CONFIGMAP = "shipyard-health-checks"
HEALTH_CHECKS_KEY = "checks.yaml"
Report = Callable[[str], None]


def _noop(_: str) -> None:
    return None


def _ref(kind: str, *, namespace: str, name: str) -> manifests.ObjectRef:
    return manifests.ObjectRef(group="shipyard.dev", kind=kind, namespace=namespace, name=name)


def get(kube: kube_objects.Objects, *, namespace: str, name: str) -> api.Application:
    live = kube.get(
        api_version=API_VERSION, ref=_ref("Application", namespace=namespace, name=name)
    )
    if live is None:
        raise errors.UserError(f"Application {namespace}/{name} not found")
    return loading.validate_application(live, source=f"Application {namespace}/{name}")


def list_all(kube: kube_objects.Objects, *, namespace: str) -> list[api.Application]:
    found = kube.list_live(api_version=API_VERSION, kind="Application", namespace=namespace)
    return [
        loading.validate_application(live, source=f"Application {ref.namespace}/{ref.name}")
        for ref, live in sorted(found.items())
    ]


def project_of(kube: kube_objects.Objects, app: api.Application) -> api.Project:
    name = app.spec.project
    namespace = app.metadata.namespace or "default"
    live = kube.get(api_version=API_VERSION, ref=_ref("Project", namespace=namespace, name=name))
    if live is None:
        if name == "default":
            return api.default_project()
        raise errors.UserError(
            f"Application {namespace}/{app.metadata.name}: Project {name} not found"
        )
    return loading.validate_project(live, source=f"Project {namespace}/{name}")


def health_checks(
    kube: kube_objects.Objects, *, namespace: str
) -> dict[tuple[str, str], health_rules.CustomCheck]:
    """The custom health checks configured for Applications of ``namespace`` (none if absent)."""
    ref = manifests.ObjectRef(
        group="", kind="ConfigMap", namespace=namespace, name=HEALTH_CHECKS_CONFIGMAP
    )
    config = kube.get(api_version="v1", ref=ref)
    text = ((config or {}).get("data") or {}).get(HEALTH_CHECKS_KEY)
    if not text:
        return {}
    return health_rules.parse_checks(
        text, source=f"ConfigMap {namespace}/{HEALTH_CHECKS_CONFIGMAP} key {HEALTH_CHECKS_KEY}"
    )


def repository_credentials(
    kube: kube_objects.Objects, app: api.Application
) -> repocreds.Credentials | None:
    """The credentials for a chart source's repository: from the repository Secrets of the
    Application's own namespace (``shipyard.dev/secret-type: repository`` or ``repo-creds``,
    Argo CD's keys), never another namespace's (SECURITY-CASES 30). None for Git sources and
    repositories no Secret names."""
    if not app.spec.source.is_chart:
        return None
    labelled = secrets.list_labelled(
        kube,
        namespace=app.metadata.namespace or "default",
        label=repocreds.LABEL,
        values=repocreds.SECRET_TYPES,
    )
    declared = [
        found
        for found in (
            repocreds.from_secret(name=item.name, secret_type=item.label, data=item.data)
            for item in labelled
        )
        if found is not None
    ]
    selected = repocreds.select(app.spec.source.repo_url, declared)
    return selected.credentials if selected is not None else None


def to_spec(
    app: api.Application,
    *,
    revision: str | None = None,
    checks: Mapping[tuple[str, str], health_rules.CustomCheck] | None = None,
    credentials: repocreds.Credentials | None = None,
) -> spec.AppSpec:
    """The engine's view of an Application (``revision`` overrides, for rollbacks)."""
    source = app.spec.source
    automated = app.spec.sync_policy.automated
    options = app.spec.sync_options
    return spec.AppSpec(
        key=tracking.AppKey(namespace=app.metadata.namespace or "default", name=app.metadata.name),
        repo_url=source.repo_url,
        revision=revision or source.target_revision,
        path=source.path,
        chart=source.chart or "",
        credentials=credentials,
        recurse=bool(source.directory and source.directory.recurse),
        helm_release=(source.helm.release_name or "") if source.helm else "",
        helm_value_files=tuple(source.helm.value_files) if source.helm else (),
        helm_values=source.helm.values if source.helm else "",
        helm_skip_crds=bool(source.helm and source.helm.skip_crds),
        namespace=app.spec.destination.namespace,
        prune=bool(automated and automated.prune),
        allow_empty=bool(automated and automated.allow_empty),
        create_namespace=options.create_namespace,
        prune_last=options.prune_last,
        replace=options.replace,
        force=options.force,
        health_checks=dict(checks or {}),
        ignores=tuple(
            diff.Ignore(
                group=item.group,
                kind=item.kind,
                name=item.name,
                namespace=item.namespace,
                json_pointers=tuple(item.json_pointers),
                managers=tuple(item.managed_fields_managers),
            )
            for item in app.spec.ignore_differences
        ),
    )


def check_project(app: api.Application, project: api.Project) -> list[str]:
    """Problems with the Application itself (source and destination), before any render."""
    problems = []
    where = f"Application {app.metadata.namespace}/{app.metadata.name}"
    if not project.spec.permits_source(app.spec.source.repo_url):
        problems.append(
            f"{where}: project {project.metadata.name} does not permit source repository "
            + app.spec.source.repo_url
        )
    destination = app.spec.destination
    if not project.spec.permits_destination(
        namespace=destination.namespace, cluster=destination.name
    ):
        problems.append(
            f"{where}: project {project.metadata.name} does not permit destination "
            f"{destination.name}/{destination.namespace}"
        )
    return problems


def destination_objects(
    kube: kube_objects.Objects, app: api.Application, *, allow_exec: bool = False
) -> kube_objects.Objects:
    """Where the Application's objects go: this cluster, or the one whose kubeconfig is in a
    Secret of the Application's own namespace (never another namespace: SECURITY-CASES 30)."""
    destination = app.spec.destination
    if destination.name == api.IN_CLUSTER or destination.kubeconfig_secret is None:
        return kube
    namespace = app.metadata.namespace or "default"
    secret_ref = destination.kubeconfig_secret
    where = f"Secret {namespace}/{secret_ref.name}"
    secret = kube.get(
        api_version="v1",
        ref=manifests.ObjectRef(group="", kind="Secret", namespace=namespace, name=secret_ref.name),
    )
    if secret is None:
        raise errors.UserError(f"destination {destination.name}: {where} not found")
    encoded = (secret.get("data") or {}).get(secret_ref.key)
    if not encoded:
        raise errors.UserError(
            f"destination {destination.name}: {where} has no key {secret_ref.key}"
        )
    try:
        text = base64.b64decode(encoded).decode("utf-8")
    except (ValueError, UnicodeDecodeError) as exc:
        raise errors.UserError(
            f"destination {destination.name}: {where} key {secret_ref.key} is not base64 text"
        ) from exc
    client = kube_client.connect_from_text(
        text,
        source=f"destination {destination.name} ({where} key {secret_ref.key})",
        allow_exec=allow_exec,
    )
    return kube_objects.Objects(client)


def policy_for(
    project: api.Project, *, destination: str
) -> Callable[[Sequence[spec.DesiredObject]], list[str]]:
    """Checks of rendered objects against the Project: cluster-scoped kinds must be allowed,
    namespaced ones not denied, and namespaced objects must target permitted namespaces."""

    def check(desired: Sequence[spec.DesiredObject]) -> list[str]:
        problems = []
        for item in desired:
            ref = manifests.ref_of(item.manifest)
            where = f"{item.source}:{item.line}: {ref}"
            if not ref.namespace:
                if not project.spec.permits_cluster_resource(group=ref.group, kind=ref.kind):
                    problems.append(
                        f"{where}: cluster-scoped kind not permitted by project "
                        + project.metadata.name
                    )
                continue
            if not project.spec.permits_namespaced_resource(group=ref.group, kind=ref.kind):
                problems.append(f"{where}: kind denied by project {project.metadata.name}")
            if not project.spec.permits_destination(namespace=ref.namespace, cluster=destination):
                problems.append(
                    f"{where}: namespace {ref.namespace} not permitted by project "
                    + project.metadata.name
                )
        return problems

    return check


def check_dependencies(kube: kube_objects.Objects, app: api.Application) -> list[str]:
    waiting = []
    for dependency in app.spec.depends_on:
        namespace = dependency.namespace or app.metadata.namespace or "default"
        live = kube.get(
            api_version=API_VERSION,
            ref=_ref("Application", namespace=namespace, name=dependency.name),
        )
        status = ((live or {}).get("status") or {}).get("health") or {}
        if live is None:
            waiting.append(f"dependency Application {namespace}/{dependency.name} does not exist")
        elif status.get("status") != "Healthy":
            waiting.append(
                f"dependency Application {namespace}/{dependency.name} is "
                f"{status.get('status', 'Unknown')}, not Healthy"
            )
    return waiting


def _with_retries(
    app: api.Application, attempt: Callable[[], syncing.SyncResult], *, report: Report
) -> syncing.SyncResult:
    """Retries transient failures (Git or API server briefly unreachable) with the
    Application's backoff; bad input fails at once."""
    retry = app.spec.sync_policy.retry
    for number in range(retry.limit + 1):
        try:
            return attempt()
        except (errors.TransientError, syncing.SyncFailed) as exc:
            if number >= retry.limit or (isinstance(exc, syncing.SyncFailed) and not exc.transient):
                raise
            delay = retry.backoff.delay(number).total_seconds()
            report(f"transient failure, retry {number + 1}/{retry.limit} in {delay:.0f} s: {exc}")
            time.sleep(delay)
    raise AssertionError("unreachable")


def _without_retries(app: api.Application) -> api.Application:
    """The agent retries through its queue's backoff, never by sleeping in a worker."""
    policy = app.spec.sync_policy.model_copy(
        update={"retry": app.spec.sync_policy.retry.model_copy(update={"limit": 0})}
    )
    return app.model_copy(update={"spec": app.spec.model_copy(update={"sync_policy": policy})})


def _is_transient(exc: Exception) -> bool:
    return isinstance(exc, errors.TransientError) or (
        isinstance(exc, syncing.SyncFailed) and exc.transient
    )


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _condition(kind: str, status: str, reason: str, message: str) -> dict[str, Any]:
    return {
        "type": kind,
        "status": status,
        "reason": reason,
        "message": message[:4000],
        "lastTransitionTime": _now(),
    }


def _status_base(app: api.Application) -> dict[str, Any]:
    if app.status is None:
        return {}
    return app.status.model_dump(mode="json", by_alias=True, exclude_none=True)


def _write(kube: kube_objects.Objects, app: api.Application, status: dict[str, Any]) -> None:
    kube.patch_status(
        api_version=API_VERSION,
        ref=_ref(
            "Application", namespace=app.metadata.namespace or "default", name=app.metadata.name
        ),
        status=status,
    )


def sync(
    kube: kube_objects.Objects,
    *,
    namespace: str,
    name: str,
    cache: Path,
    dry_run: bool = False,
    revision: str | None = None,
    report: Report = _noop,
    allow_exec: bool = False,
    retry: bool = True,
    live_cache: live_objects.LiveCache | None = None,
    app: api.Application | None = None,
) -> syncing.SyncResult:
    """Syncs one Application and records the outcome in its status (unless ``dry_run``).

    ``allow_exec`` is the administrator's opt-in for destination kubeconfigs with credential
    plugins. ``live_cache`` holds this cluster's objects: it serves only in-cluster
    destinations. ``app`` is the Application when the caller has just read it."""
    if app is None:
        app = get(kube, namespace=namespace, name=name)
    project = project_of(kube, app)
    previous = _status_base(app)
    inventory = tuple(previous.get("inventory", ()))
    started = _now()
    try:
        problems = check_project(app, project)
        if problems:
            raise syncing.SyncFailed(stage="project", message="\n".join(problems))
        waiting = check_dependencies(kube, app)
        if waiting:
            raise syncing.SyncFailed(stage="dependencies", message="; ".join(waiting))
        try:
            target = destination_objects(kube, app, allow_exec=allow_exec)
        except errors.UserError as exc:
            raise syncing.SyncFailed(stage="destination", message=str(exc)) from exc
        try:
            checks = health_checks(kube, namespace=namespace)
        except errors.UserError as exc:
            raise syncing.SyncFailed(stage="health-checks", message=str(exc)) from exc
        try:
            credentials = repository_credentials(kube, app)
        except errors.UserError as exc:
            raise syncing.SyncFailed(stage="credentials", message=str(exc)) from exc
        result = _with_retries(
            app if retry else _without_retries(app),
            lambda: syncing.sync(
                to_spec(app, revision=revision, checks=checks, credentials=credentials),
                kube=target,
                cache=cache,
                inventory=inventory,
                dry_run=dry_run,
                report=report,
                policy=policy_for(project, destination=app.spec.destination.name),
                live_cache=live_cache if target is kube else None,
            ),
            report=report,
        )
    except (syncing.SyncFailed, errors.TransientError) as exc:
        if not dry_run:
            stage = exc.stage if isinstance(exc, syncing.SyncFailed) else "sync"
            status = {
                **previous,
                "conditions": [
                    _condition(
                        "Ready", "False", f"{stage.title().replace('-', '')}Failed", str(exc)
                    ),
                    _condition(
                        "Reconciling",
                        "True" if _is_transient(exc) else "False",
                        "RetryScheduled" if _is_transient(exc) else "Stalled",
                        str(exc),
                    ),
                    _condition(
                        "Stalled",
                        "False" if _is_transient(exc) else "True",
                        f"{stage.title().replace('-', '')}Failed",
                        str(exc),
                    ),
                ],
                "operationState": {
                    "phase": "Failed",
                    "message": str(exc)[:4000],
                    "startedAt": started,
                    "finishedAt": _now(),
                },
                "reconciledAt": _now(),
            }
            _write(kube, app, status)
        raise
    if dry_run:
        return result
    failed = result.changes.failed
    history = list(previous.get("history", ()))
    if not failed:
        history.append(
            {
                "id": (history[-1]["id"] + 1) if history else 1,
                "revision": result.revision,
                "deployedAt": _now(),
                "source": {
                    **app.spec.source.model_dump(mode="json", by_alias=True, exclude_none=True),
                    "targetRevision": revision or app.spec.source.target_revision,
                },
            }
        )
    status = {
        **previous,
        "observedGeneration": app.metadata.generation,
        "reconciledAt": _now(),
        "sync": {"status": "OutOfSync" if failed else "Synced", "revision": result.revision},
        "health": {"status": result.health.status.value, "message": result.health.message[:4000]},
        "inventory": list(result.inventory),
        "resources": [_resource_status(ref, item) for ref, item in result.resources],
        "history": history[-api.MAX_HISTORY :],
        "conditions": [
            _condition(
                "Ready",
                "False" if failed else "True",
                "ApplyFailed" if failed else "Synced",
                result.changes.summary(),
            ),
            _condition("Reconciling", "False", "Synced", ""),
            _condition("Stalled", "False", "Synced", ""),
        ],
        "operationState": {
            "phase": "Failed" if failed else "Succeeded",
            "message": result.changes.summary(),
            "revision": result.revision,
            "startedAt": started,
            "finishedAt": _now(),
        },
    }
    _write(kube, app, status)
    return result


def _resource_status(ref: manifests.ObjectRef, status: health_rules.HealthStatus) -> dict[str, Any]:
    return {
        "group": ref.group,
        "version": "",
        "kind": ref.kind,
        "namespace": ref.namespace,
        "name": ref.name,
        "status": "Synced",
        "health": {"status": status.status.value, "message": status.message[:1000]},
    }


def delete(kube: kube_objects.Objects, *, namespace: str, name: str, cascade: bool) -> int:
    """Deletes an Application; with ``cascade`` first the objects it owns (reverse order)."""
    app = get(kube, namespace=namespace, name=name)
    removed = 0
    if cascade:
        key = tracking.AppKey(namespace=namespace, name=name)
        inventory = (app.status.inventory if app.status else ()) or ()
        parsed = [p for p in (tracking.parse_inventory_entry(e) for e in inventory) if p]
        versions = {ref: api_version for api_version, ref in parsed}
        target = destination_objects(kube, app)
        for ref in ordering.prune_order(list(versions)):
            live = target.get(api_version=versions[ref], ref=ref)
            if live is not None and tracking.owner_of(live) == key:
                target.delete(api_version=versions[ref], ref=ref)
                removed += 1
    kube.delete(api_version=API_VERSION, ref=_ref("Application", namespace=namespace, name=name))
    return removed


def refresh_health(kube: kube_objects.Objects, *, namespace: str, name: str) -> api.Application:
    """Re-assesses the health of the Application's objects and records it (nothing applied)."""
    app = get(kube, namespace=namespace, name=name)
    previous = _status_base(app)
    parsed = [
        p for p in (tracking.parse_inventory_entry(e) for e in previous.get("inventory", ())) if p
    ]
    target = destination_objects(kube, app)
    checks = health_checks(kube, namespace=namespace)
    resources = tuple(
        (ref, health_rules.assess(target.get(api_version=api_version, ref=ref), checks=checks))
        for api_version, ref in parsed
    )
    overall = syncing.overall_health(resources)
    status = {
        **previous,
        "health": {"status": overall.status.value, "message": overall.message[:4000]},
        "resources": [_resource_status(ref, item) for ref, item in resources],
    }
    return _write_if_changed(kube, app, status=status, previous=previous)


def _write_if_changed(
    kube: kube_objects.Objects,
    app: api.Application,
    *,
    status: dict[str, Any],
    previous: dict[str, Any],
) -> api.Application:
    """Writes ``status`` unless it equals ``previous`` once the model's defaults are filled in
    (an unchanged status is not rewritten on every resync); returns the Application with it."""
    normalised = api.ApplicationStatus.model_validate(status).model_dump(
        mode="json", by_alias=True, exclude_none=True
    )
    if normalised == previous:
        return app
    _write(kube, app, status)
    return loading.validate_application(
        {**app.model_dump(mode="json", by_alias=True, exclude_none=True), "status": status},
        source=f"Application {app.metadata.namespace}/{app.metadata.name}",
    )


def record_preview(
    kube: kube_objects.Objects,
    *,
    namespace: str,
    name: str,
    result: syncing.SyncResult,
    app: api.Application | None = None,
) -> api.Application:
    """Records a dry-run's verdict (Synced or OutOfSync, which objects differ) and the health
    it observed, writing the status only when something changed (no write storms)."""
    if app is None:
        app = get(kube, namespace=namespace, name=name)
    previous = _status_base(app)
    drifted = {
        str(change.ref)
        for change in result.changes.changes
        if change.action is not changeset.Action.UNCHANGED
    }
    resources = [
        {
            **_resource_status(ref, item),
            "status": "OutOfSync" if str(ref) in drifted else "Synced",
        }
        for ref, item in result.resources
    ]
    sync_status = {
        "status": "OutOfSync" if drifted else "Synced",
        "revision": (previous.get("sync") or {}).get("revision"),
    }
    status = {
        **previous,
        "sync": {k: v for k, v in sync_status.items() if v},
        "health": {"status": result.health.status.value, "message": result.health.message[:4000]},
        "resources": resources,
    }
    return _write_if_changed(kube, app, status=status, previous=previous)
