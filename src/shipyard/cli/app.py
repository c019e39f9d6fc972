"""The root `shipyard` command and its command groups."""

from __future__ import annotations

import typer

import shipyard
from shipyard.cli import agent, apps, image, local, version

app = typer.Typer(
    name="shipyard",
    help="shipyard: a GitOps software factory for Kubernetes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(local.app, name="local")
app.add_typer(apps.app, name="app")
app.add_typer(image.app, name="image")
app.command(name="agent")(agent.agent)
app.command(name="version")(version.version)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"shipyard {shipyard.__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        help="Print the version and exit.",
        callback=_print_version,
        is_eager=True,
    ),
) -> None:
    """shipyard: a GitOps software factory for Kubernetes."""


def main() -> None:
    app()
