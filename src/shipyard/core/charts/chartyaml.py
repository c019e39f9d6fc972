"""``Chart.yaml`` (and v1 ``requirements.yaml``) read as Helm reads them into ``chart.Metadata``.

Helm decodes the YAML to JSON and then into Go structs, so this module follows Go's rules:
field names match case-insensitively, ``null`` leaves a field alone (and empties a list), a
number or boolean given for a string field becomes its text (``version: 1.0`` is ``"1"``), and
any other type mismatch is an error worded as Go words it. Validation then sanitises the text
fields (control characters dropped, whitespace made spaces) and checks what Helm checks: an
``apiVersion``, a ``name`` that is a single path element, a semantic ``version``, a ``type``
of application or library, aliases of ``[a-zA-Z0-9_-]``, and no duplicate dependency names.

Attribute names are Go's: templates read ``.Chart.Name``, ``.Chart.AppVersion`` directly.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from shipyard.core.charts import constraints, goformat, goyaml

_ALIAS = re.compile(r"[a-zA-Z0-9_-]+")


class ChartYAMLError(ValueError):
    """A ``Chart.yaml`` Helm refuses; ``str()`` is Helm's message."""


class GoSlice(tuple[Any, ...]):
    """A typed Go slice in the template view of Chart.yaml (``[]string``, ``[]*chart.Dependency``):
    ``%T`` names its type, it prints as ``[...]`` even when nil, and a nil one (an absent
    field) marshals to JSON ``null``."""

    __go_type__: ClassVar[str] = "[]interface {}"
    go_nil: bool = False

    def __new__(cls, items: Iterable[Any] = (), *, nil: bool = False) -> GoSlice:
        made = super().__new__(cls, items)
        made.go_nil = nil and not made
        return made


class StringSlice(GoSlice):
    __go_type__: ClassVar[str] = "[]string"


class MaintainerSlice(GoSlice):
    __go_type__: ClassVar[str] = "[]*chart.Maintainer"


class DependencySlice(GoSlice):
    __go_type__: ClassVar[str] = "[]*chart.Dependency"


def struct_json(value: object, struct: str, *, required: frozenset[str] = frozenset()) -> Any:
    """The JSON object of a chart.Metadata/Maintainer/Dependency: Chart.yaml's names (the
    json tags), in field order, empty fields left out unless ``required`` (no omitempty)."""
    from shipyard.core.charts import gojson

    out = gojson.StructFields()
    for json_name, (attribute, _kind) in _FIELDS[struct].items():
        field = getattr(value, attribute)
        if json_name in required or (
            field not in ("", False, None) and field != () and field != {}
        ):
            out[json_name] = field
    return out


@dataclasses.dataclass(frozen=True, kw_only=True)
class Maintainer:
    __go_type__: ClassVar[str] = "*chart.Maintainer"
    go_type: ClassVar[str] = "*chart.Maintainer"
    Name: str = ""
    Email: str = ""
    URL: str = ""

    def __go_json__(self) -> Any:
        return struct_json(self, "Maintainer")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Dependency:
    __go_type__: ClassVar[str] = "*chart.Dependency"
    go_type: ClassVar[str] = "*chart.Dependency"
    Name: str = ""
    Version: str = ""
    Repository: str = ""
    Condition: str = ""
    Tags: tuple[str, ...] = ()
    Enabled: bool = False
    ImportValues: tuple[object, ...] = ()
    Alias: str = ""

    def __go_json__(self) -> Any:
        return struct_json(self, "Dependency", required=frozenset(("name", "repository")))


