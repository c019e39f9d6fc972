"""The agent's HTTP endpoints: Git webhooks, Prometheus metrics and its own probes.

    POST /api/webhook   push webhooks (GitHub, GitLab, Gitea); 202 with the number queued
    GET  /metrics       Prometheus text format
    GET  /healthz       200 while the process serves
    GET  /readyz        200 once the Application watch runs

The body size is checked from Content-Length before anything is read; a request without a
length is refused (411).
"""

from __future__ import annotations

import http.server
import json
import threading

from shipyard.agent import controller
from shipyard.core import webhooks


class _Handler(http.server.BaseHTTPRequestHandler):
    agent: controller.Agent
    server_version = "shipyard-agent/1"

    def log_message(self, format: str, *args: object) -> None:
        controller.LOG.debug("%s %s", self.address_string(), format % args)

    def _reply(
        self, status: int, body: dict[str, object] | bytes, content: str = "application/json"
    ) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        if self.path == "/healthz":
            self._reply(200, {"status": "ok"})
        elif self.path == "/readyz":
            ready = self.agent.ready.is_set()
            self._reply(200 if ready else 503, {"ready": ready})
        elif self.path == "/metrics":
            self._reply(200, self.agent.metrics.render(), "text/plain; version=0.0.4")
        else:
            self._reply(404, {"error": "not found"})

    def do_POST(self) -> None:
        if self.path != "/api/webhook":
            self._reply(404, {"error": "not found"})
            return
        length_header = self.headers.get("Content-Length")
        if length_header is None or not length_header.isdigit():
            self._reply(411, {"error": "Content-Length required"})
            return
        length = int(length_header)
        if length > webhooks.MAX_BODY_BYTES:
            self._reply(413, {"error": f"body over {webhooks.MAX_BODY_BYTES} bytes"})
            self.close_connection = True
            return
        body = self.rfile.read(length)
        try:
            push = webhooks.parse_push(
                headers=dict(self.headers.items()),
                body=body,
                secret=self.agent.settings.webhook_secret,
            )
            queued = self.agent.handle_push(push)
        except webhooks.Rejected as exc:
            self._reply(exc.status, {"error": exc.reason})
            return
        self._reply(202, {"queued": queued})


def serve(agent: controller.Agent, *, host: str, port: int) -> http.server.ThreadingHTTPServer:
    """Starts the server in a background thread and returns it (``shutdown()`` stops it)."""
    handler = type("AgentHandler", (_Handler,), {"agent": agent})
    server = http.server.ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="shipyard-http", daemon=True).start()
    return server
