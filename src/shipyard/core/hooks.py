"""Sync hooks: objects (usually Jobs) run before, during or after a sync instead of being kept.

A hook is marked with the annotation ``shipyard.dev/hook`` (Argo CD's ``argocd.argoproj.io/hook``
is read too, so existing repositories work unchanged) naming its phase, and optionally
``shipyard.dev/hook-delete-policy`` (or Argo CD's) with ``BeforeHookCreation`` (the default),
``HookSucceeded`` and/or ``HookFailed``. Hooks are not part of the inventory and never pruned.
"""

from __future__ import annotations

import enum

from shipyard.core import manifests

HOOK_ANNOTATIONS = ("shipyard.dev/hook", "argocd.argoproj.io/hook")
POLICY_ANNOTATIONS = ("shipyard.dev/hook-delete-policy", "argocd.argoproj.io/hook-delete-policy")


class Phase(enum.Enum):
    PRE_SYNC = "PreSync"
    SYNC = "Sync"
    POST_SYNC = "PostSync"
    SYNC_FAIL = "SyncFail"


class Policy(enum.Enum):
    BEFORE_HOOK_CREATION = "BeforeHookCreation"
    HOOK_SUCCEEDED = "HookSucceeded"
    HOOK_FAILED = "HookFailed"


def _annotation(manifest: manifests.Manifest, names: tuple[str, ...]) -> str | None:
    annotations = (manifest.get("metadata") or {}).get("annotations") or {}
    for name in names:
        if name in annotations:
            return str(annotations[name])
    return None


# Helm hooks in a chart rendered by the sync engine, mapped as Argo CD maps them.
HELM_HOOK = "helm.sh/hook"
HELM_POLICY = "helm.sh/hook-delete-policy"
_HELM_PHASES = {"pre-install": "PreSync", "pre-upgrade": "PreSync",
                "post-install": "PostSync", "post-upgrade": "PostSync"}  # fmt: skip
_HELM_POLICIES = {"before-hook-creation": "BeforeHookCreation", "hook-succeeded": "HookSucceeded",
                  "hook-failed": "HookFailed"}  # fmt: skip


def _helm_phase(manifest: manifests.Manifest) -> str | None:
    raw = _annotation(manifest, (HELM_HOOK,))
    if raw is None:
        return None
    phases = {_HELM_PHASES.get(event.strip()) for event in raw.split(",")}
    phases.discard(None)
    # Delete and rollback hooks have no sync phase; they are skipped like Argo CD does.
    return sorted(p for p in phases if p)[0] if phases else "Skip"


def is_unsynced_helm_hook(manifest: manifests.Manifest) -> bool:
    """A Helm hook with no sync phase (delete, rollback, test): left out of a GitOps sync."""
    return _helm_phase(manifest) == "Skip"


def phase_of(manifest: manifests.Manifest) -> Phase | None:
    """The hook phase of an object, None for ordinary objects; unknown phases are an error."""
    raw = _annotation(manifest, HOOK_ANNOTATIONS)
    if raw is None:
        helm = _helm_phase(manifest)
        if helm is None or helm == "Skip":
            return None
        raw = helm
    values = [value.strip() for value in raw.split(",") if value.strip()]
    try:
        phases = [Phase(value) for value in values]
    except ValueError as exc:
        ref = manifests.ref_of(manifest)
        allowed = ", ".join(p.value for p in Phase)
        raise ValueError(f"{ref}: hook phase {raw!r} is not one of {allowed}") from exc
    if len(phases) != 1:
        raise ValueError(f"{manifests.ref_of(manifest)}: exactly one hook phase is supported")
    return phases[0]


def policies_of(manifest: manifests.Manifest) -> frozenset[Policy]:
    raw = _annotation(manifest, POLICY_ANNOTATIONS)
    if raw is None and _annotation(manifest, (HELM_POLICY,)) is not None:
        helm = str(_annotation(manifest, (HELM_POLICY,)))
        raw = ",".join(_HELM_POLICIES.get(v.strip(), v.strip()) for v in helm.split(","))
    if raw is None:
        return frozenset({Policy.BEFORE_HOOK_CREATION})
    try:
        return frozenset(Policy(value.strip()) for value in raw.split(",") if value.strip())
    except ValueError as exc:
        allowed = ", ".join(p.value for p in Policy)
        raise ValueError(
            f"{manifests.ref_of(manifest)}: hook delete policy {raw!r} is not one of {allowed}"
        ) from exc