@dataclasses.dataclass(frozen=True, kw_only=True)
class Metadata:
    """chart.Metadata, field for field."""

    __go_type__: ClassVar[str] = "*chart.Metadata"
    go_type: ClassVar[str] = "*chart.Metadata"
    Name: str = ""
    Home: str = ""
    Sources: tuple[str, ...] = ()
    Version: str = ""
    Description: str = ""
    Keywords: tuple[str, ...] = ()
    Maintainers: tuple[Maintainer | None, ...] = ()
    Icon: str = ""
    APIVersion: str = ""
    Condition: str = ""
    Tags: str = ""
    AppVersion: str = ""
    Deprecated: bool = False
    Annotations: dict[str, str] = dataclasses.field(default_factory=dict)
    KubeVersion: str = ""
    Dependencies: tuple[Dependency | None, ...] | None = None
    Type: str = ""

    def __go_json__(self) -> Any:
        return struct_json(self, "Metadata")

    def template_view(self) -> dict[str, Any]:
        """The fields as templates see them: slices typed (``%T``), nil when absent."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(Metadata)}
        fields["Sources"] = StringSlice(self.Sources, nil=True)
        fields["Keywords"] = StringSlice(self.Keywords, nil=True)
        fields["Maintainers"] = MaintainerSlice(self.Maintainers, nil=True)
        fields["Dependencies"] = DependencySlice(
            self.Dependencies or (), nil=self.Dependencies is None
        )
        return fields


# -- decoding ------------------------------------------------------------------------------

_Kind = str  # "string" | "bool" | "[]string" | "map[string]string" | "[]interface {}" | struct
_FIELDS: dict[str, dict[str, tuple[str, _Kind]]] = {
    "Metadata": {
        "name": ("Name", "string"),
        "home": ("Home", "string"),
        "sources": ("Sources", "[]string"),
        "version": ("Version", "string"),
        "description": ("Description", "string"),
        "keywords": ("Keywords", "[]string"),
        "maintainers": ("Maintainers", "[]*chart.Maintainer"),
        "icon": ("Icon", "string"),
        "apiVersion": ("APIVersion", "string"),
        "condition": ("Condition", "string"),
        "tags": ("Tags", "string"),
        "appVersion": ("AppVersion", "string"),
        "deprecated": ("Deprecated", "bool"),
        "annotations": ("Annotations", "map[string]string"),
        "kubeVersion": ("KubeVersion", "string"),
        "dependencies": ("Dependencies", "[]*chart.Dependency"),
        "type": ("Type", "string"),
    },
    "Maintainer": {
        "name": ("Name", "string"),
        "email": ("Email", "string"),
        "url": ("URL", "string"),
    },
    "Dependency": {
        "name": ("Name", "string"),
        "version": ("Version", "string"),
        "repository": ("Repository", "string"),
        "condition": ("Condition", "string"),
        "tags": ("Tags", "[]string"),
        "enabled": ("Enabled", "bool"),
        "import-values": ("ImportValues", "[]interface {}"),
        "alias": ("Alias", "string"),
    },
}
_STRUCTS: dict[str, type[Any]] = {
    "Metadata": Metadata,
    "Maintainer": Maintainer,
    "Dependency": Dependency,
}


def _json_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class _Decoder:
    """Go's json.Unmarshal into the chart structs; keeps the first type error, as Go does."""

    def __init__(self) -> None:
        self.error: str | None = None

    def fail(self, value: object, struct: str, path: str, go_type: str) -> None:
        if self.error is None:
            self.error = (
                f"json: cannot unmarshal {_json_kind(value)} into Go struct field "
                f"{struct}.{path} of type {go_type}"
            )

    def string(self, value: object, struct: str, path: str) -> str | None:
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            if float(value).is_integer() and abs(value) < 1e21:
                return str(int(value))
            return goformat.format_float(float(value), bits=32)
        self.fail(value, struct, path, "string")
        return None

    def field(self, kind: _Kind, value: object, struct: str, path: str) -> object:
        if kind == "string":
            return self.string(value, struct, path)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            self.fail(value, struct, path, "bool")
            return None
        if kind == "map[string]string":
            if not isinstance(value, dict):
                self.fail(value, struct, path, kind)
                return None
            out: dict[str, str] = {}
            for key, item in value.items():
                if item is None:
                    out[key] = ""
                    continue
                text = self.string(item, struct, path)
                if text is not None:
                    out[key] = text
            return out
        if not isinstance(value, list):
            self.fail(value, struct, path, kind)
            return None
        if kind == "[]interface {}":
            return tuple(value)
        if kind == "[]string":
            return tuple(
                "" if item is None else (self.string(item, struct, path) or "") for item in value
            )
        element = kind.removeprefix("[]*chart.")
        out_list: list[object] = []
        for item in value:
            if item is not None and not isinstance(item, dict):
                self.fail(item, struct, path, f"chart.{element}")
                item = None
            out_list.append(None if item is None else self.struct(element, item, path=path))
        return tuple(out_list)

    def struct(self, name: str, value: object, *, path: str = "", base: Any = None) -> Any:
        target = base if base is not None else _STRUCTS[name]()
        if not isinstance(value, dict):
            return target  # Helm ignores a Chart.yaml that is not a mapping
        fields = _FIELDS[name]
        folded = {key.lower(): key for key in fields}
        changes: dict[str, object] = {}
        for key, item in value.items():
            json_name = key if key in fields else folded.get(key.lower())
            if json_name is None:
                continue
            attribute, kind = fields[json_name]
            if item is None:
                if kind.startswith(("[]", "map[")):
                    changes[attribute] = None if attribute == "Dependencies" else _empty(kind)
                continue
            full = f"{path}.{json_name}" if path else json_name
            decoded = self.field(kind, item, name, full)
            if decoded is not None:
                changes[attribute] = decoded
        return dataclasses.replace(target, **changes)


