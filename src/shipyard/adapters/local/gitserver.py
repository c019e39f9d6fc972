"""A Git server over smart HTTP: ``git http-backend`` behind a small threaded HTTP server.

Run as its own process by the local environment (``python -m shipyard.adapters.local.gitserver
--root DIR --port N``). Repositories are bare directories ``<root>/<name>.git``; clients clone,
fetch and push exactly as from a hosted forge. ``PUT /<name>.git`` creates a repository.
Chunked request bodies (large pushes) are decoded and streamed to the backend.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

from shipyard import errors

_REPO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*\.git$")
_CHUNK = 64 * 1024


def validate_repo_name(name: str) -> str:
    """A repository name such as ``team/app.git``: no ``..``, no leading ``/`` or ``-``."""
    if not _REPO_NAME.match(name) or any(part in ("..", ".") for part in name.split("/")):
        raise errors.UserError(
            f"git repository name {name!r} is invalid: use letters, digits, '.', '_', '-' and "
            "'/' between parts, ending in .git"
        )
    return name


def create_repository(*, root: Path, name: str, git: str = "git") -> Path:
    """Creates a bare repository (default branch ``main``) that accepts pushes; idempotent."""
    path = root / validate_repo_name(name)
    if (path / "HEAD").is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    for argv in (
        [git, "init", "--quiet", "--bare", "--initial-branch=main", str(path)],
        [git, "-C", str(path), "config", "http.receivepack", "true"],
    ):
        result = subprocess.run(argv, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise errors.UserError(f"creating git repository {name}: {result.stderr.strip()}")
    return path


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...
    def readline(self, size: int | None = -1, /) -> bytes: ...


def _read_chunked(stream: _Readable) -> Iterator[bytes]:
    while True:
        size_line = stream.readline(1024)
        if not size_line:
            return
        size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            # Trailer section, ended by an empty line.
            while stream.readline(1024) not in (b"\r\n", b"\n", b""):
                pass
            return
        remaining = size
        while remaining:
            data = stream.read(min(remaining, _CHUNK))
            if not data:
                return
            remaining -= len(data)
            yield data
        stream.readline(16)


def _read_sized(stream: _Readable, length: int) -> Iterator[bytes]:
    remaining = length
    while remaining > 0:
        data = stream.read(min(remaining, _CHUNK))
        if not data:
            return
        remaining -= len(data)
        yield data


class GitHandler(http.server.BaseHTTPRequestHandler):
    """Serves one request through ``git http-backend`` (CGI)."""

    server_version = "shipyard-git/1"
    root: Path
    git: str

    def log_message(self, format: str, *args: object) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def do_GET(self) -> None:
        if self.path == "/healthz":
            self._reply(200, b"ok\n")
            return
        self._backend()

    def do_POST(self) -> None:
        self._backend()

    def do_PUT(self) -> None:
        name = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path).lstrip("/")
        try:
            existed = (self.root / validate_repo_name(name) / "HEAD").is_file()
            create_repository(root=self.root, name=name, git=self.git)
        except errors.UserError as exc:
            self._reply(400, f"{exc}\n".encode())
            return
        self._reply(200 if existed else 201, b"")

    def _reply(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _backend(self) -> None:
        split = urllib.parse.urlsplit(self.path)
        path_info = urllib.parse.unquote(split.path)
        if any(part == ".." for part in path_info.split("/")):
            self._reply(400, b"invalid path\n")
            return
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "GIT_PROJECT_ROOT": str(self.root),
            "GIT_HTTP_EXPORT_ALL": "1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path_info,
            "QUERY_STRING": split.query,
            "REMOTE_ADDR": self.client_address[0],
            # http-backend enables receive-pack (push) for an authenticated user.
            "REMOTE_USER": "shipyard",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
        }
        for header, variable in (
            ("Content-Type", "CONTENT_TYPE"),
            ("Content-Encoding", "HTTP_CONTENT_ENCODING"),
            ("Git-Protocol", "GIT_PROTOCOL"),
        ):
            value = self.headers.get(header)
            if value:
                env[variable] = value
        length = self.headers.get("Content-Length")
        chunked = "chunked" in self.headers.get("Transfer-Encoding", "").lower()
        if length is not None and not chunked:
            env["CONTENT_LENGTH"] = length
        backend = subprocess.Popen(
            [self.git, "http-backend"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=sys.stderr,
            env=env,
        )
        assert backend.stdin is not None and backend.stdout is not None
        if chunked:
            body: Iterator[bytes] = _read_chunked(self.rfile)
        else:
            body = _read_sized(self.rfile, int(length or 0))
        feeder = threading.Thread(target=_feed, args=(backend.stdin, body), daemon=True)
        feeder.start()
        self._relay(backend.stdout)
        feeder.join()
        backend.wait()

    def _relay(self, stdout: IO[bytes]) -> None:
        status = 200
        reason = "OK"
        headers: list[tuple[str, str]] = []
        while True:
            line = stdout.readline(8192).decode("latin-1").rstrip("\r\n")
            if not line:
                break
            key, _, value = line.partition(":")
            if key.lower() == "status":
                code, _, reason = value.strip().partition(" ")
                status = int(code)
            else:
                headers.append((key, value.strip()))
        self.send_response(status, reason or None)
        for key, value in headers:
            self.send_header(key, value)
        self.send_header("Connection", "close")
        self.end_headers()
        shutil.copyfileobj(stdout, self.wfile, _CHUNK)


def _feed(stdin: IO[bytes], body: Iterator[bytes]) -> None:
    """Writes the request body to the backend; a backend that stops reading ends the body."""
    with contextlib.suppress(BrokenPipeError, ValueError):
        for data in body:
            stdin.write(data)
    with contextlib.suppress(BrokenPipeError):
        stdin.close()


def serve(*, root: Path, port: int, git: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    handler = type("BoundGitHandler", (GitHandler,), {"root": root, "git": git})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    sys.stderr.write(f"shipyard git server on http://127.0.0.1:{port}/ serving {root}\n")
    sys.stderr.flush()
    server.serve_forever()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="shipyard-git-server")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--git", default=shutil.which("git") or "git")
    args = parser.parse_args(argv)
    serve(root=args.root.resolve(), port=args.port, git=args.git)


if __name__ == "__main__":
    main()
