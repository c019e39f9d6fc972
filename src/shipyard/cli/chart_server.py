"""A warm process for ``shipyard chart template``: ``shipyard chart serve``.

A Python process pays 60-100 ms of interpreter start and imports before it renders anything,
more than ``helm template``'s whole run. ``shipyard chart serve`` keeps one process with the
rendering modules (and every template function) imported, listening on a Unix socket; while it
runs, ``shipyard chart template`` sends its arguments, working directory and environment there
instead of importing the renderer, and prints what comes back. Requests are rendered one at a
time, each from the files as they are at that moment (nothing of a chart is kept between
requests but the engine's content-keyed caches: parsed templates by their text, compiled
regular expressions), so the output is the one the command prints without a server; the tests
hold both to helm's.

The server is opt-in (nothing starts it behind the user's back) and stops after ``--idle``
seconds without a request, or with ``shipyard chart serve --stop``. It answers only processes
of its own user (SO_PEERCRED), from a socket in a 0700 directory. When shipyard's own code
changes on disk, it tells the client to render in-process and exits. Any failure to reach it
makes the client render in-process: the server only ever saves time.

The socket's path is :func:`shipyard.cli.chart_client.socket_path`; the client side is
:mod:`shipyard.cli.chart_client`. ``SHIPYARD_RENDER_SERVER=0`` makes the client ignore a
running server.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import socket
import struct
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from shipyard.cli import chart_client

MAX_REQUEST = 4 << 20  # argv, cwd and environment: far below this
_PEERCRED = struct.Struct("3i")  # pid, uid, gid


# -- the server side -------------------------------------------------------------------------


def _warm_up() -> None:
    """Import what a render uses, every template function included."""
    from shipyard.core.charts import functions, templatefuncs
    from shipyard.engine.charts import templating

    del templating
    functions.function_map(templatefuncs._NoRenderer())


def code_stamps() -> dict[str, int]:
    """Modification times of shipyard's loaded modules (to notice an upgrade on disk)."""
    stamps: dict[str, int] = {}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if (name == "shipyard" or name.startswith("shipyard.")) and path:
            with contextlib.suppress(OSError):
                stamps[path] = Path(path).stat().st_mtime_ns
    return stamps


def changed(stamps: dict[str, int]) -> bool:
    for path, stamp in stamps.items():
        try:
            if Path(path).stat().st_mtime_ns != stamp:
                return True
        except OSError:
            return True
    return False


def _peer_uid(conn: socket.socket) -> int:
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _PEERCRED.size)
    return int(_PEERCRED.unpack(creds)[1])


def render_request(message: dict[str, object]) -> dict[str, object]:
    """Render as ``shipyard chart template`` would in the client's directory, environment and
    umask (``--output-dir`` writes files; all restored afterwards); the reply holds the exit
    code and both output streams."""
    from shipyard.cli import chart_fast

    argv, cwd, env = message.get("argv"), message.get("cwd"), message.get("env")
    if not (
        isinstance(argv, list)
        and all(isinstance(a, str) for a in argv)
        and isinstance(cwd, str)
        and isinstance(env, dict)
    ):
        return {"code": 1, "out": "", "err": "Error: malformed request to the render server\n"}
    umask = message.get("umask")
    saved_cwd, saved_env = Path.cwd(), dict(os.environ)
    saved_umask = os.umask(umask if isinstance(umask, int) and 0 <= umask <= 0o777 else 0o022)
    stdout, stderr = io.StringIO(), io.StringIO()
    code: int
    try:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in env.items()})
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code, out, err = chart_fast.run(argv)
            except SystemExit as exc:  # argparse: usage errors and --help
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                out, err = "", ""
    except Exception as exc:  # reported to the client; the server goes on
        code, out, err = 1, "", f"Error: render server: {type(exc).__name__}: {exc}\n"
    finally:
        os.umask(saved_umask)
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
    return {"code": code, "out": stdout.getvalue() + out, "err": stderr.getvalue() + err}


