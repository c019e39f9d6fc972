"""`chart dependency update` and `chart dependency build`, as `helm dependency update|build`.

``update`` resolves each dependency of Chart.yaml (v1: requirements.yaml) to one version
(:mod:`shipyard.core.charts.dependencyresolving`), fetches every archive into memory, checks
that each loads as a chart (the loader's refusals and size caps apply), then writes them into
``charts/``, deletes the chart archives there that no dependency wants (except those of charts
that live unpacked in ``charts/``), and writes the lock (:mod:`shipyard.core.charts.chartlock`)
unless its digest is unchanged. ``build`` takes the lock's versions instead, after checking its
digest against the dependencies; without a lock it is ``update``.

Nothing is written outside ``charts/`` except the lock file: archive names are single file
names, a symlinked ``charts/`` or lock file is refused, files are replaced by rename (a symlink
in ``charts/`` is replaced, never followed) and symlinks are never deleted through.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from shipyard import errors
from shipyard.adapters.charts import loading
from shipyard.core.charts import chart, chartlock, chartyaml, packaging
from shipyard.core.charts import dependencyresolving as resolving
from shipyard.engine.charts import dependencysources
from shipyard.engine.charts.dependencysources import Access

__all__ = ["Access", "Outcome", "build", "update"]


@dataclasses.dataclass(frozen=True, kw_only=True)
class Outcome:
    messages: tuple[str, ...]  # progress, worded as helm's
    saved: tuple[str, ...]  # archive names written into charts/
    removed: tuple[str, ...]  # outdated archives deleted from charts/
    lock: Path | None  # the lock file written; None when it was up to date or not needed


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Target:
    root: Path
    chart: chart.Chart
    lock: chartlock.Lock | None
    lock_path: Path | None
    where: str  # the dependencies file, for messages


@contextlib.contextmanager
def _about(what: str) -> Iterator[None]:
    """Names the chart file and dependency in errors from the repositories."""
    try:
        yield
    except errors.TransientError as exc:
        raise errors.TransientError(f"{what}: {exc}") from exc
    except errors.UserError as exc:
        raise errors.UserError(f"{what}: {exc}") from exc


def _load(root: Path) -> _Target:
    if not root.exists():
        raise errors.UserError(f"could not find {root}")
    if not root.is_dir():
        raise errors.UserError(f"{root}: only unpacked charts can be updated")
    loaded, files = loading.load_directory(root)
    lock: chartlock.Lock | None = None
    lock_path: Path | None = None
    for file in files:  # the last lock read wins, as in helm's loader
        if file.name in (chartlock.CHART_LOCK, chartlock.REQUIREMENTS_LOCK):
            lock_path = root / file.name
            lock = chartlock.parse(
                file.data.decode("utf-8", "surrogateescape"), where=str(lock_path)
            )
    names = {file.name for file in files}
    v1 = loaded.metadata.APIVersion == "v1" and "requirements.yaml" in names
    where = str(root / ("requirements.yaml" if v1 else "Chart.yaml"))
    return _Target(root=root, chart=loaded, lock=lock, lock_path=lock_path, where=where)


def _local_path(root: Path, location: str) -> Path:
    """resolver.GetLocalPath: absolute, or relative to the chart."""
    if location.startswith("/"):
        return Path(os.path.normpath(location))
    return Path(os.path.normpath(root / location))


def _sources(
    target: _Target, deps: Sequence[chartyaml.Dependency], where: str
) -> list[resolving.Source]:
    sources = []
    for dep in deps:
        source = resolving.source_of(dep, where=where)
        if source.kind == resolving.FILE:
            path = _local_path(target.root, source.location)
            if not path.exists():
                raise errors.UserError(
                    f"{where}: {resolving.describe(dep)}: directory {path} not found"
                )
        sources.append(source)
    return sources


def _resolve(
    target: _Target,
    deps: Sequence[chartyaml.Dependency],
    sources: Sequence[resolving.Source],
    remote: dependencysources.Remote,
) -> list[chartyaml.Dependency]:
    """Resolver.Resolve: one locked version per dependency."""
    where = target.where
    locked: list[chartyaml.Dependency] = []
    missing: list[chartyaml.Dependency] = []
    for dep, source in zip(deps, sources, strict=True):
        resolving.check_constraint(dep, where=where)
        what = f"{where}: {resolving.describe(dep)}"
        version: str | None
        if source.kind == resolving.LOCAL:
            path = target.root / "charts" / dep.Name
            if not path.exists():
                raise errors.UserError(f"{what}: directory {path} not found")
            version = dep.Version
        elif source.kind == resolving.FILE:
            with _about(what):
                found = loading.load_chart(_local_path(target.root, source.location))
            version = found.metadata.Version
            if not resolving.satisfies(dep.Version, version):
                version = None
        elif source.kind == resolving.HTTP:
            with _about(what):
                entries = remote.entries(source, dep.Name)
            if entries is None:
                raise errors.UserError(
                    f"{what}: {dep.Name} chart not found in repo {dep.Repository}"
                )
            version = resolving.newest_in_index(entries, constraint=dep.Version)
        elif resolving.is_explicit_version(dep.Version):
            version = dep.Version
        else:
            with _about(what):
                tags = resolving.registry_tags(remote.tags(source, dep.Name))
            version = resolving.newest_of(tags, constraint=dep.Version)
        if version is None:
            missing.append(dep)
            continue
        locked.append(chartlock.locked(name=dep.Name, repository=dep.Repository, version=version))
    if missing:
        raise errors.UserError(f"{where}: {resolving.missing_message(missing)}")
    return locked


@dataclasses.dataclass(frozen=True, kw_only=True)
class _Fetched:
    locked: tuple[chartyaml.Dependency, ...]
    archives: tuple[tuple[str, bytes], ...]
    messages: tuple[str, ...]


def _fetch(
    target: _Target,
    deps: Sequence[chartyaml.Dependency],
    where: str,
    remote: dependencysources.Remote,
) -> _Fetched:
    """Manager.downloadAll, in memory: every archive the locked versions name."""
    messages = [f"Saving {len(deps)} charts"]
    archives: dict[str, bytes] = {}
    seen: set[str] = set()
    locked: list[chartyaml.Dependency] = []
    for dep in deps:
        source = resolving.source_of(dep, where=where)
        what = f"{where}: {resolving.describe(dep)}"
        if source.kind == resolving.LOCAL:
            messages.append(
                f"Dependency {dep.Name} did not declare a repository. Assuming it exists in "
                "the charts directory"
            )
            with _about(what):
                found = loading.load_chart(target.root / "charts" / dep.Name)
            resolving.check_constraint(dep, where=where)
            if not resolving.satisfies(dep.Version, found.metadata.Version):
                raise errors.UserError(
                    f"{what}: dependency {dep.Name} at version {found.metadata.Version} does "
                    f"not satisfy the constraint {dep.Version}"
                )
            locked.append(dep)
            continue
        if source.kind == resolving.FILE:
            with _about(what):
                found, files = loading.load_directory(_local_path(target.root, source.location))
            resolving.check_constraint(dep, where=where)
            if not resolving.satisfies(dep.Version, found.metadata.Version):
                raise errors.UserError(f"{what}: can't get a valid version for dependency")
            with _about(what):
                _, archive = packaging.package(files)
            archives[resolving.oci_archive_name(found.name, found.metadata.Version)] = archive
            locked.append(dataclasses.replace(dep, Version=found.metadata.Version))
            continue
        locked.append(dep)
        if source.kind == resolving.HTTP:
            with _about(what):
                entries = remote.entries(source, dep.Name) or []
            try:
                entry = resolving.find_in_index(entries, version=dep.Version)
            except LookupError:
                raise errors.UserError(
                    f"{what}: chart {dep.Name} version {dep.Version} not found in {dep.Repository}"
                ) from None
            url = resolving.chart_url(source.location, str(entry["urls"][0]))
            name = resolving.archive_name(url, where=what)
            key = url
        else:
            name = resolving.oci_archive_name(dep.Name, dep.Version)
            key = f"{source.location}/{dep.Name}:{dep.Version}"
        if key in seen:
            messages.append(f"Already downloaded {dep.Name} from repo {dep.Repository}")
            continue
        seen.add(key)
        messages.append(f"Downloading {dep.Name} from repo {dep.Repository}")
        with _about(what):
            if source.kind == resolving.HTTP:
                archive = remote.chart_archive(url, what=url, digest=str(entry.get("digest") or ""))
            else:
                archive = remote.oci_archive(source, dep.Name, dep.Version)
        archives[name] = archive
    for name, archive in archives.items():
        loading.load_archive(archive, label=f"{where}: charts/{name}")
    return _Fetched(
        locked=tuple(locked), archives=tuple(archives.items()), messages=tuple(messages)
    )


def _write(path: Path, data: bytes) -> None:
    """Replaces ``path`` by rename from a temporary file beside it (a symlink at ``path`` is
    replaced, not followed)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".shipyard-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        Path(temporary).chmod(0o644)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _store(
    target: _Target, fetched: _Fetched, locals_: frozenset[str]
) -> tuple[list[str], list[str], list[str]]:
    """Manager.safeMoveDeps: writes the archives into charts/ and deletes outdated ones."""
    charts = target.root / "charts"
    if charts.is_symlink():
        raise errors.UserError(f"{charts}: a symlink; refusing to write through it")
    if charts.exists() and not charts.is_dir():
        raise errors.UserError(f'"{charts}" is not a directory')
    charts.mkdir(exist_ok=True)
    saved: list[str] = []
    for name, data in fetched.archives:
        destination = charts / name
        if destination.is_dir() and not destination.is_symlink():
            raise errors.UserError(f"{destination}: a directory is in the way")
        _write(destination, data)
        saved.append(name)
    messages = ["Deleting outdated charts"]
    removed: list[str] = []
    with os.scandir(charts) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    for entry in entries:
        if entry.name in saved or not entry.is_file(follow_symlinks=False):
            continue
        path = Path(entry.path)
        try:
            if entry.stat(follow_symlinks=False).st_size > loading.MAX_CHART_BYTES:
                raise errors.UserError(f"{path}: larger than {loading.MAX_CHART_BYTES} bytes")
            name = loading.load_archive(path.read_bytes(), label=str(path)).name
        except errors.UserError as exc:
            messages.append(f"Could not verify {path} for deletion: {exc} (Skipping)")
            continue
        if name in locals_:
            continue
        path.unlink()
        removed.append(entry.name)
    return saved, removed, messages


