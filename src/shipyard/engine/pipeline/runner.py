"""Running a pipeline: early returns, then a straight line of named stages.

    load ▶ plan ▶ prepare (run directory, environment) ▶ execute ▶ report (junit.xml, summary)

``execute`` starts a step as soon as every step it needs has passed (up to ``jobs`` at once);
a step whose need failed or was skipped is skipped with the reason, and steps on other paths
keep running. Each step runs through its handler: ``run`` steps through the executor (local
processes or Kubernetes Jobs), the built-in types in process. A failed attempt is retried
``retries`` times with exponential backoff (a UserError, i.e. a bad input, is not retried; the
Kubernetes executor retries through backoffLimit). Every log line, reason and report is masked
for secrets. Events go to ``on_event`` (from worker threads) for live progress.

The environment a step sees, lowest precedence first: the runner's environment, the run's
``SHIPYARD_*`` variables and ``CI=true``, the pipeline's ``env``, the step's ``env``.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
import secrets as random
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path

from shipyard import errors
from shipyard.adapters.files import collecting, rundir
from shipyard.adapters.git import workspace
from shipyard.core.pipeline import junit, loading, masking, model, plan, results, variables
from shipyard.core.versioning import calculate
from shipyard.engine.pipeline import steps

FILE_NAMES = ("shipyard.yaml", "shipyard.yml")
MAX_FILE_BYTES = 1024 * 1024
MAX_BACKOFF = 60.0
Status = results.Status


@dataclasses.dataclass(frozen=True, kw_only=True)
class Request:
    path: Path  # shipyard.yaml, or the directory holding it
    env: Mapping[str, str]  # the runner's environment
    branch: str | None = None  # default: HEAD's branch, else the CI system's
    selected: tuple[str, ...] = ()  # run only these steps and the steps they need
    jobs: int = 4  # steps running at once
    backoff: float = 2.0  # seconds before the first retry, doubled for each next one
    providers: frozenset[str] = frozenset()  # installed extension step types


@dataclasses.dataclass(frozen=True, kw_only=True)
class Event:
    step: str
    status: Status
    attempt: int = 0
    seconds: float = 0.0
    message: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Prepared:
    """What a run will do, known before anything runs (``--dry-run`` prints it)."""

    pipeline: model.Pipeline
    plan: plan.Plan
    head: workspace.Head
    workspace: Path
    env: dict[str, str]  # the scope of the steps' fields: runner, SHIPYARD_*, pipeline env
    declared: dict[str, str]  # the run's SHIPYARD_* and the pipeline's env, not the runner's


def locate(path: Path) -> Path:
    if path.is_dir():
        for name in FILE_NAMES:
            if (path / name).is_file():
                return path / name
        raise errors.UserError(f"no shipyard.yaml in {path}")
    if not path.is_file():
        raise errors.UserError(f"{path}: no such file")
    return path


def load(path: Path, *, providers: frozenset[str] = frozenset()) -> model.Pipeline:
    """Stage load: the validated pipeline of the file at (or in) ``path``."""
    file = locate(path)
    text = collecting.read_text(file, max_bytes=MAX_FILE_BYTES)
    return loading.load(text, source=file.name, providers=providers)


def prepare(request: Request, *, run_id: str = "(dry run)") -> Prepared:
    """Stages load and plan, and the environment of the steps' fields."""
    file = locate(request.path)
    pipeline = load(file, providers=request.providers)
    root = file.parent.resolve()
    head = workspace.head(root)
    branch = request.branch if request.branch is not None else _branch(head, request.env)
    the_plan = plan.make(pipeline, branch=branch, selected=request.selected)
    builtins = {
        "CI": "true",
        "SHIPYARD_PIPELINE": pipeline.name,
        "SHIPYARD_RUN_ID": run_id,
        "SHIPYARD_RUN_DIR": str(root / ".shipyard" / "runs" / run_id),
        "SHIPYARD_WORKSPACE": str(root),
        "SHIPYARD_BRANCH": branch,
        "SHIPYARD_COMMIT": head.commit,
        "SHIPYARD_SHORT_SHA": head.commit[:7],
    }
    scope = {**request.env, **builtins}
    own = {key: variables.substitute(value, env=scope, outputs={}) for key, value in pipeline.env}
    return Prepared(
        pipeline=pipeline,
        plan=the_plan,
        head=head,
        workspace=root,
        env={**scope, **own},
        declared={**builtins, **own},
    )


def _branch(head: workspace.Head, env: Mapping[str, str]) -> str:
    if head.branch:
        return head.branch
    from_ci = calculate.branch_from_ci(env)
    return from_ci[0].removeprefix("refs/heads/") if from_ci else ""


