"""`shipyard release`: Helm 3 releases, read and written exactly as helm stores them.

`helm list`, `helm history`, `helm get values`, `helm rollback` and `helm test` work on what
this writes, and this works on what helm wrote. Exit codes: 0 success; 1 error or a failed
test (the message says what).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
import yaml
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from shipyard import errors

app = typer.Typer(help="Helm-compatible releases: list, history, status, values, rollback, test.")
console = Console(stderr=True, highlight=False)
out = Console(highlight=False)

TIMEOUT_HELP = "Time for hooks and --wait (Go duration: 90s, 5m0s; or seconds)."
NAMESPACE = typer.Option("default", "--namespace", "-n", help="Namespace of the release.")
KUBECONFIG = typer.Option(None, "--kubeconfig", help="Kubeconfig (default: $KUBECONFIG).")
OUTPUT = typer.Option("table", "--output", "-o", help="table, json or yaml.")


def _connect(kubeconfig: Path | None) -> Any:
    import os

    from shipyard.adapters.kube import client as kube_client

    path = kubeconfig or Path(os.environ.get("KUBECONFIG", str(Path.home() / ".kube" / "config")))
    return kube_client.connect(path)


def _fail(exc: errors.ShipyardError) -> typer.Exit:
    console.print(f"[bold red]Error:[/] {exc}")
    return typer.Exit(1)


def _history(name: str, namespace: str, kubeconfig: Path | None) -> list[Any]:
    """Every revision of a release, oldest first; exits 1 when there is none."""
    from shipyard.adapters.charts import storage

    try:
        revisions = storage.Store(_connect(kubeconfig)).history(name=name, namespace=namespace)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    if not revisions:
        raise _fail(errors.UserError(f"release {namespace}/{name} not found"))
    return revisions


def _emit(rows: list[dict[str, Any]], columns: list[str], output: str) -> None:
    if output == "json":
        typer.echo(json.dumps(rows))
    elif output == "yaml":
        typer.echo(yaml.safe_dump(rows, sort_keys=False), nl=False)
    else:
        table = Table(box=None, pad_edge=False)
        for column in columns:
            table.add_column(column.upper().replace("_", " "))
        for row in rows:
            table.add_row(*(str(row.get(column, "")) for column in columns))
        out.print(table)


@app.command(name="list")
def list_(
    namespace: str = NAMESPACE,
    all_namespaces: bool = typer.Option(False, "--all-namespaces", "-A"),
    kubeconfig: Path | None = KUBECONFIG,
    output: str = OUTPUT,
) -> None:
    """Releases and their newest revision (like `helm list`)."""
    from shipyard.adapters.charts import storage

    try:
        found = storage.Store(_connect(kubeconfig)).list(
            namespace=None if all_namespaces else namespace
        )
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    rows = [
        {"name": r.name, "namespace": r.namespace, "revision": str(r.version),
         "updated": r.updated, "status": r.status, "chart": r.chart, "app_version": r.app_version}
        for r in found if r.status != "uninstalled"
    ]  # fmt: skip
    _emit(rows, ["name", "namespace", "revision", "updated", "status", "chart", "app_version"],
          output)  # fmt: skip


@app.command()
def history(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    output: str = OUTPUT,
) -> None:
    """Every revision of a release (like `helm history`)."""
    revisions = _history(name, namespace, kubeconfig)
    rows = [
        {"revision": r.version, "updated": r.updated, "status": r.status, "chart": r.chart,
         "app_version": r.app_version, "description": r.description}
        for r in revisions
    ]  # fmt: skip
    _emit(rows, ["revision", "updated", "status", "chart", "app_version", "description"], output)


@app.command()
def status(
    name: str,
    namespace: str = NAMESPACE,
    kubeconfig: Path | None = KUBECONFIG,
    output: str = OUTPUT,
) -> None:
    """The newest revision of a release (like `helm status`)."""
    newest = _history(name, namespace, kubeconfig)[-1]
    row = {"name": newest.name, "namespace": newest.namespace, "revision": newest.version,
           "status": newest.status, "last_deployed": newest.updated, "chart": newest.chart,
           "description": newest.description}  # fmt: skip
    if output != "table":
        _emit([row], list(row), output)
        return
    for key, value in row.items():
        out.print(f"{key.upper().replace('_', ' ')}: {value}")
    from shipyard.core.charts import testsuites

    out.print("\n".join(testsuites.suite_lines(newest.hooks)))
    notes = str(newest.info.get("notes", ""))
    if notes:
        out.print("NOTES:\n" + notes)


get_app = typer.Typer(help="Read a part of a release.")
app.add_typer(get_app, name="get")


@get_app.command()
def values(
    name: str,
    namespace: str = NAMESPACE,
    revision: int = typer.Option(0, "--revision", help="Revision (default: newest)."),
    kubeconfig: Path | None = KUBECONFIG,
    output: str = typer.Option("yaml", "--output", "-o", help="yaml or json."),
) -> None:
    """The user-supplied values of a release (like `helm get values`)."""
    revisions = _history(name, namespace, kubeconfig)
    chosen = (
        next((r for r in revisions if r.version == revision), None) if revision else revisions[-1]
    )
    if chosen is None:
        raise _fail(errors.UserError(f"release {namespace}/{name}: revision not found"))
    if output == "json":
        typer.echo(json.dumps(dict(chosen.config)))
        return
    typer.echo("USER-SUPPLIED VALUES:")
    typer.echo(yaml.safe_dump(dict(chosen.config), sort_keys=True) if chosen.config else "null")


@app.command()
def rollback(
    name: str,
    revision: int = typer.Argument(0, help="Revision to roll back to (default: previous)."),
    namespace: str = NAMESPACE,
    wait: bool = typer.Option(False, "--wait", help="Wait until every object is healthy."),
    timeout: str = typer.Option("5m0s", "--timeout", help=TIMEOUT_HELP),
    history_max: int = typer.Option(10, "--history-max", help="Revisions kept (0: all)."),
    kubeconfig: Path | None = KUBECONFIG,
) -> None:
    """Roll a release back to an earlier revision, as a new revision (like `helm rollback`)."""
    from shipyard.adapters.charts import storage
    from shipyard.adapters.kube import objects as kube_objects
    from shipyard.engine.releases import operations

    seconds = _seconds(timeout)
    try:
        client = _connect(kubeconfig)
        outcome = operations.rollback(
            store=storage.Store(client), kube=kube_objects.Objects(client), name=name,
            namespace=namespace, revision=revision, wait=wait, timeout=seconds,
            history_max=history_max, report=lambda m: console.print(f"[dim]{m}[/]"),
        )  # fmt: skip
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    typer.echo(outcome.message)


@app.command()
def uninstall(
    name: str,
    namespace: str = NAMESPACE,
    keep_history: bool = typer.Option(False, "--keep-history"),
    timeout: str = typer.Option("5m0s", "--timeout", help=TIMEOUT_HELP),
    kubeconfig: Path | None = KUBECONFIG,
) -> None:
    """Delete a release's objects and its history (like `helm uninstall`)."""
    from shipyard.adapters.charts import storage
    from shipyard.adapters.kube import objects as kube_objects
    from shipyard.engine.releases import operations

    seconds = _seconds(timeout)
    try:
        client = _connect(kubeconfig)
        outcome = operations.uninstall(
            store=storage.Store(client), kube=kube_objects.Objects(client), name=name,
            namespace=namespace, keep_history=keep_history, timeout=seconds,
            report=lambda m: console.print(f"[dim]{m}[/]"),
        )  # fmt: skip
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    typer.echo(outcome.message)


