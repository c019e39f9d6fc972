"""Where one local environment keeps its files: state, certificates, logs, PID files and data."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from shipyard import errors

_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def state_home() -> Path:
    """The directory that holds every named environment (``SHIPYARD_HOME`` overrides it)."""
    explicit = os.environ.get("SHIPYARD_HOME")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(xdg) / "shipyard"


def cache_home() -> Path:
    """The directory for built binaries shared by all environments (``SHIPYARD_CACHE``)."""
    explicit = os.environ.get("SHIPYARD_CACHE")
    if explicit:
        return Path(explicit).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "shipyard"


def validate_name(name: str) -> str:
    if not _NAME.match(name):
        raise errors.UserError(
            f"environment name {name!r} is invalid: use 1-63 lowercase letters, digits and '-'"
        )
    return name


@dataclasses.dataclass(frozen=True, kw_only=True)
class EnvLayout:
    """The file layout of one environment under its root directory."""

    root: Path

    @classmethod
    def named(cls, name: str) -> EnvLayout:
        return cls(root=state_home() / "envs" / validate_name(name))

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def pki(self) -> Path:
        return self.root / "pki"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def run(self) -> Path:
        return self.root / "run"

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def kubeconfig(self) -> Path:
        return self.root / "kubeconfig"

    @property
    def env_file(self) -> Path:
        return self.root / "env"

    @property
    def lock_file(self) -> Path:
        return self.root / ".lock"

    def log_file(self, component: str) -> Path:
        return self.logs / f"{component}.log"

    def pid_file(self, component: str) -> Path:
        return self.run / f"{component}.pid"

    def component_kubeconfig(self, component: str) -> Path:
        return self.pki / f"{component}.kubeconfig"

    def data_dir(self, component: str) -> Path:
        return self.data / component

    def ensure(self) -> None:
        for directory in (self.root, self.pki, self.logs, self.run, self.data):
            directory.mkdir(parents=True, exist_ok=True)
        self.pki.chmod(0o700)
