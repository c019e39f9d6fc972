"""``shipyard chart template``'s own argument parser, without Typer or Rich.

``shipyard.cli.app.main`` hands ``chart template`` invocations here before building the Typer
application, so that a render costs only Python's start, the chart modules and the work itself
(a benchmark holds it within 1.5x of ``helm template``). The flags and their spelling are
Helm's; comma-separated lists (``-f``, ``-a``) split as Helm's string slices do.
"""

from __future__ import annotations

import argparse
import csv
import os
from collections.abc import Sequence
from pathlib import Path


def _slice(values: Sequence[str]) -> tuple[str, ...]:
    """pflag's StringSlice: each occurrence is one CSV record."""
    out: list[str] = []
    for value in values:
        if value == "":
            continue
        out.extend(next(csv.reader([value])))
    return tuple(out)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shipyard chart template",
        description="Render a chart's templates locally, exactly as `helm template` does.",
    )
    p.add_argument("args", nargs="+", metavar="[NAME] CHART")
    p.add_argument("-f", "--values", action="append", default=[], help="values file (repeatable)")
    p.add_argument("--set", action="append", default=[], dest="set_values")
    p.add_argument("--set-string", action="append", default=[])
    p.add_argument("--set-file", action="append", default=[])
    p.add_argument("--set-json", action="append", default=[])
    p.add_argument("--set-literal", action="append", default=[])
    p.add_argument("-n", "--namespace", default=None)
    p.add_argument("-s", "--show-only", action="append", default=[])
    p.add_argument("--include-crds", action="store_true")
    p.add_argument("--skip-tests", action="store_true")
    p.add_argument("--is-upgrade", action="store_true")
    p.add_argument("--kube-version", default="")
    p.add_argument("-a", "--api-versions", action="append", default=[])
    return p


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    """Parse, render and return (exit code, stdout text, stderr text)."""
    options = parser().parse_args(list(argv))
    from shipyard import errors
    from shipyard.core.charts import rendering
    from shipyard.engine.charts import templating

    args: list[str] = options.args
    if len(args) > 2:
        unexpected = ", ".join(args[2:])
        return 1, "", f"Error: expected at most two arguments, unexpected arguments: {unexpected}\n"
    name, chart = (args[0], args[1]) if len(args) == 2 else ("release-name", args[0])
    namespace = options.namespace or os.environ.get("HELM_NAMESPACE") or "default"
    request = templating.TemplateRequest(
        chart=Path(chart),
        release_name=name,
        namespace=namespace,
        values=templating.ValueOptions(
            files=_slice(options.values),
            set_values=tuple(options.set_values),
            set_string=tuple(options.set_string),
            set_file=tuple(options.set_file),
            set_json=tuple(options.set_json),
            set_literal=tuple(options.set_literal),
        ),
        show_only=tuple(options.show_only),
        include_crds=options.include_crds,
        skip_tests=options.skip_tests,
        is_upgrade=options.is_upgrade,
        kube_version=options.kube_version or None,
        api_versions=_slice(options.api_versions),
    )
    warnings: list[str] = []
    try:
        text = templating.template(request, warn=warnings.append)
    except errors.UserError as exc:
        hint = rendering.DEBUG_HINT if getattr(exc, "hint", False) else ""
        return 1, "", "".join(w + "\n" for w in warnings) + f"Error: {exc}{hint}\n"
    return 0, text, "".join(w + "\n" for w in warnings)


def main(argv: Sequence[str]) -> int:
    from shipyard.cli import chart_client

    return chart_client.emit(*run(argv))