def _seconds(timeout: str) -> float:
    """A ``--timeout`` (Go duration such as 5m0s, or bare seconds) in seconds."""
    from shipyard.core.charts import testsuites

    try:
        return testsuites.parse_timeout(timeout)
    except ValueError as exc:
        raise _fail(errors.UserError(f"invalid option --timeout: {exc}")) from exc


def _install_or_upgrade(
    *,
    install: bool,
    name: str,
    chart: Path,
    namespace: str,
    values: list[str],
    set_values: list[str],
    set_string: list[str],
    atomic: bool,
    wait: bool,
    timeout: str,
    history_max: int,
    create_namespace: bool,
    kubeconfig: Path | None,
) -> None:
    from shipyard.adapters.charts import storage
    from shipyard.adapters.kube import objects as kube_objects
    from shipyard.engine.charts import templating
    from shipyard.engine.releases import installing
    from shipyard.engine.sync import installing as namespaces

    seconds = _seconds(timeout)
    try:
        client = _connect(kubeconfig)
        kube = kube_objects.Objects(client)
        if create_namespace:
            namespaces.ensure_namespace(kube, namespace)
        request = installing.Request(
            template=templating.TemplateRequest(
                chart=chart, release_name=name, namespace=namespace,
                values=templating.ValueOptions(files=tuple(values), set_values=tuple(set_values),
                                               set_string=tuple(set_string)),
            ),
            install=install, atomic=atomic, wait=wait, timeout=seconds,
            history_max=history_max,
        )  # fmt: skip
        outcome = installing.run(
            request, store=storage.Store(client), kube=kube,
            report=lambda m: console.print(f"[dim]{m}[/]"),
        )  # fmt: skip
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    release = outcome.release
    typer.echo(outcome.message)
    typer.echo(f"NAME: {release.name}\nNAMESPACE: {release.namespace}\nSTATUS: {release.status}")
    typer.echo(f"REVISION: {release.version}")
    notes = str(release.info.get("notes", ""))
    if notes:
        typer.echo("NOTES:\n" + notes)


