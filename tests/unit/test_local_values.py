"""Pure helpers of the local environment: names, node manifests, pinned versions."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.local import environment, gitserver, layout, nodes, toolchain


@pytest.mark.parametrize("name", ["default", "a", "ci-42", "x" * 63])
def test_valid_environment_names(name: str) -> None:
    assert layout.validate_name(name) == name


@pytest.mark.parametrize("name", ["", "UPPER", "-lead", "trail-", "a/b", "..", "x" * 64, "a_b"])
def test_invalid_environment_names(name: str) -> None:
    with pytest.raises(errors.UserError, match="environment name"):
        layout.validate_name(name)


@pytest.mark.parametrize("name", ["app.git", "team/app.git", "a_b-c.d.git", "x/y/z.git"])
def test_valid_repository_names(name: str) -> None:
    assert gitserver.validate_repo_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "../x.git",
        "a/../b.git",
        "/abs.git",
        "-upload-pack.git",
        "app",
        "a//b.git",
        "a/./b.git",
        ".hidden.git",
        "team/.git",
        "sp ace.git",
    ],
)
def test_invalid_repository_names(name: str) -> None:
    with pytest.raises(errors.UserError, match="git repository name"):
        gitserver.validate_repo_name(name)


@pytest.mark.parametrize(
    ("wire", "body"),
    [
        (b"5\r\nhello\r\n0\r\n\r\n", b"hello"),
        (b"3\r\nabc\r\n4;ext=1\r\ndefg\r\n0\r\nTrailer: x\r\n\r\n", b"abcdefg"),
        (b"0\r\n\r\n", b""),
        (b"A\r\n0123456789\r\n0\r\n\r\n", b"0123456789"),
    ],
)
def test_chunked_request_bodies_are_decoded(wire: bytes, body: bytes) -> None:
    assert b"".join(gitserver._read_chunked(io.BytesIO(wire))) == body


def test_node_manifests_are_adopted_by_kwok_and_distinct() -> None:
    manifests = [nodes.node_manifest(index) for index in range(nodes.NODE_COUNT)]
    names = {m["metadata"]["name"] for m in manifests}
    assert len(names) == nodes.NODE_COUNT
    for manifest in manifests:
        assert manifest["metadata"]["annotations"]["kwok.x-k8s.io/node"] == "fake"
        assert manifest["spec"] == {}  # no taints: ordinary pods schedule on them
    addresses = {m["status"]["addresses"][0]["address"] for m in manifests}
    assert len(addresses) == nodes.NODE_COUNT


@pytest.mark.parametrize(
    ("conditions", "ready"),
    [
        ([{"type": "Ready", "status": "True"}], True),
        ([{"type": "Ready", "status": "False"}], False),
        ([{"type": "MemoryPressure", "status": "False"}], False),
        ([], False),
        (None, False),
    ],
)
def test_node_readiness(conditions: list[dict[str, str]] | None, ready: bool) -> None:
    assert nodes.is_ready({"status": {"conditions": conditions}}) is ready


def test_versions_are_pinned_in_the_shipped_go_modules() -> None:
    assert toolchain.kubernetes_version() == "v1.36.3"
    assert toolchain.kwok_version().startswith("v0.")
    assert toolchain.etcd_version().startswith("v3.6.")
    assert toolchain.helm_version() == "v3.22.0"


def test_kubernetes_binaries_are_stamped_with_their_release() -> None:
    flags = toolchain.ldflags("kube")
    assert "-X k8s.io/component-base/version.gitVersion=v1.36.3" in flags
    assert "-X k8s.io/component-base/version.gitMinor=36" in flags
    assert toolchain.ldflags("kwok") == "-s -w"


def test_helm_is_stamped_like_its_release_build() -> None:
    flags = toolchain.ldflags("helm")
    assert "-X helm.sh/helm/v3/internal/version.version=v3.22.0" in flags
    # client-go v0.37 gives helm template a default .Capabilities.KubeVersion of v1.37.0.
    assert "-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37" in flags


def test_shell_exports_quote_paths_and_put_kubectl_first() -> None:
    endpoints = environment.Endpoints(
        name="demo",
        kubeconfig=Path("/home/a b/kubeconfig"),
        apiserver="https://127.0.0.1:6443",
        registry="127.0.0.1:5000",
        git="http://127.0.0.1:3000",
        bin_dir=Path("/cache/bin"),
    )
    lines = endpoints.shell_exports().splitlines()
    assert "export KUBECONFIG='/home/a b/kubeconfig'" in lines
    assert "export SHIPYARD_REGISTRY=127.0.0.1:5000" in lines
    assert lines[-1] == 'export PATH=/cache/bin:"$PATH"'
