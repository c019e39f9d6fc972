"""The programs of the local environment: Debian binaries found on PATH, Go binaries built at
pinned versions from the Go modules shipped under ``gomod/`` and cached by version.

The pinned versions live in one place each: the ``require`` lines of ``gomod/*/go.mod``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from shipyard import errors
from shipyard.adapters.local import layout, locking

GOMOD = Path(__file__).parent / "gomod"
MIN_GO = (1, 26)
# The official toolchain's default location, for shells whose PATH lacks it.
GO_FALLBACK_DIRS: tuple[str, ...] = ("/usr/local/go/bin",)


@dataclasses.dataclass(frozen=True, kw_only=True)
class GoTool:
    """A Go program built from one of the modules under ``gomod/``."""

    module_dir: str
    package: str
    binary: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class DebianTool:
    """A program that comes from a Debian package."""

    binary: str
    package: str


GO_TOOLS = (
    GoTool(
        module_dir="kube", package="k8s.io/kubernetes/cmd/kube-apiserver", binary="kube-apiserver"
    ),
    GoTool(
        module_dir="kube",
        package="k8s.io/kubernetes/cmd/kube-controller-manager",
        binary="kube-controller-manager",
    ),
    GoTool(
        module_dir="kube", package="k8s.io/kubernetes/cmd/kube-scheduler", binary="kube-scheduler"
    ),
    GoTool(module_dir="kube", package="k8s.io/kubernetes/cmd/kubectl", binary="kubectl"),
    GoTool(module_dir="kwok", package="sigs.k8s.io/kwok/cmd/kwok", binary="kwok"),
    # Debian's etcd 3.4 lacks the watch progress requests that Kubernetes >= 1.34 informers
    # rely on (watches end and relist, delaying every event by seconds), so etcd is built too.
    GoTool(module_dir="etcd", package="go.etcd.io/etcd/server/v3", binary="etcd"),
    # The sync engine renders Kustomize overlays with the real kustomize.
    GoTool(
        module_dir="kustomize", package="sigs.k8s.io/kustomize/kustomize/v5", binary="kustomize"
    ),
    # The real helm is the oracle that our chart rendering must match byte for byte.
    GoTool(module_dir="helm", package="helm.sh/helm/v3/cmd/helm", binary="helm"),
)

# The module whose pinned version names each cache directory.
PINNED_MODULES = {
    "kube": "k8s.io/kubernetes",
    "kwok": "sigs.k8s.io/kwok",
    "etcd": "go.etcd.io/etcd/server/v3",
    "kustomize": "sigs.k8s.io/kustomize/kustomize/v5",
    "helm": "helm.sh/helm/v3",
}

DEBIAN_TOOLS = (
    DebianTool(binary="docker-registry", package="docker-registry"),
    DebianTool(binary="git", package="git"),
)

Report = Callable[[str], None]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Binaries:
    """Absolute paths of every program the local environment runs."""

    paths: dict[str, Path]

    def __getitem__(self, binary: str) -> Path:
        return self.paths[binary]


def pinned_version(*, module_dir: str, module: str) -> str:
    """The version a ``gomod/<module_dir>/go.mod`` requires for ``module``."""
    text = (GOMOD / module_dir / "go.mod").read_text(encoding="utf-8")
    match = re.search(rf"^\s*(?:require\s+)?{re.escape(module)}\s+(v\S+)", text, re.MULTILINE)
    if match is None:
        raise errors.TerminalError(f"gomod/{module_dir}/go.mod does not require {module}")
    return match.group(1)


def module_version(module_dir: str) -> str:
    return pinned_version(module_dir=module_dir, module=PINNED_MODULES[module_dir])


def kubernetes_version() -> str:
    return module_version("kube")


def kwok_version() -> str:
    return module_version("kwok")


def etcd_version() -> str:
    return module_version("etcd")


def helm_version() -> str:
    return module_version("helm")


def module_digest(module_dir: str) -> str:
    """A short digest of go.mod and go.sum: a changed pin gets a new cache directory."""
    digest = hashlib.sha256()
    for name in ("go.mod", "go.sum"):
        digest.update((GOMOD / module_dir / name).read_bytes())
    return digest.hexdigest()[:12]


def cache_dir(module_dir: str) -> Path:
    version = module_version(module_dir)
    return layout.cache_home() / "bin" / f"{module_dir}-{version}-{module_digest(module_dir)}"


def ldflags(module_dir: str) -> str:
    """Linker flags; they stamp versions the way each project's release build does."""
    flags = ["-s", "-w"]
    if module_dir == "kustomize":
        flags.append(
            f"-X sigs.k8s.io/kustomize/api/provenance.version={module_version(module_dir)}"
        )
    if module_dir == "helm":
        flags += helm_ldflags()
    if module_dir == "kube":
        version = kubernetes_version()
        major, minor = version.lstrip("v").split(".")[:2]
        for package in ("k8s.io/component-base/version", "k8s.io/client-go/pkg/version"):
            flags += [
                f"-X {package}.gitVersion={version}",
                f"-X {package}.gitMajor={major}",
                f"-X {package}.gitMinor={minor}",
                f"-X {package}.gitTreeState=clean",
                f"-X {package}.buildDate=1970-01-01T00:00:00Z",
            ]
    return " ".join(flags)


