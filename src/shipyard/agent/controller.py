"""The agent: keeps every Application of a namespace reconciled, continuously.

Triggers: a change of an Application's spec (watch), a change of any object an Application
owns (one watch per kind, cluster-wide: drift is seen without polling), a Git push webhook,
and an interval (default 3 minutes, jittered). Each trigger queues the Application's key; a
bounded pool of workers reconciles keys one at a time each, so one broken Application never
blocks the others (failures are requeued with exponential backoff).

A reconcile previews the sync (server-side dry-run, no writes when in sync). Out of sync with
automated sync on, it syncs when the target is new (revision or spec) or when ``selfHeal`` is
on; otherwise it records OutOfSync with the drifted objects. Status is written only when it
changes, so the agent's own writes do not feed back into more reconciles.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx2
import lightkube

from shipyard import errors
from shipyard.adapters.kube import cache as live_objects
from shipyard.adapters.kube import events
from shipyard.adapters.kube import objects as kube_objects
from shipyard.adapters.notify import webhook as webhook_notifier
from shipyard.agent import leading
from shipyard.agent import metrics as agent_metrics
from shipyard.agent import queue as work_queue
from shipyard.api import application as api
from shipyard.core import changeset, revisions, tracking, webhooks
from shipyard.engine.sync import applications, syncing

LOG = logging.getLogger("shipyard.agent")
Key = tracking.AppKey


@dataclasses.dataclass(frozen=True, kw_only=True)
class Settings:
    namespace: str
    cache: Path
    interval: float = 180.0
    workers: int = 4
    webhook_secret: bytes = b""
    max_backoff: float = 300.0
    lease_duration: float = 15.0
    lease_renew: float = 5.0
    notify_url: str = ""
    notify_secret: bytes = b""


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Known:
    repo: str
    revision: str
    generation: int | None


class Agent:
    def __init__(self, *, client: lightkube.Client, settings: Settings) -> None:
        self.client = client
        self.kube = kube_objects.Objects(client)
        self.settings = settings
        self.queue: work_queue.WorkQueue[Key] = work_queue.WorkQueue()
        self.live = live_objects.LiveCache()  # fed by one informer per managed kind
        self.metrics = agent_metrics.Metrics()
        self.metrics.cached_objects.set_function(self.live.size)
        self._known: dict[Key, _Known] = {}
        self._failures: dict[Key, int] = {}
        self._watched: set[tuple[str, str]] = set()
        self._deliveries: dict[str, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.ready = threading.Event()
        self.elector = leading.Elector(
            client,
            namespace=settings.namespace,
            duration=settings.lease_duration,
            renew=settings.lease_renew,
        )
        self.reconciles = 0  # by this replica: two replicas never both reconcile
        self.notifier = (
            webhook_notifier.Notifier(url=settings.notify_url, secret=settings.notify_secret)
            if settings.notify_url
            else None
        )

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        self.elector.start()
        self._spawn("applications", self._watch_applications)
        for index in range(self.settings.workers):
            self._threads.append(self._spawn(f"worker-{index}", self._work))

    def stop(self, *, release: bool = False) -> None:
        """Stops the workers (each finishes its reconcile); watch threads are daemons that end
        with their next event or the process. ``release`` gives the leader lease up (graceful
        shutdown); without it a successor waits for the lease to expire, as after a crash."""
        self._stop.set()
        if release:
            self.elector.release()
        else:
            self.elector.stop()
        self.queue.close()
        if self.notifier is not None:
            self.notifier.close()
        for thread in self._threads:
            thread.join(timeout=30)

    def _spawn(self, name: str, target: Callable[[], None]) -> threading.Thread:
        thread = threading.Thread(target=target, name=f"shipyard-{name}", daemon=True)
        thread.start()
        return thread

    # -- triggers --------------------------------------------------------------------------

    def _watch_forever(self, what: str, watch: Callable[[], None]) -> None:
        """Runs a watch, restarting it after errors (API server restarts, timeouts)."""
        while not self._stop.is_set():
            try:
                self.metrics.watches.inc()
                watch()
            except (lightkube.ApiError, httpx2.HTTPError, errors.ShipyardError) as exc:
                LOG.warning("watch of %s ended: %s; restarting", what, exc)
            finally:
                self.metrics.watches.dec()
            self._stop.wait(1.0)

    def _watch_applications(self) -> None:
        def watch() -> None:
            kind = self.kube.kind(api_version=applications.API_VERSION, kind="Application")
            if kind is None:
                raise errors.TransientError("the Application CRD is not installed")
            self.ready.set()
            for event, obj in self.client.watch(kind.resource, namespace=self.settings.namespace):
                if self._stop.is_set():
                    return
                self._on_application(event, obj.to_dict())

        self._watch_forever("Applications", watch)

    def _on_application(self, event: str, app: dict[str, Any]) -> None:
        metadata = app.get("metadata") or {}
        key = Key(namespace=str(metadata.get("namespace")), name=str(metadata.get("name")))
        source = (app.get("spec") or {}).get("source") or {}
        known = _Known(
            repo=webhooks.normalise_url(str(source.get("repoURL", ""))),
            revision=str(source.get("targetRevision", "HEAD")),
            generation=metadata.get("generation"),
        )
        with self._lock:
            if event == "DELETED":
                self._known.pop(key, None)
                return
            previous = self._known.get(key)
            self._known[key] = known
        # Status updates (our own writes) change no generation: they queue nothing.
        if previous is None or previous.generation != known.generation:
            self.queue.add(key)

    def _ensure_drift_watch(self, api_version: str, kind: str) -> None:
        with self._lock:
            if (api_version, kind) in self._watched:
                return
            self._watched.add((api_version, kind))
        self._spawn(f"watch-{kind}", lambda: self._watch_kind(api_version, kind))

    def _watch_kind(self, api_version: str, kind: str) -> None:
        def queue_owner(obj: dict[str, Any]) -> None:
            owner = tracking.owner_of(obj)
            if owner is not None and owner in self._known:
                self.queue.add(owner)

        def watch() -> None:
            live_objects.run_informer(
                self.kube,
                self.live,
                (api_version, kind),
                on_change=queue_owner,
                stopped=self._stop.is_set,
            )

        self._watch_forever(f"{kind} objects", watch)

    def handle_push(self, push: webhooks.Push) -> int:
        """Queues every Application that follows the pushed repository and branch."""
        now = time.monotonic()
        with self._lock:
            if push.delivery in self._deliveries:
                raise webhooks.Rejected(status=401, reason="delivery already received (replay)")
            self._deliveries[push.delivery] = now
            for delivery, seen in list(self._deliveries.items()):
                if now - seen > 3600:
                    del self._deliveries[delivery]
            repos = {webhooks.normalise_url(url) for url in push.repo_urls}
            matched = [
                key
                for key, known in self._known.items()
                if known.repo in repos
                and known.revision in ("HEAD", push.branch, push.ref.removeprefix("refs/tags/"))
            ]
        for key in matched:
            self.queue.add(key)
        return len(matched)

    # -- reconciling -------------------------------------------------------------------------

    def _work(self) -> None:
        while not self._stop.is_set():
            # Only the leader reconciles; the others keep their watches (and queue) warm.
            if not self.elector.leading.wait(timeout=0.5):
                continue
            key = self.queue.get(timeout=0.5)
            self.metrics.queue_depth.set(self.queue.depth())
            if key is None:
                continue
            if not self.elector.leading.is_set():
                self.queue.done(key)
                self.queue.add(key)
                continue
            try:
                started = time.monotonic()
                self.reconcile(key)
                self.metrics.reconcile_seconds.labels(key.namespace, key.name).observe(
                    time.monotonic() - started
                )
                self._failures.pop(key, None)
                jitter = random.uniform(0.9, 1.1)
                self.queue.add_after(key, self.settings.interval * jitter)
            except Exception as exc:  # one Application's failure must not stop the worker
                failures = self._failures.get(key, 0) + 1
                self._failures[key] = failures
                delay = min(self.settings.max_backoff, 2.0 ** min(failures, 16))
                LOG.warning("reconcile of %s failed (%s); retry in %.0f s", key, exc, delay)
                self.queue.add_after(key, delay)
            finally:
                self.queue.done(key)

    def reconcile(self, key: Key) -> None:
        self.reconciles += 1
        try:
            app = applications.get(self.kube, namespace=key.namespace, name=key.name)
        except errors.UserError:
            return  # deleted meanwhile
        for entry in (app.status.inventory if app.status else ()) or ():
            parsed = tracking.parse_inventory_entry(entry)
            if parsed is not None:
                self._ensure_drift_watch(parsed[0], parsed[1].kind)
        automated = app.spec.sync_policy.automated
        try:
            preview = applications.sync(
                self.kube,
                namespace=key.namespace,
                name=key.name,
                cache=self.settings.cache,
                dry_run=True,
                retry=False,
                live_cache=self.live,
                app=app,
            )
        except syncing.SyncFailed:
            # Run for real so that the failure is recorded in the status with its stage.
            applications.sync(
                self.kube,
                namespace=key.namespace,
                name=key.name,
                cache=self.settings.cache,
                retry=False,
            )
            return
        drifted = any(c.action is not changeset.Action.UNCHANGED for c in preview.changes.changes)
        status = app.status
        new_target = (
            status is None
            or status.sync.revision != preview.revision
            or status.observed_generation != app.metadata.generation
        )
        if drifted and automated is not None and (new_target or automated.self_heal):
            why = "new revision or spec" if new_target else "drift (selfHeal)"
            self._event(
                app, "SyncStarted", f"sync of {revisions.short(preview.revision)} started: {why}"
            )
            try:
                result = applications.sync(
                    self.kube,
                    namespace=key.namespace,
                    name=key.name,
                    cache=self.settings.cache,
                    retry=False,
                )
            except (syncing.SyncFailed, errors.TransientError) as exc:
                self._event(app, "SyncFailed", str(exc), warning=True)
                self._notify(app, "sync.failed", f"sync of {key} failed: {exc}")
                raise
            self._event(
                app,
                "SyncFailed" if result.changes.failed else "Synced",
                f"{revisions.short(result.revision)}: {result.changes.summary()}",
                warning=result.changes.failed,
            )
            self._notify(
                app,
                "sync.failed" if result.changes.failed else "sync.succeeded",
                f"{key} synced to {revisions.short(result.revision)}: {result.changes.summary()}",
                revision=result.revision,
            )
            pruned = result.changes.counts().get(changeset.Action.PRUNED, 0)
            if pruned:
                self._event(app, "Pruned", f"{pruned} objects pruned")
            self._health_event(app, result.health.status.value, result.health.message)
            counts = result.changes.counts()
            self.metrics.applied.inc(
                counts.get(changeset.Action.CREATED, 0) + counts.get(changeset.Action.CONFIGURED, 0)
            )
            self.metrics.pruned.inc(counts.get(changeset.Action.PRUNED, 0))
            self.metrics.syncs.labels("failed" if result.changes.failed else "succeeded").inc()
            for entry in result.inventory:
                parsed = tracking.parse_inventory_entry(entry)
                if parsed is not None:
                    self._ensure_drift_watch(parsed[0], parsed[1].kind)
            sync, health = ("OutOfSync" if result.changes.failed else "Synced"), result.health
            self.metrics.record_status(
                namespace=key.namespace, name=key.name, sync=sync, health=health.status.value
            )
            return
        recorded = applications.record_preview(
            self.kube, namespace=key.namespace, name=key.name, result=preview, app=app
        )
        if recorded.status is not None:
            self._health_event(app, recorded.status.health.status, recorded.status.health.message)
        self.metrics.record_status(
            namespace=key.namespace,
            name=key.name,
            sync="OutOfSync" if drifted else "Synced",
            health=recorded.status.health.status if recorded.status else "Unknown",
        )

    def _event(
        self, app: api.Application, reason: str, message: str, *, warning: bool = False
    ) -> None:
        events.record(
            self.client,
            api_version=applications.API_VERSION,
            kind="Application",
            namespace=app.metadata.namespace or self.settings.namespace,
            name=app.metadata.name,
            uid=app.metadata.uid,
            reason=reason,
            message=message,
            warning=warning,
        )

    def _notify(self, app: api.Application, event: str, text: str, *, revision: str = "") -> None:
        if self.notifier is None:
            return
        fields = {
            "application": {"namespace": app.metadata.namespace, "name": app.metadata.name},
            "revision": revision,
        }
        self.notifier.notify(event=event, text=text, fields=fields)

    def _health_event(self, app: api.Application, health: str, message: str) -> None:
        before = app.status.health.status if app.status else "Unknown"
        if health != before and health == "Degraded":
            self._notify(app, "health.degraded", f"{app.metadata.name} is Degraded: {message}")
        if health != before:
            self._event(
                app,
                "HealthChanged",
                f"{before} -> {health}: {message}",
                warning=health in ("Degraded", "Missing"),
            )
