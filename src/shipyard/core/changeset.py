"""The one result of a sync: what happened to each object, and why."""

from __future__ import annotations

import collections
import dataclasses
import enum

from shipyard.core import manifests


class Action(enum.Enum):
    CREATED = "created"
    CONFIGURED = "configured"
    UNCHANGED = "unchanged"
    PRUNED = "pruned"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Change:
    ref: manifests.ObjectRef
    action: Action
    reason: str = ""
    diff: str = ""  # masked YAML diff, empty when unchanged


@dataclasses.dataclass(frozen=True, kw_only=True)
class ChangeSet:
    revision: str
    changes: tuple[Change, ...]

    @property
    def failed(self) -> bool:
        return any(change.action is Action.FAILED for change in self.changes)

    def counts(self) -> dict[Action, int]:
        return dict(collections.Counter(change.action for change in self.changes))

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[action]} {action.value}" for action in Action if counts.get(action)]
        return ", ".join(parts) or "nothing to do"