VALUES = typer.Option([], "--values", "-f", help="Values file (repeatable).")
SET = typer.Option([], "--set", help="KEY=VALUE (repeatable).")
SET_STRING = typer.Option([], "--set-string", help="KEY=VALUE as a string (repeatable).")


@app.command()
def install(
    name: str,
    chart: Path,
    namespace: str = NAMESPACE,
    values: list[str] = VALUES,
    set_values: list[str] = SET,
    set_string: list[str] = SET_STRING,
    atomic: bool = typer.Option(False, "--atomic", help="Uninstall on failure."),
    wait: bool = typer.Option(False, "--wait", help="Wait until every object is healthy."),
    timeout: str = typer.Option("5m0s", "--timeout", help=TIMEOUT_HELP),
    history_max: int = typer.Option(10, "--history-max"),
    create_namespace: bool = typer.Option(False, "--create-namespace"),
    kubeconfig: Path | None = KUBECONFIG,
) -> None:
    """Install a chart as a new release (like `helm install`)."""
    _install_or_upgrade(install=True, name=name, chart=chart, namespace=namespace, values=values,
                        set_values=set_values, set_string=set_string, atomic=atomic, wait=wait,
                        timeout=timeout, history_max=history_max,
                        create_namespace=create_namespace, kubeconfig=kubeconfig)  # fmt: skip


@app.command()
def upgrade(
    name: str,
    chart: Path,
    namespace: str = NAMESPACE,
    values: list[str] = VALUES,
    set_values: list[str] = SET,
    set_string: list[str] = SET_STRING,
    atomic: bool = typer.Option(False, "--atomic", help="Roll back on failure."),
    wait: bool = typer.Option(False, "--wait", help="Wait until every object is healthy."),
    timeout: str = typer.Option("5m0s", "--timeout", help=TIMEOUT_HELP),
    history_max: int = typer.Option(10, "--history-max"),
    create_namespace: bool = typer.Option(False, "--create-namespace"),
    kubeconfig: Path | None = KUBECONFIG,
) -> None:
    """Upgrade a release to a chart or values (like `helm upgrade`)."""
    _install_or_upgrade(install=False, name=name, chart=chart, namespace=namespace,
                        values=values, set_values=set_values, set_string=set_string,
                        atomic=atomic, wait=wait, timeout=timeout, history_max=history_max,
                        create_namespace=create_namespace, kubeconfig=kubeconfig)  # fmt: skip


@app.command(name="test")
def run_tests(
    name: str,
    namespace: str = NAMESPACE,
    timeout: str = typer.Option(
        "5m0s", "--timeout", help="Time to wait for each test (Go duration: 30s, 5m0s; or seconds)."
    ),
    filters: list[str] = typer.Option(
        [],
        "--filter",
        help="name=NAME runs only that test, !name=NAME skips it (repeatable, comma-separated).",
    ),
    logs: bool = typer.Option(False, "--logs", help="Print the test pods' logs afterwards."),
    hide_notes: bool = typer.Option(False, "--hide-notes", help="Do not print the notes."),
    kubeconfig: Path | None = KUBECONFIG,
) -> None:
    """Run a release's test hooks and record their results (like `helm test`)."""
    from shipyard.adapters.charts import storage
    from shipyard.adapters.kube import objects as kube_objects
    from shipyard.adapters.kube import podlogs
    from shipyard.core.charts import testsuites
    from shipyard.engine.releases import testing

    seconds = _seconds(timeout)
    try:
        chosen = testsuites.parse_filters(filters)
    except ValueError as exc:
        raise _fail(errors.UserError(f"invalid option: {exc}")) from exc
    try:
        client = _connect(kubeconfig)
        outcome = testing.run(
            store=storage.Store(client), kube=kube_objects.Objects(client), name=name,
            namespace=namespace, filters=chosen, timeout=seconds,
            report=lambda m: console.print(f"[dim]{escape(m)}[/]"),
        )  # fmt: skip
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    typer.echo(testsuites.status_text(outcome.release, show_notes=not hide_notes), nl=False)
    if logs:
        typer.echo()
        for log in testing.pod_logs(outcome.release, logs=podlogs.PodLogs(client), filters=chosen):
            typer.echo(f"POD LOGS: {log.name}")
            if log.unavailable:
                # On stderr, so that stdout holds only real logs. helm stops with an error here;
                # on the local environment no kubelet ever serves logs (KWOK runs no containers).
                console.print(
                    f"[yellow]logs unavailable[/] (the node's kubelet did not serve them; KWOK's "
                    f"fake nodes run no containers): {escape(log.unavailable)}",
                    soft_wrap=True,
                )
                continue
            typer.echo(log.text)
    if outcome.failure:
        raise _fail(errors.TerminalError(outcome.failure))
