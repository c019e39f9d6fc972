"""Confining a Kustomize overlay to its repository before the real kustomize runs.

Every path a kustomization refers to (resources, components, patches, generator files, ...)
is resolved against the kustomization's directory and must name a file or directory inside
the repository snapshot; absolute paths, escapes with ``..``, remote bases (URLs) and plugins
(generators/transformers/validators, helmCharts) are refused (../shared/SECURITY-CASES.md 6, 7,
25). Cycles between kustomizations are reported instead of followed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from shipyard import errors

FILE_NAMES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_DIRECTORY_FIELDS = ("resources", "bases", "components")
_FILE_LIST_FIELDS = ("crds", "configurations", "patchesStrategicMerge")
_PLUGIN_FIELDS = (
    "generators",
    "transformers",
    "validators",
    "helmCharts",
    "helmChartInflationGenerator",
)
MAX_KUSTOMIZATIONS = 200


def _kustomization_in(directory: str, files: Mapping[str, bytes]) -> str | None:
    for name in FILE_NAMES:
        candidate = posixpath.normpath(posixpath.join(directory, name))
        if candidate in files:
            return candidate
    return None


def _is_directory(path: str, files: Mapping[str, bytes]) -> bool:
    prefix = "" if path == "." else path + "/"
    return any(name.startswith(prefix) for name in files)


def _references(document: Mapping[str, Any]) -> Iterator[tuple[str, str, bool]]:
    """(field, path, may_be_directory) for every path the kustomization names."""
    for field in _DIRECTORY_FIELDS:
        for value in document.get(field) or []:
            yield field, str(value), True
    for field in _FILE_LIST_FIELDS:
        for value in document.get(field) or []:
            if isinstance(value, str) and "\n" not in value:
                yield field, value, False
    for field in ("patches", "patchesJson6902", "replacements"):
        for entry in document.get(field) or []:
            if isinstance(entry, Mapping) and entry.get("path"):
                yield field, str(entry["path"]), False
    for field in ("configMapGenerator", "secretGenerator"):
        for generator in document.get(field) or []:
            if not isinstance(generator, Mapping):
                continue
            for value in generator.get("files") or []:
                yield f"{field}.files", str(value).rpartition("=")[2], False
            for value in [*(generator.get("envs") or []), generator.get("env")]:
                if value:
                    yield f"{field}.envs", str(value), False
    openapi = document.get("openapi")
    if isinstance(openapi, Mapping) and openapi.get("path"):
        yield "openapi.path", str(openapi["path"]), False


def check(*, files: Mapping[str, bytes], root: str, symlinks: frozenset[str] = frozenset()) -> None:
    """Raises ``UserError`` listing every reference of the overlay at ``root`` that is unsafe."""
    problems: list[str] = []
    visiting: list[str] = []
    done: set[str] = set()

    def visit(directory: str) -> None:
        kustomization = _kustomization_in(directory, files)
        if kustomization is None:
            return
        if kustomization in visiting:
            cycle = " -> ".join([*visiting[visiting.index(kustomization) :], kustomization])
            problems.append(
                f"{kustomization}: kustomizations refer to each other in a cycle: {cycle}"
            )
            return
        if kustomization in done:
            return
        if len(done) >= MAX_KUSTOMIZATIONS:
            problems.append(f"more than {MAX_KUSTOMIZATIONS} kustomizations; giving up")
            return
        visiting.append(kustomization)
        try:
            document = yaml.safe_load(files[kustomization].decode("utf-8", "replace")) or {}
        except yaml.YAMLError as exc:
            problems.append(f"{kustomization}: invalid YAML: {exc}")
            document = {}
        if not isinstance(document, Mapping):
            problems.append(f"{kustomization}: a kustomization must be a mapping")
            document = {}
        for field in _PLUGIN_FIELDS:
            if document.get(field):
                problems.append(
                    f"{kustomization}: {field} is not allowed (plugins and chart inflation are "
                    "disabled)"
                )
        for field, reference, may_be_directory in _references(document):
            where = f"{kustomization}: {field}: {reference!r}"
            if "://" in reference or reference.startswith(("git@", "github.com/", "ssh:")):
                problems.append(f"{where}: remote bases are disabled")
                continue
            if posixpath.isabs(reference):
                problems.append(f"{where}: absolute paths are not allowed")
                continue
            target = posixpath.normpath(posixpath.join(directory, reference))
            if target == ".." or target.startswith("../"):
                problems.append(f"{where}: leaves the repository")
                continue
            if target in symlinks:
                problems.append(f"{where}: is a symbolic link; links are not followed")
                continue
            if target in files:
                continue
            if may_be_directory and _is_directory(target, files):
                visit(target)
                continue
            problems.append(f"{where}: not found in the repository")
        visiting.pop()
        done.add(kustomization)

    visit(posixpath.normpath(root))
    if problems:
        raise errors.UserError("unsafe or broken kustomization:\n  " + "\n  ".join(problems))
