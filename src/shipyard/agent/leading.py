"""Leader election on a coordination.k8s.io Lease, so that of several agent replicas exactly
one reconciles (../shared/SECURITY-CASES.md 41).

The holder renews the Lease every ``renew`` seconds; another replica takes it over once
``renewTime + leaseDurationSeconds`` has passed. Every write carries the resourceVersion it read,
so two replicas racing for an expired Lease cannot both win: the loser gets a conflict.
A leader that cannot renew before its lease runs out stops leading at once.
"""

from __future__ import annotations

import datetime
import logging
import os
import socket
import threading
import uuid

import httpx2
import lightkube
from lightkube.models import coordination_v1 as lease_models
from lightkube.models import meta_v1
from lightkube.resources import coordination_v1

LOG = logging.getLogger("shipyard.agent.leader")


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class Elector:
    def __init__(
        self,
        client: lightkube.Client,
        *,
        namespace: str,
        name: str = "shipyard-agent",
        duration: float = 15.0,
        renew: float = 5.0,
    ) -> None:
        self.client = client
        self.namespace = namespace
        self.name = name
        self.duration = duration
        self.renew = renew
        # Host and PID make the holder traceable to a process (`kubectl get lease`).
        self.identity = f"{socket.gethostname()}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self.leading = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="shipyard-leader", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stops renewing without releasing: a successor waits for the lease to expire, as after
        a crash (a clean release would hide a wrong expiry in tests)."""
        self._stop.set()
        self.leading.clear()

    def release(self) -> None:
        """Gives the lease up at a graceful shutdown, so a successor need not wait for it to
        expire (a crashed replica cannot; its lease just runs out)."""
        was_leading = self.leading.is_set()
        self.stop()
        if not was_leading:
            return
        try:
            lease = self.client.get(coordination_v1.Lease, self.name, namespace=self.namespace)
            if lease.spec is not None and lease.spec.holderIdentity == self.identity:
                lease.spec.holderIdentity = None
                lease.spec.renewTime = None
                self.client.replace(lease)
        except (lightkube.ApiError, httpx2.HTTPError) as exc:
            LOG.warning("could not release the lease: %s", exc)

    def _run(self) -> None:
        last_renewal = 0.0
        while not self._stop.is_set():
            try:
                if self._try_acquire_or_renew():
                    last_renewal = _now().timestamp()
                    if not self.leading.is_set():
                        LOG.info("%s became the leader", self.identity)
                    self.leading.set()
                else:
                    self.leading.clear()
            except (lightkube.ApiError, httpx2.HTTPError) as exc:
                LOG.warning("leader election: %s", exc)
                if _now().timestamp() - last_renewal > self.duration:
                    self.leading.clear()
            self._stop.wait(self.renew if self.leading.is_set() else min(self.renew, 1.0))

    def _try_acquire_or_renew(self) -> bool:
        now = _now()
        stamp = now
        try:
            lease = self.client.get(coordination_v1.Lease, self.name, namespace=self.namespace)
        except lightkube.ApiError as exc:
            if exc.status is None or exc.status.code != 404:
                raise
            self.client.create(
                coordination_v1.Lease(
                    metadata=meta_v1.ObjectMeta(name=self.name, namespace=self.namespace),
                    spec=lease_models.LeaseSpec(
                        holderIdentity=self.identity,
                        leaseDurationSeconds=int(self.duration),
                        acquireTime=stamp,
                        renewTime=stamp,
                        leaseTransitions=0,
                    ),
                )
            )
            return True
        spec = lease.spec or lease_models.LeaseSpec()
        holder = spec.holderIdentity
        renewed = spec.renewTime
        expired = True
        if renewed is not None:
            if renewed.tzinfo is None:
                renewed = renewed.replace(tzinfo=datetime.UTC)
            expired = (now - renewed).total_seconds() > (spec.leaseDurationSeconds or 15)
        if holder not in (None, self.identity) and not expired:
            return False
        transitions = (spec.leaseTransitions or 0) + (0 if holder == self.identity else 1)
        lease.spec = lease_models.LeaseSpec(
            holderIdentity=self.identity,
            leaseDurationSeconds=int(self.duration),
            acquireTime=spec.acquireTime if holder == self.identity else stamp,
            renewTime=stamp,
            leaseTransitions=transitions,
        )
        try:
            self.client.replace(lease)  # carries the resourceVersion read above
        except lightkube.ApiError as exc:
            if exc.status is not None and exc.status.code == 409:
                return False  # another replica won the race
            raise
        return True