def _empty(kind: str) -> object:
    return {} if kind.startswith("map[") else ()


def decode_metadata(text: str, *, into: Metadata | None = None) -> Metadata:
    """Unmarshal ``Chart.yaml`` (or ``requirements.yaml``) text, over ``into`` if given.

    Raises :class:`ChartYAMLError` with the YAML or JSON error (the caller adds the file).
    """
    try:
        document = goyaml.decode(text)
    except goyaml.YAMLError as exc:
        raise ChartYAMLError(str(exc)) from None
    decoder = _Decoder()
    metadata: Metadata = decoder.struct("Metadata", document, base=into)
    if decoder.error is not None:
        raise ChartYAMLError(f"error unmarshaling JSON: while decoding JSON: {decoder.error}")
    return metadata


# -- validation ----------------------------------------------------------------------------


def sanitize(text: str) -> str:
    """Helm's sanitizeString: whitespace becomes a space, unprintable characters go."""
    out = []
    for ch in text:
        if (ch.isspace() and ch not in "\x1c\x1d\x1e\x1f") or ch in "\x85\xa0":
            out.append(" ")
        elif ch == " " or unicodedata.category(ch)[0] in "LMNPS":
            out.append(ch)
    return "".join(out)


def _sanitize_dependency(dep: Dependency | None) -> Dependency:
    if dep is None:
        raise ChartYAMLError("validation: dependencies must not contain empty or null nodes")
    dep = dataclasses.replace(
        dep,
        Name=sanitize(dep.Name),
        Version=sanitize(dep.Version),
        Repository=sanitize(dep.Repository),
        Condition=sanitize(dep.Condition),
        Tags=tuple(sanitize(t) for t in dep.Tags),
    )
    if dep.Alias and _ALIAS.fullmatch(dep.Alias) is None:
        raise ChartYAMLError(
            f'validation: dependency "{dep.Name}" has disallowed characters in the alias'
        )
    return dep


def validate(md: Metadata) -> Metadata:
    """chart.Metadata.Validate: the sanitised metadata, or :class:`ChartYAMLError`."""
    fix: Callable[[str], str] = sanitize
    md = dataclasses.replace(
        md,
        Name=fix(md.Name),
        Description=fix(md.Description),
        Home=fix(md.Home),
        Icon=fix(md.Icon),
        Condition=fix(md.Condition),
        Tags=fix(md.Tags),
        AppVersion=fix(md.AppVersion),
        KubeVersion=fix(md.KubeVersion),
        Sources=tuple(fix(s) for s in md.Sources),
        Keywords=tuple(fix(k) for k in md.Keywords),
    )
    if not md.APIVersion:
        raise ChartYAMLError("validation: chart.metadata.apiVersion is required")
    if not md.Name:
        raise ChartYAMLError("validation: chart.metadata.name is required")
    if md.Name in (".", ".."):
        raise ChartYAMLError(f'validation: chart.metadata.name "{md.Name}" is not allowed')
    if md.Name != _base(md.Name):
        raise ChartYAMLError(f'validation: chart.metadata.name "{md.Name}" is invalid')
    if not md.Version:
        raise ChartYAMLError("validation: chart.metadata.version is required")
    if not constraints.is_valid_version(md.Version):
        raise ChartYAMLError(f'validation: chart.metadata.version "{md.Version}" is invalid')
    if md.Type not in ("", "application", "library"):
        raise ChartYAMLError("validation: chart.metadata.type must be application or library")
    maintainers: list[Maintainer] = []
    for m in md.Maintainers:
        if m is None:
            raise ChartYAMLError("validation: maintainers must not contain empty or null nodes")
        maintainers.append(
            dataclasses.replace(m, Name=fix(m.Name), Email=fix(m.Email), URL=fix(m.URL))
        )
    dependencies: list[Dependency] | None = None
    if md.Dependencies is not None:
        dependencies = []
        seen: set[str] = set()
        for raw in md.Dependencies:
            dep = _sanitize_dependency(raw)
            key = dep.Alias or dep.Name
            if key in seen:
                raise ChartYAMLError(
                    f'validation: more than one dependency with name or alias "{key}"'
                )
            seen.add(key)
            dependencies.append(dep)
    return dataclasses.replace(
        md,
        Maintainers=tuple(maintainers),
        Dependencies=None if dependencies is None else tuple(dependencies),
    )


def _base(name: str) -> str:
    """Go's filepath.Base on Unix."""
    trimmed = name.rstrip("/")
    if not trimmed:
        return "/"
    return trimmed.rsplit("/", 1)[-1]
