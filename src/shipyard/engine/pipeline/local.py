"""The local executor: a run step as ``bash -euo pipefail -c SCRIPT`` in the workspace.

SCRIPT is the step's ``run`` text from shipyard.yaml, which the repository owner writes; it is
never substituted. Everything the run computes (branch, commit, version, outputs of other steps)
reaches it only as environment variables, so a branch named ``feat/$(touch pwned)`` is a value,
never shell syntax (SECURITY-CASES 24). The step's process group is killed at its timeout.
A script publishes outputs by writing ``KEY=VALUE`` lines to the file ``$SHIPYARD_OUTPUT``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shipyard.adapters.commands import running
from shipyard.core.pipeline import model, variables
from shipyard.engine.pipeline import steps

SHELL = ("bash", "-euo", "pipefail", "-c")


class LocalExecutor:
    name = "local"
    retries_itself = False

    def __init__(self, *, grace: float = running.GRACE_SECONDS) -> None:
        self.grace = grace

    def run_script(self, context: steps.StepContext) -> Mapping[str, str]:
        spec = context.step.spec
        assert isinstance(spec, model.RunSpec)
        return run_command(context, argv=(*SHELL, spec.script), grace=self.grace)


def run_command(
    context: steps.StepContext, *, argv: Sequence[str], grace: float = running.GRACE_SECONDS
) -> Mapping[str, str]:
    """Runs ``argv`` in the workspace with the step's environment; returns its outputs."""
    directory = context.run.directory
    output_file = directory.output_file(context.step.name, attempt=context.attempt)
    outcome = running.run(
        argv,
        cwd=context.run.workspace,
        env={**context.env, "SHIPYARD_OUTPUT": str(output_file)},
        timeout=context.step.timeout,
        on_line=context.log,
        grace=grace,
    )
    if outcome.timed_out:
        raise steps.StepFailed(f"timed out after {_duration(context.step.timeout)}; killed")
    if outcome.exit_code != 0:
        raise steps.StepFailed(f"exit code {outcome.exit_code}")
    return variables.parse_outputs(directory.read_output_file(output_file))


def _duration(seconds: float) -> str:
    return f"{seconds:.0f}s" if seconds < 120 else f"{seconds / 60:.0f}m"
