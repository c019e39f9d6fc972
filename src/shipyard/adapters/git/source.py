"""Fetching one path of one revision of a Git repository into memory, with limits.

A bare mirror per repository URL is kept in a cache directory and fetched on every call; files
are read straight from Git objects (`git ls-tree` + `git cat-file --batch`), so nothing from the
repository touches the filesystem and committed symlinks cannot point anywhere. Sizes and file
counts are checked from the tree listing before any content is read.

Every value from the user reaches git as a separate argv element after validation, never
through a shell; credentials in URLs are scrubbed from errors.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import subprocess
import urllib.parse
from pathlib import Path, PurePosixPath

from shipyard import errors
from shipyard.adapters.local import locking

MAX_SOURCE_BYTES = 100 * 1024 * 1024
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_FILES = 10_000
_SHA = re.compile(r"^[0-9a-f]{40}$")
_TIMEOUT = 120.0


@dataclasses.dataclass(frozen=True, kw_only=True)
class SourceFile:
    path: str  # relative to the repository root
    content: bytes


@dataclasses.dataclass(frozen=True, kw_only=True)
class Snapshot:
    """The files under one path at one commit (or, of kind ``chart``, a packaged chart from a
    chart repository: see :mod:`shipyard.adapters.charts.source`)."""

    url: str
    revision: str  # the commit SHA; for a chart, <version>@sha256:<archive digest>
    kind: str  # directory | kustomize | helm | chart
    files: tuple[SourceFile, ...]
    symlinks: tuple[str, ...] = ()  # paths of committed symbolic links (never read)


def scrub(url: str) -> str:
    """The URL without user information or query string, safe for logs and errors."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, "", ""))


def _git_env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/nonexistent"),
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_ASKPASS": "/bin/false",
        "LC_ALL": "C",
    }


