"""Reading values files (``-f``, ``--set-file``) from the local filesystem or stdin.

A ``root`` confines the paths (GitOps sources, SECURITY-CASES 5): absolute paths, ``..`` and
URLs such as ``file://`` are refused. Without a root (the CLI user's own files) any local path
is read; URLs are refused either way, since shipyard never fetches values over the network.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path, PurePosixPath

from shipyard import errors

MAX_VALUES_BYTES = 100 * 1024 * 1024
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class ValuesFileError(errors.UserError):
    """A values file that cannot be read; the message names the path."""


def read(name: str, *, root: Path | None = None) -> bytes:
    """The bytes of a values file (``-`` is stdin); raises :class:`ValuesFileError`."""
    if name.strip() == "-":
        return sys.stdin.buffer.read(MAX_VALUES_BYTES + 1)[:MAX_VALUES_BYTES]
    if _URL.match(name):
        raise ValuesFileError(f"{name}: values from URLs are not supported")
    path = Path(name)
    if root is not None:
        pure = PurePosixPath(name.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts or re.match(r"^[a-zA-Z]:", name):
            raise ValuesFileError(f"{name}: values files must be relative paths inside the source")
        path = root / pure
        real_root = os.path.realpath(root)
        real = os.path.realpath(path)
        if real != real_root and not real.startswith(real_root + os.sep):
            raise ValuesFileError(f"{name}: values file resolves outside the source")
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_VALUES_BYTES + 1)
    except OSError as exc:
        raise ValuesFileError(f"open {name}: {(exc.strerror or str(exc)).lower()}") from exc
    if len(data) > MAX_VALUES_BYTES:
        raise ValuesFileError(f"{name}: values file is larger than {MAX_VALUES_BYTES} bytes")
    return data
