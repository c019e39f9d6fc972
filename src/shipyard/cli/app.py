"""The root `shipyard` command and its command groups.

Each command's module is imported only when that command runs (``shipyard version`` does
not pay for the Kubernetes client, the agent or pydantic models): ``main`` builds a root
with just the command named on the command line, or with all of them for help.
"""

from __future__ import annotations

import importlib
import sys

import shipyard

TYPE_CHECKING = False  # typing is not imported at start: `shipyard chart template` is timed
if TYPE_CHECKING:
    from typing import Any

    import typer

# name -> (module, attribute, is a group of subcommands)
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "local": ("shipyard.cli.local", "app", True),
    "app": ("shipyard.cli.apps", "app", True),
    "image": ("shipyard.cli.image", "app", True),
    "release": ("shipyard.cli.release", "app", True),
    "ci": ("shipyard.cli.ci", "app", True),
    "agent": ("shipyard.cli.agent", "agent", False),
    "version": ("shipyard.cli.version", "version", False),
    "chart": ("shipyard.cli.chart", "app", True),
}


def _print_version(value: bool) -> None:
    import typer

    if value:
        typer.echo(f"shipyard {shipyard.__version__}")
        raise typer.Exit()


def _root() -> Any:
    # Typer is imported only when a Typer command runs (not for the `chart template` fast path).
    import typer

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

    return root


def build(only: str | None = None) -> typer.Typer:
    """The root command with every command, or with ``only`` that one."""
    import typer

    result = typer.Typer(
        name="shipyard",
        help="shipyard: a GitOps software factory for Kubernetes.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
    )
    result.callback()(_root())
    for name, (module, attribute, group) in COMMANDS.items():
        if only is not None and name != only:
            continue
        target = getattr(importlib.import_module(module), attribute)
        if group:
            result.add_typer(target, name=name)
        else:
            result.command(name=name)(target)
    return result


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole CLI, for tests that invoke it in process
        return build()
    raise AttributeError(name)


def main() -> None:
    if sys.argv[1:3] == ["chart", "template"]:
        # Rendering is benchmarked against `helm template`: skip Typer, Rich and their imports,
        # and all imports when a warm `shipyard chart serve` renders.
        from shipyard.cli import chart_client

        served = chart_client.request(sys.argv[3:])
        if served is not None:
            sys.exit(chart_client.emit(*served))
        from shipyard.cli import chart_fast

        sys.exit(chart_fast.main(sys.argv[3:]))
    if sys.argv[1:3] == ["chart", "serve"]:
        from shipyard.cli import chart_server

        sys.exit(chart_server.main(sys.argv[3:]))
    command = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if command is None and "--version" in sys.argv[1:]:
        build(only="")()  # the root's eager --version: no command needed
    build(command if command in COMMANDS else None)()
