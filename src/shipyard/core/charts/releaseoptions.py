"""The release flags of ``helm template`` that need no cluster: the name and the labels.

The name: ``helm template`` presets the release name to ``release-name`` before Helm's
``NameAndChart`` runs, so with one argument the name is ``--name-template`` rendered, else
``release-name`` (``-g/--generate-name`` then changes nothing: Helm's ``<chart>-<unix time>``
is never reached); with two arguments ``-g`` and ``--name-template`` are refused. A name
template is Go text/template with Sprig's functions alone (``env`` and ``expandenv`` included),
executed with no data.

The labels: ``-l/--labels`` is pflag's ``stringToString`` (each occurrence one CSV record of
``key=value`` pairs, or a single pair taken whole when it holds one ``=``); they only reach the
release record, but Helm refuses the names its storage reserves.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from shipyard import errors
from shipyard.core import gotemplate
from shipyard.core.charts import gostrings, templatefuncs

DEFAULT_NAME = "release-name"
SYSTEM_LABELS: tuple[str, ...] = ("name", "owner", "status", "version", "createdAt", "modifiedAt")
_NAME_TEMPLATE = "name-template"


class FlagError(errors.UserError):
    """A flag's value pflag would refuse; ``str()`` is cobra's message."""


def name_and_chart(
    args: Sequence[str], *, generate_name: bool, name_template: str, environ: Mapping[str, str]
) -> tuple[str, str]:
    """(release name, chart) from ``helm template``'s arguments; raises UserError."""
    if len(args) > 2:
        unexpected = ", ".join(args[2:])
        raise errors.UserError(
            f"expected at most two arguments, unexpected arguments: {unexpected}"
        )
    if len(args) == 2:
        if generate_name:
            raise errors.UserError("cannot set --generate-name and also specify a name")
        if name_template:
            raise errors.UserError("cannot set --name-template and also specify a name")
        return args[0], args[1]
    if name_template:
        return render_name_template(name_template, environ=environ), args[0]
    return DEFAULT_NAME, args[0]


def render_name_template(text: str, *, environ: Mapping[str, str]) -> str:
    """Helm's ``TemplateName``: the text executed with no data; errors are Go's."""
    tset = gotemplate.TemplateSet(_NAME_TEMPLATE, funcs=templatefuncs.sprig(environ))
    try:
        template = tset.parse(_NAME_TEMPLATE, text)
        return template.execute(None)
    except gotemplate.TemplateError as exc:
        raise errors.UserError(str(exc)) from None


def parse_labels(values: Iterable[str], *, flag: str = "-l, --labels") -> dict[str, str]:
    """pflag's ``stringToString`` over each occurrence; raises FlagError with cobra's text."""
    labels: dict[str, str] = {}
    for value in values:
        try:
            labels.update(_label_pairs(value))
        except ValueError as exc:
            raise FlagError(
                f"invalid argument {gostrings.go_quote(value)} for {gostrings.go_quote(flag)} "
                f"flag: {exc}"
            ) from None
    return labels


def _label_pairs(value: str) -> dict[str, str]:
    count = value.count("=")
    if count == 0:
        raise ValueError(f"{value} must be formatted as key=value")
    pairs = [value.strip('"')] if count == 1 else csv_record(value)
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, rest = pair.partition("=")
        if not sep:
            raise ValueError(f"{pair} must be formatted as key=value")
        out[key] = rest
    return out


def csv_record(text: str) -> list[str]:
    """The first record of ``text`` as Go's ``encoding/csv`` reads it (comma, strict quotes, a
    quoted field may span lines); raises ValueError with Go's ``parse error on line 1, column
    N: ...`` (columns counted in bytes, as Go counts them, on the record's first line)."""
    data = text.encode("utf-8", "surrogateescape")
    if not data.endswith(b"\n"):
        data += b"\n"  # Go's reader ends the last line so
    fields: list[str] = []
    pos = 0
    while True:
        if data[pos : pos + 1] != b'"':
            end = min(i for i in (data.find(b",", pos), data.find(b"\n", pos)) if i >= 0)
            field = data[pos:end]
            quote = field.find(b'"')
            if quote >= 0:
                raise ValueError(
                    f'parse error on line 1, column {pos + quote + 1}: bare " in non-quoted-field'
                )
            fields.append(_text(field.removesuffix(b"\r") if data[end] == 10 else field))
            if data[end] == 10:
                return fields
            pos = end + 1
            continue
        pos += 1
        buffer = bytearray()
        while True:
            quote = data.find(b'"', pos)
            if quote < 0:
                raise ValueError(
                    f"parse error on line 1, column {len(data)}: "
                    'extraneous or missing " in quoted-field'
                )
            buffer += data[pos:quote]
            pos = quote + 1
            following = data[pos : pos + 1]
            if following == b'"':
                buffer += b'"'
                pos += 1
            elif following == b",":
                fields.append(_text(bytes(buffer)))
                pos += 1
                break
            elif following == b"\n" or data[pos : pos + 2] == b"\r\n":
                fields.append(_text(bytes(buffer)))
                return fields
            else:
                raise ValueError(
                    f'parse error on line 1, column {pos}: extraneous or missing " in quoted-field'
                )


def _text(data: bytes) -> str:
    return data.decode("utf-8", "surrogateescape")


def check_labels(labels: Mapping[str, str]) -> None:
    """Helm refuses labels its release storage reserves (after values and schema checks)."""
    if any(key in SYSTEM_LABELS for key in labels):
        raise errors.UserError(
            "user supplied labels contains system reserved label name. "
            f"System labels: [{' '.join(SYSTEM_LABELS)}]"
        )
