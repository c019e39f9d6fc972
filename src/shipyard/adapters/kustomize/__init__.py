"""The kustomize edge: running the pinned kustomize binary on a confined copy of a source."""

from __future__ import annotations