def helm_ldflags() -> list[str]:
    """What helm's Makefile stamps on a tagged build, so ``helm version`` names the pin.

    Its Kubernetes version (client-go v0.X gives 1.X) is what ``helm template`` reports as
    the default ``.Capabilities.KubeVersion``; unstamped it would be v1.20.0. The git commit
    is not recoverable from the module, so it stays empty.
    """
    client_go = pinned_version(module_dir="helm", module="k8s.io/client-go")
    major_zero, minor = client_go.lstrip("v").split(".")[:2]
    kube_major = str(int(major_zero) + 1)
    flags = [
        f"-X helm.sh/helm/v3/internal/version.version={helm_version()}",
        "-X helm.sh/helm/v3/internal/version.gitTreeState=clean",
    ]
    for package in ("helm.sh/helm/v3/pkg/lint/rules", "helm.sh/helm/v3/pkg/chartutil"):
        flags += [
            f"-X {package}.k8sVersionMajor={kube_major}",
            f"-X {package}.k8sVersionMinor={minor}",
        ]
    return flags


def find_go() -> Path:
    go = shutil.which("go") or shutil.which("go", path=os.pathsep.join(GO_FALLBACK_DIRS))
    if go is None:
        raise errors.UserError(
            "Go is not installed: the local environment builds Kubernetes and KWOK from source "
            f"and needs Go >= {MIN_GO[0]}.{MIN_GO[1]} on PATH (see the README's set-up commands)"
        )
    output = subprocess.run([go, "env", "GOVERSION"], capture_output=True, text=True, check=False)
    match = re.match(r"go(\d+)\.(\d+)", output.stdout.strip())
    if match is None or (int(match.group(1)), int(match.group(2))) < MIN_GO:
        raise errors.UserError(
            f"{go} reports {output.stdout.strip() or 'no version'}; "
            f"Go >= {MIN_GO[0]}.{MIN_GO[1]} is needed to build Kubernetes"
        )
    return Path(go)


def find_debian_tools() -> dict[str, Path]:
    found: dict[str, Path] = {}
    missing: list[DebianTool] = []
    for tool in DEBIAN_TOOLS:
        path = shutil.which(tool.binary)
        if path is None:
            missing.append(tool)
        else:
            found[tool.binary] = Path(path)
    if missing:
        names = ", ".join(f"{tool.binary} (Debian package {tool.package})" for tool in missing)
        packages = " ".join(tool.package for tool in missing)
        raise errors.UserError(
            f"missing programs: {names}; install them with: apt-get install -y {packages} "
            "(scripts/bootstrap.sh does it)"
        )
    return found


def build_module(module_dir: str, *, report: Report) -> Path:
    """Builds every tool of one module into its cache directory unless it is already there.

    The binaries are built into a temporary directory and renamed into place, so an
    interrupted or failed build never leaves a half-written cache behind.
    """
    target = cache_dir(module_dir)
    tools = [tool for tool in GO_TOOLS if tool.module_dir == module_dir]
    if all((target / tool.binary).is_file() for tool in tools):
        return target
    with locking.exclusive(target.with_name(target.name + ".lock")):
        if all((target / tool.binary).is_file() for tool in tools):
            return target
        go = find_go()
        names = ", ".join(tool.binary for tool in tools)
        report(f"building {names} with {go} (first run only; cached in {target})")
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            # One package builds to a file name (its path may end in a major version such
            # as /v3); several build into the directory under their own names.
            output = str(staging / tools[0].binary) if len(tools) == 1 else str(staging) + os.sep
            argv = [
                str(go),
                "build",
                "-trimpath",
                f"-ldflags={ldflags(module_dir)}",
                "-o",
                output,
                *(tool.package for tool in tools),
            ]
            log = target.parent / f"{target.name}.build.log"
            with log.open("wb") as build_output:
                result = subprocess.run(
                    argv,
                    cwd=GOMOD / module_dir,
                    stdout=build_output,
                    stderr=subprocess.STDOUT,
                    env={
                        **os.environ,
                        "GOFLAGS": "-mod=readonly -buildvcs=false",
                        "CGO_ENABLED": "0",
                    },
                    check=False,
                )
            if result.returncode != 0:
                tail = log.read_text(errors="replace").strip().splitlines()[-15:]
                raise errors.UserError(
                    f"go build of {names} failed (exit {result.returncode}); full log: {log}\n"
                    + "\n".join(tail)
                )
            for tool in tools:
                built = staging / tool.binary
                if not (built.is_file() and os.access(built, os.X_OK)):
                    raise errors.UserError(
                        f"go build of {tool.package} produced no executable {tool.binary}; "
                        f"is it a main package? (log: {log})"
                    )
            staging.chmod(0o755)
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)
    return target


def tool_path(binary: str, *, report: Report | None = None) -> Path:
    """The path of one Go-built program, building its module first if it is not cached."""
    (tool,) = [tool for tool in GO_TOOLS if tool.binary == binary]
    return build_module(tool.module_dir, report=report or (lambda _: None)) / binary


def ensure_binaries(*, report: Report) -> Binaries:
    """Finds the Debian programs and builds (or reuses) the pinned Go programs."""
    paths = find_debian_tools()
    for module_dir in sorted({tool.module_dir for tool in GO_TOOLS}):
        directory = build_module(module_dir, report=report)
        for tool in GO_TOOLS:
            if tool.module_dir == module_dir:
                paths[tool.binary] = directory / tool.binary
    return Binaries(paths=paths)
