"""A generic webhook notifier: JSON events signed with HMAC-SHA256, in a Slack-compatible shape.

The body carries `text` (what Slack and Mattermost incoming webhooks display) plus structured
fields for other receivers. The signature is `X-Shipyard-Signature-256: sha256=<hex>` over the
exact body. Sending happens on a background thread with a bounded queue and timeout, so a slow
or dead receiver never delays a reconcile; failures are logged and dropped. Credentials in the
URL are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import queue
import threading
import urllib.parse
from typing import Any

import httpx

LOG = logging.getLogger("shipyard.notify")
SIGNATURE_HEADER = "X-Shipyard-Signature-256"


def sign(body: bytes, secret: bytes) -> str:
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def _safe(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}{parts.path}"


class Notifier:
    def __init__(self, *, url: str, secret: bytes, timeout: float = 5.0) -> None:
        self.url = url
        self.secret = secret
        self.timeout = timeout
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=1000)
        self._thread = threading.Thread(target=self._send_all, name="shipyard-notify", daemon=True)
        self._thread.start()

    def notify(self, *, event: str, text: str, fields: dict[str, Any]) -> None:
        body = json.dumps({"text": text, "event": event, **fields}, sort_keys=True).encode()
        try:
            self._queue.put_nowait(body)
        except queue.Full:
            LOG.warning("notification queue full; dropped %s", event)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=self.timeout + 1)

    def _send_all(self) -> None:
        with httpx.Client(timeout=self.timeout, trust_env=False) as client:
            while (body := self._queue.get()) is not None:
                headers = {"Content-Type": "application/json"}
                if self.secret:
                    headers[SIGNATURE_HEADER] = sign(body, self.secret)
                try:
                    response = client.post(self.url, content=body, headers=headers)
                    if response.status_code >= 300:
                        LOG.warning(
                            "notification to %s: HTTP %s", _safe(self.url), response.status_code
                        )
                except httpx.HTTPError as exc:
                    LOG.warning(
                        "notification to %s failed: %s", _safe(self.url), type(exc).__name__
                    )
