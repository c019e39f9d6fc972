"""One local environment: bring it up, report its status, take it down.

``up`` is idempotent: a component whose recorded process still runs is left alone, a stale PID
file is removed, and only missing components are started. Each start waits for the component's
readiness probe with a timeout and fails with the component's name and log file when the
process exits or never becomes ready. ``down`` signals only processes whose PID file matches
the running process (PID and start time), so it never kills a process it did not start.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import shlex
import shutil
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import lightkube
from lightkube import codecs
from lightkube.resources import core_v1

from shipyard import errors
from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.local import (
    components,
    kubeconfig,
    layout,
    locking,
    nodes,
    pki,
    ports,
    processes,
    readiness,
    toolchain,
)

Report = Callable[[str], None]
FIELD_MANAGER = "shipyard-local"


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComponentStatus:
    """What ``status`` says of one component."""

    name: str
    state: str  # running | stopped | stale
    pid: int | None
    ports: tuple[int, ...]
    log_file: Path
    rss_kib: int = 0
    peak_rss_kib: int = 0


@dataclasses.dataclass(frozen=True, kw_only=True)
class Endpoints:
    """How clients reach a running environment."""

    name: str
    kubeconfig: Path
    apiserver: str
    registry: str  # host:port, as image references use it
    git: str  # base URL; repositories are <git>/<name>.git
    bin_dir: Path  # kubectl and the control-plane binaries

    def env_vars(self) -> dict[str, str]:
        return {
            "KUBECONFIG": str(self.kubeconfig),
            "SHIPYARD_LOCAL_ENV": self.name,
            "SHIPYARD_REGISTRY": self.registry,
            "SHIPYARD_GIT_URL": self.git,
            "SHIPYARD_BIN": str(self.bin_dir),
        }

    def shell_exports(self) -> str:
        """``export`` lines for a POSIX shell, kubectl of the pinned release first on PATH."""
        lines = [f"export {key}={shlex.quote(value)}" for key, value in self.env_vars().items()]
        lines.append(f'export PATH={shlex.quote(str(self.bin_dir))}:"$PATH"')
        return "\n".join(lines) + "\n"


def _noop(_: str) -> None:
    return None


class LocalEnvironment:
    """A named local environment with its files under ``env_layout.root``."""

    def __init__(
        self,
        *,
        name: str,
        env_layout: layout.EnvLayout,
        report: Report = _noop,
        fixed_ports: Mapping[str, int] | None = None,
    ) -> None:
        self.name = layout.validate_name(name)
        self.layout = env_layout
        self.report = report
        self.fixed_ports = dict(fixed_ports or {})
        self.certs = pki.PkiPaths(root=env_layout.pki)

    @classmethod
    def named(cls, name: str, *, report: Report = _noop) -> LocalEnvironment:
        return cls(name=name, env_layout=layout.EnvLayout.named(name), report=report)

    # -- state -----------------------------------------------------------------------------

    def _load_ports(self) -> dict[str, int] | None:
        try:
            raw = json.loads(self.layout.state_file.read_text(encoding="utf-8"))
            return {str(key): int(value) for key, value in raw["ports"].items()}
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise errors.UserError(
                f"{self.layout.state_file} is unreadable ({exc}); run `shipyard local down "
                f"--name {self.name}` to reset the environment"
            ) from exc

    def _ports(self) -> dict[str, int]:
        known = self._load_ports()
        if known is not None and set(components.PORT_NAMES) <= set(known):
            return known
        free = iter(ports.pick_free_ports(len(components.PORT_NAMES)))
        chosen = {name: self.fixed_ports.get(name) or next(free) for name in components.PORT_NAMES}
        state = {
            "name": self.name,
            "kubernetesVersion": toolchain.kubernetes_version(),
            "kwokVersion": toolchain.kwok_version(),
            "ports": chosen,
        }
        self.layout.state_file.write_text(json.dumps(state, indent=2), encoding="utf-8")
        return chosen

    def endpoints(self) -> Endpoints:
        known = self._load_ports()
        if known is None:
            raise errors.UserError(
                f"local environment {self.name!r} does not exist; run `shipyard local up`"
            )
        return Endpoints(
            name=self.name,
            kubeconfig=self.layout.kubeconfig,
            apiserver=f"https://127.0.0.1:{known['kube-apiserver']}",
            registry=f"127.0.0.1:{known['registry']}",
            git=f"http://127.0.0.1:{known['git-server']}",
            bin_dir=toolchain.cache_dir("kube"),
        )

    # -- up ----------------------------------------------------------------------------------

    def up(self, *, timeout: float = 180.0) -> Endpoints:
        """Builds what is missing, starts what is not running, waits until all is ready."""
        self.report("checking programs")
        binaries = toolchain.ensure_binaries(report=self.report)
        self.layout.ensure()
        with locking.exclusive(self.layout.lock_file):
            return self._up(binaries=binaries, timeout=timeout)

    def _up(self, *, binaries: toolchain.Binaries, timeout: float) -> Endpoints:
        chosen = self._ports()
        if not self.certs.complete():
            self.report("generating certificates and service-account keys")
            pki.generate(self.certs, now=datetime.datetime.now(datetime.UTC))
        self._write_configs(chosen)
        specs = components.build(env_layout=self.layout, ports=chosen, binaries=binaries)
        deadline = time.monotonic() + timeout
        for name in components.ORDER:
            if name == "kwok":
                self._register_nodes()
            self.ensure_running(specs[name], deadline=deadline)
        self._wait_nodes_ready(deadline=deadline)
        endpoints = self.endpoints()
        self.layout.env_file.write_text(endpoints.shell_exports(), encoding="utf-8")
        return endpoints

    def _write_configs(self, chosen: Mapping[str, int]) -> None:
        server = f"https://127.0.0.1:{chosen['kube-apiserver']}"
        kubeconfig.write(
            self.layout.kubeconfig,
            kubeconfig.render(server=server, paths=self.certs, component="admin"),
        )
        for component in ("kube-controller-manager", "kube-scheduler", "kwok"):
            kubeconfig.write(
                self.layout.component_kubeconfig(component),
                kubeconfig.render(server=server, paths=self.certs, component=component),
            )
        components.registry_config(self.layout).write_text(
            components.render_registry_config(env_layout=self.layout, port=chosen["registry"]),
            encoding="utf-8",
        )

    def ensure_running(self, spec: components.ComponentSpec, *, deadline: float) -> None:
        pid_file = self.layout.pid_file(spec.name)
        log_file = self.layout.log_file(spec.name)
        record = processes.read_record(pid_file)
        stamp_file = pid_file.with_suffix(".config")
        fingerprint = spec.fingerprint()
        if record is not None and processes.is_running(record):
            started_with = stamp_file.read_text() if stamp_file.exists() else ""
            if not spec.config_files or started_with == fingerprint:
                self._wait_ready(spec, record=record, deadline=deadline)
                self.report(f"{spec.name} already running (pid {record.pid})")
                return
            self.report(f"restarting {spec.name}: its configuration changed")
            processes.stop(record)
            record = None
            pid_file.unlink(missing_ok=True)
        if record is not None or pid_file.exists():
            pid_file.unlink(missing_ok=True)
            self.report(f"{spec.name}: removed a stale PID file (its process no longer runs)")
        for port in spec.ports:
            if not ports.is_port_free(port):
                raise errors.UserError(
                    f"{spec.name}: port 127.0.0.1:{port} is already in use by a process this "
                    f"environment did not start; free it, or run `shipyard local down --name "
                    f"{self.name}` to pick new ports. Log file: {log_file}"
                )
        self.report(f"starting {spec.name}")
        record = processes.start(
            component=spec.name,
            argv=spec.argv,
            log_file=log_file,
            pid_file=pid_file,
            cwd=self.layout.root,
            env=dict(spec.env) or None,
        )
        stamp_file.write_text(fingerprint, encoding="utf-8")
        self._wait_ready(spec, record=record, deadline=deadline)
        self.report(f"{spec.name} ready (pid {record.pid})")

    def _wait_ready(
        self,
        spec: components.ComponentSpec,
        *,
        record: processes.ProcessRecord,
        deadline: float,
    ) -> None:
        log_file = self.layout.log_file(spec.name)
        reason = "no answer yet"
        while True:
            if not processes.is_running(record):
                code = processes.exit_code(record)
                ended = f"exited with code {code}" if code is not None else "exited"
                raise errors.UserError(
                    f"{spec.name} {ended} during start; log file: {log_file}\n"
                    + processes.tail(log_file)
                )
            reason = readiness.check(certs=self.certs, probe=spec.probe) or ""
            if not reason:
                return
            if time.monotonic() > deadline:
                processes.stop(record)
                self.layout.pid_file(spec.name).unlink(missing_ok=True)
                raise errors.UserError(
                    f"{spec.name} did not become ready in time (last probe of {spec.probe.url}: "
                    f"{reason}); log file: {log_file}\n" + processes.tail(log_file)
                )
            time.sleep(0.2)

    def client(self) -> lightkube.Client:
        return kube_client.connect(self.layout.kubeconfig, field_manager=FIELD_MANAGER)

    def _register_nodes(self) -> None:
        with self.client() as client:
            for index in range(nodes.NODE_COUNT):
                manifest = nodes.node_manifest(index)
                node = codecs.from_dict(manifest)
                client.apply(node, field_manager=FIELD_MANAGER, force=True)
                current = client.get(core_v1.Node, nodes.node_name(index))
                if current.status is None or not current.status.allocatable:
                    client.patch(
                        core_v1.Node.Status,
                        nodes.node_name(index),
                        {"status": manifest["status"]},
                    )

    def _wait_nodes_ready(self, *, deadline: float) -> None:
        self.report(f"waiting for {nodes.NODE_COUNT} KWOK nodes to be Ready")
        wanted = {nodes.node_name(index) for index in range(nodes.NODE_COUNT)}
        ready: set[str] = set()
        with self.client() as client:
            while True:
                ready = {
                    node.metadata.name
                    for node in client.list(core_v1.Node)
                    if node.metadata is not None
                    and node.metadata.name
                    and nodes.is_ready(node.to_dict())
                }
                if wanted <= ready:
                    self.report(f"{len(wanted)} nodes Ready: {', '.join(sorted(wanted))}")
                    return
                if time.monotonic() > deadline:
                    raise errors.UserError(
                        f"kwok: nodes not Ready in time ({', '.join(sorted(wanted - ready))}); "
                        f"log file: {self.layout.log_file('kwok')}"
                    )
                time.sleep(0.2)

    # -- status and down -------------------------------------------------------------------------

    def status(self) -> list[ComponentStatus]:
        known = self._load_ports() or {}
        result = []
        for name in components.ORDER:
            record = processes.read_record(self.layout.pid_file(name))
            if record is None:
                state = "stale" if self.layout.pid_file(name).exists() else "stopped"
            else:
                state = "running" if processes.is_running(record) else "stale"
            rss, peak = (0, 0)
            if record is not None and state == "running":
                rss, peak = processes.memory_kib(record.pid)
            result.append(
                ComponentStatus(
                    name=name,
                    state=state,
                    pid=record.pid if record is not None and state == "running" else None,
                    ports=tuple(
                        known[port] for port in components.COMPONENT_PORTS[name] if port in known
                    ),
                    log_file=self.layout.log_file(name),
                    rss_kib=rss,
                    peak_rss_kib=peak,
                )
            )
        return result

    def down(self, *, keep_data: bool = False) -> list[str]:
        """Stops the processes this environment started; removes its files unless ``keep_data``.

        Returns the names of the components that were stopped.
        """
        if not self.layout.root.exists():
            return []
        with locking.exclusive(self.layout.lock_file):
            stopped = self._stop_all()
        if not keep_data:
            shutil.rmtree(self.layout.root)
            self.report(f"removed {self.layout.root}")
        return stopped

    def _stop_all(self) -> list[str]:
        stopped = []
        for name in reversed(components.ORDER):
            pid_file = self.layout.pid_file(name)
            record = processes.read_record(pid_file)
            if record is not None and processes.stop(record):
                stopped.append(name)
                self.report(f"stopped {name} (pid {record.pid})")
            pid_file.unlink(missing_ok=True)
        return stopped
