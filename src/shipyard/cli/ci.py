"""`shipyard ci`: run the ``shipyard.yaml`` pipeline of a repository.

Exit codes: 0 every step passed or was skipped; 1 a step failed, or the pipeline is invalid
(every problem is listed with its line).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from shipyard import errors
from shipyard.adapters.git import source
from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.kube import jobs
from shipyard.adapters.local import layout
from shipyard.cli import image as image_cli
from shipyard.core.pipeline import masking, model, results, variables
from shipyard.engine.pipeline import builtin, extensions, kubernetes, local, runner, steps

app = typer.Typer(help="CI: run the shipyard.yaml pipeline of a repository.")
console = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)
EXECUTORS = ("local", "kubernetes")
STYLES = {
    results.Status.PENDING: "dim",
    results.Status.RUNNING: "bold yellow",
    results.Status.PASSED: "green",
    results.Status.FAILED: "bold red",
    results.Status.SKIPPED: "cyan",
}


@app.command()
def run(
    path: Path = typer.Argument(Path(), help="shipyard.yaml, or the directory holding it."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the plan; run nothing."),
    branch: str | None = typer.Option(
        None, "--branch", help="The branch to run as (default: HEAD's, else the CI system's)."
    ),
    executor: str = typer.Option("local", "--executor", help="local or kubernetes."),
    step: list[str] = typer.Option([], "--step", help="Run only this step and its needs."),
    jobs_count: int = typer.Option(4, "--jobs", "-j", help="Steps running at once."),
    namespace: str = typer.Option("default", "--namespace", help="Namespace of step Jobs."),
    kubeconfig: Path | None = typer.Option(
        None, "--kubeconfig", help="Kubeconfig (default: $KUBECONFIG)."
    ),
) -> None:
    """Run the pipeline: steps in needs order, live progress, per-step logs, JUnit XML and a
    summary under .shipyard/runs/<run-id>/."""
    if executor not in EXECUTORS:
        raise _fail(errors.UserError(f"--executor must be local or kubernetes, not {executor!r}"))
    request = runner.Request(
        path=path,
        env=dict(os.environ),
        branch=branch,
        selected=tuple(step),
        jobs=jobs_count,
        providers=extensions.providers(),
    )
    try:
        if dry_run:
            _print_plan(runner.prepare(request))
            return
        chosen = _executor(executor, namespace=namespace, kubeconfig=kubeconfig)
        handlers = builtin.handlers(
            open_registry=image_cli.open_registry, cache=layout.cache_home()
        )
        progress = _Progress(runner.load(path, providers=request.providers))
        with progress.display():
            result = runner.run(
                request, executor=chosen, handlers=handlers, on_event=progress.update
            )
    except errors.ShipyardError as exc:
        raise _fail(exc) from exc
    _print_summary(result)
    if not result.ok:
        raise typer.Exit(1)


def _executor(name: str, *, namespace: str, kubeconfig: Path | None) -> steps.Executor:
    if name == "local":
        return local.LocalExecutor()
    config = kubeconfig or Path(os.environ.get("KUBECONFIG", str(Path.home() / ".kube" / "config")))
    return kubernetes.KubernetesExecutor(
        jobs_api=jobs.Jobs(kube_client.connect(config)), namespace=namespace
    )


class _Progress:
    """The live table of steps: status, attempt, duration; a line per change without a TTY."""

    def __init__(self, pipeline: model.Pipeline) -> None:
        self.names = pipeline.names
        self.types = {item.name: item.type for item in pipeline.steps}
        self.status = dict.fromkeys(self.names, results.Status.PENDING)
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self.attempt: dict[str, int] = {}
        self.notes: dict[str, str] = {}
        self.lock = threading.Lock()
        self.live = console.is_terminal

    def display(self) -> contextlib.AbstractContextManager[object]:
        if not self.live:
            return contextlib.nullcontext()
        return Live(self, console=console, refresh_per_second=8, transient=True)

    def update(self, event: runner.Event) -> None:
        with self.lock:
            previous = self.status[event.step]
            self.status[event.step] = event.status
            if event.status is results.Status.RUNNING:
                self.started.setdefault(event.step, time.monotonic())
                self.attempt[event.step] = event.attempt
            elif event.status.done:
                self.seconds[event.step] = event.seconds
                self.notes[event.step] = event.message
        if not self.live and previous is not event.status:
            note = f"  {event.message}" if event.message else ""
            retry = f" (attempt {event.attempt})" if event.attempt > 1 else ""
            console.print(f"{event.step}: {event.status.value}{retry}{escape(note)}")

    def __rich__(self) -> Table:
        table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
        for column in ("step", "type", "status", "time", "note"):
            table.add_column(column, justify="right" if column == "time" else "left")
        with self.lock:
            for name in self.names:
                status = self.status[name]
                if status is results.Status.RUNNING:
                    seconds = time.monotonic() - self.started[name]
                    attempt = self.attempt.get(name, 1)
                    note = f"attempt {attempt}" if attempt > 1 else ""
                else:
                    seconds = self.seconds.get(name, 0.0)
                    note = self.notes.get(name, "")
                table.add_row(
                    name,
                    self.types[name],
                    Text(status.value, style=STYLES[status]),
                    f"{seconds:.1f}s" if seconds else "",
                    Text(note.splitlines()[0][:100] if note else ""),
                )
        return table


def _print_summary(result: results.RunResult) -> None:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("step", "type", "status", "tries", "time", "note"):
        table.add_column(column, justify="right" if column in ("tries", "time") else "left")
    for item in result:
        note = item.reason.splitlines()[0][:120] if item.reason else ""
        table.add_row(
            item.name,
            item.type,
            Text(item.status.value, style=STYLES[item.status]),
            str(item.attempts) if item.attempts else "",
            f"{item.seconds:.1f}s" if item.status is not results.Status.SKIPPED else "",
            Text(note),
        )
    console.print(table)
    for item in result:
        if item.status is results.Status.FAILED and item.log_tail:
            console.print(f"[bold red]── {escape(item.name)} (last lines of its log)[/]")
            console.print(Text("\n".join(item.log_tail.splitlines()[-15:])))
    for item in result:
        for key in ("image", "pinned", "commit", "FullSemVer"):
            value = dict(item.outputs).get(key)
            if value:
                out.print(f"{item.name}.{key} = {escape(value)}")
    counts = ", ".join(
        f"{result.count(status)} {status.value}"
        for status in (results.Status.PASSED, results.Status.FAILED, results.Status.SKIPPED)
    )
    verdict = "[green]passed[/]" if result.ok else "[bold red]failed[/]"
    console.print(
        f"pipeline {escape(result.pipeline)} {verdict} in {result.seconds:.1f}s ({counts}); "
        f"branch {escape(result.branch or '(detached)')}, commit {result.commit[:12] or 'none'}"
    )
    console.print(f"run {result.run_id}: logs, junit.xml, summary.json in {result.directory}")


def _print_plan(prepared: runner.Prepared) -> None:
    plan = prepared.plan
    secrets = masking.secret_values(prepared.env, names=prepared.pipeline.secrets)
    out.print(
        f"pipeline {escape(prepared.pipeline.name)} on branch "
        f"{escape(plan.branch or '(detached)')}, commit {prepared.head.commit[:12] or 'none'}"
    )
    for index, level in enumerate(plan.levels):
        out.print(f"[bold]level {index}[/]")
        for planned in level:
            step = planned.step
            verdict = "[green]run[/]" if planned.runs else f"[cyan]skip[/] ({escape(planned.skip)})"
            needs = f" needs {', '.join(step.needs)}" if step.needs else ""
            out.print(
                f"  {escape(step.name)} \\[{step.type}] {verdict}{escape(needs)}; timeout "
                f"{step.timeout:.0f}s, retries {step.retries}"
            )
            preview = variables.resolve(step, env=prepared.env, outputs={}, keep_unresolved=True)
            for line in _details(preview):
                out.print(Text("      " + masking.mask(line, secrets=secrets)))


def _details(step: model.Step) -> list[str]:
    spec = step.spec
    lines = [f"env {key}={value}" for key, value in step.env]
    if isinstance(spec, model.RunSpec):
        lines += [f"$ {line}" for line in spec.script.strip().splitlines()]
        lines += [f"junit {pattern}" for pattern in spec.junit]
    elif isinstance(spec, model.ImageSpec):
        lines += [
            f"base {spec.base}",
            f"repository {spec.repository} on prod {spec.prod} | dev {spec.dev}",
            f"version {spec.version}, context {spec.context}",
        ]
    elif isinstance(spec, model.PromoteSpec):
        lines.append(f"repo {source.scrub(spec.repo)} branch {spec.branch}")
        for entry in spec.files:
            what = f"image {entry.match} -> {spec.image}" if entry.match else entry.key
            what += "" if entry.match else f" = {entry.value}"
            lines.append(f"file {entry.path}: {what}")
    elif isinstance(spec, model.ExtensionSpec) and spec.command:
        lines.append("command " + " ".join(spec.command))
    lines += [f"artifact {pattern}" for pattern in step.artifacts]
    return lines


def _fail(exc: errors.ShipyardError) -> typer.Exit:
    console.print(f"[bold red]error:[/] {escape(str(exc))}")
    return typer.Exit(code=1)
