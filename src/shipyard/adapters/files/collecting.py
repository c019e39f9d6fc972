"""Copying the files a step declared (artifacts, JUnit reports) from the workspace into the run
directory, confined to the workspace.

Patterns are globs relative to the workspace (``**`` crosses directories); a matched directory
brings its files. Symbolic links are never followed or copied, and nothing that resolves
outside the workspace is read, so a step cannot make the run keep files from elsewhere
(SECURITY-CASES 3, 4). Sizes are capped before copying.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

from shipyard import errors

MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_FILES = 10_000


@dataclasses.dataclass(frozen=True, kw_only=True)
class Collected:
    files: tuple[str, ...]  # copied, relative to the destination
    refused: tuple[str, ...]  # matched but not copied (links, outside the workspace)


def collect(root: Path, patterns: Sequence[str], *, dest: Path) -> Collected:
    resolved_root = root.resolve()
    files: dict[str, Path] = {}
    refused: list[str] = []
    for pattern in patterns:
        for match in sorted(root.glob(pattern)):
            for path in _files(match):
                relative = path.relative_to(root).as_posix()
                if _escapes(path, root=root, resolved_root=resolved_root):
                    refused.append(relative)
                else:
                    files.setdefault(relative, path)
    if len(files) > MAX_FILES:
        raise errors.UserError(f"more than {MAX_FILES} files match {', '.join(patterns)}")
    total = sum(path.stat().st_size for path in files.values())
    if total > MAX_TOTAL_BYTES:
        raise errors.UserError(
            f"files matching {', '.join(patterns)} hold {total} bytes "
            f"(at most {MAX_TOTAL_BYTES} are kept)"
        )
    for relative, path in files.items():
        target = dest / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target, follow_symlinks=False)
    return Collected(files=tuple(files), refused=tuple(sorted(set(refused))))


def _files(path: Path) -> Iterator[Path]:
    if path.is_symlink() or path.is_file():
        yield path
    elif path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_symlink() or child.is_file():
                yield child


def _escapes(path: Path, *, root: Path, resolved_root: Path) -> bool:
    """A link anywhere on the path, or a path resolving outside the workspace."""
    current = path
    while current != root and current != current.parent:
        if current.is_symlink():
            return True
        current = current.parent
    return not path.resolve().is_relative_to(resolved_root)


def read_text(path: Path, *, max_bytes: int) -> str:
    """A file's text, refusing links and files larger than ``max_bytes``."""
    if path.is_symlink():
        raise errors.UserError(f"{path.name} is a symbolic link; not read")
    size = path.stat().st_size
    if size > max_bytes:
        raise errors.UserError(f"{path.name} holds {size} bytes (at most {max_bytes} are read)")
    return path.read_text(errors="replace")
