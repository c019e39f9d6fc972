"""Resource models (Application, Project, ...) validated at the boundary, and generated CRDs."""

from __future__ import annotations
