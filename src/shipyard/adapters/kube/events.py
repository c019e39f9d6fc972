"""Kubernetes Events about Applications (`kubectl describe application` shows them).

Messages come from shipyard's own summaries, which never carry Secret values; they are cut to
1 KiB as the API server's limit on event messages is tight.
"""

from __future__ import annotations

import datetime
import logging
import uuid

import httpx2
import lightkube
from lightkube.models import core_v1 as core_models
from lightkube.models import meta_v1
from lightkube.resources import core_v1

LOG = logging.getLogger("shipyard.events")
COMPONENT = "shipyard-agent"


def record(
    client: lightkube.Client,
    *,
    api_version: str,
    kind: str,
    namespace: str,
    name: str,
    uid: str | None,
    reason: str,
    message: str,
    warning: bool = False,
) -> None:
    """Creates one Event; a failure to record is logged, never raised (events are best effort)."""
    now = datetime.datetime.now(datetime.UTC)
    event = core_v1.Event(
        metadata=meta_v1.ObjectMeta(name=f"{name}.{uuid.uuid4().hex[:16]}", namespace=namespace),
        involvedObject=core_models.ObjectReference(
            apiVersion=api_version, kind=kind, name=name, namespace=namespace, uid=uid
        ),
        reason=reason,
        message=message[:1024],
        type="Warning" if warning else "Normal",
        source=core_models.EventSource(component=COMPONENT),
        reportingComponent=COMPONENT,
        reportingInstance=COMPONENT,
        firstTimestamp=now,
        lastTimestamp=now,
        count=1,
    )
    try:
        client.create(event, namespace=namespace)
    except (lightkube.ApiError, httpx2.HTTPError) as exc:
        LOG.warning("could not record event %s for %s/%s: %s", reason, namespace, name, exc)
