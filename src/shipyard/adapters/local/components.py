"""The components of the local environment and the command line each one runs with.

Building a command line is pure: it takes the environment's ports, paths and binaries and
returns argv, so the flags are checked by unit tests without starting anything.
"""

from __future__ import annotations

import dataclasses
import hashlib
import sys
from collections.abc import Mapping
from pathlib import Path

from shipyard.adapters.local import layout, pki, toolchain

SERVICE_CIDR = "10.96.0.0/16"
POD_CIDR = "10.244.0.0/16"
ISSUER = "https://kubernetes.default.svc.cluster.local"
NODE_ANNOTATION = "kwok.x-k8s.io/node"
KWOK_STAGES = Path(__file__).parent / "kwok-stages.yaml"

# Each component with the names of the ports it binds, in start order (``down`` stops them in
# reverse).
COMPONENT_PORTS: dict[str, tuple[str, ...]] = {
    "etcd": ("etcd", "etcd-peer"),
    "kube-apiserver": ("kube-apiserver",),
    "kube-controller-manager": ("kube-controller-manager",),
    "kube-scheduler": ("kube-scheduler",),
    "kwok": ("kwok",),
    "registry": ("registry",),
    "git-server": ("git-server",),
}
ORDER = tuple(COMPONENT_PORTS)
PORT_NAMES = tuple(port for ports in COMPONENT_PORTS.values() for port in ports)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Probe:
    """How to tell that a component is ready: an HTTP(S) GET that must answer 200."""

    url: str
    client_component: str | None = None  # present a client certificate of this component
    verify_ca: bool = False  # verify the server against the environment's CA


@dataclasses.dataclass(frozen=True, kw_only=True)
class ComponentSpec:
    """One process of the environment: its command line, the ports it binds and its probe."""

    name: str
    argv: tuple[str, ...]
    ports: tuple[int, ...]
    probe: Probe
    env: Mapping[str, str] = dataclasses.field(default_factory=dict)
    config_files: tuple[Path, ...] = ()
    """Files read only at start: a running process whose files changed is restarted."""

    def fingerprint(self) -> str:
        """What the process was started with: its command line and its config files."""
        digest = hashlib.sha256("\0".join(self.argv).encode())
        for path in self.config_files:
            digest.update(b"\0" + path.read_bytes())
        return digest.hexdigest()


def _url(port: int, *, tls: bool = False) -> str:
    return f"{'https' if tls else 'http'}://127.0.0.1:{port}"


