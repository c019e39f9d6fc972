"""A small web service: /, /healthz, /readyz and /metrics (Prometheus text format).

Standard library only, so the same code runs in the daemonless image and in the Dockerfile
build. Run it with ``python3 -m server`` from this directory (PORT, default 8080).
"""

from __future__ import annotations

import http.server
import json
import os
import threading
import time

VERSION = os.environ.get("APP_VERSION", "dev")


class Metrics:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: dict[tuple[str, int], int] = {}
        self.started = time.time()

    def count(self, path: str, status: int) -> None:
        with self._lock:
            self.requests[(path, status)] = self.requests.get((path, status), 0) + 1

    def render(self) -> str:
        lines = [
            "# HELP webapp_requests_total Requests served, by path and status.",
            "# TYPE webapp_requests_total counter",
        ]
        with self._lock:
            for (path, status), count in sorted(self.requests.items()):
                lines.append(f'webapp_requests_total{{path="{path}",status="{status}"}} {count}')
        lines += [
            "# HELP webapp_start_time_seconds Start time of the process.",
            "# TYPE webapp_start_time_seconds gauge",
            f"webapp_start_time_seconds {self.started:.3f}",
            "# HELP webapp_info Version of the running service.",
            "# TYPE webapp_info gauge",
            f'webapp_info{{version="{VERSION}"}} 1',
        ]
        return "\n".join(lines) + "\n"


class State:
    def __init__(self) -> None:
        self.metrics = Metrics()
        self.ready = threading.Event()


def handler(state: State) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/":
                status, body, kind = (
                    200,
                    json.dumps({"service": "webapp", "version": VERSION}),
                    "application/json",
                )
            elif path == "/healthz":
                status, body, kind = 200, "ok\n", "text/plain"
            elif path == "/readyz":
                ready = state.ready.is_set()
                status, body, kind = (
                    (200, "ready\n", "text/plain") if ready else (503, "starting\n", "text/plain")
                )
            elif path == "/metrics":
                status, body, kind = 200, state.metrics.render(), "text/plain; version=0.0.4"
            else:
                status, body, kind = 404, "not found\n", "text/plain"
            state.metrics.count(path if status != 404 else "other", status)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            return None

    return Handler


def serve(port: int, state: State | None = None) -> http.server.ThreadingHTTPServer:
    state = state or State()
    server = http.server.ThreadingHTTPServer(("0.0.0.0", port), handler(state))
    state.ready.set()
    return server


if __name__ == "__main__":
    serve(int(os.environ.get("PORT", "8080"))).serve_forever()
