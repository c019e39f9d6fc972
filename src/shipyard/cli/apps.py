"""`shipyard app`: create, inspect, diff and sync Applications.

Exit codes: 0 success (for `diff`: in sync), 1 error (message says what and where),
2 `diff` found differences, 3 `wait` timed out.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table

from shipyard import errors
from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.local import layout
from shipyard.api import application as api
from shipyard.api import loading
from shipyard.core import changeset, revisions
from shipyard.engine.sync import applications, installing, syncing

EXIT_CODES = (
    "Exit codes: 0 success (diff: in sync); 1 error, the message says what and where; "
    "2 diff found differences; 3 wait timed out."
)
app = typer.Typer(
    help="GitOps Applications: create, diff, sync, history, rollback.", epilog=EXIT_CODES
)
console = Console(stderr=True, highlight=False)
out = Console(highlight=False)

NAMESPACE = typer.Option("shipyard", "--namespace", "-n", help="Namespace of the Application.")
KUBECONFIG = typer.Option(None, "--kubeconfig", help="Kubeconfig (default: $KUBECONFIG).")
OUTPUT = typer.Option("", "--output", "-o", help="wide, json or yaml.")
ACTION_STYLE = {
    changeset.Action.CREATED: "green",
    changeset.Action.CONFIGURED: "yellow",
    changeset.Action.UNCHANGED: "dim",
    changeset.Action.PRUNED: "magenta",
    changeset.Action.SKIPPED: "cyan",
    changeset.Action.FAILED: "bold red",
}
HEALTH_STYLE = {
    "Healthy": "green",
    "Progressing": "yellow",
    "Degraded": "red",
    "Suspended": "cyan",
    "Missing": "magenta",
    "Unknown": "dim",
}


def _objects(kubeconfig: Path | None) -> kube_objects.Objects:
    path = kubeconfig or Path(os.environ.get("KUBECONFIG", str(Path.home() / ".kube" / "config")))
    return kube_objects.Objects(kube_client.connect(path))


def _cache() -> Path:
    return layout.cache_home() / "git"


def _fail(exc: errors.ShipyardError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {exc}")
    return typer.Exit(code=1)


def _dump(value: Any, output: str) -> None:
    if output == "json":
        out.print_json(json.dumps(value))
    else:
        out.print(
            Syntax(yaml.safe_dump(value, sort_keys=False), "yaml", background_color="default")
        )


def _print_changes(result: syncing.SyncResult, *, show_diff: bool) -> None:
    table = Table(title=f"revision {revisions.short(result.revision)}: {result.changes.summary()}")
    for column in ("action", "kind", "namespace", "name", "reason"):
        table.add_column(column)
    for change in result.changes.changes:
        style = ACTION_STYLE[change.action]
        kind = f"{change.ref.kind}.{change.ref.group}" if change.ref.group else change.ref.kind
        table.add_row(
            f"[{style}]{change.action.value}[/]",
            kind,
            change.ref.namespace,
            change.ref.name,
            change.reason,
        )
    out.print(table)
    if show_diff:
        for change in result.changes.changes:
            if change.diff:
                out.print(Syntax(change.diff, "diff", background_color="default"))


@app.command(epilog=EXIT_CODES)
def create(
    file: Path = typer.Option(..., "--file", "-f", help="Application YAML file."),
    kubeconfig: Path | None = KUBECONFIG,
) -> None:
    """Create or update an Application from a file (installs the CRDs when missing)."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise _fail(errors.UserError(f"{file}: {exc.strerror}")) from exc
    try:
        application = loading.load_application(text, source=str(file))
        installing.create(_objects(kubeconfig), application)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    namespace = application.metadata.namespace or "shipyard"
    console.print(f"application {namespace}/{application.metadata.name} created")


