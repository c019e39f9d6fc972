"""``shipyard chart template``: load a chart, merge values, render, print as ``helm template``.

The stages are Helm's: release name check, values (``-f`` files in order, then ``--set-json``,
``--set``, ``--set-string``, ``--set-file``, ``--set-literal``, each kind in command-line
order), chart load, dependencies, coalescing and schema (unless ``--skip-schema-validation``),
labels, render, sort, print (or write to ``--output-dir``). Rendering runs on
a thread with a large stack so that Helm's 1000 nested ``include``\\s fit.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from shipyard import errors
from shipyard.adapters.charts import loading, valuefiles
from shipyard.core.charts import capabilities, goyaml, output, releaseoptions, rendering, values
from shipyard.core.charts.chart import Chart

_RELEASE_NAME = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_STACK_BYTES = 512 * 1024 * 1024
_RECURSION_LIMIT = 100_000
Warn = Callable[[str], None]


@dataclasses.dataclass(frozen=True, kw_only=True)
class ValueOptions:
    files: tuple[str, ...] = ()
    set_values: tuple[str, ...] = ()
    set_string: tuple[str, ...] = ()
    set_file: tuple[str, ...] = ()
    set_json: tuple[str, ...] = ()
    set_literal: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True, kw_only=True)
class TemplateRequest:
    chart: Path
    release_name: str = "release-name"
    namespace: str = "default"
    values: ValueOptions = ValueOptions()
    show_only: tuple[str, ...] = ()
    include_crds: bool = False
    skip_tests: bool = False
    is_upgrade: bool = False
    revision: int = 1  # .Release.Revision: the revision being written (install: 1)
    kube_version: str | None = None
    api_versions: tuple[str, ...] = ()
    no_hooks: bool = False
    skip_schema_validation: bool = False
    labels: tuple[tuple[str, str], ...] = ()  # only checked: they would go to the release
    output_dir: str = ""  # write files there instead of printing (``--output-dir``)
    use_release_name: bool = False  # ``--release-name``: files under output_dir/<release>


def _ignore(message: str) -> None:
    return None


def check_release_name(name: str) -> None:
    if not name:
        raise errors.UserError(f'release name "{name}": no name provided')
    if len(name) > 53 or _RELEASE_NAME.fullmatch(name) is None:
        raise errors.UserError(
            f'release name "{name}": invalid release name, must match regex '
            r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"
            " and the length must not be longer than 53"
        )


def merge_values(options: ValueOptions, *, root: Path | None = None) -> dict[str, Any]:
    """values.Options.MergeValues; raises UserError with Helm's messages."""
    base: dict[str, Any] = {}
    for name in options.files:
        data = valuefiles.read(name, root=root)
        try:
            current = goyaml.load_values(data.decode("utf-8", "surrogateescape"))
        except goyaml.YAMLError as exc:
            raise errors.UserError(f"failed to parse {name}: {exc}") from None
        base = values.merge_maps(base, current)
    if (
        options.set_json
        or options.set_values
        or options.set_string
        or options.set_file
        or options.set_literal
    ):
        _apply_set_flags(options, base, root=root)
    return base


def _apply_set_flags(options: ValueOptions, base: dict[str, Any], *, root: Path | None) -> None:
    from shipyard.core.charts import setvalues  # only when --set* flags are given

    for text in options.set_json:
        try:
            setvalues.parse_json_into(text, base)
        except setvalues.SetError:
            raise errors.UserError(f"failed parsing --set-json data {text}") from None
    parsers: list[tuple[str, tuple[str, ...], Callable[[str], None]]] = [
        ("--set", options.set_values, lambda t: setvalues.parse_into(t, base)),
        (
            "--set-string",
            options.set_string,
            lambda t: setvalues.parse_into(t, base, as_string=True),
        ),
        (
            "--set-file",
            options.set_file,
            lambda t: setvalues.parse_file_into(t, base, read=lambda p: _read_text(p, root)),
        ),
        ("--set-literal", options.set_literal, lambda t: setvalues.parse_literal_into(t, base)),
    ]
    for flag, items, parse in parsers:
        for text in items:
            try:
                parse(text)
            except (setvalues.SetError, valuefiles.ValuesFileError) as exc:
                raise errors.UserError(f"failed parsing {flag} data: {exc}") from None


