"""Health of kinds without a dedicated check, by the kstatus conventions that Flux, Crossplane,
cert-manager and most well-behaved controllers follow: ``observedGeneration``, then the
``Stalled``, ``Reconciling`` and ``Ready`` conditions. Objects without a status (ConfigMaps,
Secrets, RBAC) are healthy by existing."""

from __future__ import annotations

from shipyard.core import manifests
from shipyard.core.health import fields, status


def observing(
    obj: manifests.Manifest, *, unreported_is_unobserved: bool = False
) -> status.HealthStatus | None:
    """PROGRESSING while the controller has not yet seen the latest spec, else None.

    Until it has, the other status fields describe an older spec and no verdict can be read from
    them. Built-in controllers always report ``observedGeneration``, so for them a missing one
    means "not yet observed"; many custom controllers never report it (kstatus then skips it).
    """
    generation = fields.optional_integer(obj, "metadata.generation")
    observed = fields.optional_integer(obj, "status.observedGeneration")
    if observed is None and unreported_is_unobserved:
        observed = 0
    if generation is not None and observed is not None and observed < generation:
        return status.progressing(
            f"waiting for the controller to observe generation {generation} (observed {observed})"
        )
    return None


def assess_by_conditions(obj: manifests.Manifest) -> status.HealthStatus:
    if not fields.mapping(obj, "status"):
        return status.healthy("no status reported; the object is healthy by existing")
    waiting = observing(obj)
    if waiting is not None:
        return waiting
    conditions = fields.conditions(obj)
    stalled = conditions.get("Stalled")
    if stalled is not None and stalled.true:
        return status.degraded(stalled.describe())
    reconciling = conditions.get("Reconciling")
    if reconciling is not None and reconciling.true:
        return status.progressing(reconciling.describe())
    ready = conditions.get("Ready")
    if ready is None:
        return status.healthy("status reports no Ready, Stalled or Reconciling condition")
    if ready.true:
        return status.healthy(ready.describe())
    if ready.false:
        return status.degraded(ready.describe())
    # Ready=Unknown: the controller has not decided yet (kstatus reads this as in progress).
    return status.progressing(ready.describe())
