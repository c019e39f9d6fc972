"""The plan of a run: steps in topological levels, and which of them run on this branch.

A step's level is one more than the highest level of the steps it needs, so every level only
needs earlier ones (the levels are what ``--dry-run`` prints; the runner starts a step as soon
as its own needs are done). A step is skipped, with the reason, when:

1. steps were selected (``--step``) and it is neither selected nor needed by a selected step;
2. its ``when.branches`` patterns do not match the branch;
3. a step it needs is skipped.

Branch patterns are globs over the branch name without ``refs/heads/``: ``*`` matches within
one path segment, ``**`` across segments, ``?`` one character other than ``/``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterator, Sequence

from shipyard import errors
from shipyard.core.pipeline import model

_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f\[\]\\^~:]")


@dataclasses.dataclass(frozen=True, kw_only=True)
class PlannedStep:
    step: model.Step
    level: int
    skip: str = ""  # why it will not run; empty when it runs

    @property
    def runs(self) -> bool:
        return not self.skip


@dataclasses.dataclass(frozen=True, kw_only=True)
class Plan:
    pipeline: model.Pipeline
    branch: str
    levels: tuple[tuple[PlannedStep, ...], ...]

    def __iter__(self) -> Iterator[PlannedStep]:
        for level in self.levels:
            yield from level

    def get(self, name: str) -> PlannedStep:
        for planned in self:
            if planned.step.name == name:
                return planned
        raise KeyError(name)


def compile_branch_pattern(pattern: str) -> re.Pattern[str]:
    """The regular expression of a branch glob; ValueError says why a pattern is invalid."""
    if not pattern:
        raise ValueError("a branch pattern may not be empty")
    bad = _FORBIDDEN.search(pattern)
    if bad:
        raise ValueError(f"{bad.group(0)!r} cannot appear in a branch name")
    if "***" in pattern:
        raise ValueError("use * within a segment or ** across segments, not ***")
    if pattern.startswith(("/", "refs/")) or pattern.endswith("/") or "//" in pattern:
        raise ValueError("name the branch as git shows it, e.g. main or release/*")
    parts = []
    for token in re.findall(r"\*\*|\*|\?|[^*?]+", pattern):
        if token == "**":
            parts.append(".*")
        elif token == "*":
            parts.append("[^/]*")
        elif token == "?":
            parts.append("[^/]")
        else:
            parts.append(re.escape(token))
    return re.compile("".join(parts))


def branch_matches(patterns: Sequence[str], branch: str) -> bool:
    """Whether ``branch`` matches one of ``patterns`` (no patterns: every branch)."""
    if not patterns:
        return True
    return any(compile_branch_pattern(pattern).fullmatch(branch) for pattern in patterns)


def levels(pipeline: model.Pipeline) -> tuple[tuple[model.Step, ...], ...]:
    """Steps by topological level, in file order within a level (the needs are acyclic)."""
    level: dict[str, int] = {}
    remaining = list(pipeline.steps)
    while remaining:
        ready = [step for step in remaining if all(need in level for need in step.needs)]
        if not ready:  # validation rejects cycles; this guards direct callers
            names = ", ".join(step.name for step in remaining)
            raise errors.UserError(f"steps {names} need each other in a cycle")
        for step in ready:
            level[step.name] = 1 + max((level[need] for need in step.needs), default=-1)
        remaining = [step for step in remaining if step.name not in level]
    depth = max(level.values(), default=-1) + 1
    return tuple(
        tuple(step for step in pipeline.steps if level[step.name] == index)
        for index in range(depth)
    )


def make(pipeline: model.Pipeline, *, branch: str, selected: Collection[str] = ()) -> Plan:
    """The plan of ``pipeline`` on ``branch``; ``selected`` limits it to those steps and the
    steps they need."""
    unknown = [name for name in selected if name not in pipeline.names]
    if unknown:
        raise errors.UserError(
            f"no step named {', '.join(map(repr, unknown))} in {pipeline.source} "
            f"(steps: {', '.join(pipeline.names)})"
        )
    wanted: set[str] = set()
    for name in selected:
        wanted |= {name, *model.ancestors(pipeline, name)}
    planned: dict[str, PlannedStep] = {}
    result = []
    for index, level in enumerate(levels(pipeline)):
        row = []
        for step in level:
            skip = _skip_reason(step, branch=branch, wanted=wanted, planned=planned)
            planned[step.name] = PlannedStep(step=step, level=index, skip=skip)
            row.append(planned[step.name])
        result.append(tuple(row))
    return Plan(pipeline=pipeline, branch=branch, levels=tuple(result))


def _skip_reason(
    step: model.Step, *, branch: str, wanted: set[str], planned: dict[str, PlannedStep]
) -> str:
    if wanted and step.name not in wanted:
        return "not selected"
    if not branch_matches(step.branches, branch):
        return f"branch {branch!r} does not match when.branches ({', '.join(step.branches)})"
    skipped = [need for need in step.needs if not planned[need].runs]
    if skipped:
        return f"needs {', '.join(skipped)}, which will not run"
    return ""
