"""`kustomize build` of an overlay from a repository snapshot.

The snapshot's regular files are written to a private temporary directory (symlinks never
are), the overlay's references are checked by ``core.kustomizations`` first, and the real
kustomize runs with the root-only load restrictor, no plugins, an empty environment and a
timeout. Its error output is returned with the temporary path removed.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from shipyard import errors
from shipyard.adapters.git import source
from shipyard.core import kustomizations

TIMEOUT = 60.0
MAX_OUTPUT = 100 * 1024 * 1024


def build(
    *,
    files: Sequence[source.SourceFile],
    symlinks: Sequence[str],
    path: str,
    kustomize: Path,
) -> str:
    """The rendered YAML stream of the overlay at ``path``."""
    contents = {file.path: file.content for file in files}
    root = str(PurePosixPath(path.strip("/") or "."))
    kustomizations.check(files=contents, root=root, symlinks=frozenset(symlinks))
    with tempfile.TemporaryDirectory(prefix="shipyard-kustomize-") as tmp:
        base = Path(tmp) / "src"
        for name, content in contents.items():
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise errors.UserError(f"{name}: path leaves the repository")
            target = base.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        try:
            result = subprocess.run(
                [str(kustomize), "build", "--load-restrictor", "LoadRestrictionsRootOnly",
                 str(base / root)],
                capture_output=True,
                cwd=tmp,
                env={"PATH": "/usr/bin:/bin", "HOME": tmp},
                timeout=TIMEOUT,
                check=False,
            )  # fmt: skip
        except subprocess.TimeoutExpired as exc:
            raise errors.UserError(
                f"kustomize build {root} took more than {TIMEOUT:.0f} s"
            ) from exc
        if result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").replace(str(base) + os.sep, "")
            raise errors.UserError(f"kustomize build {root} failed: {message.strip()[-2000:]}")
        if len(result.stdout) > MAX_OUTPUT:
            raise errors.UserError(f"kustomize build {root} produced more than {MAX_OUTPUT} bytes")
        return result.stdout.decode("utf-8", "replace")
