"""Fixtures on the real local environment, built with the same code as `shipyard local up`.

One environment is started per test session in a temporary directory (its own free ports, so
parallel sessions do not collide) and stopped at the end. Set SHIPYARD_TEST_ENV to the name of
an environment already started with `shipyard local up` to reuse it instead.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import lightkube
import pytest
from lightkube.models import meta_v1
from lightkube.resources import core_v1

from shipyard.adapters.kube import client as kube_client
from shipyard.adapters.local import environment, gitserver, layout


@dataclasses.dataclass(frozen=True, kw_only=True)
class Cluster:
    kubeconfig: Path
    client: lightkube.Client
    apiserver: str
    ca_file: Path
    bin_dir: Path

    def kubectl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.bin_dir / "kubectl"), f"--kubeconfig={self.kubeconfig}", *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=120,
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class Registry:
    host: str  # host:port as in image references

    @property
    def url(self) -> str:
        return f"http://{self.host}"


@dataclasses.dataclass(frozen=True, kw_only=True)
class GitServer:
    url: str

    def create_repo(self, name: str) -> str:
        """Creates a bare repository through the server's API and returns its clone URL."""
        gitserver.validate_repo_name(name)
        response = httpx.put(f"{self.url}/{name}", trust_env=False)
        response.raise_for_status()
        return f"{self.url}/{name}"


@pytest.fixture(scope="session")
def local_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[environment.LocalEnvironment]:
    reuse = os.environ.get("SHIPYARD_TEST_ENV")
    if reuse:
        yield environment.LocalEnvironment.named(reuse)
        return
    root = tmp_path_factory.mktemp("shipyard-env")
    env = environment.LocalEnvironment(name="test", env_layout=layout.EnvLayout(root=root / "env"))
    try:
        env.up(timeout=300)
        yield env
    finally:
        env.down()


@pytest.fixture(scope="session")
def cluster(local_env: environment.LocalEnvironment) -> Iterator[Cluster]:
    endpoints = local_env.endpoints()
    client = kube_client.connect(endpoints.kubeconfig)
    yield Cluster(
        kubeconfig=endpoints.kubeconfig,
        client=client,
        apiserver=endpoints.apiserver,
        ca_file=local_env.certs.ca_cert,
        bin_dir=endpoints.bin_dir,
    )
    client.close()


@pytest.fixture(scope="session")
def registry(local_env: environment.LocalEnvironment) -> Registry:
    return Registry(host=local_env.endpoints().registry)


@pytest.fixture(scope="session")
def git_server(local_env: environment.LocalEnvironment) -> GitServer:
    return GitServer(url=local_env.endpoints().git)


@pytest.fixture
def namespace(cluster: Cluster) -> Iterator[str]:
    """A fresh namespace for one test, deleted afterwards."""
    name = f"t-{uuid.uuid4().hex[:8]}"
    cluster.client.create(core_v1.Namespace(metadata=meta_v1.ObjectMeta(name=name)))
    yield name
    cluster.client.delete(core_v1.Namespace, name)
