"""``shipyard chart template``'s own argument parser, without Typer or Rich.

``shipyard.cli.app.main`` hands ``chart template`` invocations here before building the Typer
application, so that a render costs only Python's start, the chart modules and the work itself
(a benchmark holds it within 1.5x of ``helm template``). The flags and their spelling are
Helm's; comma-separated lists (``-f``, ``-a``) split as Helm's string slices do, boolean flags
take ``=false`` as pflag's do. Of Helm's install flags, those that change nothing without a
cluster (``--skip-crds``, ``--description``, ``--labels`` but their check, the NOTES flags,
``--disable-openapi-validation``, ``--validate=false``) are accepted; the others are unknown.
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


# Boolean flags are pflag's: ``--flag``, ``--flag=true|false`` (and Go's other spellings).
_BOOLS: dict[str, tuple[tuple[str, ...], str]] = {
    "include_crds": (("--include-crds",), "include CRDs in the templated output"),
    "skip_tests": (("--skip-tests",), "skip tests from templated output"),
    "is_upgrade": (("--is-upgrade",), "set .Release.IsUpgrade instead of .Release.IsInstall"),
    "no_hooks": (("--no-hooks",), "leave hook documents out of the output"),
    "skip_schema_validation": (
        ("--skip-schema-validation",),
        "do not check values against values.schema.json",
    ),
    "use_release_name": (
        ("--release-name",),
        "with --output-dir, write manifests and hooks under DIR/<release name>/",
    ),
    "generate_name": (
        ("-g", "--generate-name"),
        "accepted as helm template accepts it: with one argument the name stays "
        "release-name; refused with a NAME",
    ),
    "skip_crds": (
        ("--skip-crds",),
        "no effect (as in helm template: CRDs are installed by install, not printed)",
    ),
    "disable_openapi_validation": (
        ("--disable-openapi-validation",),
        "no effect: without a cluster helm validates nothing against OpenAPI",
    ),
    "validate": (
        ("--validate",),
        "only --validate=false is accepted: validating needs a cluster",
    ),
    "hide_notes": (("--hide-notes",), "no effect: helm template never prints NOTES"),
    "render_subchart_notes": (
        ("--render-subchart-notes",),
        "no effect: helm template never prints NOTES",
    ),
}
_BOOL_OPTIONS = frozenset(name for names, _ in _BOOLS.values() for name in names)
_GO_TRUE = frozenset(("1", "t", "T", "TRUE", "true", "True"))
_GO_FALSE = frozenset(("0", "f", "F", "FALSE", "false", "False"))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shipyard chart template",
        description="Render a chart's templates locally, exactly as `helm template` does.",
        allow_abbrev=False,  # pflag knows no abbreviations
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
    p.add_argument("--kube-version", default="")
    p.add_argument("-a", "--api-versions", action="append", default=[])
    p.add_argument(
        "--output-dir",
        default="",
        metavar="DIR",
        help="write each template's documents to DIR/<template path> instead of stdout",
    )
    p.add_argument(
        "--name-template",
        default="",
        help="the release name from a Go template with Sprig's functions (env included)",
    )
    p.add_argument(
        "-l",
        "--labels",
        action="append",
        default=[],
        help="release labels key=value,...: checked as helm checks them, no effect on output",
    )
    p.add_argument("--description", default="", help="no effect on the output (as in helm)")
    for dest, (names, text) in _BOOLS.items():
        p.add_argument(
            *names, dest=dest, nargs="?", const="true", default="false", metavar="=BOOL", help=text
        )
    return p


def _with_bool_values(argv: Sequence[str]) -> list[str]:
    """``--flag`` as ``--flag=true``, so that a boolean flag never takes the next argument."""
    out: list[str] = []
    for i, arg in enumerate(argv):
        if arg == "--":
            return [*out, *argv[i:]]
        out.append(f"{arg}=true" if arg in _BOOL_OPTIONS else arg)
    return out


def _bools(options: argparse.Namespace) -> dict[str, bool]:
    """strconv.ParseBool of each boolean flag; raises FlagError with cobra's message."""
    from shipyard.core.charts import gostrings, releaseoptions

    out: dict[str, bool] = {}
    for dest, (names, _) in _BOOLS.items():
        value: str = getattr(options, dest)
        if value in _GO_TRUE or value in _GO_FALSE:
            out[dest] = value in _GO_TRUE
            continue
        flag = ", ".join(names)
        raise releaseoptions.FlagError(
            f"invalid argument {gostrings.go_quote(value)} for {gostrings.go_quote(flag)} flag: "
            f"strconv.ParseBool: parsing {gostrings.go_quote(value)}: invalid syntax"
        )
    return out


def run(argv: Sequence[str]) -> tuple[int, str, str]:
    """Parse, render and return (exit code, stdout text, stderr text)."""
    options = parser().parse_args(_with_bool_values(argv))
    from shipyard import errors
    from shipyard.core.charts import releaseoptions, rendering
    from shipyard.engine.charts import templating

    try:
        flags = _bools(options)
        labels = releaseoptions.parse_labels(options.labels)
        if flags["validate"]:
            raise errors.UserError(
                "--validate checks the manifests against a Kubernetes cluster; "
                "shipyard chart template renders without one (only --validate=false is accepted)"
            )
        name, chart = releaseoptions.name_and_chart(
            options.args,
            generate_name=flags["generate_name"],
            name_template=options.name_template,
            environ=os.environ,
        )
    except errors.UserError as exc:
        return 1, "", f"Error: {exc}\n"
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
        include_crds=flags["include_crds"],
        skip_tests=flags["skip_tests"],
        is_upgrade=flags["is_upgrade"],
        kube_version=options.kube_version or None,
        api_versions=_slice(options.api_versions),
        no_hooks=flags["no_hooks"],
        skip_schema_validation=flags["skip_schema_validation"],
        labels=tuple(labels.items()),
        output_dir=options.output_dir,
        use_release_name=flags["use_release_name"],
    )
    warnings: list[str] = []
    written: list[str] = []  # --output-dir's "wrote" lines: printed even when a later step fails
    try:
        text = templating.template(request, warn=warnings.append, say=written.append)
    except errors.UserError as exc:
        hint = rendering.DEBUG_HINT if getattr(exc, "hint", False) else ""
        stderr = "".join(w + "\n" for w in warnings) + f"Error: {exc}{hint}\n"
        return 1, "".join(written), stderr
    return 0, "".join(written) + text, "".join(w + "\n" for w in warnings)


def main(argv: Sequence[str]) -> int:
    from shipyard.cli import chart_client

    return chart_client.emit(*run(argv))
