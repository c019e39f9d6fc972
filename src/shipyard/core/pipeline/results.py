"""The result of a pipeline run: one value per step, read by the CLI, the JUnit report and the
run's ``summary.json`` alike."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator


class Status(enum.Enum):
    PENDING = "pending"
    RUNNING = "running"
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"

    @property
    def done(self) -> bool:
        return self in (Status.PASSED, Status.FAILED, Status.SKIPPED)


@dataclasses.dataclass(frozen=True, kw_only=True)
class StepResult:
    name: str
    type: str
    status: Status
    reason: str = ""  # why it failed or was skipped
    attempts: int = 0
    seconds: float = 0.0
    outputs: tuple[tuple[str, str], ...] = ()
    log: str = ""  # its log file, relative to the run directory
    log_tail: str = ""  # the end of its log, secrets masked (kept for failures)
    junit: tuple[str, ...] = ()  # JUnit files it produced, relative to the run directory
    artifacts: tuple[str, ...] = ()  # files kept, relative to the run directory


@dataclasses.dataclass(frozen=True, kw_only=True)
class RunResult:
    pipeline: str
    run_id: str
    branch: str
    commit: str
    started: str  # ISO 8601, UTC
    seconds: float
    steps: tuple[StepResult, ...]
    executor: str = "local"
    directory: str = ""  # the run directory

    @property
    def ok(self) -> bool:
        return all(step.status is not Status.FAILED for step in self.steps)

    def __iter__(self) -> Iterator[StepResult]:
        return iter(self.steps)

    def count(self, status: Status) -> int:
        return sum(1 for step in self.steps if step.status is status)

    def as_json(self) -> dict[str, object]:
        return {
            "pipeline": self.pipeline,
            "runId": self.run_id,
            "branch": self.branch,
            "commit": self.commit,
            "started": self.started,
            "seconds": round(self.seconds, 3),
            "executor": self.executor,
            "directory": self.directory,
            "ok": self.ok,
            "steps": [
                {
                    "name": step.name,
                    "type": step.type,
                    "status": step.status.value,
                    "reason": step.reason,
                    "attempts": step.attempts,
                    "seconds": round(step.seconds, 3),
                    "outputs": dict(step.outputs),
                    "log": step.log,
                    "junit": list(step.junit),
                    "artifacts": list(step.artifacts),
                }
                for step in self.steps
            ],
        }
