"""``shipyard chart``: render, show and lint Helm charts without helm.

``chart template`` normally runs through :mod:`shipyard.cli.chart_fast` (``main`` hands it over
before Typer loads); the command here takes the same arguments for in-process callers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from shipyard import errors

app = typer.Typer(help="Render, show and lint Helm charts (helm-compatible output).")
show = typer.Typer(help="Show a chart's values or metadata.")
app.add_typer(show, name="show")


@app.command(
    "template",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def template(ctx: typer.Context) -> None:
    """Render a chart locally as `helm template` does: [NAME] CHART [flags]."""
    from shipyard.cli import chart_fast

    code, out, err = chart_fast.run(list(ctx.args))
    if out:
        typer.echo(out, nl=False)
    if err:
        typer.echo(err, nl=False, err=True)
    raise typer.Exit(code)


@app.command(
    "serve",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    add_help_option=False,
)
def serve(ctx: typer.Context) -> None:
    """Keep a warm process that renders for `chart template` (opt-in; --detach, --stop)."""
    from shipyard.cli import chart_server

    raise typer.Exit(chart_server.main(list(ctx.args)))


def _fail(exc: errors.ShipyardError) -> None:
    typer.echo(f"Error: {exc}", err=True)
    raise typer.Exit(1)


@show.command("values")
def show_values(chart: Path = typer.Argument(..., help="Chart directory or .tgz")) -> None:
    """Print the chart's values.yaml, as `helm show values` does."""
    from shipyard.engine.charts import showing

    try:
        typer.echo(showing.show_values(chart), nl=False)
    except errors.UserError as exc:
        _fail(exc)


@show.command("chart")
def show_chart(chart: Path = typer.Argument(..., help="Chart directory or .tgz")) -> None:
    """Print the chart's metadata, as `helm show chart` does."""
    from shipyard.engine.charts import showing

    try:
        typer.echo(showing.show_chart(chart), nl=False)
    except errors.UserError as exc:
        _fail(exc)


@app.command("lint")
def lint(chart: Path = typer.Argument(..., help="Chart directory or .tgz")) -> None:
    """Check Chart.yaml, values (and their schema) and that every template renders."""
    from shipyard.engine.charts import linting

    report = linting.lint(chart)
    typer.echo(f"==> Linting {report.chart}")
    for message in report.messages:
        typer.echo(str(message))
    typer.echo("")
    summary = f"1 chart(s) linted, {1 if report.failed else 0} chart(s) failed"
    if report.failed:
        typer.echo(f"Error: {summary}", err=True)
        raise typer.Exit(1)
    typer.echo(summary)


@app.command("package")
def package(
    chart: Path = typer.Argument(..., help="Chart directory"),
    destination: Path = typer.Option(Path(), "--destination", "-d"),
    version: str = typer.Option("", "--version", help="Override Chart.yaml's version."),
    app_version: str = typer.Option("", "--app-version", help="Override its appVersion."),
) -> None:
    """Package a chart directory into <name>-<version>.tgz (like `helm package`)."""
    from shipyard.adapters.charts import loading
    from shipyard.core.charts import packaging

    try:
        name, archive = packaging.package(
            loading.read_directory(chart), version=version, app_version=app_version
        )
    except errors.UserError as exc:
        _fail(exc)
        return
    destination.mkdir(parents=True, exist_ok=True)
    (destination / name).write_bytes(archive)
    typer.echo(f"Successfully packaged chart and saved it to: {destination / name}")


def _registry(url: str) -> Any:
    from shipyard.cli import image

    return image.open_registry(url.removeprefix("oci://").split("/", 1)[0])


@app.command("push")
def push(
    archive: Path = typer.Argument(..., help="Packaged chart (.tgz)"),
    remote: str = typer.Argument(..., help="oci://HOST/PATH"),
    force: bool = typer.Option(False, "--force", help="Replace a published version."),
) -> None:
    """Push a packaged chart to an OCI registry (like `helm push`)."""
    from shipyard.engine.charts import registry

    try:
        with _registry(remote) as client:
            pushed = registry.push(client, archive=archive.read_bytes(), destination=remote,
                                   force=force)  # fmt: skip
    except errors.UserError as exc:
        _fail(exc)
        return
    typer.echo(f"Pushed: {pushed.reference}\nDigest: {pushed.digest}")


