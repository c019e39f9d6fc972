"""`shipyard image`: daemonless image builds pushed to a registry.

Exit codes: 0 built and pushed; 1 error (the message names the input and the rule).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import typer
from rich.console import Console

from shipyard import errors
from shipyard.adapters.local import layout
from shipyard.adapters.registry import client as registry_client
from shipyard.core import oci
from shipyard.core.images import config as image_config
from shipyard.engine.images import daemonless

app = typer.Typer(help="Container images: reproducible daemonless builds.")
console = Console(stderr=True, highlight=False)

LOOPBACK = ("127.0.0.1", "localhost", "[::1]")


def open_registry(host: str) -> registry_client.Registry:
    """Plain HTTP for loopback registries (the local environment's), HTTPS otherwise;
    credentials from SHIPYARD_REGISTRY_USERNAME / SHIPYARD_REGISTRY_PASSWORD."""
    username = os.environ.get("SHIPYARD_REGISTRY_USERNAME", "")
    credentials = (
        registry_client.Credentials(
            username=username, password=os.environ.get("SHIPYARD_REGISTRY_PASSWORD", "")
        )
        if username
        else None
    )
    insecure = host.rsplit(":", 1)[0] in LOOPBACK
    return registry_client.Registry(host=host, insecure=insecure, credentials=credentials)


def _pairs(values: list[str], *, option: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for value in values:
        key, sep, rest = value.partition("=")
        if not sep or not key:
            raise errors.UserError(f"{option} {value!r}: expected KEY=VALUE")
        pairs.append((key, rest))
    return tuple(pairs)


@app.command()
def build(
    context: Path = typer.Argument(..., help="Directory with the application files."),
    base: str = typer.Option(..., "--base", help="Base image, e.g. 127.0.0.1:5000/base:1."),
    image: str = typer.Option(..., "--image", help="Target registry/repository (no tag)."),
    tag: list[str] = typer.Option([], "--tag", "-t", help="Tag to push (repeatable)."),
    requirements: Path | None = typer.Option(
        None, "--requirements", help="requirements.txt for a separate dependency layer."
    ),
    python_version: str = typer.Option("3.11", "--python-version"),
    app_dir: str = typer.Option("/app", "--app-dir", help="Where the files go in the image."),
    exclude: list[str] = typer.Option([], "--exclude", help="Glob to leave out."),
    entrypoint: str | None = typer.Option(None, "--entrypoint", help="JSON list."),
    cmd: str | None = typer.Option(None, "--cmd", help="JSON list."),
    env: list[str] = typer.Option([], "--env", "-e", help="KEY=VALUE (repeatable)."),
    label: list[str] = typer.Option([], "--label", help="KEY=VALUE (repeatable)."),
    port: list[str] = typer.Option([], "--port", help="Exposed port, e.g. 8080/tcp."),
    user: str = typer.Option("", "--user"),
    workdir: str = typer.Option("", "--workdir"),
    epoch: int | None = typer.Option(
        None, "--epoch", help="Timestamp of the image (default: $SOURCE_DATE_EPOCH or 0)."
    ),
    source: str = typer.Option("", "--source", help="Source URL (OCI annotation)."),
    revision: str = typer.Option("", "--revision", help="Source revision (OCI annotation)."),
    version: str = typer.Option("", "--version", help="Version (OCI annotation)."),
    force: bool = typer.Option(False, "--force", help="Move existing tags to the new digest."),
    output: str = typer.Option("", "--output", "-o", help="json for a machine-readable result."),
) -> None:
    """Build an image from a base image plus application files, without a daemon; push it."""
    try:
        target = oci.parse_reference(image)
        if target.tag or target.digest:
            raise errors.UserError(f"--image {image}: give the repository only; tags go in --tag")

        def json_list(value: str | None, option: str) -> tuple[str, ...] | None:
            if value is None:
                return None
            try:
                parsed = json.loads(value)
            except json.JSONDecodeError as exc:
                raise errors.UserError(f"{option}: not JSON ({exc})") from exc
            if not isinstance(parsed, list) or not all(isinstance(v, str) for v in parsed):
                raise errors.UserError(f"{option}: expected a JSON list of strings")
            return tuple(parsed)

        if epoch is None:
            epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "0") or 0)
        request = daemonless.Request(
            base=oci.parse_reference(base),
            target=target,
            tags=tuple(tag),
            context=context,
            app_dir=app_dir,
            exclude=tuple(exclude),
            requirements=requirements,
            python_version=python_version,
            settings=image_config.Settings(
                entrypoint=json_list(entrypoint, "--entrypoint"),
                cmd=json_list(cmd, "--cmd"),
                env=_pairs(env, option="--env"),
                user=user,
                workdir=workdir,
                labels=_pairs(label, option="--label"),
                exposed_ports=tuple(port),
            ),
            epoch=epoch,
            source=source,
            revision=revision,
            version=version,
            force=force,
        )
        result = daemonless.build(
            request,
            open_registry=open_registry,
            cache=layout.cache_home(),
            report=lambda step: console.print(f"[dim]{step}[/]"),
        )
    except errors.ShipyardError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        raise typer.Exit(1) from exc
    if output == "json":
        typer.echo(
            json.dumps(
                {
                    "image": str(result.reference),
                    "digest": result.digest,
                    "tags": list(result.tags),
                    "uploadedBytes": result.uploaded_bytes,
                    "seconds": round(result.seconds, 3),
                }
            )
        )
        return
    for line in daemonless.summary_lines(result):
        typer.echo(line)
