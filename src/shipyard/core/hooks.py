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


def phase_of(manifest: manifests.Manifest) -> Phase | None:
    """The hook phase of an object, None for ordinary objects; unknown phases are an error."""
    raw = _annotation(manifest, HOOK_ANNOTATIONS)
    if raw is None:
        return None
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
    if raw is None:
        return frozenset({Policy.BEFORE_HOOK_CREATION})
    try:
        return frozenset(Policy(value.strip()) for value in raw.split(",") if value.strip())
    except ValueError as exc:
        allowed = ", ".join(p.value for p in Policy)
        raise ValueError(
            f"{manifests.ref_of(manifest)}: hook delete policy {raw!r} is not one of {allowed}"
        ) from exc
