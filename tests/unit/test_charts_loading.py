"""Reading charts into memory: directory walk order, .helmignore, BOMs, archives and their
refusals, values files confined to a source (SECURITY-CASES 1, 2, 3, 4, 5, 8, 11)."""

from __future__ import annotations

import io
import tarfile
from pathlib import Path

import pytest

from shipyard import errors
from shipyard.adapters.charts import loading, valuefiles


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def _tgz(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


CHART = b"apiVersion: v2\nname: c\nversion: 0.1.0\n"


def test_directory_walk_is_helms(tmp_path: Path) -> None:
    root = _tree(tmp_path / "c", {
        "Chart.yaml": CHART,
        ".helmignore": b"*.key\nskip/\n",
        "crds/a-b.yaml": b"x",
        "crds/a/x.yaml": b"\xef\xbb\xbfkind: X\n",
        "a.key": b"secret",
        "skip/f.txt": b"x",
        "templates/.hidden": b"x",
    })  # fmt: skip
    names = [f.name for f in loading.read_directory(root)]
    # per-directory name order (Go's walk): "a" sorts before "a-b.yaml"
    assert names == [".helmignore", "Chart.yaml", "crds/a/x.yaml", "crds/a-b.yaml"]
    crd = next(f for f in loading.read_directory(root) if f.name == "crds/a/x.yaml")
    assert crd.data == b"kind: X\n"  # BOM stripped


def test_archives_load_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "c-0.1.0.tgz"
    path.write_bytes(_tgz({"c/Chart.yaml": CHART, "c/templates/a.yaml": b"a: 1\n",
                           "c/charts/sub-1.0.0.tgz": _tgz({"sub/Chart.yaml": b"name: sub\nversion: 1.0.0\n"})}))  # fmt: skip
    chart = loading.load_chart(path)
    assert chart.name == "c" and [d.name for d in chart.dependencies] == ["sub"]
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("c/../../x", "chart illegally references parent directory"),
        ("/abs/x", "chart illegally contains absolute paths"),
        ("c\\..\\..\\x", "chart illegally references parent directory"),
        ("c/C:/x", "chart contains illegally named files"),
        ("Chart.yaml", "chart illegally contains content outside the base directory"),
    ],
)
def test_unsafe_entries_name_archive_and_entry(entry: str, message: str) -> None:
    data = _tgz({"c/Chart.yaml": CHART, entry: b"x"})
    with pytest.raises(loading.ChartSourceError) as raised:
        loading.read_archive(data, label="c.tgz")
    assert str(raised.value) == f"c.tgz: entry {entry!r}: {message}"


def test_not_gzip() -> None:
    with pytest.raises(loading.ChartSourceError, match="seems to be a YAML file"):
        loading.read_archive(b"apiVersion: v2\n", label="values.yaml")


def test_chart_name_with_path_segments_refused(tmp_path: Path) -> None:
    root = _tree(tmp_path / "c", {"Chart.yaml": b"apiVersion: v2\nname: ../../x\nversion: 1.0.0\n"})
    with pytest.raises(errors.UserError, match=r'chart.metadata.name "../../x" is invalid'):
        loading.load_chart(root)


def test_values_files_confined_to_a_root(tmp_path: Path) -> None:
    (tmp_path / "v.yaml").write_text("a: 1\n")
    assert valuefiles.read("v.yaml", root=tmp_path) == b"a: 1\n"
    for name in ("../../other/values.yaml", "/etc/passwd", "file:///etc/passwd", "C:\\x.yaml"):
        with pytest.raises(valuefiles.ValuesFileError):
            valuefiles.read(name, root=tmp_path)
    (tmp_path / "link.yaml").symlink_to("/etc/hostname")
    with pytest.raises(valuefiles.ValuesFileError, match="outside the source"):
        valuefiles.read("link.yaml", root=tmp_path)
    with pytest.raises(valuefiles.ValuesFileError, match="URLs are not supported"):
        valuefiles.read("https://example.com/values.yaml")
