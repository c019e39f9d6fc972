"""Reproducible layer tarballs: the same files give the same bytes, hence the same digest.

Entries are sorted by path, parent directories are added, owners are root (0:0, no names),
modification times are one fixed epoch, modes keep only the executable bit (0755 or 0644),
and gzip gets no name and mtime 0. Paths are relative and may not climb out (``..``) or be
absolute: a layer never writes outside the image's root.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import io
import posixpath
import tarfile
from collections.abc import Iterable

from shipyard import errors
from shipyard.core import oci


@dataclasses.dataclass(frozen=True, kw_only=True)
class Entry:
    """One file, directory (``data`` None and no ``link``) or symbolic link in a layer."""

    path: str
    data: bytes | None = None
    executable: bool = False
    link: str = ""


@dataclasses.dataclass(frozen=True, kw_only=True)
class Layer:
    blob: bytes  # what is pushed (gzip)
    digest: str  # of the blob
    diff_id: str  # of the uncompressed tar, as the image config lists it
    media_type: str = oci.OCI_LAYER_GZIP

    @property
    def size(self) -> int:
        return len(self.blob)

    def descriptor(self) -> oci.Descriptor:
        return oci.Descriptor(media_type=self.media_type, digest=self.digest, size=self.size)


def clean_path(path: str, *, where: str) -> str:
    """``path`` relative to the image root, normalised; refused if absolute or climbing out."""
    if path.startswith("/") and not path.startswith("//"):
        path = path.lstrip("/")
    normal = posixpath.normpath(path) if path else ""
    if not normal or normal == "." or normal.startswith("/") or normal.split("/")[0] == "..":
        raise errors.UserError(f"{where}: path {path!r} is outside the image root")
    return normal


def layer(entries: Iterable[Entry], *, mtime: int, where: str = "layer") -> Layer:
    files: dict[str, Entry] = {}
    for entry in entries:
        path = clean_path(entry.path, where=where)
        files[path] = dataclasses.replace(entry, path=path)
        parent = posixpath.dirname(path)
        while parent and parent not in files:
            files[parent] = Entry(path=parent)
            parent = posixpath.dirname(parent)
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(files):
            entry = files[path]
            info = tarfile.TarInfo(path)
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if entry.link:
                info.type = tarfile.SYMTYPE
                info.linkname = entry.link
                info.mode = 0o777
                tar.addfile(info)
            elif entry.data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.size = len(entry.data)
                info.mode = 0o755 if entry.executable else 0o644
                tar.addfile(info, io.BytesIO(entry.data))
    uncompressed = raw.getvalue()
    blob = gzip.compress(uncompressed, compresslevel=6, mtime=0)
    return Layer(
        blob=blob,
        digest=oci.digest_of(blob),
        diff_id="sha256:" + hashlib.sha256(uncompressed).hexdigest(),
    )