@app.command("pull")
def pull(
    source: str = typer.Argument(..., help="oci://HOST/PATH/NAME, or NAME with --repo"),
    version: str = typer.Option("", "--version"),
    repo: str = typer.Option("", "--repo", help="HTTP chart repository URL."),
    username: str = typer.Option("", "--username"),
    password: str = typer.Option("", "--password", envvar="SHIPYARD_REPO_PASSWORD"),
    destination: Path = typer.Option(Path(), "--destination", "-d"),
) -> None:
    """Download a chart from an OCI registry or an HTTP repository (like `helm pull`)."""
    from shipyard.adapters.charts import repository
    from shipyard.engine.charts import registry

    try:
        if source.startswith("oci://"):
            if not version:
                raise errors.UserError("--version is required for oci:// charts")
            with _registry(source) as client:
                name, archive = registry.pull(client, source=source, version=version)
        else:
            if not repo:
                raise errors.UserError("give oci://... or --repo URL")
            name, archive = repository.pull(repo, name=source, version=version,
                                            username=username, password=password)  # fmt: skip
    except errors.ShipyardError as exc:
        _fail(exc)
        return
    destination.mkdir(parents=True, exist_ok=True)
    (destination / name).write_bytes(archive)
    typer.echo(str(destination / name))


repo_app = typer.Typer(help="Chart repositories.")
app.add_typer(repo_app, name="repo")


@repo_app.command("index")
def repo_index(
    directory: Path = typer.Argument(..., help="Directory of packaged charts"),
    url: str = typer.Option("", "--url", help="URL of the chart repository."),
    merge: Path | None = typer.Option(None, "--merge", help="Existing index to merge into."),
) -> None:
    """Write index.yaml for a directory of packaged charts (like `helm repo index`)."""
    from shipyard.adapters.charts import repository

    try:
        repository.index_directory(directory, url=url, merge=merge)
    except errors.UserError as exc:
        _fail(exc)


dependency_app = typer.Typer(help="Manage a chart's dependencies (like `helm dependency`).")
app.add_typer(dependency_app, name="dependency")
app.add_typer(dependency_app, name="dep", hidden=True)

_CHART_DIR = typer.Argument(Path(), help="Chart directory (default: the current one)")
_SKIP_REFRESH = typer.Option(
    False, "--skip-refresh", help="Accepted for helm compatibility (indexes are always fetched)."
)
_USERNAME = typer.Option("", "--username", envvar="SHIPYARD_REPO_USERNAME")
_PASSWORD = typer.Option("", "--password", envvar="SHIPYARD_REPO_PASSWORD")
_AUTH_HOST = typer.Option(
    [], "--auth-host", help="Host that gets the credentials (repeatable; default: the only one)."
)
_PLAIN_HTTP = typer.Option(False, "--plain-http", help="Reach OCI registries over plain HTTP.")


def _run_dependencies(command: str, chart: Path, *, access: Any) -> None:
    from shipyard.engine.charts import dependencyupdate

    try:
        run = dependencyupdate.update if command == "update" else dependencyupdate.build
        outcome = run(chart, access=access)
    except errors.ShipyardError as exc:
        _fail(exc)
        return
    for line in outcome.messages:
        typer.echo(line)


def _access(username: str, password: str, auth_host: list[str], plain_http: bool) -> Any:
    from shipyard.engine.charts import dependencysources

    return dependencysources.Access(
        username=username, password=password, auth_hosts=tuple(auth_host), plain_http=plain_http
    )


@dependency_app.command("update")
def dependency_update(
    chart: Path = _CHART_DIR,
    skip_refresh: bool = _SKIP_REFRESH,
    username: str = _USERNAME,
    password: str = _PASSWORD,
    auth_host: list[str] = _AUTH_HOST,
    plain_http: bool = _PLAIN_HTTP,
) -> None:
    """Update charts/ from Chart.yaml and write Chart.lock (like `helm dependency update`)."""
    del skip_refresh
    _run_dependencies("update", chart, access=_access(username, password, auth_host, plain_http))


dependency_app.command("up", hidden=True)(dependency_update)


@dependency_app.command("build")
def dependency_build(
    chart: Path = _CHART_DIR,
    skip_refresh: bool = _SKIP_REFRESH,
    username: str = _USERNAME,
    password: str = _PASSWORD,
    auth_host: list[str] = _AUTH_HOST,
    plain_http: bool = _PLAIN_HTTP,
) -> None:
    """Rebuild charts/ from Chart.lock (like `helm dependency build`)."""
    del skip_refresh
    _run_dependencies("build", chart, access=_access(username, password, auth_host, plain_http))
