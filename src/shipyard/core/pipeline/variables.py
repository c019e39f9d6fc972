"""``${...}`` references in pipeline fields and their substitution, in memory, never by a shell.

    ${NAME}                 an environment variable: the step's env, the pipeline's env, the
                            run's SHIPYARD_* variables, then the runner's environment
    ${NAME:-default}        the same, or ``default`` when unset or empty
    ${steps.STEP.OUTPUT}    an output of a step this step needs (directly or not)
    $${                     a literal ``${``

A ``$`` not followed by ``{`` is literal text. ``run`` scripts are never substituted: values
such as branch names reach a script only as environment variables, so no text from a branch,
tag or commit message can become shell syntax (SECURITY-CASES 24).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import TypeVar

from shipyard import errors
from shipyard.core.pipeline import model

_TOKEN = re.compile(r"\$\$\{|\$\{(?P<body>[^{}$]*)\}|\$\{")
_ENV = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?::-(?P<default>.*))?", re.DOTALL)
_STEP = re.compile(r"steps\.(?P<step>[a-z0-9][a-z0-9_-]*)\.(?P<output>[A-Za-z_][A-Za-z0-9_]*)")

Outputs = Mapping[str, Mapping[str, str]]
T = TypeVar("T")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Reference:
    text: str  # as written, e.g. ${steps.version.SemVer}
    name: str = ""  # an environment variable
    default: str | None = None
    step: str = ""  # or a step's output
    output: str = ""


class UnresolvedError(errors.UserError):
    """A reference to a variable that is not set or a step output that does not exist."""


def references(text: str) -> tuple[Reference, ...]:
    """The references in ``text``; ValueError names the first malformed one."""
    found = []
    for token in _TOKEN.finditer(text):
        whole = token.group(0)
        if whole == "$${":
            continue
        body = token.group("body")
        if body is None:
            raise ValueError(f"unclosed '${{' at column {token.start() + 1}")
        step = _STEP.fullmatch(body)
        if step:
            found.append(Reference(text=whole, step=step["step"], output=step["output"]))
            continue
        env = _ENV.fullmatch(body)
        if env is None or body.startswith("steps."):
            raise ValueError(
                f"invalid reference {whole!r}: use ${{NAME}}, ${{NAME:-default}} "
                "or ${steps.STEP.OUTPUT}"
            )
        found.append(Reference(text=whole, name=env["name"], default=env["default"]))
    return tuple(found)


def substitute(
    text: str, *, env: Mapping[str, str], outputs: Outputs, keep_unresolved: bool = False
) -> str:
    """``text`` with every reference replaced by its value; UnresolvedError lists the missing,
    or with ``keep_unresolved`` they stay as written (to preview a plan)."""
    missing: list[str] = []

    def replace(token: re.Match[str]) -> str:
        whole = token.group(0)
        if whole == "$${":
            return "${"
        (reference,) = references(whole)
        if reference.step:
            value = outputs.get(reference.step, {}).get(reference.output)
            if value is None:
                missing.append(f"{whole} (step {reference.step!r} has no such output)")
                return whole
            return value
        value = env.get(reference.name)
        if not value and reference.default is not None:
            return reference.default
        if value is None:
            missing.append(f"{whole} ({reference.name} is not set)")
            return whole
        return value

    try:
        result = _TOKEN.sub(replace, text)
    except ValueError as exc:
        raise errors.UserError(str(exc)) from exc
    if missing and not keep_unresolved:
        raise UnresolvedError("unresolved " + ", ".join(missing))
    return result


def resolve(
    step: model.Step, *, env: Mapping[str, str], outputs: Outputs, keep_unresolved: bool = False
) -> model.Step:
    """The step with every field substituted, except those marked verbatim (the run script).

    ``env`` is the scope before the step's own env, whose values are substituted first and
    then take precedence for the other fields."""
    keep = keep_unresolved
    own = tuple(
        (key, substitute(value, env=env, outputs=outputs, keep_unresolved=keep))
        for key, value in step.env
    )
    scope = {**env, **dict(own)}
    spec = _resolve_value(step.spec, env=scope, outputs=outputs, keep=keep)
    artifacts = _resolve_value(step.artifacts, env=scope, outputs=outputs, keep=keep)
    return dataclasses.replace(step, env=own, spec=spec, artifacts=artifacts)


def _resolve_value(value: T, *, env: Mapping[str, str], outputs: Outputs, keep: bool) -> T:
    if isinstance(value, str):
        return substitute(value, env=env, outputs=outputs, keep_unresolved=keep)  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(_resolve_value(item, env=env, outputs=outputs, keep=keep) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _resolve_value(
                getattr(value, field.name), env=env, outputs=outputs, keep=keep
            )
            for field in dataclasses.fields(value)
            if not field.metadata.get("verbatim")
        }
        return dataclasses.replace(value, **changes)
    return value


_OUTPUT_LINE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")


def parse_outputs(text: str) -> dict[str, str]:
    """The ``KEY=VALUE`` lines a run step wrote to ``$SHIPYARD_OUTPUT``; other lines are
    ignored, and a later line wins."""
    outputs = {}
    for line in text.splitlines():
        match = _OUTPUT_LINE.fullmatch(line)
        if match:
            outputs[match[1]] = match[2]
    return outputs