def _row(item: api.Application, *, wide: bool) -> list[str]:
    status = item.status or api.ApplicationStatus()
    health = status.health.status
    row = [
        item.metadata.name,
        f"[{'green' if status.sync.status == 'Synced' else 'yellow'}]{status.sync.status}[/]",
        f"[{HEALTH_STYLE.get(health, 'dim')}]{health}[/]",
        revisions.short(status.sync.revision or ""),
    ]
    if wide:
        source = item.spec.source
        where = (
            f"{source.repo_url} chart {source.chart}@{source.target_revision}"
            if source.chart
            else f"{source.repo_url}@{source.target_revision}:{source.path}"
        )
        row += [
            where,
            item.spec.destination.namespace,
            status.health.message,
        ]
    return row


@app.command("list", epilog=EXIT_CODES)
def list_(
    namespace: str = NAMESPACE, kubeconfig: Path | None = KUBECONFIG, output: str = OUTPUT
) -> None:
    """List Applications with their sync and health status."""
    try:
        items = applications.list_all(_objects(kubeconfig), namespace=namespace)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    if output in ("json", "yaml"):
        _dump([i.model_dump(mode="json", by_alias=True, exclude_none=True) for i in items], output)
        return
    wide = output == "wide"
    table = Table(box=None)
    for column in ["NAME", "SYNC", "HEALTH", "REVISION"] + (
        ["SOURCE", "DESTINATION", "MESSAGE"] if wide else []
    ):
        table.add_column(column)
    for item in items:
        table.add_row(*_row(item, wide=wide))
    out.print(table)


@app.command(epilog=EXIT_CODES)
def get(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    output: str = OUTPUT,
) -> None:
    """Show one Application: status, conditions and resources."""
    try:
        item = applications.get(_objects(kubeconfig), namespace=namespace, name=name)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    if output in ("json", "yaml"):
        _dump(item.model_dump(mode="json", by_alias=True, exclude_none=True), output)
        return
    table = Table(box=None)
    for column in ("NAME", "SYNC", "HEALTH", "REVISION", "SOURCE", "DESTINATION", "MESSAGE"):
        table.add_column(column)
    table.add_row(*_row(item, wide=True))
    out.print(table)
    status = item.status or api.ApplicationStatus()
    for condition in status.conditions:
        out.print(f"  {condition.type}={condition.status} {condition.reason}: {condition.message}")
    if status.resources:
        resources = Table(title="resources", box=None)
        for column in ("KIND", "NAMESPACE", "NAME", "HEALTH", "MESSAGE"):
            resources.add_column(column)
        for resource in status.resources:
            health = resource.health.status if resource.health else "Unknown"
            resources.add_row(
                resource.kind,
                resource.namespace,
                resource.name,
                f"[{HEALTH_STYLE.get(health, 'dim')}]{health}[/]",
                resource.health.message if resource.health else "",
            )
        out.print(resources)


def _run_sync(
    name: str,
    namespace: str,
    kubeconfig: Path | None,
    *,
    dry_run: bool,
    revision: str | None = None,
) -> syncing.SyncResult:
    started = time.monotonic()
    with console.status("sync", spinner="dots") as spinner:

        def report(stage: str) -> None:
            console.print(f"[dim]{time.monotonic() - started:6.2f}s[/] {stage}")
            spinner.update(stage)

        try:
            return applications.sync(
                _objects(kubeconfig),
                namespace=namespace,
                name=name,
                cache=_cache(),
                dry_run=dry_run,
                revision=revision,
                report=report,
            )
        except errors.ShipyardError as exc:
            raise _fail(exc) from exc


@app.command(epilog=EXIT_CODES)
def diff(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    output: str = OUTPUT,
) -> None:
    """Show what a sync would change (server-side dry-run). Exit 0 in sync, 2 out of sync."""
    result = _run_sync(name, namespace, kubeconfig, dry_run=True)
    changed = [c for c in result.changes.changes if c.action is not changeset.Action.UNCHANGED]
    if output == "json":
        _dump(
            [
                {
                    "kind": c.ref.kind,
                    "group": c.ref.group,
                    "namespace": c.ref.namespace,
                    "name": c.ref.name,
                    "action": c.action.value,
                    "diff": c.diff,
                }
                for c in changed
            ],
            "json",
        )
    else:
        _print_changes(result, show_diff=True)
    raise typer.Exit(code=2 if changed else 0)


