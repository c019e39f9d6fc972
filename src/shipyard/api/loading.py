"""Reading Application and Project resources from YAML: validated once, every problem reported.

A file is composed into PyYAML's node tree, so that each field keeps the line of its key, and
turned into plain values by a bounded walk (size, depth and node-count limits stop alias bombs
and deep nesting: SECURITY-CASES 14, 15). pydantic then validates it, and every problem is
reported at once as ``<source>:<line>: <field path>: <message>`` with the line of the offending
key, or of its nearest parent present (SECURITY-CASES 18). Messages name types and rules, never
values, apart from short scalars a rule quotes (sync options, durations).
"""

from __future__ import annotations

import dataclasses
import difflib
import typing
from collections.abc import Sequence
from typing import TypeVar

import pydantic
import pydantic_core
import yaml
import yaml.constructor
import yaml.nodes

from shipyard import errors
from shipyard.api import application

MAX_BYTES = 1 << 20
MAX_DEPTH = 100
MAX_NODES = 100_000

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=pydantic.BaseModel)

_LOADER = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null")}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Problem:
    """One thing wrong with a resource: where it is and which rule it breaks."""

    source: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class InvalidResourceError(errors.UserError):
    """A resource file with problems; ``problems`` lists all of them, in file order."""

    def __init__(self, *, kind: str, source: str, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        count = len(self.problems)
        header = f"{source}: invalid {kind} ({count} problem{'' if count == 1 else 's'}):"
        super().__init__("\n".join([header, *(str(problem) for problem in self.problems)]))


def load_application(text: str, *, source: str) -> application.Application:
    """The Application in a YAML file's text; ``source`` names the file in messages."""
    return _load(application.Application, text, source=source)


def load_project(text: str, *, source: str) -> application.Project:
    """The Project in a YAML file's text; ``source`` names the file in messages."""
    return _load(application.Project, text, source=source)


def validate_application(data: object, *, source: str) -> application.Application:
    """An Application from decoded JSON, e.g. read from the cluster (messages have no lines)."""
    return _validate(application.Application, data, source=source, lines={}, problems=[])


def validate_project(data: object, *, source: str) -> application.Project:
    """A Project from decoded JSON, e.g. read from the cluster (messages have no lines)."""
    return _validate(application.Project, data, source=source, lines={}, problems=[])


@dataclasses.dataclass(frozen=True, kw_only=True)
class Tree:
    """A YAML document as plain values, with the line of every mapping key and list item."""

    data: object
    lines: dict[Loc, int]
    problems: tuple[Problem, ...]  # unsupported tags, duplicate and merge keys


def read_tree(text: str, *, source: str, kind: str) -> Tree:
    """The single document of a YAML file as plain values, walked within the size, depth and
    node limits; raises InvalidResourceError when the file is not one bounded YAML document.
    ``kind`` names what the file should hold in messages ("expected one <kind>")."""
    document = _compose(text, source=source, kind=kind)
    walk = _Walk(source=source)
    try:
        data = walk.value(document, loc=(), depth=0)
    except _TooLarge:
        problem = Problem(source=source, line=None, path="", message=_TooLarge.message)
        raise InvalidResourceError(kind=kind, source=source, problems=[problem]) from None
    return Tree(data=data, lines=walk.lines, problems=tuple(walk.problems))


def path_of(loc: Loc) -> str:
    """A location as a field path: ``spec.source[0].path``."""
    return _path(loc)


def _load(model: type[Model], text: str, *, source: str) -> Model:
    tree = read_tree(text, source=source, kind=_kind_of(model))
    return _validate(
        model, tree.data, source=source, lines=tree.lines, problems=list(tree.problems)
    )


def _kind_of(model: type[pydantic.BaseModel]) -> str:
    return str(model.model_fields["kind"].default)


def _compose(text: str, *, source: str, kind: str) -> yaml.Node:
    """The single document of ``text`` as a node tree, after checking its size and depth."""

    def fail(line: int | None, message: str) -> InvalidResourceError:
        problem = Problem(source=source, line=line, path="", message=message)
        return InvalidResourceError(kind=kind, source=source, problems=[problem])

    if len(text.encode(errors="replace")) > MAX_BYTES:
        raise fail(None, f"is larger than {MAX_BYTES // 1024} KiB")
    try:
        depth = 0
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    line = event.start_mark.line + 1 if event.start_mark else None
                    raise fail(line, f"is nested deeper than {MAX_DEPTH} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        documents = [
            node
            for node in yaml.compose_all(text, Loader=_LOADER)
            if not (
                isinstance(node, yaml.ScalarNode) and node.tag == f"{_TAG}null" and not node.value
            )
        ]
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise fail(line, f"is not valid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError:
        raise fail(None, "is not valid YAML") from None
    if not documents:
        raise fail(1, f"is empty: expected one {kind}")
    if len(documents) > 1:
        line = documents[1].start_mark.line + 1
        raise fail(line, f"holds {len(documents)} documents: expected one {kind} per file")
    return documents[0]


class _TooLarge(Exception):
    message = f"expands to more than {MAX_NODES} values or {MAX_DEPTH} levels (YAML aliases?)"


class _Walk:
    """Plain values from a node tree, recording the line of every mapping key and list item."""

    def __init__(self, *, source: str) -> None:
        self.source = source
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self._nodes = 0
        self._constructor = yaml.constructor.SafeConstructor()

    def value(self, node: yaml.Node, *, loc: Loc, depth: int) -> object:
        self._nodes += 1
        if self._nodes > MAX_NODES or depth > MAX_DEPTH:
            raise _TooLarge  # aliases can multiply nodes and depth beyond what parsing saw
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc=loc, depth=depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.value(item, loc=(*loc, index), depth=depth + 1)
                for index, item in enumerate(node.value)
            ]
        if node.tag in _PLAIN_TAGS:
            return self._constructor.construct_object(node)
        if node.tag != f"{_TAG}timestamp":  # kept as text, as Kubernetes' YAML decoder does
            self._problem(node, loc=loc, message=f"unsupported YAML tag {node.tag[:40]!r}")
        return str(node.value)

    def _mapping(self, node: yaml.MappingNode, *, loc: Loc, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self._problem(key_node, loc=loc, message="a mapping key must be a plain string")
                continue
            key = str(key_node.value)
            if key_node.tag == f"{_TAG}merge":
                self._problem(key_node, loc=loc, message="YAML merge keys (<<) are not supported")
                continue
            if key in result:
                first = self.lines.get((*loc, key))
                self._problem(
                    key_node, loc=(*loc, key), message=f"duplicate key (first at line {first})"
                )
                continue
            self.lines[(*loc, key)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, loc=(*loc, key), depth=depth + 1)
        return result

    def _problem(self, node: yaml.Node, *, loc: Loc, message: str) -> None:
        line = node.start_mark.line + 1
        self.problems.append(
            Problem(source=self.source, line=line, path=_path(loc), message=message)
        )


def _validate(
    model: type[Model],
    data: object,
    *,
    source: str,
    lines: dict[Loc, int],
    problems: list[Problem],
) -> Model:
    found = list(problems)
    if isinstance(data, dict):
        for field in ("apiVersion", "kind"):
            if field not in data:
                found.append(
                    _problem(
                        source=source,
                        lines=lines,
                        loc=(field,),
                        message="required field is missing",
                    )
                )
    try:
        result = model.model_validate(data, by_alias=True, by_name=False)
    except pydantic.ValidationError as exc:
        for error in exc.errors(include_url=False):
            message = _message(error, model=model)
            found.append(
                _problem(source=source, lines=lines, loc=tuple(error["loc"]), message=message)
            )
    if found:
        found.sort(key=lambda problem: (problem.line or 0, problem.path))
        raise InvalidResourceError(kind=_kind_of(model), source=source, problems=found) from None
    return result


def _problem(*, source: str, lines: dict[Loc, int], loc: Loc, message: str) -> Problem:
    for end in range(len(loc), -1, -1):
        line = lines.get(loc[:end])
        if line is not None:
            return Problem(source=source, line=line, path=_path(loc), message=message)
    return Problem(source=source, line=None, path=_path(loc), message=message)


def _path(loc: Loc) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


_TYPE_NAMES = {
    dict: "a mapping",
    list: "a list",
    str: "a string",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    type(None): "null",
}
_EXPECTED = {
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
    "list_type": "a list",
    "tuple_type": "a list",
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "an integer",
    "int_from_float": "an integer",
}


def _message(error: pydantic_core.ErrorDetails, *, model: type[pydantic.BaseModel]) -> str:
    kind, value, loc = error["type"], error["input"], tuple(error["loc"])
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field" + _suggestion(model, loc)
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {_TYPE_NAMES.get(type(value), 'another type')}"
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", ""))
        message = f"must be {expected}"
        if isinstance(value, str) and value.startswith("argoproj.io/"):
            message += f"; shipyard reads Argo CD's fields under {application.API_VERSION}"
        return message
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = (error.get("ctx") or {}).get("ge" if kind == "greater_than_equal" else "le")
        return f"must be at {'least' if kind == 'greater_than_equal' else 'most'} {bound}"
    if kind == "too_long":
        return f"must have at most {(error.get('ctx') or {}).get('max_length')} items"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    return error["msg"]


def _suggestion(model: type[pydantic.BaseModel], loc: Loc) -> str:
    parent = _model_at(model, loc[:-1])
    if parent is None or not isinstance(loc[-1], str):
        return ""
    known = [field.alias or name for name, field in parent.model_fields.items()]
    close = difflib.get_close_matches(loc[-1], known, n=1, cutoff=0.6)
    if not close:
        return f" (known: {', '.join(known)})" if len(known) <= 8 else ""
    return f"; did you mean {close[0]!r}?"


def _model_at(model: type[pydantic.BaseModel], loc: Loc) -> type[pydantic.BaseModel] | None:
    current: type[pydantic.BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue  # an item of a list field: the item model was found with the field
        fields = {field.alias or name: field for name, field in current.model_fields.items()}
        field = fields.get(part)
        current = _find_model(field.annotation) if field else None
    return current


def _find_model(annotation: object) -> type[pydantic.BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _find_model(argument)
        if found is not None:
            return found
    return None
