"""Health assessment of Kubernetes objects, as Argo CD's built-in checks and kstatus define it:
``assess`` gives one object's ``HealthStatus`` (a ``Health`` verdict and why), ``worst`` folds
the verdicts of many objects into one.

Modules: ``status`` (the result types and ``worst``), ``assessing`` (dispatch by kind),
``workloads``, ``pods`` and ``cluster`` (checks of built-in kinds), ``generic`` (kstatus, for
every other kind), ``fields`` (type-checked reads of raw JSON).
"""

from __future__ import annotations

from shipyard.core.health.assessing import assess
from shipyard.core.health.status import Health, HealthStatus, worst

__all__ = ["Health", "HealthStatus", "assess", "worst"]