@app.command(epilog=EXIT_CODES)
def sync(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    dry_run: bool = typer.Option(False, "--dry-run", help="Show the changes without applying."),
    revision: str | None = typer.Option(None, help="Sync this revision instead of the target."),
) -> None:
    """Sync an Application now: render, dry-run, apply, prune, report health."""
    result = _run_sync(name, namespace, kubeconfig, dry_run=dry_run, revision=revision)
    _print_changes(result, show_diff=dry_run)
    style = HEALTH_STYLE.get(result.health.status.value, "dim")
    out.print(f"health: [{style}]{result.health.status.value}[/] ({result.health.message})")
    if result.changes.failed:
        raise typer.Exit(code=1)


@app.command(epilog=EXIT_CODES)
def wait(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    timeout: float = typer.Option(120.0, help="Seconds to wait."),
) -> None:
    """Wait until an Application is Synced and Healthy (exit 3 on timeout)."""
    kube = _objects(kubeconfig)
    deadline = time.monotonic() + timeout
    while True:
        try:
            item = applications.refresh_health(kube, namespace=namespace, name=name)
        except errors.ShipyardError as exc:
            raise _fail(exc) from exc
        status = item.status or api.ApplicationStatus()
        if status.sync.status == "Synced" and status.health.status == "Healthy":
            out.print(
                f"{name}: Synced and Healthy at {revisions.short(status.sync.revision or '')}"
            )
            return
        if time.monotonic() > deadline:
            console.print(
                f"{name}: {status.sync.status}/{status.health.status} after {timeout:.0f} s: "
                + status.health.message
            )
            raise typer.Exit(code=3)
        time.sleep(1)


@app.command(epilog=EXIT_CODES)
def history(name: str, namespace: str = NAMESPACE, kubeconfig: Path | None = KUBECONFIG) -> None:
    """The last ten deployments of an Application."""
    try:
        item = applications.get(_objects(kubeconfig), namespace=namespace, name=name)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    table = Table(box=None)
    for column in ("ID", "DEPLOYED AT", "REVISION", "SOURCE"):
        table.add_column(column)
    for entry in (item.status or api.ApplicationStatus()).history:
        table.add_row(
            str(entry.id),
            entry.deployed_at,
            revisions.short(entry.revision),
            f"{entry.source.repo_url}:{entry.source.path}",
        )
    out.print(table)


@app.command(epilog=EXIT_CODES)
def rollback(
    name: str,
    history_id: int = typer.Argument(..., metavar="ID"),
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    force: bool = typer.Option(False, help="Roll back even though automated sync is on."),
) -> None:
    """Re-apply the revision of a past history entry."""
    try:
        item = applications.get(_objects(kubeconfig), namespace=namespace, name=name)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    if item.spec.sync_policy.automated is not None and not force:
        raise _fail(
            errors.UserError(
                f"Application {namespace}/{name} has automated sync on, which would undo a "
                "rollback; turn it off or pass --force"
            )
        )
    entries = {entry.id: entry for entry in (item.status or api.ApplicationStatus()).history}
    if history_id not in entries:
        raise _fail(
            errors.UserError(f"Application {namespace}/{name} has no history entry {history_id}")
        )
    result = _run_sync(
        name, namespace, kubeconfig, dry_run=False, revision=entries[history_id].revision
    )
    _print_changes(result, show_diff=False)


@app.command(epilog=EXIT_CODES)
def delete(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    cascade: bool = typer.Option(False, help="Also delete every object the Application owns."),
) -> None:
    """Delete an Application (and, with --cascade, the objects it manages)."""
    kube = _objects(kubeconfig)
    try:
        removed = applications.delete(kube, namespace=namespace, name=name, cascade=cascade)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    console.print(f"application {namespace}/{name} deleted ({removed} managed objects deleted)")
