"""Runs of Helm 3 hooks as helm's ``execHook`` decides and records them.

Hooks of one event run by weight, then name (``hookByWeight``, a stable sort). A hook without
delete policies gets helm's default, ``before-hook-creation``, written into the record. Each
run is kept in the hook's ``last_run``: ``started_at`` and phase Running when its objects are
created, then ``completed_at`` and Succeeded or Failed. Only Jobs and Pods are waited for: a
Job until its Complete or Failed condition, a Pod until phase Succeeded or Failed; an object
deleted meanwhile counts as done, as in helm's watch. A failed wait reads as helm's
multierror text ("1 error occurred:\n\t* pod x failed\n\n"), which helm writes into the
release description.

The weight and delete policies of a hook are read from its annotations as helm's manifest
sorter reads them (``strconv.Atoi``; comma-separated, trimmed, lower-cased).

Values in, values out: hooks are Helm's JSON mappings; new ones are returned, never changed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Any

BEFORE_HOOK_CREATION = "before-hook-creation"
HOOK_SUCCEEDED = "hook-succeeded"
HOOK_FAILED = "hook-failed"
RUNNING, SUCCEEDED, FAILED = "Running", "Succeeded", "Failed"
WAITED_KINDS = ("Job", "Pod")
LEGACY_TEST = "test-success"

Hook = Mapping[str, Any]

_GO_INT = re.compile(r"[+-]?[0-9]+")
_INT64 = 2**63


def parse_weight(text: str | None) -> int:
    """``helm.sh/hook-weight`` as Go's ``strconv.Atoi`` reads it; 0 when it does not parse
    (spaces, hex, underscores, out of range), as helm ignores the error."""
    if text is None or not _GO_INT.fullmatch(text):
        return 0
    value = int(text)
    return value if -_INT64 <= value < _INT64 else 0


def parse_policies(text: str | None) -> list[str]:
    """A comma-separated policy annotation as helm stores it: each item trimmed and
    lower-cased, empty items kept ("a," gives ["a", ""]); [] when the annotation is absent."""
    if text is None:
        return []
    return [item.strip().lower() for item in text.split(",")]


def multierror(reasons: Sequence[str]) -> str:
    """Errors as hashicorp/go-multierror prints them, which is how helm words a failed wait."""
    if len(reasons) == 1:
        return f"1 error occurred:\n\t* {reasons[0]}\n\n"
    points = "\n\t".join(f"* {reason}" for reason in reasons)
    return f"{len(reasons)} errors occurred:\n\t{points}\n\n"


def weight_of(hook: Hook) -> int:
    try:
        return int(hook.get("weight") or 0)
    except (TypeError, ValueError):
        return 0


def by_weight(hooks: Sequence[Hook]) -> list[Hook]:
    """helm's hookByWeight, a stable sort: weight, then name."""
    return sorted(hooks, key=lambda hook: (weight_of(hook), str(hook.get("name", ""))))


def has_event(hook: Hook, event: str) -> bool:
    """Whether the hook runs on ``event``; ``test`` includes the legacy ``test-success``, which
    helm stores as ``test`` but older shipyard records kept as written."""
    names = hook.get("events") or ()
    return event in names or (event == "test" and LEGACY_TEST in names)


def order_of(hooks: Sequence[Hook], event: str) -> list[int]:
    """Indexes of the hooks of ``event``, in the order helm runs them."""
    chosen = [i for i, hook in enumerate(hooks) if has_event(hook, event)]
    return sorted(chosen, key=lambda i: (weight_of(hooks[i]), str(hooks[i].get("name", ""))))


def with_default_policy(hook: Hook) -> dict[str, Any]:
    """The hook with helm's default delete policy written down when it names none."""
    if hook.get("delete_policies"):
        return dict(hook)
    return {**hook, "delete_policies": [BEFORE_HOOK_CREATION]}


def has_policy(hook: Hook, policy: str) -> bool:
    return policy in (hook.get("delete_policies") or ())


def started(hook: Hook, *, at: str) -> dict[str, Any]:
    return {**hook, "last_run": {"started_at": at, "completed_at": "", "phase": RUNNING}}


def finished(hook: Hook, *, at: str, phase: str) -> dict[str, Any]:
    last_run = dict(hook.get("last_run") or {})
    return {**hook, "last_run": {**last_run, "completed_at": at, "phase": phase}}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Verdict:
    done: bool
    failure: str = ""  # helm's message when the object failed
    state: str = ""  # what it is waiting on, for a timeout message


def verdict(kind: str, name: str, live: Mapping[str, Any] | None) -> Verdict:
    """Whether a hook object has finished, as helm's WatchUntilReady judges it."""
    if live is None:
        return Verdict(done=True)  # deleted: helm's watch stops without an error
    status = live.get("status") or {}
    if kind == "Pod":
        phase = str(status.get("phase") or "Pending")
        if phase == "Succeeded":
            return Verdict(done=True)
        if phase == "Failed":
            return Verdict(done=True, failure=f"pod {name} failed")
        return Verdict(done=False, state=f"pod {name} is {phase}")
    if kind == "Job":
        for condition in status.get("conditions") or ():
            if condition.get("status") != "True":
                continue
            if condition.get("type") == "Complete":
                return Verdict(done=True)
            if condition.get("type") == "Failed":
                reason = condition.get("reason") or ""
                return Verdict(done=True, failure=f"job {name} failed: {reason}")
        return Verdict(done=False, state=f"job {name} has not completed")
    return Verdict(done=True)
