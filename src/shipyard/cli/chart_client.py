"""The client side of ``shipyard chart serve`` (see :mod:`shipyard.cli.chart_server`).

Imported by ``shipyard chart template`` before anything else, so it uses only what the
interpreter has loaded at start (``os``, ``marshal``, ``_socket``): reaching a warm server must
cost less than the imports it saves. Wire format, both ways: a 4-byte big-endian length, then a
marshalled dict.
"""

# os.path, not pathlib: this module runs before any import it can avoid.
# ruff: noqa: PTH109, PTH110, PTH111, PTH118

from __future__ import annotations

import _socket
import marshal
import os
import sys

MAX_MESSAGE = 256 << 20  # a reply carries the rendered output
TIMEOUT = 600.0


def socket_path() -> str:
    """``$SHIPYARD_RENDER_SOCKET``, else ``$XDG_RUNTIME_DIR/shipyard/chart-render.sock``, else
    ``~/.cache/shipyard/run/chart-render.sock``."""
    explicit = os.environ.get("SHIPYARD_RENDER_SOCKET")
    if explicit:
        return explicit
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return os.path.join(runtime, "shipyard", "chart-render.sock")
    return os.path.join(os.path.expanduser("~"), ".cache", "shipyard", "run", "chart-render.sock")


def send(conn: _socket.socket, message: dict[str, object]) -> None:
    payload = marshal.dumps(message)
    conn.sendall(len(payload).to_bytes(4, "big") + payload)


def receive(conn: _socket.socket, *, limit: int = MAX_MESSAGE) -> dict[str, object]:
    size = int.from_bytes(_read_exactly(conn, 4), "big")
    if size > limit:
        raise ValueError(f"message of {size} bytes is over the {limit}-byte limit")
    message = marshal.loads(_read_exactly(conn, size))
    if not isinstance(message, dict):
        raise ValueError("message is not a map")
    return message


def _read_exactly(conn: _socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = conn.recv(min(remaining, 1 << 20))
        if not chunk:
            raise ConnectionError("connection closed mid-message")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def connect(path: str) -> _socket.socket:
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.settimeout(TIMEOUT)
        conn.connect(path)
    except OSError:
        conn.close()
        raise
    return conn


def request(argv: list[str]) -> tuple[int, str, str] | None:
    """Have a running server render ``argv``; None when there is none or it cannot answer
    (the caller then renders in-process: rendering has no side effects to repeat, and
    ``--output-dir`` writes the same files again, each truncated by its first write)."""
    if os.environ.get("SHIPYARD_RENDER_SERVER") == "0":
        return None
    path = socket_path()
    if not os.path.exists(path):
        return None
    try:
        conn = connect(path)
        try:
            umask = os.umask(0o022)
            os.umask(umask)
            message = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask}
            send(conn, message)
            reply = receive(conn)
        finally:
            conn.close()
    except (OSError, ValueError, EOFError, TypeError):
        return None
    code, out, err = reply.get("code"), reply.get("out"), reply.get("err")
    if not (isinstance(code, int) and isinstance(out, str) and isinstance(err, str)):
        return None  # a server whose code changed on disk answers {"stale": True}
    return code, out, err


def emit(code: int, out: str, err: str) -> int:
    """Print a reply as the command prints its own output; returns the exit code."""
    for stream, text in ((sys.stderr, err), (sys.stdout, out)):
        if text:
            stream.flush()
            stream.buffer.write(text.encode("utf-8", "surrogateescape"))
            stream.buffer.flush()
    return code
