"""Reading a chart into memory: from a directory (with ``.helmignore``) or a ``.tgz``.

Nothing is ever written to disk. Files are read as Helm's loader reads them (UTF-8 BOM
stripped; directories walked in sorted order; archives in entry order with their top directory
removed) and then assembled by :func:`shipyard.core.charts.chart.load_files`; nested
``charts/*.tgz`` are opened the same way, in memory.

Limits and refusals (SECURITY-CASES 1, 2, 3, 4, 8, 11, 12, 13), each a ``UserError`` naming the
archive or path and the entry:

- 5 MiB per file, 100 MiB per chart in total (archives and nested archives share the budget,
  counted on decompressed bytes, so a gzip bomb or a tar header lying about its size stops at
  the limit), at most :data:`MAX_FILES` files;
- archive entries that are absolute, escape the chart with ``..``, use a drive letter, are
  symlinks, hardlinks, devices or FIFOs; ``Chart.yaml`` outside the chart directory;
- in a directory: symlinks resolving outside the chart root, symlink loops, and anything that is
  not a regular file or directory. (Helm follows symlinks anywhere; shipyard renders from Git
  and does not.) Modes are never applied: files only exist in memory.
"""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from shipyard import errors
from shipyard.core.charts import chart, ignoring

if TYPE_CHECKING:
    import gzip

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_CHART_BYTES = 100 * 1024 * 1024
MAX_FILES = 20_000
_BOM = b"\xef\xbb\xbf"
_DRIVE = re.compile(r"^[a-zA-Z]:/")


class ChartSourceError(errors.UserError):
    """A chart that cannot be read safely; the message names the archive/path and entry."""


@dataclasses.dataclass(kw_only=True)
class _Budget:
    """Bytes and files left for one chart, nested archives included."""

    remaining: int = MAX_CHART_BYTES
    files: int = MAX_FILES

    def take_file(self, where: str) -> None:
        self.files -= 1
        if self.files < 0:
            raise ChartSourceError(f"{where}: chart has more than {MAX_FILES} files")


class _CountingReader(io.RawIOBase):
    """Decompressed bytes, stopping once the budget is spent (a gzip bomb stops here)."""

    def __init__(self, source: gzip.GzipFile, budget: _Budget, label: str) -> None:
        self.source = source
        self.budget = budget
        self.label = label
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.source.read(len(buffer))
        self.count += len(data)
        # tar framing (headers, padding) is allowed on top of the file bytes themselves
        if self.count > self.budget.remaining + 64 * 1024 * 1024:
            raise ChartSourceError(
                f"{self.label}: decompressed chart is larger than the maximum size "
                f"{MAX_CHART_BYTES}"
            )
        buffer[: len(data)] = data
        return len(data)


def _entry_name(raw: str, label: str) -> str:
    """The chart-relative name of an archive entry, or a refusal (Helm's rules, stricter)."""
    delimiter = "\\" if "\\" in raw else "/"
    parts = raw.split(delimiter)
    name = "/".join(parts[1:])
    where = f"{label}: entry {raw!r}"
    if name.startswith("/") or raw.startswith(("/", "\\")):
        raise ChartSourceError(f"{where}: chart illegally contains absolute paths")
    cleaned = posixpath.normpath(name) if name else "."
    if cleaned == ".":
        raise ChartSourceError(
            f"{where}: chart illegally contains content outside the base directory"
        )
    if cleaned.startswith("..") or "/../" in f"/{name}/" or parts[0] == "..":
        raise ChartSourceError(f"{where}: chart illegally references parent directory")
    if _DRIVE.match(cleaned) or _DRIVE.match(raw.replace("\\", "/")):
        raise ChartSourceError(f"{where}: chart contains illegally named files")
    if parts[0] == "Chart.yaml":
        raise ChartSourceError(f"{where}: chart yaml not in base directory")
    return cleaned


def read_archive(data: bytes, *, label: str, budget: _Budget | None = None) -> list[chart.File]:
    """The files of a gzipped chart archive, in entry order; raises ChartSourceError."""
    import gzip  # archives only: a chart directory does not pay for these imports
    import tarfile
    import zlib

    budget = budget or _Budget()
    if not data.startswith(b"\x1f\x8b\x08"):
        if label.endswith((".yml", ".yaml")):
            raise ChartSourceError(
                f"file '{label}' seems to be a YAML file, but expected a gzipped archive"
            )
        raise ChartSourceError(f"file '{label}' does not appear to be a gzipped archive")
    files: list[chart.File] = []
    counting = _CountingReader(gzip.GzipFile(fileobj=io.BytesIO(data)), budget, label)
    stream = io.BufferedReader(counting, buffer_size=64 * 1024)
    try:
        with tarfile.open(fileobj=stream, mode="r|") as archive:
            for member in archive:
                if member.isdir():
                    continue
                where = f"{label}: entry {member.name!r}"
                if member.issym() or member.islnk():
                    raise ChartSourceError(
                        f"{where}: links are not allowed in a chart archive "
                        f"(points to {member.linkname!r})"
                    )
                if not member.isreg():
                    raise ChartSourceError(f"{where}: only regular files are allowed")
                name = _entry_name(member.name, label)
                if member.size > budget.remaining:
                    raise ChartSourceError(
                        f"{where}: decompressed chart is larger than the maximum size "
                        f"{MAX_CHART_BYTES}"
                    )
                if member.size > MAX_FILE_BYTES:
                    raise ChartSourceError(
                        f"{where}: decompressed chart file is larger than the maximum file "
                        f"size {MAX_FILE_BYTES}"
                    )
                budget.take_file(label)
                extracted = archive.extractfile(member)
                content = extracted.read(member.size + 1) if extracted else b""
                if len(content) != member.size:
                    raise ChartSourceError(f"{where}: truncated entry")
                budget.remaining -= len(content)
                files.append(chart.File(name=name, data=content.removeprefix(_BOM)))
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise ChartSourceError(f"{label}: not a valid chart archive: {exc}") from exc
    if not files:
        raise ChartSourceError(f"{label}: no files in chart archive")
    return files


