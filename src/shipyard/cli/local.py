"""`shipyard local`: the local environment (Kubernetes with KWOK nodes, registry, Git server)."""

from __future__ import annotations

import time

import typer
from rich.console import Console
from rich.table import Table

from shipyard import errors
from shipyard.adapters.local import environment

app = typer.Typer(help="Run a real local environment: Kubernetes + KWOK nodes, registry, Git.")
console = Console(stderr=True)
out = Console()

NAME = typer.Option("default", "--name", "-n", help="Name of the environment.")


def _fail(exc: errors.ShipyardError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {exc}", markup=True, highlight=False)
    return typer.Exit(code=1)


@app.command()
def up(
    name: str = NAME,
    timeout: float = typer.Option(180.0, help="Seconds to wait for every component to be ready."),
) -> None:
    """Build (first run) and start the environment; idempotent."""
    started = time.monotonic()
    with console.status("starting", spinner="dots") as spinner:

        def report(message: str) -> None:
            elapsed = time.monotonic() - started
            console.print(f"[dim]{elapsed:6.1f}s[/] {message}", highlight=False)
            spinner.update(message)

        try:
            env = environment.LocalEnvironment.named(name, report=report)
            endpoints = env.up(timeout=timeout)
        except errors.ShipyardError as exc:
            raise _fail(exc) from exc
    console.print(
        f"[green]local environment {name!r} is up[/] in {time.monotonic() - started:.1f}s: "
        f"API server {endpoints.apiserver}, registry {endpoints.registry}, git {endpoints.git}",
        highlight=False,
    )
    console.print(f'use it with: eval "$(shipyard local env --name {name})"', highlight=False)


@app.command()
def down(
    name: str = NAME,
    keep_data: bool = typer.Option(False, help="Keep certificates and data for the next `up`."),
) -> None:
    """Stop the processes this environment started and remove its files."""
    try:
        env = environment.LocalEnvironment.named(name, report=lambda m: console.print(m))
        stopped = env.down(keep_data=keep_data)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    console.print(f"local environment {name!r} is down ({len(stopped)} processes stopped)")


@app.command()
def status(name: str = NAME) -> None:
    """Show each component's process, ports and log file."""
    try:
        env = environment.LocalEnvironment.named(name)
        rows = env.status()
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    table = Table(title=f"local environment {name!r}")
    for column in ("component", "state", "pid", "ports", "RSS MiB", "peak MiB", "log"):
        table.add_column(column)
    colours = {"running": "green", "stopped": "yellow", "stale": "red"}
    for row in rows:
        table.add_row(
            row.name,
            f"[{colours[row.state]}]{row.state}[/]",
            str(row.pid or ""),
            ", ".join(str(port) for port in row.ports),
            f"{row.rss_kib / 1024:.0f}" if row.pid else "",
            f"{row.peak_rss_kib / 1024:.0f}" if row.pid else "",
            str(row.log_file),
        )
    total = sum(row.rss_kib for row in rows) / 1024
    peak = sum(row.peak_rss_kib for row in rows) / 1024
    table.caption = f"total RSS {total:.0f} MiB, sum of per-process peaks {peak:.0f} MiB"
    out.print(table)
    if not all(row.state == "running" for row in rows):
        raise typer.Exit(code=3)


@app.command()
def env(name: str = NAME) -> None:
    """Print `export` lines for the environment (use with eval)."""
    try:
        endpoints = environment.LocalEnvironment.named(name).endpoints()
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    typer.echo(endpoints.shell_exports(), nl=False)


@app.command()
def build() -> None:
    """Build (or find in the cache) every program the environment runs."""
    from shipyard.adapters.local import toolchain

    try:
        with console.status("building", spinner="dots"):
            binaries = toolchain.ensure_binaries(report=lambda m: console.print(m))
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    for binary, path in sorted(binaries.paths.items()):
        out.print(f"{binary:26} {path}", highlight=False, soft_wrap=True)


@app.command(name="base-image")
def base_image(name: str = NAME) -> None:
    """Push a Debian base image with python3 (debootstrap, made once) to the registry."""
    from shipyard.adapters.local import layout
    from shipyard.adapters.registry import client as registry_client
    from shipyard.engine.images import base

    try:
        endpoints = environment.LocalEnvironment.named(name).endpoints()
        with (
            console.status("debootstrap (first time: about a minute)", spinner="dots"),
            registry_client.Registry(host=endpoints.registry, insecure=True) as registry,
        ):
            reference = base.publish(registry, cache=layout.cache_home())
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    out.print(f"{reference.registry}/{reference.repository}:{reference.tag}@{reference.digest}")
