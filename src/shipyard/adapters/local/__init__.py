"""The local environment: a real Kubernetes control plane with KWOK nodes, an OCI registry and a
Git server, run as plain processes on loopback (no Docker)."""

from __future__ import annotations
