"""`shipyard version`: the semantic version of a commit from Git history, as GitVersion 6.

Exit codes: 0 success, 1 error (the message says what and where).
"""

from __future__ import annotations

import json
import os
import shlex
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from shipyard import errors
from shipyard.core.versioning import calculate, variables
from shipyard.engine import versions

console = Console(stderr=True, highlight=False, soft_wrap=True)
OUTPUTS = ("json", "env", "text")


def version(
    path: Path = typer.Argument(
        Path(), help="A directory inside the repository (GitVersion.yml is looked up here first)."
    ),
    output: str = typer.Option("json", "--output", "-o", help="json, env or text."),
    show_variable: str | None = typer.Option(
        None, "--show-variable", help="Print only this variable's value (e.g. FullSemVer)."
    ),
    branch: str | None = typer.Option(
        None, "--branch", help="Version this branch (with HEAD detached: name HEAD's branch)."
    ),
    commit: str | None = typer.Option(
        None, "--commit", help="Version this commit (full or unique abbreviated SHA)."
    ),
) -> None:
    """Print the semantic version of HEAD from tags, merges, branch names and GitVersion.yml.

    The branch is HEAD's branch, or --branch. With HEAD detached and no --branch, the CI
    variables GITHUB_REF (refs/heads/*, refs/pull/*), GITHUB_HEAD_REF, GITHUB_REF_NAME or
    CI_COMMIT_REF_NAME name it; failing those, the only branch whose tip is HEAD (else the only
    branch containing it); failing that the branch is "(no branch)", versioned as an unknown
    branch (label "-no-branch-"), and `-o text` says so. Nothing is guessed from time or order.
    """
    if output not in OUTPUTS:
        raise _fail(
            errors.UserError(f"--output must be one of {', '.join(OUTPUTS)}, not {output!r}")
        )
    env = dict(os.environ)
    try:
        result, values = versions.compute(path, branch=branch, commit=commit, env=env)
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    if show_variable is not None:
        if show_variable not in values:
            raise _fail(
                errors.UserError(
                    f"variable {show_variable!r} does not exist (known: {', '.join(values)})"
                )
            )
        typer.echo(values[show_variable] or "")
    elif output == "json":
        typer.echo(json.dumps(variables.json_values(values), indent=2, ensure_ascii=False))
    elif output == "env":
        for name, value in values.items():
            typer.echo(f"GitVersion_{name}={shlex.quote(value or '')}")
    else:
        _print_text(result, values)


def _print_text(result: calculate.Result, values: dict[str, str | None]) -> None:
    typer.echo(values["FullSemVer"] or "")
    typer.echo(f"  branch  {result.branch} ({result.branch_origin})")
    typer.echo(f"  commit  {result.sha}")
    source_sha = (result.source_sha or "")[:7] or "start of history"
    typer.echo(f"  source  {result.source} @ {source_sha}, {result.source_distance} commits ago")
    width = max(len(name) for name in values)
    for name, value in values.items():
        typer.echo(f"  {name.ljust(width)}  {value or ''}")


def _fail(exc: errors.ShipyardError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {escape(str(exc))}")
    return typer.Exit(code=1)
