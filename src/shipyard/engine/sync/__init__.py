"""The sync use case: an Application's source rendered from Git and reconciled into a cluster."""

from __future__ import annotations
