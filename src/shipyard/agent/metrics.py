"""The agent's Prometheus metrics, in a registry of its own (several agents in one process in
tests must not collide)."""

from __future__ import annotations

import prometheus_client


class Metrics:
    def __init__(self) -> None:
        self.registry = prometheus_client.CollectorRegistry()
        self.reconcile_seconds = prometheus_client.Histogram(
            "shipyard_reconcile_duration_seconds",
            "Time to reconcile one Application.",
            ["namespace", "name"],
            registry=self.registry,
        )
        self.sync_status = prometheus_client.Gauge(
            "shipyard_app_sync_status",
            "1 for the Application's current sync status.",
            ["namespace", "name", "status"],
            registry=self.registry,
        )
        self.health_status = prometheus_client.Gauge(
            "shipyard_app_health_status",
            "1 for the Application's current health status.",
            ["namespace", "name", "status"],
            registry=self.registry,
        )
        self.applied = prometheus_client.Counter(
            "shipyard_objects_applied",
            "Objects created or configured by syncs.",
            registry=self.registry,
        )
        self.pruned = prometheus_client.Counter(
            "shipyard_objects_pruned", "Objects deleted by prunes.", registry=self.registry
        )
        self.syncs = prometheus_client.Counter(
            "shipyard_syncs", "Syncs run, by outcome.", ["outcome"], registry=self.registry
        )
        self.queue_depth = prometheus_client.Gauge(
            "shipyard_queue_depth", "Applications waiting to be reconciled.", registry=self.registry
        )
        self.watches = prometheus_client.Gauge(
            "shipyard_watches", "Open watches on the API server.", registry=self.registry
        )
        self.cached_objects = prometheus_client.Gauge(
            "shipyard_cached_objects",
            "Managed objects held in the watch-fed cache.",
            registry=self.registry,
        )

    def record_status(self, *, namespace: str, name: str, sync: str, health: str) -> None:
        for status in ("Synced", "OutOfSync", "Unknown"):
            self.sync_status.labels(namespace, name, status).set(1 if status == sync else 0)
        for status in ("Healthy", "Progressing", "Degraded", "Suspended", "Missing", "Unknown"):
            self.health_status.labels(namespace, name, status).set(1 if status == health else 0)

    def render(self) -> bytes:
        return bytes(prometheus_client.generate_latest(self.registry))