def _apply(
    target: _Target,
    locked: Sequence[chartyaml.Dependency],
    where: str,
    remote: dependencysources.Remote,
) -> tuple[_Fetched, list[str], list[str], list[str]]:
    fetched = _fetch(target, locked, where, remote)
    locals_ = frozenset(dep.Name for dep in locked if not dep.Repository)
    saved, removed, messages = _store(target, fetched, locals_)
    return fetched, saved, removed, messages


def _lock_destination(target: _Target) -> Path:
    path = target.root / chartlock.lock_file_name(target.chart.metadata.APIVersion)
    if path.is_symlink():
        raise errors.UserError(f"the {path.name} file is a symlink to {str(path.readlink())!r}")
    return path


def update(
    root: Path, *, access: Access | None = None, now: datetime.datetime | None = None
) -> Outcome:
    """`helm dependency update ROOT`."""
    target = _load(root)
    requirements = target.chart.metadata.Dependencies
    if requirements is None:
        return Outcome(messages=(), saved=(), removed=(), lock=None)
    deps = [dep for dep in requirements if dep is not None]
    sources = _sources(target, deps, target.where)
    lock_path = _lock_destination(target)
    access = access or Access()
    hosts = dependencysources.credential_hosts(access, sources)
    with dependencysources.Remote(access, hosts=hosts) as remote:
        locked = _resolve(target, deps, sources, remote)
        fetched, saved, removed, messages = _apply(target, locked, target.where, remote)
    digest = chartlock.digest(requirements=requirements, locked=fetched.locked)
    written = None
    if target.lock is None or target.lock.digest != digest:
        moment = now or datetime.datetime.now().astimezone()
        lock = chartlock.Lock(
            generated=chartlock.format_generated(moment),
            digest=digest,
            dependencies=fetched.locked,
        )
        _write(lock_path, chartlock.dump(lock).encode())
        written = lock_path
    return Outcome(
        messages=(*fetched.messages, *messages),
        saved=tuple(saved),
        removed=tuple(removed),
        lock=written,
    )


def build(root: Path, *, access: Access | None = None) -> Outcome:
    """`helm dependency build ROOT`: the lock's versions, or ``update`` without a lock."""
    target = _load(root)
    if target.lock is None or target.lock_path is None:
        return update(root, access=access)
    requirements = target.chart.metadata.Dependencies
    deps = [dep for dep in requirements or () if dep is not None]
    _sources(target, deps, target.where)
    api_version = target.chart.metadata.APIVersion
    if not chartlock.is_in_sync(
        requirements=requirements, lock=target.lock, api_version=api_version
    ):
        raise errors.UserError(f"{target.lock_path}: {chartlock.out_of_sync_message(api_version)}")
    locked = list(target.lock.dependencies or ())
    where = str(target.lock_path)
    access = access or Access()
    hosts = dependencysources.credential_hosts(
        access, [resolving.source_of(dep, where=where) for dep in locked]
    )
    with dependencysources.Remote(access, hosts=hosts) as remote:
        fetched, saved, removed, messages = _apply(target, locked, where, remote)
    return Outcome(
        messages=(*fetched.messages, *messages),
        saved=tuple(saved),
        removed=tuple(removed),
        lock=None,
    )
