"""The interface between the runner, step handlers and executors.

A handler runs one attempt of one step: it gets a ``StepContext`` (the step with its fields
substituted, the environment it sees, the outputs of finished steps, where to log) and returns
the step's outputs, or raises: ``StepFailed`` for a failure worth retrying (a script's exit
code, a timeout), ``errors.UserError`` for a bad input that retrying will not fix, any other
``errors.ShipyardError`` as a failure retried like ``StepFailed``.

Scan and sign providers are handlers too: a package registers one under the ``shipyard.steps``
entry-point group with the step type as its name (``scan = my_scanner.shipyard:scan``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from shipyard import errors
from shipyard.adapters.files import rundir
from shipyard.core.pipeline import model

Log = Callable[[str], None]


@dataclasses.dataclass(frozen=True, kw_only=True)
class RunInfo:
    run_id: str
    pipeline: str
    branch: str
    commit: str
    commit_time: int
    tags: tuple[str, ...]  # Git tags at the commit
    remote: str  # the repository's origin URL (credentials scrubbed), or ""
    workspace: Path  # the directory holding shipyard.yaml
    directory: rundir.RunDirectory  # .shipyard/runs/<run-id>

    @property
    def short_sha(self) -> str:
        return self.commit[:7]

    @property
    def run_dir(self) -> Path:
        return self.directory.root


@dataclasses.dataclass(frozen=True, kw_only=True)
class StepContext:
    step: model.Step  # fields substituted (the run script stays verbatim)
    run: RunInfo
    env: Mapping[str, str]  # what the step's local processes see
    declared_env: Mapping[str, str]  # only the pipeline's, the step's and the SHIPYARD_* values
    outputs: Mapping[str, Mapping[str, str]]  # of the steps that finished
    log: Log  # one line to the step's log (secrets masked on the way)
    attempt: int
    secrets: tuple[str, ...] = ()

    @property
    def step_dir(self) -> Path:
        """A scratch directory of this step in the run directory."""
        return self.run.directory.step_dir(self.step.name)


class StepFailed(errors.TerminalError):
    """One attempt of a step failed (its command's exit code, a timeout)."""


class Handler(Protocol):
    def __call__(self, context: StepContext) -> Mapping[str, str]: ...


class Executor(Protocol):
    """Where ``run`` steps run."""

    name: str
    retries_itself: bool  # the executor retries (Kubernetes' backoffLimit), not the runner

    def run_script(self, context: StepContext) -> Mapping[str, str]: ...
