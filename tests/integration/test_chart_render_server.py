"""``shipyard chart serve``: a warm process renders for ``shipyard chart template``.

The served output must be the command's own (working directory, relative value files,
--set-file, errors and exit codes included) and helm's; a dead or disabled server must make
the client render in-process; a server whose code changed on disk must hand back.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shipyard.adapters.local import toolchain
from shipyard.cli import chart_server
from tests.integration import chart_fixtures as fx

SHIPYARD = Path(sys.executable).parent / "shipyard"


class Server:
    def __init__(self, socket_path: Path, process: subprocess.Popen[str]) -> None:
        self.socket = socket_path
        self.process = process

    def stop(self) -> str:
        """Stop it and return its log (one line per rendered request)."""
        if self.process.poll() is None:
            subprocess.run(
                [SHIPYARD, "chart", "serve", "--stop", "--socket", str(self.socket)], check=True
            )
        _, err = self.process.communicate(timeout=30)
        return err


def start_server(socket_path: Path, *, idle: float = 120) -> Server:
    process = subprocess.Popen(
        [SHIPYARD, "chart", "serve", "--socket", str(socket_path), "--idle", str(idle)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not _listening(socket_path):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "render server did not listen"
        time.sleep(0.02)
    return Server(socket_path, process)


def _listening(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


@pytest.fixture
def sock(tmp_path: Path) -> Path:
    return tmp_path / "run" / "render.sock"


@pytest.fixture
def server(sock: Path) -> Iterator[Server]:
    started = start_server(sock)
    yield started
    if started.process.poll() is None:
        started.process.kill()
        started.process.wait()


def template(
    args: list[str], *, cwd: Path, sock: Path, served: bool = True
) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "SHIPYARD_RENDER_SOCKET": str(sock), "HELM_NAMESPACE": "team-a"}
    if not served:
        env["SHIPYARD_RENDER_SERVER"] = "0"
    return subprocess.run(
        [SHIPYARD, "chart", "template", *args], cwd=cwd, env=env, capture_output=True
    )


def test_served_render_is_the_in_process_one_and_helms(
    tmp_path: Path, sock: Path, server: Server
) -> None:
    chart = fx.write_tree(tmp_path / "work" / "full", fx.full_chart())
    work = chart.parent
    (work / "override.yaml").write_text("replicaCount: 7\n")
    (work / "motd.txt").write_text("hello from a file\n")
    args = ["rel", "full", "-f", "override.yaml", "--set-file", "motd=motd.txt"]
    served = template(args, cwd=work, sock=sock)
    local = template(args, cwd=work, sock=sock, served=False)
    assert served.returncode == local.returncode == 0, served.stderr
    assert served.stdout == local.stdout
    assert served.stderr == local.stderr
    assert b"replicas: 7" in served.stdout
    assert b"namespace: team-a" in served.stdout  # the client's HELM_NAMESPACE
    helm = subprocess.run(
        [str(toolchain.tool_path("helm")), "template", *args],
        cwd=work,
        env={**os.environ, "HOME": str(tmp_path), "HELM_NAMESPACE": "team-a"},
        capture_output=True,
        check=True,
    )
    assert served.stdout == helm.stdout
    log = server.stop()
    assert (
        log.count("rendered: exit 0") == 1
    )  # the served run, not the SHIPYARD_RENDER_SERVER=0 one


def test_served_errors_keep_the_message_and_exit_code(
    tmp_path: Path, sock: Path, server: Server
) -> None:
    bad = fx.write_tree(
        tmp_path / "bad",
        {
            "Chart.yaml": fx.chart_yaml("bad"),
            "templates/cm.yaml": '{{ required "need x" .Values.x }}\n',
        },
    )
    for args in (["rel", str(bad)], ["rel", str(tmp_path / "missing")], ["--no-such-flag", "x"]):
        served = template(args, cwd=tmp_path, sock=sock)
        local = template(args, cwd=tmp_path, sock=sock, served=False)
        assert served.returncode == local.returncode != 0, args
        assert (served.stdout, served.stderr) == (local.stdout, local.stderr), args
    assert b"need x" in template(["rel", str(bad)], cwd=tmp_path, sock=sock).stderr
    assert server.stop().count("rendered: exit") == 4


def test_a_dead_server_socket_means_an_in_process_render(tmp_path: Path, sock: Path) -> None:
    chart = fx.write_tree(tmp_path / "web", fx.values_chart())
    sock.parent.mkdir(parents=True)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(sock))  # a socket file nobody listens on, as a killed server leaves
    leftover.close()
    served = template(["rel", str(chart)], cwd=tmp_path, sock=sock)
    local = template(["rel", str(chart)], cwd=tmp_path, sock=sock, served=False)
    assert served.returncode == 0, served.stderr
    assert served.stdout == local.stdout
    # A new server takes the dead socket's place.
    started = start_server(sock)
    assert template(["rel", str(chart)], cwd=tmp_path, sock=sock).stdout == local.stdout
    assert started.stop().count("rendered: exit 0") == 1


def test_a_second_server_on_the_same_socket_is_refused(sock: Path, server: Server) -> None:
    second = subprocess.run(
        [SHIPYARD, "chart", "serve", "--socket", str(sock)], capture_output=True, text=True
    )
    assert second.returncode != 0
    assert "already listens" in second.stderr
    assert server.process.poll() is None


def test_an_idle_server_stops_and_removes_its_socket(sock: Path) -> None:
    idle = start_server(sock, idle=0.5)
    assert idle.process.wait(timeout=30) == 0
    assert not sock.exists()


def test_the_socket_is_private(sock: Path, server: Server) -> None:
    assert sock.stat().st_mode & 0o777 == 0o600
    assert sock.parent.stat().st_mode & 0o777 == 0o700


def test_code_changed_on_disk_is_noticed(tmp_path: Path) -> None:
    module = tmp_path / "mod.py"
    module.write_text("x = 1\n")
    stamps = {str(module): module.stat().st_mtime_ns}
    assert not chart_server.changed(stamps)
    os.utime(module, ns=(0, module.stat().st_mtime_ns + 1_000_000))
    assert chart_server.changed(stamps)
    module.unlink()
    assert chart_server.changed({str(module): 1})
