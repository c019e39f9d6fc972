"""The local Git server speaks smart HTTP: push, clone and fetch as with a hosted forge."""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import httpx
import pytest

from tests.integration.conftest import GitServer

GIT_ENV = {
    "GIT_AUTHOR_NAME": "shipyard",
    "GIT_AUTHOR_EMAIL": "ci@shipyard.dev",
    "GIT_COMMITTER_NAME": "shipyard",
    "GIT_COMMITTER_EMAIL": "ci@shipyard.dev",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
}


def git(*args: str, cwd: Path) -> str:
    env = {**os.environ, **GIT_ENV, "HOME": str(cwd)}
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


def test_repository_is_pushed_and_cloned_over_http(git_server: GitServer, tmp_path: Path) -> None:
    url = git_server.create_repo(f"team/app-{uuid.uuid4().hex[:8]}.git")
    work = tmp_path / "work"
    work.mkdir()
    git("init", "--quiet", "--initial-branch=main", cwd=work)
    (work / "deployment.yaml").write_text("kind: Deployment\n")
    # A 3 MiB file makes git send a chunked request body, as large pushes do.
    (work / "blob.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "first", cwd=work)
    git("tag", "v1.0.0", cwd=work)
    pushed = git("rev-parse", "HEAD", cwd=work)
    git("push", "--quiet", url, "main", "v1.0.0", cwd=work)

    clone = tmp_path / "clone"
    git("clone", "--quiet", url, str(clone), cwd=tmp_path)
    assert git("rev-parse", "HEAD", cwd=clone) == pushed
    assert (clone / "blob.bin").read_bytes() == (work / "blob.bin").read_bytes()
    assert git("ls-remote", "--tags", url, cwd=tmp_path).endswith("refs/tags/v1.0.0")

    # A second commit is fetched into the existing clone (protocol v2 negotiation).
    (work / "deployment.yaml").write_text("kind: Deployment\nreplicas: 2\n")
    git("commit", "--quiet", "-am", "second", cwd=work)
    git("push", "--quiet", url, "main", cwd=work)
    git("fetch", "--quiet", "origin", cwd=clone)
    assert git("rev-parse", "origin/main", cwd=clone) == git("rev-parse", "HEAD", cwd=work)


def test_creating_a_repository_is_idempotent_and_validated(git_server: GitServer) -> None:
    name = f"again-{uuid.uuid4().hex[:8]}.git"
    first = httpx.put(f"{git_server.url}/{name}", trust_env=False)
    second = httpx.put(f"{git_server.url}/{name}", trust_env=False)
    assert (first.status_code, second.status_code) == (201, 200)
    for bad in ("%2e%2e/escape.git", "..%2Fescape.git", "-rf.git", "noext"):
        assert httpx.put(f"{git_server.url}/{bad}", trust_env=False).status_code in (400, 404)


def test_unknown_repository_is_not_found(git_server: GitServer, tmp_path: Path) -> None:
    result = subprocess.run(
        ["git", "ls-remote", f"{git_server.url}/missing.git"],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        timeout=60,
    )
    assert result.returncode != 0
    assert "not found" in result.stderr.lower() or "404" in result.stderr


@pytest.mark.parametrize("path", ["/..%2f..%2fetc/passwd", "/a/../../etc/passwd"])
def test_paths_outside_the_root_are_refused(git_server: GitServer, path: str) -> None:
    response = httpx.get(f"{git_server.url}{path}", trust_env=False)
    assert response.status_code in (400, 403, 404)
    assert "root:" not in response.text
