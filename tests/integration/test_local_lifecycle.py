"""`up` is idempotent, environments run side by side, and `down` leaves no process behind;
faults (port in use, a crashing component, stale PID files, missing programs) give clear
errors naming the component and its log file, and never kill a process the environment did
not start."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.local import components, environment, layout, ports, processes, toolchain


def _env(root: Path, name: str = "second") -> environment.LocalEnvironment:
    return environment.LocalEnvironment(name=name, env_layout=layout.EnvLayout(root=root))


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if text in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture
def bystander() -> Iterator[subprocess.Popen[bytes]]:
    """A process that no environment started; nothing may kill it."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    yield process
    process.kill()
    process.wait()


def test_second_environment_runs_beside_the_first_and_down_leaves_nothing(
    local_env: environment.LocalEnvironment, tmp_path: Path
) -> None:
    env = _env(tmp_path / "env")
    try:
        first = env.up(timeout=300)
        assert first.apiserver != local_env.endpoints().apiserver
        pids = {row.name: row.pid for row in env.status()}
        assert all(row.state == "running" for row in env.status())

        again = env.up(timeout=60)  # idempotent: nothing restarted
        assert again == first
        assert {row.name: row.pid for row in env.status()} == pids
    finally:
        stopped = env.down()
    assert len(stopped) == 7
    assert _processes_mentioning(str(tmp_path / "env")) == []
    assert not (tmp_path / "env").exists()
    # The session's environment is untouched.
    assert all(row.state == "running" for row in local_env.status())


def test_port_in_use_is_reported_with_component_and_log(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = environment.LocalEnvironment(
            name="busy",
            env_layout=layout.EnvLayout(root=tmp_path / "env"),
            fixed_ports={"etcd": port},
        )
        with pytest.raises(errors.UserError) as caught:
            env.up(timeout=30)
        message = str(caught.value)
        assert f"etcd: port 127.0.0.1:{port} is already in use" in message
        assert str(tmp_path / "env" / "logs" / "etcd.log") in message
        env.down()
        # The listener that was there first is still there.
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass


def test_component_crashing_at_start_is_reported_with_its_log(tmp_path: Path) -> None:
    root = tmp_path / "env"
    env = _env(root, name="crash")
    # etcd cannot use a data directory that is a regular file: it exits at once.
    (root / "data").mkdir(parents=True)
    (root / "data" / "etcd").write_text("not a directory")
    with pytest.raises(errors.UserError) as caught:
        env.up(timeout=60)
    message = str(caught.value)
    assert message.startswith("etcd exited with code")
    assert str(root / "logs" / "etcd.log") in message
    env.down()
    assert _processes_mentioning(str(root)) == []


def test_component_never_ready_times_out_without_hanging(tmp_path: Path) -> None:
    env_layout = layout.EnvLayout(root=tmp_path / "env")
    env_layout.ensure()
    env = environment.LocalEnvironment(name="slow", env_layout=env_layout)
    (port,) = ports.pick_free_ports(1)
    # A process that runs but never answers its readiness probe.
    spec = components.ComponentSpec(
        name="sleeper",
        argv=(sys.executable, "-c", "import time; time.sleep(300)"),
        ports=(),
        probe=components.Probe(url=f"http://127.0.0.1:{port}/healthz"),
    )
    started = time.monotonic()
    with pytest.raises(errors.UserError) as caught:
        env.ensure_running(spec, deadline=time.monotonic() + 2)
    assert time.monotonic() - started < 15
    message = str(caught.value)
    assert message.startswith("sleeper did not become ready in time")
    assert str(env_layout.log_file("sleeper")) in message
    assert not env_layout.pid_file("sleeper").exists()
    assert _processes_mentioning("time.sleep(300)") == []


def test_stale_pid_file_never_kills_a_foreign_process(
    tmp_path: Path, bystander: subprocess.Popen[bytes]
) -> None:
    env_layout = layout.EnvLayout(root=tmp_path / "env")
    env_layout.ensure()
    # A PID file naming a live process that this environment did not start (the start time
    # does not match), and one with garbage in it.
    env_layout.pid_file("registry").write_text(
        json.dumps({"component": "registry", "pid": bystander.pid, "start_ticks": 1, "argv": ["x"]})
    )
    env_layout.pid_file("git-server").write_text("garbage")
    env = environment.LocalEnvironment(name="stale", env_layout=env_layout)
    states = {row.name: row.state for row in env.status()}
    assert states["registry"] == "stale"
    assert states["git-server"] == "stale"
    assert env.down() == []
    assert bystander.poll() is None, "down killed a process it did not start"
    assert not env_layout.root.exists()


def test_process_record_identity_uses_start_time(bystander: subprocess.Popen[bytes]) -> None:
    record = processes.ProcessRecord(
        component="x", pid=bystander.pid, start_ticks=0, argv=("python",)
    )
    assert not processes.is_running(record)
    assert processes.stop(record) is False
    assert bystander.poll() is None


def test_missing_debian_program_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(errors.UserError) as caught:
        toolchain.find_debian_tools()
    message = str(caught.value)
    assert "docker-registry (Debian package docker-registry)" in message
    assert "apt-get install -y docker-registry git" in message


def test_missing_go_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr(toolchain, "GO_FALLBACK_DIRS", ())
    with pytest.raises(errors.UserError, match=r"Go is not installed.*Go >= 1\.26"):
        toolchain.find_go()


def test_missing_built_binary_is_reported(tmp_path: Path) -> None:
    with pytest.raises(errors.UserError) as caught:
        processes.start(
            component="kwok",
            argv=[str(tmp_path / "no-such-binary")],
            log_file=tmp_path / "kwok.log",
            pid_file=tmp_path / "kwok.pid",
        )
    assert "kwok: cannot start" in str(caught.value)
    assert str(tmp_path / "kwok.log") in str(caught.value)


def test_invalid_environment_name_is_refused() -> None:
    with pytest.raises(errors.UserError, match="environment name"):
        layout.EnvLayout.named("../../etc")


def test_cli_up_env_status_down(tmp_path: Path) -> None:
    """The acceptance path: `shipyard local up`, kubectl lists Ready nodes, `down` cleans up."""
    env = {**os.environ, "SHIPYARD_HOME": str(tmp_path / "home")}

    def shipyard(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "shipyard", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=600,
        )

    assert shipyard("--version").stdout.startswith("shipyard ")
    assert shipyard("local", "status", "--name", "cli").returncode == 3
    try:
        up = shipyard("local", "up", "--name", "cli")
        assert up.returncode == 0, up.stderr
        assert "local environment 'cli' is up" in up.stderr
        exports = dict(
            line.removeprefix("export ").split("=", 1)
            for line in shipyard("local", "env", "--name", "cli").stdout.splitlines()
        )
        kubectl = Path(exports["SHIPYARD_BIN"]) / "kubectl"
        nodes = subprocess.run(
            [str(kubectl), f"--kubeconfig={exports['KUBECONFIG']}", "get", "nodes", "--no-headers"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout.splitlines()
        assert len(nodes) == 3 and all(" Ready " in line for line in nodes), nodes
        status = shipyard("local", "status", "--name", "cli")
        assert status.returncode == 0, status.stdout
        assert status.stdout.count("running") == 7
    finally:
        down = shipyard("local", "down", "--name", "cli")
    assert down.returncode == 0, down.stderr
    assert "7 processes stopped" in down.stderr
    assert _processes_mentioning(str(tmp_path / "home")) == []
