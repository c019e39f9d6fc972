"""The result of a health check: the ``Health`` verdict, the ``HealthStatus`` that explains it,
and ``worst``, which folds many verdicts into one (an application is as healthy as its worst
object)."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterable


class Health(enum.Enum):
    HEALTHY = "Healthy"
    PROGRESSING = "Progressing"
    DEGRADED = "Degraded"
    SUSPENDED = "Suspended"
    MISSING = "Missing"
    UNKNOWN = "Unknown"


@dataclasses.dataclass(frozen=True, kw_only=True)
class HealthStatus:
    """A verdict and the reason for it, in words a user can act on."""

    status: Health
    message: str


# Argo CD's order (gitops-engine health.IsWorse), so an application's aggregate health reads the
# same in both tools: UNKNOWN is worst because nothing can be promised about such an object.
_ORDER = (
    Health.HEALTHY,
    Health.SUSPENDED,
    Health.PROGRESSING,
    Health.MISSING,
    Health.DEGRADED,
    Health.UNKNOWN,
)
_RANK = {health: rank for rank, health in enumerate(_ORDER)}


def worst(statuses: Iterable[Health]) -> Health:
    """The worst of ``statuses``; HEALTHY when there are none (nothing is wrong with nothing)."""
    return max(statuses, key=_RANK.__getitem__, default=Health.HEALTHY)


def healthy(message: str) -> HealthStatus:
    return HealthStatus(status=Health.HEALTHY, message=message)


def progressing(message: str) -> HealthStatus:
    return HealthStatus(status=Health.PROGRESSING, message=message)


def degraded(message: str) -> HealthStatus:
    return HealthStatus(status=Health.DEGRADED, message=message)


def suspended(message: str) -> HealthStatus:
    return HealthStatus(status=Health.SUSPENDED, message=message)


def unknown(message: str) -> HealthStatus:
    return HealthStatus(status=Health.UNKNOWN, message=message)