def _read_text(name: str, root: Path | None) -> str:
    return valuefiles.read(name, root=root).decode("utf-8", "surrogateescape")


def _capabilities(request: TemplateRequest) -> capabilities.Capabilities:
    kube = None
    if request.kube_version:
        try:
            kube = capabilities.parse_kube_version(request.kube_version)
        except capabilities.InvalidKubeVersion as exc:
            raise errors.UserError(
                f"invalid kube version '{request.kube_version}': {exc}"
            ) from None
    return capabilities.build(kube_version=kube, extra_api_versions=request.api_versions)


def run_deep(fn: Callable[[], Any]) -> Any:
    """Call ``fn`` on a thread with a large stack and recursion limit; re-raise its error."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(fn())
        except BaseException as exc:  # re-raised on the calling thread
            failure.append(exc)

    previous_stack = threading.stack_size(_STACK_BYTES)
    previous_limit = sys.getrecursionlimit()
    sys.setrecursionlimit(_RECURSION_LIMIT)
    try:
        thread = threading.Thread(target=target, name="chart-render")
        thread.start()
        thread.join()
    finally:
        threading.stack_size(previous_stack)
        sys.setrecursionlimit(previous_limit)
    if failure:
        raise failure[0]
    return result[0]


def function_map() -> Mapping[str, Any]:
    """Sprig and Helm functions as template functions (the engine adds include and tpl)."""
    from shipyard.core.charts import templatefuncs

    return templatefuncs.build()


def render(
    request: TemplateRequest, *, warn: Warn = _ignore, user_values: dict[str, Any] | None = None
) -> tuple[Chart, dict[str, str]]:
    """Load and render; returns the processed chart and the rendered templates.

    ``user_values`` are the request's values already merged (``merge_values``), if the caller
    needed them too."""
    caps = _capabilities(request)
    if user_values is None:
        user_values = merge_values(request.values)
    chart = loading.load_chart(request.chart)
    check_release_name(request.release_name)
    release = rendering.ReleaseOptions(
        name=request.release_name, namespace=request.namespace, is_upgrade=request.is_upgrade,
        revision=request.revision,
    )  # fmt: skip
    prepared = rendering.prepare(
        chart,
        user_values,
        release=release,
        caps=caps,
        warn=warn,
        skip_schema=request.skip_schema_validation,
    )
    releaseoptions.check_labels(dict(request.labels))
    functions = function_map()
    rendered = run_deep(lambda: rendering.render(prepared, functions=functions))
    return prepared.chart, rendered


def template(request: TemplateRequest, *, warn: Warn = _ignore, say: Warn = _ignore) -> str:
    """What ``helm template`` prints; raises UserError (RenderError: with Helm's hint).

    With ``output_dir`` the documents are written to files instead, ``say`` receiving Helm's
    ``wrote PATH`` line after each write (so a caller shows those written before an error)."""
    chart, rendered = render(request, warn=warn)
    options = output.OutputOptions(
        include_crds=request.include_crds,
        skip_tests=request.skip_tests,
        no_hooks=request.no_hooks,
        show_only=request.show_only,
    )
    ordered = output.sort_manifests(output.without_notes(rendered))
    for message in ordered.skipped:
        warn(message)
    if not request.output_dir:
        text, _ = output.template_output(chart, rendered, options=options, ordered=ordered)
        return text
    return _write_output(request, chart, ordered, options=options, say=say)


def _write_output(
    request: TemplateRequest,
    chart: Chart,
    ordered: output.Sorted,
    *,
    options: output.OutputOptions,
    say: Warn,
) -> str:
    from shipyard.adapters.charts import outputdir  # only --output-dir pays for these
    from shipyard.core.charts import outputdirs

    writes = outputdirs.plan_writes(
        chart,
        ordered,
        output_dir=request.output_dir,
        release_name=request.release_name if request.use_release_name else None,
        options=options,
    )
    for item in writes:
        try:
            outputdir.write(request.output_dir, item)
        except outputdir.OutputDirError as exc:
            # Helm's install action writes CRDs and manifests (its errors get the debug hint),
            # its template command the hooks.
            raise rendering.RenderError(str(exc), hint=not item.hook) from None
        say(f"wrote {item.shown}\n")
    # What Helm prints then: its (empty) manifest, or --show-only's search of it.
    return output.show_only("\n", request.show_only) if request.show_only else "\n"
