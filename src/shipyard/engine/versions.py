"""The version of a commit: read the repository and its GitVersion.yml, then calculate.

Shared by `shipyard version` and the pipeline's version step."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from shipyard.adapters.git import history
from shipyard.core.versioning import calculate, config_file, variables


def compute(
    path: Path, *, branch: str | None, commit: str | None, env: Mapping[str, str]
) -> tuple[calculate.Result, dict[str, str | None]]:
    """The calculation and GitVersion's variables for ``commit`` (default HEAD) of ``path``."""
    snapshot = history.read(path)
    source = str(snapshot.config.path) if snapshot.config else "GitVersion.yml"
    settings = config_file.load(snapshot.config.text if snapshot.config else None, source=source)
    result = calculate.calculate(
        snapshot.history,
        config=settings,
        request=calculate.Request(branch=branch, commit=commit, env=dict(env)),
    )
    return result, variables.of(result, env=env)
