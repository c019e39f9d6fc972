"""``shipyard chart``: render, show and lint Helm charts without helm.

``chart template`` normally runs through :mod:`shipyard.cli.chart_fast` (``main`` hands it over
before Typer loads); the command here takes the same arguments for in-process callers.
"""

from __future__ import annotations

from pathlib import Path

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


def _fail(exc: errors.UserError) -> None:
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
