"""Application files as layer entries: a directory walked in sorted order.

Version-control and cache directories are skipped, and so is whatever the exclude patterns
name (fnmatch on the path relative to the directory, like .dockerignore lines). A symbolic
link is kept as a link when it points inside the directory and refused otherwise, so a
build never copies files from outside its context.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from pathlib import Path

from shipyard import errors
from shipyard.core.images import layers

ALWAYS_EXCLUDED = (".git", ".venv", "__pycache__", "*.pyc", ".pytest_cache", ".mypy_cache")
MAX_FILE_BYTES = 512 * 1024 * 1024


def _excluded(relative: str, patterns: Sequence[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(
        fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern) for pattern in patterns
    )


def read_tree(root: Path, *, dest: str, exclude: Sequence[str] = ()) -> list[layers.Entry]:
    """Every file under ``root`` as an entry under ``dest`` in the image."""
    if not root.is_dir():
        raise errors.UserError(f"build context {root} is not a directory")
    patterns = (*ALWAYS_EXCLUDED, *exclude)
    entries: list[layers.Entry] = []
    resolved_root = root.resolve()
    for directory, dirnames, filenames in os.walk(root):
        base = Path(directory)
        relative_dir = base.relative_to(root).as_posix()
        kept_dirs = []
        for name in sorted(dirnames):
            relative = name if relative_dir == "." else f"{relative_dir}/{name}"
            if _excluded(relative, patterns):
                continue
            if (base / name).is_symlink():
                entries.append(_link(root, resolved_root, base / name, relative, dest))
                continue
            kept_dirs.append(name)
            entries.append(layers.Entry(path=f"{dest}/{relative}"))
        dirnames[:] = kept_dirs
        for name in sorted(filenames):
            relative = name if relative_dir == "." else f"{relative_dir}/{name}"
            if _excluded(relative, patterns):
                continue
            path = base / name
            if path.is_symlink():
                entries.append(_link(root, resolved_root, path, relative, dest))
                continue
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise errors.UserError(f"{path}: {size} bytes exceeds the 512 MiB file limit")
            entries.append(
                layers.Entry(
                    path=f"{dest}/{relative}",
                    data=path.read_bytes(),
                    executable=os.access(path, os.X_OK),
                )
            )
    return entries


def _link(root: Path, resolved_root: Path, path: Path, relative: str, dest: str) -> layers.Entry:
    target = path.readlink()
    if target.is_absolute() or not path.resolve().is_relative_to(resolved_root):
        raise errors.UserError(f"{root}/{relative}: symbolic link points outside the build context")
    return layers.Entry(path=f"{dest}/{relative}", link=target.as_posix())
