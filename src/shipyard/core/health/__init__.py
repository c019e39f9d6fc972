"""Health assessment of Kubernetes objects, as Argo CD's built-in checks and kstatus define it:
``assess`` gives one object's ``HealthStatus`` (a ``Health`` verdict and why), ``worst`` folds
the verdicts of many objects into one.

Modules: ``status`` (the result types and ``worst``), ``assessing`` (dispatch by kind),
``workloads``, ``pods`` and ``cluster`` (checks of built-in kinds), ``generic`` (kstatus, for
every other kind), ``custom`` (users' checks in CEL: ``CustomCheck``, ``parse_checks``, which
``assess`` takes as ``checks=``), ``fields`` (type-checked reads of raw JSON).
"""

from __future__ import annotations

from shipyard.core.health.assessing import assess
from shipyard.core.health.custom import CustomCheck, parse_checks
from shipyard.core.health.status import Health, HealthStatus, worst

__all__ = ["CustomCheck", "Health", "HealthStatus", "assess", "parse_checks", "worst"]
