"""The Kubernetes API edge: clients built from kubeconfigs, errors translated for callers."""

from __future__ import annotations