def new_run_id() -> str:
    now = datetime.datetime.now(datetime.UTC)
    return f"{now:%Y%m%d-%H%M%S}-{random.token_hex(3)}"


def run(
    request: Request,
    *,
    executor: steps.Executor,
    handlers: Mapping[str, steps.Handler],
    on_event: Callable[[Event], None] = lambda event: None,
) -> results.RunResult:
    run_id = new_run_id()
    prepared = prepare(request, run_id=run_id)
    started = datetime.datetime.now(datetime.UTC)
    clock = time.monotonic()
    directory = rundir.RunDirectory.create(prepared.workspace, run_id)
    info = steps.RunInfo(
        run_id=run_id,
        pipeline=prepared.pipeline.name,
        branch=prepared.plan.branch,
        commit=prepared.head.commit,
        commit_time=prepared.head.commit_time,
        tags=prepared.head.tags,
        remote=prepared.head.remote,
        workspace=prepared.workspace,
        directory=directory,
    )
    execution = _Execution(
        prepared=prepared, info=info, request=request, executor=executor,
        handlers=handlers, on_event=on_event,
    )  # fmt: skip
    step_results = execution.execute()
    result = results.RunResult(
        pipeline=prepared.pipeline.name,
        run_id=run_id,
        branch=info.branch,
        commit=info.commit,
        started=started.strftime("%Y-%m-%dT%H:%M:%SZ"),
        seconds=time.monotonic() - clock,
        steps=tuple(step_results[p.step.name] for p in prepared.plan),
        executor=executor.name,
        directory=str(directory.root),
    )
    _report(result, directory=directory, secrets=execution.run_secrets)
    return result


def _report(result: results.RunResult, *, directory: rundir.RunDirectory,
            secrets: tuple[str, ...]) -> None:  # fmt: skip
    """Stage report: junit.xml (with the steps' own JUnit files merged) and summary.json."""
    produced: dict[str, list[tuple[str, str]]] = {}
    for step in result.steps:
        for relative in step.junit:
            try:
                text = directory.read_kept(relative, max_bytes=junit.MAX_REPORT_BYTES)
            except errors.UserError as exc:
                text = f"<unreadable>{exc}</unreadable>"
            produced.setdefault(step.name, []).append((Path(relative).name, text))
    directory.write("junit.xml", junit.render(result, produced=produced, secrets=secrets))
    directory.write_json("summary.json", result.as_json())


class _Masker:
    """Masks secrets in a step's lines; the step's own secrets are added once it resolves."""

    def __init__(self, secrets: tuple[str, ...]) -> None:
        self.secrets = secrets

    def __call__(self, text: str) -> str:
        return masking.mask(text, secrets=self.secrets)


