"""Unit tests of the example service (run by its pipeline's test step)."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import server


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_endpoints() -> None:
    state = server.State()
    httpd = server.serve(0, state)
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        assert _get(port, "/healthz") == (200, "ok\n")
        assert _get(port, "/readyz") == (200, "ready\n")
        status, body = _get(port, "/")
        assert status == 200 and json.loads(body)["service"] == "webapp"
        assert _get(port, "/nope")[0] == 404
        status, metrics = _get(port, "/metrics")
        assert status == 200
        assert 'webapp_requests_total{path="/healthz",status="200"} 1' in metrics
        assert 'webapp_requests_total{path="other",status="404"} 1' in metrics
    finally:
        httpd.shutdown()


def test_not_ready_until_serving() -> None:
    state = server.State()
    assert not state.ready.is_set()
