"""``helm template --output-dir``: which file each rendered document goes to, and how.

Helm writes, in this order: the CRDs (``--include-crds``) of the chart and its subcharts, each
file whole, under ``DIR/<chart>/crds/...`` (never under the release name); the manifests in
install order and then the hooks (unless ``--no-hooks``; test hooks not with
``--skip-tests``), one document at a time, under ``DIR/<template path>``, or with
``--release-name`` under ``DIR/<release>/<template path>``. Each document is framed as on
stdout (``---\\n# Source: PATH\\n...\\n``); the first one written to a file in the run
creates it (truncating an older file), the next ones append. After each write Helm prints
``wrote PATH`` with PATH spelled ``DIR + "/" + name`` (``DIR`` joined and cleaned with the
release name, as Go's ``filepath.Join`` does).

One difference, on purpose: Helm appends a hook document to a file that exists from an
earlier run, so running twice into one directory duplicates every hook (helm/helm#12988);
here a hook's file is created by the run's first write to it, as a manifest's is. Template
paths come from chart file names: one with a ``..`` element (or absolute) is refused, so that
nothing is written outside the directory.
"""

from __future__ import annotations

import dataclasses

from shipyard.core.charts import gostrings, output
from shipyard.core.charts.chart import Chart
from shipyard.core.charts.rendering import RenderError


@dataclasses.dataclass(frozen=True, kw_only=True)
class FileWrite:
    """One document (or CRD file) to write below the output directory."""

    parts: tuple[str, ...]  # path elements below the output directory, "" and "." left out
    shown: str  # the path as helm prints it after "wrote "
    text: str
    append: bool  # False: create or truncate; True: the run already wrote this file
    hook: bool = False  # written by helm's template command (its errors have no debug hint)


def go_join(*elements: str) -> str:
    """Go's ``filepath.Join`` on Unix: the non-empty elements joined, then cleaned."""
    kept = [element for element in elements if element]
    return gostrings.clean_path("/".join(kept)) if kept else ""


def safe_parts(name: str) -> tuple[str, ...]:
    """The elements of a chart-relative file name; raises RenderError for one that could leave
    the output directory (absolute, or a ``..`` element)."""
    parts = tuple(part for part in name.split("/") if part not in ("", "."))
    if name.startswith("/") or ".." in parts or "\0" in name:
        raise RenderError(
            f"refusing to write {name!r} to the output directory: the path leaves the directory"
        )
    return parts


def _frame(name: str, content: str) -> str:
    return f"---\n# Source: {name}\n{content}\n"


def plan_writes(
    chart: Chart,
    ordered: output.Sorted,
    *,
    output_dir: str,
    release_name: str | None,
    options: output.OutputOptions,
) -> tuple[FileWrite, ...]:
    """Every write of ``helm template --output-dir``, in Helm's order; ``release_name`` is
    given with ``--release-name``. Raises RenderError for a name that leaves the directory."""
    release_parts = safe_parts(release_name) if release_name is not None else ()
    release_dir = go_join(output_dir, release_name) if release_name is not None else output_dir
    written: set[tuple[str, ...]] = set()
    writes: list[FileWrite] = []

    def add(directory: str, prefix: tuple[str, ...], name: str, content: str, hook: bool) -> None:
        parts = prefix + safe_parts(name)
        writes.append(
            FileWrite(
                parts=parts,
                shown=f"{directory}/{name}",
                text=_frame(name, content),
                append=parts in written,
                hook=hook,
            )
        )
        written.add(parts)

    if options.include_crds:
        for name, data in output.crd_documents(chart):
            add(output_dir, (), name, data.decode("utf-8", "surrogateescape"), False)
    for doc in ordered.manifests:
        add(release_dir, release_parts, doc.path, doc.content, False)
    if not options.no_hooks:
        for doc in ordered.hooks:
            if options.skip_tests and doc.is_test:
                continue
            add(release_dir, release_parts, doc.path, doc.content, True)
    return tuple(writes)