class _Execution:
    """Stage execute: schedules the plan's steps and runs each through its handler."""

    def __init__(
        self, *, prepared: Prepared, info: steps.RunInfo, request: Request,
        executor: steps.Executor, handlers: Mapping[str, steps.Handler],
        on_event: Callable[[Event], None],
    ) -> None:  # fmt: skip
        self.prepared = prepared
        self.info = info
        self.request = request
        self.executor = executor
        self.handlers = {**handlers, "run": executor.run_script}
        self.on_event = on_event
        self.outputs: dict[str, dict[str, str]] = {}
        self.lock = threading.Lock()
        pipeline = prepared.pipeline
        self.run_secrets = masking.secret_values(prepared.env, names=pipeline.secrets)

    def execute(self) -> dict[str, results.StepResult]:
        done: dict[str, results.StepResult] = {}
        the_plan = self.prepared.plan
        for planned in the_plan:
            self.on_event(Event(step=planned.step.name, status=Status.PENDING))
        jobs = max(1, self.request.jobs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
            running: dict[concurrent.futures.Future[results.StepResult], str] = {}
            while True:
                for planned in the_plan:
                    step = planned.step
                    if step.name in done or step.name in running.values():
                        continue
                    reason = planned.skip or self._blocked(step, done)
                    if reason:
                        done[step.name] = self._skipped(step, reason)
                    elif len(running) < jobs and all(n in done for n in step.needs):
                        running[pool.submit(self._run_step, step)] = step.name
                if not running:
                    return done
                finished, _ = concurrent.futures.wait(
                    running, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in finished:
                    done[running.pop(future)] = future.result()

    def _blocked(self, step: model.Step, done: Mapping[str, results.StepResult]) -> str:
        for need in step.needs:
            status = done[need].status if need in done else None
            if status is Status.FAILED:
                return f"needs {need}, which failed"
            if status is Status.SKIPPED:
                return f"needs {need}, which was skipped"
        return ""

    def _skipped(self, step: model.Step, reason: str) -> results.StepResult:
        self.on_event(Event(step=step.name, status=Status.SKIPPED, message=reason))
        return results.StepResult(name=step.name, type=step.type, status=Status.SKIPPED,
                                  reason=reason)  # fmt: skip

    def _run_step(self, step: model.Step) -> results.StepResult:
        log = self.info.directory.log(step.name)
        started = time.monotonic()
        masker = _Masker(self.run_secrets)

        def write(line: str) -> None:
            log.write(masker(line))

        write(f"# step {step.name} ({step.type}) on {self.executor.name}, run {self.info.run_id}")
        resolved = step
        try:
            with self.lock:
                known = {name: dict(values) for name, values in self.outputs.items()}
            this = {"SHIPYARD_STEP": step.name}
            scope = {**self.prepared.env, **this}
            resolved = variables.resolve(step, env=scope, outputs=known)
            env = {**scope, **dict(resolved.env)}
            masker.secrets = masking.secret_values(env, names=self.prepared.pipeline.secrets)
            context = steps.StepContext(
                step=resolved, run=self.info, env=env, outputs=known, log=write, attempt=1,
                declared_env={**self.prepared.declared, **this, **dict(resolved.env)},
                secrets=masker.secrets,
            )  # fmt: skip
            attempt, outputs, reason = self._attempts(context, started=started)
        except errors.UserError as exc:
            attempt, outputs, reason = 0, {}, str(exc)
        except Exception as exc:  # a bug must fail its step, not hang the run
            attempt, outputs, reason = 0, {}, f"internal error: {type(exc).__name__}: {exc}"
            for line in traceback.format_exc().splitlines():
                write(line)
        status = Status.FAILED if reason else Status.PASSED
        if reason:
            write(f"# failed: {reason}")
        kept_junit, kept_artifacts = self._keep(resolved, write)
        seconds = time.monotonic() - started
        write(f"# {status.value} in {seconds:.2f}s")
        tail = log.tail()
        log.close()
        if status is Status.PASSED:
            with self.lock:
                self.outputs[step.name] = outputs
        reason = masker(reason)
        self.on_event(Event(step=step.name, status=status, attempt=attempt, seconds=seconds,
                            message=reason))  # fmt: skip
        return results.StepResult(
            name=step.name, type=step.type, status=status, reason=reason, attempts=attempt,
            seconds=seconds, outputs=tuple(sorted(outputs.items())), log=f"{step.name}.log",
            log_tail=tail if status is Status.FAILED else "", junit=kept_junit,
            artifacts=kept_artifacts,
        )  # fmt: skip

    def _attempts(
        self, context: steps.StepContext, *, started: float
    ) -> tuple[int, dict[str, str], str]:
        """Runs the step until an attempt passes or none are left: (attempts, outputs, the
        last failure or "")."""
        step = context.step
        retried_here = not (step.type == "run" and self.executor.retries_itself)
        attempts = step.retries + 1 if retried_here else 1
        reason = ""
        for attempt in range(1, attempts + 1):
            self.on_event(Event(step=step.name, status=Status.RUNNING, attempt=attempt,
                                seconds=time.monotonic() - started))  # fmt: skip
            context.log(f"# attempt {attempt} of {attempts}")
            try:
                outputs = self.handlers[step.type](dataclasses.replace(context, attempt=attempt))
            except errors.UserError as exc:
                return attempt, {}, str(exc)  # a bad input: retrying will not fix it
            except errors.ShipyardError as exc:
                reason = str(exc)
                if attempt < attempts:
                    delay = min(self.request.backoff * 2 ** (attempt - 1), MAX_BACKOFF)
                    context.log(f"# attempt {attempt} failed: {reason}; retrying in {delay:.1f}s")
                    time.sleep(delay)
                continue
            return attempt, dict(outputs), ""
        return attempts, {}, reason

    def _keep(
        self, step: model.Step, write: Callable[[str], None]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """JUnit files and artifacts, kept whether the step passed or not."""
        kept: list[tuple[str, ...]] = []
        reports = step.spec.junit if isinstance(step.spec, model.RunSpec) else ()
        for kind, patterns in (("junit", reports), ("artifacts", step.artifacts)):
            if not patterns:
                kept.append(())
                continue
            try:
                collected = self.info.directory.keep(
                    self.info.workspace, patterns, kind=kind, step=step.name
                )
            except (errors.UserError, OSError) as exc:
                write(f"# {kind} not kept: {exc}")
                kept.append(())
                continue
            for refused in collected.refused:
                write(f"# {kind}: {refused} not kept (a symbolic link or outside the workspace)")
            if not collected.files:
                write(f"# {kind}: nothing matches {', '.join(patterns)}")
            kept.append(tuple(f"{kind}/{step.name}/{name}" for name in collected.files))
        return kept[0], kept[1]