def _run(argv: list[str], *, cwd: Path, url: str, what: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(
            ["git", "-c", "protocol.file.allow=never", *argv],
            cwd=cwd,
            input=stdin,
            capture_output=True,
            env=_git_env(),
            timeout=_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise errors.TransientError(f"git {what} of {scrub(url)} timed out") from exc
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").replace(url, scrub(url)).strip()
        raise errors.TransientError(f"git {what} of {scrub(url)} failed: {message[-500:]}")
    return result.stdout


def _mirror(url: str, cache: Path) -> Path:
    mirror = cache / hashlib.sha256(url.encode()).hexdigest()[:24]
    if not (mirror / "HEAD").is_file():
        mirror.mkdir(parents=True, exist_ok=True)
        _run(["init", "--quiet", "--bare", str(mirror)], cwd=cache, url=url, what="init")
    return mirror


def _resolve(mirror: Path, *, url: str, revision: str) -> str:
    if _SHA.match(revision):
        candidates = [revision]
    elif revision == "HEAD":
        candidates = ["refs/shipyard/HEAD"]
    else:
        candidates = [f"refs/heads/{revision}", f"refs/tags/{revision}"]
    for candidate in candidates:
        try:
            out = _run(
                ["rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}"],
                cwd=mirror,
                url=url,
                what="rev-parse",
            )
        except errors.TransientError:
            continue
        return out.decode().strip()
    raise errors.UserError(f"revision {revision!r} not found in {scrub(url)}")


def fetch(*, url: str, revision: str, path: str, cache: Path, recurse: bool) -> Snapshot:
    """The files of ``path`` at ``revision`` (branch, tag, SHA or HEAD), by source type.

    A directory source gets its YAML/JSON files; a Kustomize overlay gets every regular file
    of the repository (its bases may live elsewhere in it), and so does a Helm chart.
    """
    if url.startswith("-") or revision.startswith("-"):
        raise errors.UserError("repository URL and revision may not start with '-'")
    root = PurePosixPath(path.strip("/") or ".")
    if root.is_absolute() or ".." in root.parts:
        raise errors.UserError(f"source path {path!r} must be relative and stay in the repository")
    cache.mkdir(parents=True, exist_ok=True)
    mirror = _mirror(url, cache)
    with locking.exclusive(mirror.with_suffix(".lock")):
        _run(
            [
                "fetch", "--quiet", "--prune", "--force", "--no-tags", "--end-of-options", url,
                "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*",
                "+HEAD:refs/shipyard/HEAD",
            ],
            cwd=mirror, url=url, what="fetch",
        )  # fmt: skip
        sha = _resolve(mirror, url=url, revision=revision)
        entries = _list(mirror, url=url, sha=sha)
        prefix = "" if str(root) == "." else f"{root}/"
        kind = _kind_of(entries, prefix=prefix)
        if kind in ("kustomize", "helm"):
            # Kustomize bases and Helm value files may live anywhere in the repository.
            selected = [e for e in entries if e.mode != SYMLINK]
        else:
            selected = [
                e for e in entries
                if e.path.startswith(prefix) and e.path.endswith((".yaml", ".yml", ".json"))
                and (recurse or "/" not in e.path[len(prefix):])
            ]  # fmt: skip
        for entry in selected:
            if entry.mode == SYMLINK:
                raise errors.UserError(
                    f"{scrub(url)}@{sha[:12]}: {entry.path} is a symbolic link; links are not "
                    "followed in sources (commit the file itself)"
                )
        _check_limits(selected, where=f"{scrub(url)}@{sha[:12]}:{path}")
        return Snapshot(
            url=scrub(url),
            revision=sha,
            kind=kind,
            files=_read_blobs(mirror, url=url, entries=selected),
            symlinks=tuple(e.path for e in entries if e.mode == SYMLINK),
        )


SYMLINK = "120000"
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Entry:
    path: str
    mode: str
    sha: str
    size: int


def _list(mirror: Path, *, url: str, sha: str) -> list[_Entry]:
    listing = _run(
        ["ls-tree", "-r", "-l", "-z", "--full-tree", sha], cwd=mirror, url=url, what="ls-tree"
    )
    entries = []
    for raw in listing.split(b"\0"):
        if not raw:
            continue
        meta, _, name = raw.partition(b"\t")
        mode, kind, object_sha, size = meta.decode().split()
        if kind != "blob":
            continue  # submodules
        entries.append(
            _Entry(path=name.decode("utf-8", "replace"), mode=mode, sha=object_sha,
                   size=int(size) if size.isdigit() else 0)
        )  # fmt: skip
    return entries


def _kind_of(entries: list[_Entry], *, prefix: str) -> str:
    names = {e.path for e in entries}
    if any(prefix + name in names for name in KUSTOMIZATION_FILES):
        return "kustomize"
    if prefix + "Chart.yaml" in names:
        return "helm"
    return "directory"


def _check_limits(entries: list[_Entry], *, where: str) -> None:
    for entry in entries:
        if entry.size > MAX_FILE_BYTES:
            raise errors.UserError(
                f"{where}: {entry.path} has {entry.size} bytes, over the per-file limit of "
                f"{MAX_FILE_BYTES}"
            )
    total = sum(entry.size for entry in entries)
    if len(entries) > MAX_FILES or total > MAX_SOURCE_BYTES:
        raise errors.UserError(
            f"{where}: {len(entries)} files and {total} bytes exceed the limits of {MAX_FILES} "
            f"files and {MAX_SOURCE_BYTES} bytes per source; split the application"
        )


def _read_blobs(mirror: Path, *, url: str, entries: list[_Entry]) -> tuple[SourceFile, ...]:
    if not entries:
        return ()
    batch = _run(
        ["cat-file", "--batch"], cwd=mirror, url=url, what="cat-file",
        stdin="".join(f"{entry.sha}\n" for entry in entries).encode(),
    )  # fmt: skip
    files = []
    offset = 0
    for entry in entries:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split()[2])
        start = header_end + 1
        files.append(SourceFile(path=entry.path, content=batch[start : start + size]))
        offset = start + size + 1
    return tuple(files)
