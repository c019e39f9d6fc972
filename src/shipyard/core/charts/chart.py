"""A chart in memory and how it is assembled from its files, as Helm's ``loader.LoadFiles`` does.

``load_files`` takes the chart's files (names relative to the chart root, already read and
filtered by the adapter) and sorts them as Helm does: ``Chart.yaml`` into :class:`Metadata`
(``apiVersion`` defaults to ``v1``), ``values.yaml``, ``values.schema.json``, v1
``requirements.yaml``/``requirements.lock``, ``templates/``, and ``charts/``: each
``charts/<dir>/`` and ``charts/<name>.tgz`` is a subchart (archives are opened by the caller's
``unpack`` so that core does no I/O); names starting with ``_`` or ``.`` are skipped. Every other
file is reachable through ``.Files``. Subcharts are kept in name order (Helm's order is that of a
Go map, i.e. random, until ``Chart.yaml`` dependencies order them).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from shipyard.core.charts import chartyaml, goyaml
from shipyard.core.charts.chartyaml import Dependency, Metadata

__all__ = ["Chart", "ChartLoadError", "Dependency", "File", "Metadata", "load_files"]

MAX_NESTING = 20  # subcharts of subcharts: bounded (SECURITY-CASES 7)


class ChartLoadError(ValueError):
    """A chart Helm would refuse to load; ``str()`` is Helm's message."""


@dataclasses.dataclass(frozen=True, kw_only=True)
class File:
    name: str  # relative to the chart root, "/"-separated
    data: bytes


@dataclasses.dataclass(frozen=True, kw_only=True)
class Chart:
    metadata: Metadata
    templates: tuple[File, ...] = ()
    values: dict[str, object] = dataclasses.field(default_factory=dict)
    schema: bytes | None = None
    files: tuple[File, ...] = ()  # everything else (.Files), in load order
    dependencies: tuple[Chart, ...] = ()
    # Where Helm names this chart's templates: under its parent in the processed tree when
    # dependency processing re-parented it, else where it was loaded (see dependencies.py).
    load_path: str = ""
    reparented: bool = False

    def full_path(self, parent_path: str | None) -> str:
        """Chart.ChartFullPath: ``root/charts/sub/charts/leaf``."""
        if parent_path is None:
            return self.name
        if self.reparented or not self.load_path:
            return f"{parent_path}/charts/{self.name}"
        return self.load_path

    @property
    def name(self) -> str:
        return self.metadata.Name

    @property
    def is_library(self) -> bool:
        return self.metadata.Type.lower() == "library"

    def crd_files(self) -> list[File]:
        """This chart's ``crds/`` manifests (``.yaml``, ``.yml``, ``.json``), in load order."""
        return [
            f
            for f in self.files
            if f.name.startswith("crds/")
            and f.name.rsplit("/", 1)[-1].rpartition(".")[2].lower() in ("yaml", "yml", "json")
            and "." in f.name.rsplit("/", 1)[-1]
        ]


Unpack = Callable[[str, bytes], Sequence[File]]


def _parse_values(data: bytes, *, source: str) -> dict[str, object]:
    try:
        return goyaml.load_values(data.decode("utf-8", "surrogateescape"))
    except goyaml.YAMLError as exc:
        raise ChartLoadError(f"cannot load {source}: {exc}") from None


def _metadata(text: str, *, into: Metadata | None, source: str) -> Metadata:
    try:
        return chartyaml.decode_metadata(text, into=into)
    except chartyaml.ChartYAMLError as exc:
        raise ChartLoadError(f"cannot load {source}: {exc}") from None


def load_files(files: Sequence[File], *, unpack: Unpack, depth: int = 0) -> Chart:
    """Assemble a chart from its files (Helm's LoadFiles); raises :class:`ChartLoadError`.

    ``unpack(label, data)`` opens a subchart archive into its files (names relative to the
    subchart root); ``label`` names the archive in errors.
    """
    if depth > MAX_NESTING:
        raise ChartLoadError(f"subcharts nested deeper than {MAX_NESTING} levels")
    metadata: Metadata | None = None
    for f in files:
        if f.name == "Chart.yaml":
            metadata = _metadata(
                f.data.decode("utf-8", "surrogateescape"), into=None, source="Chart.yaml"
            )
            if not metadata.APIVersion:
                metadata = dataclasses.replace(metadata, APIVersion="v1")
    values: dict[str, object] = {}
    schema: bytes | None = None
    templates: list[File] = []
    other: list[File] = []
    subcharts: dict[str, list[File]] = {}
    for f in files:
        name = f.name
        if name in ("Chart.yaml", "Chart.lock"):
            continue
        if name == "values.yaml":
            values = _parse_values(f.data, source="values.yaml")
        elif name == "values.schema.json":
            schema = f.data
        elif name in ("requirements.yaml", "requirements.lock"):
            if metadata is None:
                metadata = Metadata()
            if name == "requirements.yaml":
                metadata = _metadata(
                    f.data.decode("utf-8", "surrogateescape"),
                    into=metadata,
                    source="requirements.yaml",
                )
            if metadata.APIVersion == "v1":
                other.append(f)
        elif name.startswith("templates/"):
            templates.append(f)
        elif name.startswith("charts/"):
            if name.endswith(".prov") and "." in name.rsplit("/", 1)[-1]:
                other.append(f)
                continue
            rest = name[len("charts/") :]
            subcharts.setdefault(rest.split("/", 1)[0], []).append(File(name=rest, data=f.data))
        else:
            other.append(f)
    if metadata is None:
        raise ChartLoadError("Chart.yaml file is missing")
    try:
        metadata = chartyaml.validate(metadata)
    except chartyaml.ChartYAMLError as exc:
        raise ChartLoadError(str(exc)) from None

    dependencies: list[Chart] = []
    for sub_name in sorted(subcharts):
        sub_files = subcharts[sub_name]
        if sub_name[:1] in ("_", "."):
            continue
        try:
            if sub_name.endswith(".tgz"):
                archive = sub_files[0]
                if archive.name != sub_name:
                    raise ChartLoadError(
                        f"error unpacking subchart tar in {metadata.Name}: expected {sub_name}, "
                        f"got {archive.name}"
                    )
                inner = unpack(f"charts/{sub_name}", archive.data)
            else:
                inner = [
                    File(name=f.name.split("/", 1)[1], data=f.data)
                    for f in sub_files
                    if "/" in f.name
                ]
            dependencies.append(load_files(inner, unpack=unpack, depth=depth + 1))
        except ChartLoadError as exc:
            if str(exc).startswith("error unpacking subchart tar in"):
                raise
            raise ChartLoadError(
                f"error unpacking subchart {sub_name} in {metadata.Name}: {exc}"
            ) from None
    return Chart(
        metadata=metadata,
        templates=tuple(templates),
        values=values,
        schema=schema,
        files=tuple(other),
        dependencies=tuple(dependencies),
    )