def build(
    *,
    env_layout: layout.EnvLayout,
    ports: Mapping[str, int],
    binaries: toolchain.Binaries,
) -> dict[str, ComponentSpec]:
    """Every component's spec, keyed by name, in start order."""
    certs = pki.PkiPaths(root=env_layout.pki)
    apiserver = _url(ports["kube-apiserver"], tls=True)
    kubeconfig = env_layout.component_kubeconfig
    specs = [
        ComponentSpec(
            name="etcd",
            argv=(
                str(binaries["etcd"]),
                "--name=shipyard",
                f"--data-dir={env_layout.data_dir('etcd')}",
                f"--listen-client-urls={_url(ports['etcd'])}",
                f"--advertise-client-urls={_url(ports['etcd'])}",
                f"--listen-peer-urls={_url(ports['etcd-peer'])}",
                f"--initial-advertise-peer-urls={_url(ports['etcd-peer'])}",
                f"--initial-cluster=shipyard={_url(ports['etcd-peer'])}",
                "--initial-cluster-state=new",
                "--quota-backend-bytes=4294967296",
                "--auto-compaction-retention=1",
                "--logger=zap",
                "--log-outputs=stderr",
                # A throwaway development store: durability is not worth the fsync latency.
                "--unsafe-no-fsync=true",
            ),
            ports=(ports["etcd"], ports["etcd-peer"]),
            probe=Probe(url=f"{_url(ports['etcd'])}/health"),
        ),
        ComponentSpec(
            name="kube-apiserver",
            argv=(
                str(binaries["kube-apiserver"]),
                f"--etcd-servers={_url(ports['etcd'])}",
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                f"--secure-port={ports['kube-apiserver']}",
                f"--tls-cert-file={certs.serving_cert}",
                f"--tls-private-key-file={certs.serving_key}",
                f"--client-ca-file={certs.ca_cert}",
                f"--kubelet-client-certificate={certs.client_cert('apiserver-kubelet-client')}",
                f"--kubelet-client-key={certs.client_key('apiserver-kubelet-client')}",
                f"--service-account-issuer={ISSUER}",
                f"--service-account-key-file={certs.sa_pub}",
                f"--service-account-signing-key-file={certs.sa_key}",
                f"--service-cluster-ip-range={SERVICE_CIDR}",
                "--authorization-mode=Node,RBAC",
                "--enable-admission-plugins=NodeRestriction",
                "--allow-privileged=true",
                # Loopback addresses are not valid endpoints of the `kubernetes` Service.
                "--endpoint-reconciler-type=none",
                "--profiling=false",
                "--v=1",
            ),
            ports=(ports["kube-apiserver"],),
            probe=Probe(url=f"{apiserver}/readyz", client_component="admin", verify_ca=True),
        ),
        ComponentSpec(
            name="kube-controller-manager",
            argv=(
                str(binaries["kube-controller-manager"]),
                f"--kubeconfig={kubeconfig('kube-controller-manager')}",
                f"--authentication-kubeconfig={kubeconfig('kube-controller-manager')}",
                f"--authorization-kubeconfig={kubeconfig('kube-controller-manager')}",
                "--bind-address=127.0.0.1",
                f"--secure-port={ports['kube-controller-manager']}",
                f"--service-account-private-key-file={certs.sa_key}",
                f"--root-ca-file={certs.ca_cert}",
                f"--cluster-signing-cert-file={certs.ca_cert}",
                f"--cluster-signing-key-file={certs.ca_key}",
                f"--service-cluster-ip-range={SERVICE_CIDR}",
                "--use-service-account-credentials=true",
                "--cluster-name=shipyard",
                "--leader-elect=false",
                "--controllers=*",
                "--v=1",
            ),
            ports=(ports["kube-controller-manager"],),
            probe=Probe(url=f"{_url(ports['kube-controller-manager'], tls=True)}/healthz"),
        ),
        ComponentSpec(
            name="kube-scheduler",
            argv=(
                str(binaries["kube-scheduler"]),
                f"--kubeconfig={kubeconfig('kube-scheduler')}",
                f"--authentication-kubeconfig={kubeconfig('kube-scheduler')}",
                f"--authorization-kubeconfig={kubeconfig('kube-scheduler')}",
                "--bind-address=127.0.0.1",
                f"--secure-port={ports['kube-scheduler']}",
                "--leader-elect=false",
                "--v=1",
            ),
            ports=(ports["kube-scheduler"],),
            probe=Probe(url=f"{_url(ports['kube-scheduler'], tls=True)}/healthz"),
        ),
        ComponentSpec(
            name="kwok",
            argv=(
                str(binaries["kwok"]),
                f"--kubeconfig={kubeconfig('kwok')}",
                f"--config={KWOK_STAGES}",
                "--manage-all-nodes=false",
                f"--manage-nodes-with-annotation-selector={NODE_ANNOTATION}=fake",
                f"--cidr={POD_CIDR}",
                "--node-ip=10.0.0.1",
                "--node-lease-duration-seconds=40",
                f"--server-address=127.0.0.1:{ports['kwok']}",
            ),
            ports=(ports["kwok"],),
            probe=Probe(url=f"{_url(ports['kwok'])}/healthz"),
            config_files=(KWOK_STAGES,),
        ),
        ComponentSpec(
            name="registry",
            argv=(str(binaries["docker-registry"]), "serve", str(registry_config(env_layout))),
            ports=(ports["registry"],),
            probe=Probe(url=f"{_url(ports['registry'])}/v2/"),
        ),
        ComponentSpec(
            name="git-server",
            argv=(
                sys.executable,
                "-m",
                "shipyard.adapters.local.gitserver",
                f"--root={env_layout.data_dir('git')}",
                f"--port={ports['git-server']}",
                f"--git={binaries['git']}",
            ),
            ports=(ports["git-server"],),
            probe=Probe(url=f"{_url(ports['git-server'])}/healthz"),
        ),
    ]
    return {spec.name: spec for spec in specs}


def registry_config(env_layout: layout.EnvLayout) -> Path:
    return env_layout.root / "registry.yml"


def render_registry_config(*, env_layout: layout.EnvLayout, port: int) -> str:
    """The distribution registry's configuration: filesystem storage, loopback only."""
    return (
        "version: 0.1\n"
        "log:\n  level: info\n  formatter: text\n"
        "storage:\n"
        f"  filesystem:\n    rootdirectory: {env_layout.data_dir('registry')}\n"
        "  delete:\n    enabled: true\n"
        "  maintenance:\n    uploadpurging:\n      enabled: false\n"
        "http:\n"
        f"  addr: 127.0.0.1:{port}\n"
        "  headers:\n    X-Content-Type-Options: [nosniff]\n"
    )