def _serve_one(conn: socket.socket, stamps: dict[str, int]) -> bool:
    """Answer one connection; False when the server should stop."""
    if _peer_uid(conn) != os.getuid():
        return True  # another user's process: closed unanswered
    message = chart_client.receive(conn, limit=MAX_REQUEST)
    if message.get("stop"):
        chart_client.send(conn, {"stopped": True})
        return False
    if changed(stamps):
        chart_client.send(conn, {"stale": True})
        return False
    started = time.perf_counter()
    reply = render_request(message)
    chart_client.send(conn, reply)
    # No arguments in the log: --set values may hold secrets.
    elapsed = (time.perf_counter() - started) * 1000
    print(f"rendered: exit {reply['code']} in {elapsed:.1f} ms", file=sys.stderr, flush=True)
    return True


def _bind(path: str) -> socket.socket:
    Path(path).parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if Path(path).exists():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(path)
            except OSError:
                Path(path).unlink()  # left by a server that died
            else:
                raise SystemExit(f"a render server already listens on {path}")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    previous = os.umask(0o177)
    try:
        server.bind(path)
    finally:
        os.umask(previous)
    server.listen(64)
    return server


def serve(*, path: str, idle: float, ready: Callable[[], None] | None = None) -> None:
    """Listen on ``path`` until ``idle`` seconds pass without a request, or a stop; ``ready``
    is called once the socket listens."""
    _warm_up()
    stamps = code_stamps()
    server = _bind(path)
    if ready is not None:
        ready()
    server.settimeout(idle)
    try:
        while True:
            try:
                conn, _ = server.accept()
            except TimeoutError:
                return
            with conn:
                conn.settimeout(600)
                try:
                    if not _serve_one(conn, stamps):
                        return
                except (OSError, ValueError, EOFError):
                    continue
    finally:
        server.close()
        with contextlib.suppress(OSError):
            Path(path).unlink()


def stop(path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.connect(path)
            chart_client.send(conn, {"stop": True})
            chart_client.receive(conn)
    except (OSError, ValueError, EOFError):
        return False
    return True


def _detach() -> None:
    """Become a background daemon (double fork, new session, quiet stdio)."""
    if os.fork() > 0:
        os._exit(0)
    os.setsid()
    if os.fork() > 0:
        os._exit(0)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="shipyard chart serve",
        description="Keep a warm rendering process for `shipyard chart template`.",
    )
    parser.add_argument("--socket", default=None, help="Unix socket path (default: see docs)")
    parser.add_argument("--idle", type=float, default=900.0, help="stop after idle seconds")
    parser.add_argument("--detach", action="store_true", help="run in the background")
    parser.add_argument("--stop", action="store_true", help="stop the running server")
    options = parser.parse_args(list(argv))
    path = options.socket or chart_client.socket_path()
    if options.stop:
        stopped = stop(path)
        print(f"render server on {path} {'stopped' if stopped else 'was not running'}")
        return 0
    if len(path.encode()) > 100:
        print(f"Error: socket path too long for a Unix socket: {path}", file=sys.stderr)
        return 1
    print(f"render server on {path} (stops after {options.idle:g} s idle)", flush=True)
    if options.detach:
        ready_r, ready_w = os.pipe()
        if os.fork() > 0:  # wait until the daemon listens, so the next command finds it
            os.close(ready_w)
            return 0 if os.read(ready_r, 1) == b"1" else 1
        os.close(ready_r)
        _detach()

        def ready() -> None:
            os.write(ready_w, b"1")
            os.close(ready_w)

        try:
            serve(path=path, idle=options.idle, ready=ready)
        except BaseException:  # the waiting parent learns it failed
            with contextlib.suppress(OSError):
                os.write(ready_w, b"0")
        os._exit(0)
    serve(path=path, idle=options.idle)
    return 0
