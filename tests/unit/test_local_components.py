"""Command lines of the local environment's components (pure: nothing is started)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shipyard.adapters.local import components, layout, toolchain

PORTS = {name: 20000 + index for index, name in enumerate(components.PORT_NAMES)}
LAYOUT = layout.EnvLayout(root=Path("/envs/unit"))
BINARIES = toolchain.Binaries(
    paths={
        name: Path(f"/bin/{name}")
        for name in (
            "etcd",
            "kube-apiserver",
            "kube-controller-manager",
            "kube-scheduler",
            "kwok",
            "docker-registry",
            "git",
            "kubectl",
        )
    }
)


@pytest.fixture(scope="module")
def specs() -> dict[str, components.ComponentSpec]:
    return components.build(env_layout=LAYOUT, ports=PORTS, binaries=BINARIES)


def test_every_component_is_built_in_start_order(
    specs: dict[str, components.ComponentSpec],
) -> None:
    assert tuple(specs) == components.ORDER


@pytest.mark.parametrize(
    ("component", "flag"),
    [
        ("kube-apiserver", "--authorization-mode=Node,RBAC"),
        ("kube-apiserver", "--bind-address=127.0.0.1"),
        ("kube-apiserver", f"--etcd-servers=http://127.0.0.1:{PORTS['etcd']}"),
        ("kube-apiserver", f"--secure-port={PORTS['kube-apiserver']}"),
        ("kube-apiserver", "--service-account-signing-key-file=/envs/unit/pki/sa.key"),
        ("kube-apiserver", "--client-ca-file=/envs/unit/pki/ca.crt"),
        ("kube-controller-manager", "--service-account-private-key-file=/envs/unit/pki/sa.key"),
        ("kube-controller-manager", "--use-service-account-credentials=true"),
        ("kube-controller-manager", "--bind-address=127.0.0.1"),
        ("kube-scheduler", "--kubeconfig=/envs/unit/pki/kube-scheduler.kubeconfig"),
        ("etcd", "--data-dir=/envs/unit/data/etcd"),
        ("etcd", f"--listen-client-urls=http://127.0.0.1:{PORTS['etcd']}"),
        ("kwok", "--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake"),
        ("kwok", f"--config={components.KWOK_STAGES}"),
        ("git-server", f"--port={PORTS['git-server']}"),
        ("git-server", "--root=/envs/unit/data/git"),
    ],
)
def test_flags(specs: dict[str, components.ComponentSpec], component: str, flag: str) -> None:
    assert flag in specs[component].argv


def test_every_listener_is_on_loopback(specs: dict[str, components.ComponentSpec]) -> None:
    for spec in specs.values():
        for arg in spec.argv:
            if "url" in arg.lower() or "address" in arg.lower():
                assert "0.0.0.0" not in arg, (spec.name, arg)
        assert spec.probe.url.startswith(("http://127.0.0.1:", "https://127.0.0.1:"))


def test_each_port_belongs_to_one_component(specs: dict[str, components.ComponentSpec]) -> None:
    owned = [port for spec in specs.values() for port in spec.ports]
    assert sorted(owned) == sorted(PORTS.values())


def test_apiserver_probe_presents_admin_certificate(
    specs: dict[str, components.ComponentSpec],
) -> None:
    probe = specs["kube-apiserver"].probe
    assert probe.url.endswith("/readyz")
    assert probe.client_component == "admin" and probe.verify_ca


def test_registry_config_listens_on_loopback_only() -> None:
    config = components.render_registry_config(env_layout=LAYOUT, port=5001)
    assert "addr: 127.0.0.1:5001" in config
    assert "rootdirectory: /envs/unit/data/registry" in config


def test_a_changed_config_file_changes_the_fingerprint(tmp_path: Path) -> None:
    stages = tmp_path / "stages.yaml"
    stages.write_text("a: 1\n")
    spec = components.ComponentSpec(
        name="kwok",
        argv=("/bin/kwok", f"--config={stages}"),
        ports=(1,),
        probe=components.Probe(url="http://127.0.0.1:1/healthz"),
        config_files=(stages,),
    )
    before = spec.fingerprint()
    assert spec.fingerprint() == before
    stages.write_text("a: 2\n")
    assert spec.fingerprint() != before


def test_kwok_is_restarted_when_its_stages_change() -> None:
    specs = components.build(env_layout=LAYOUT, ports=PORTS, binaries=BINARIES)
    assert specs["kwok"].config_files == (components.KWOK_STAGES,)