def _read_file(path: Path, rel: str, budget: _Budget, root: str) -> bytes:
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise ChartSourceError(
            f"{root}: cannot load irregular file {rel} as it has file mode type bits set"
        )
    if info.st_size > MAX_FILE_BYTES:
        raise ChartSourceError(
            f"{root}: chart file {rel!r} is larger than the maximum file size {MAX_FILE_BYTES}"
        )
    budget.take_file(root)
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ChartSourceError(
            f"{root}: chart file {rel!r} is larger than the maximum file size {MAX_FILE_BYTES}"
        )
    budget.remaining -= len(data)
    if budget.remaining < 0:
        raise ChartSourceError(f"{root}: chart is larger than the maximum size {MAX_CHART_BYTES}")
    return data.removeprefix(_BOM)


def read_directory(root: Path, *, budget: _Budget | None = None) -> list[chart.File]:
    """The files of a chart directory, as Helm's LoadDir walks it; raises ChartSourceError."""
    budget = budget or _Budget()
    real_root = os.path.realpath(root)
    label = str(root)
    rules_text = None
    helmignore = root / ignoring.HELMIGNORE
    if helmignore.is_file() and not helmignore.is_symlink():
        rules_text = helmignore.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
    try:
        rules = ignoring.parse_rules(rules_text)
    except ignoring.IgnoreError as exc:
        raise ChartSourceError(f"{label}/{ignoring.HELMIGNORE}: {exc}") from None
    files: list[chart.File] = []

    def resolve(path: Path, rel: str) -> str:
        try:
            target = os.path.realpath(path, strict=True)
        except (OSError, RuntimeError):
            raise ChartSourceError(f"{label}: symlink {rel} is broken or loops") from None
        if target != real_root and not target.startswith(real_root + os.sep):
            raise ChartSourceError(f"{label}: symlink {rel} points outside the chart")
        return target

    def walk(directory: str, prefix: str, active: frozenset[str]) -> None:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
        for entry in entries:
            rel = f"{prefix}{entry.name}"
            real = resolve(Path(entry.path), rel) if entry.is_symlink() else None
            is_dir = entry.is_dir()  # follows a (checked) symlink, as Helm's walk does
            if rules.ignores(rel, is_dir=is_dir):
                continue
            if is_dir:
                key = real or os.path.realpath(entry.path)
                if key in active:
                    raise ChartSourceError(f"{label}: symlink loop at {rel}")
                walk(entry.path, rel + "/", active | {key})
                continue
            data = _read_file(Path(entry.path), rel, budget, label)
            files.append(chart.File(name=rel, data=data))

    try:
        walk(str(root), "", frozenset({real_root}))
    except OSError as exc:
        raise ChartSourceError(f"{label}: {exc.strerror or exc}") from exc
    return files


def read_files(path: Path) -> list[chart.File]:
    """The chart's own files as loaded (directory or archive), before assembly."""
    if not path.exists():
        raise ChartSourceError(f'path "{path}" not found')
    if path.is_dir():
        return read_directory(path)
    if path.stat().st_size > MAX_CHART_BYTES:
        raise ChartSourceError(f"{path}: archive is larger than {MAX_CHART_BYTES} bytes")
    return read_archive(path.read_bytes(), label=str(path))


def load_directory(path: Path) -> tuple[chart.Chart, list[chart.File]]:
    """A chart directory loaded, with the files it was assembled from (``Chart.lock`` among
    them); raises ``UserError`` as :func:`load_chart` does."""
    if not path.is_dir():
        raise ChartSourceError(f'path "{path}" is not a chart directory')
    budget = _Budget()

    def unpack(label: str, data: bytes) -> list[chart.File]:
        return read_archive(data, label=f"{path}:{label}", budget=budget)

    files = read_directory(path, budget=budget)
    try:
        return chart.load_files(files, unpack=unpack), files
    except chart.ChartLoadError as exc:
        raise ChartSourceError(f"{path}: {exc}") from None


def load_archive(data: bytes, *, label: str) -> chart.Chart:
    """A chart archive in memory, loaded with its subcharts (within one size budget)."""
    budget = _Budget()

    def unpack(inner: str, archive: bytes) -> list[chart.File]:
        return read_archive(archive, label=f"{label}:{inner}", budget=budget)

    files = read_archive(data, label=label, budget=budget)
    try:
        return chart.load_files(files, unpack=unpack)
    except chart.ChartLoadError as exc:
        raise ChartSourceError(f"{label}: {exc}") from None


def load_chart(path: Path) -> chart.Chart:
    """Load a chart directory or archive; raises ``UserError`` (Helm's wording for the chart
    itself, the path and entry for unsafe or oversized content)."""
    if not path.exists():
        raise ChartSourceError(f'path "{path}" not found')
    budget = _Budget()

    def unpack(label: str, data: bytes) -> list[chart.File]:
        return read_archive(data, label=f"{path}:{label}", budget=budget)

    if path.is_dir():
        files = read_directory(path, budget=budget)
    else:
        size = path.stat().st_size
        if size > MAX_CHART_BYTES:
            raise ChartSourceError(f"{path}: archive is larger than {MAX_CHART_BYTES} bytes")
        files = read_archive(path.read_bytes(), label=str(path), budget=budget)
    try:
        return chart.load_files(files, unpack=unpack)
    except chart.ChartLoadError as exc:
        raise ChartSourceError(str(exc)) from None
