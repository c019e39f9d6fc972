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
