"""Confinement of Kustomize overlays before the real kustomize runs."""

from __future__ import annotations

import re

import pytest

from shipyard import errors
from shipyard.core import kustomizations

BASE = {
    "base/kustomization.yaml": b"resources: [deployment.yaml]\n",
    "base/deployment.yaml": b"kind: Deployment\n",
    "overlays/prod/app.env": b"A=1\n",
    "overlays/prod/patch.yaml": b"kind: Deployment\n",
}


def _with(overlay: str) -> dict[str, bytes]:
    return {**BASE, "overlays/prod/kustomization.yaml": overlay.encode()}


def test_overlay_with_base_patch_and_generator_is_accepted() -> None:
    overlay = (
        "resources: [../../base]\n"
        "patches: [{path: patch.yaml}]\n"
        "configMapGenerator: [{name: app, envs: [app.env], files: [cfg=app.env]}]\n"
    )
    kustomizations.check(files=_with(overlay), root="overlays/prod")


@pytest.mark.parametrize(
    ("overlay", "expected"),
    [
        ("resources: [../../../..]\n", "leaves the repository"),
        ("resources: [/etc]\n", "absolute paths are not allowed"),
        ("configMapGenerator: [{name: x, files: [/proc/self/environ]}]\n", "absolute paths are not allowed"),
        ("configMapGenerator: [{name: x, files: [env=../../../proc/self/environ]}]\n", "leaves the repository"),
        ("secretGenerator: [{name: x, envs: [../../../../etc/shadow]}]\n", "leaves the repository"),
        ("resources: [https://example.com/base]\n", "remote bases are disabled"),
        ("resources: [github.com/org/repo//base]\n", "remote bases are disabled"),
        ("generators: [plugin.yaml]\n", "generators is not allowed"),
        ("helmCharts: [{name: x}]\n", "helmCharts is not allowed"),
        ("resources: [missing.yaml]\n", "not found in the repository"),
        ("patches: [{path: ../../secret.yaml}]\n", "not found in the repository"),
        ("resources: [link.yaml]\n", "is a symbolic link"),
        ("[not, a, mapping]\n", "must be a mapping"),
    ],
)  # fmt: skip
def test_unsafe_or_broken_references_are_refused(overlay: str, expected: str) -> None:
    with pytest.raises(errors.UserError) as caught:
        kustomizations.check(
            files=_with(overlay),
            root="overlays/prod",
            symlinks=frozenset({"overlays/prod/link.yaml"}),
        )
    assert expected in str(caught.value)
    assert "overlays/prod/kustomization.yaml" in str(caught.value)


def test_cycles_are_reported_not_followed() -> None:
    files = {
        "a/kustomization.yaml": b"resources: [../b]\n",
        "b/kustomization.yaml": b"resources: [../a]\n",
    }
    with pytest.raises(
        errors.UserError,
        match=re.escape(
            "cycle: a/kustomization.yaml -> b/kustomization.yaml -> a/kustomization.yaml"
        ),
    ):
        kustomizations.check(files=files, root="a")


def test_self_reference_is_a_cycle() -> None:
    with pytest.raises(errors.UserError, match="cycle"):
        kustomizations.check(files={"k/kustomization.yaml": b"resources: [.]\n"}, root="k")
