"""Type-checked reads of raw Kubernetes JSON for health checks, and its status conditions.

A field whose type the API server would never send raises ``Malformed`` naming the field, so a
check reports UNKNOWN instead of guessing from (or crashing on) a value it does not understand.
A missing or null field reads as its zero value, as it does in the Go structs Argo CD uses.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from shipyard.core import manifests


class Malformed(Exception):
    """A field of the object has a type the Kubernetes API would never send."""


_TYPE_NAMES = {
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
    type(None): "null",
}


@contextlib.contextmanager
def within(path: str) -> Iterator[None]:
    """Prefixes ``path`` to the field named by a ``Malformed`` raised while reading an item."""
    try:
        yield
    except Malformed as exc:
        raise Malformed(f"{path}.{exc}") from exc


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _wrong(path: str, value: Any, expected: str) -> Malformed:
    return Malformed(f"{path} is {_describe(value)}, expected {expected}")


def _lookup(obj: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path``, or None when any step is missing or null."""
    value: Any = obj
    walked: list[str] = []
    for key in path.split("."):
        if value is None:
            return None
        if not isinstance(value, Mapping):
            raise _wrong(".".join(walked), value, "a mapping")
        value = value.get(key)
        walked.append(key)
    return value


def mapping(obj: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    value = _lookup(obj, path)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _wrong(path, value, "a mapping")
    return value


def optional_integer(obj: Mapping[str, Any], path: str) -> int | None:
    value = _lookup(obj, path)
    # bool is an int in Python; `replicas: true` is a YAML slip, not the number one.
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise _wrong(path, value, "an integer")
    return value


def integer(obj: Mapping[str, Any], path: str, *, default: int = 0) -> int:
    value = optional_integer(obj, path)
    return default if value is None else value


def string(obj: Mapping[str, Any], path: str) -> str:
    value = _lookup(obj, path)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _wrong(path, value, "a string")
    return value


def flag(obj: Mapping[str, Any], path: str) -> bool:
    value = _lookup(obj, path)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise _wrong(path, value, "a boolean")
    return value


def mappings(obj: Mapping[str, Any], path: str) -> list[Mapping[str, Any]]:
    """A list of mappings (containerStatuses, ingress points...), empty when missing."""
    return as_mappings(_lookup(obj, path), path=path)


def as_mappings(value: Any, *, path: str) -> list[Mapping[str, Any]]:
    """``value`` checked to be a list of mappings; ``path`` names it in the error."""
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise _wrong(path, value, "a list")
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise _wrong(f"{path}[{index}]", item, "a mapping")
    return list(value)


def strings(obj: Mapping[str, Any], path: str) -> list[str]:
    value = _lookup(obj, path)
    if value is None:
        return []
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise _wrong(path, value, "a list")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise _wrong(f"{path}[{index}]", item, "a string")
    return list(value)


def identity(obj: manifests.Manifest) -> tuple[str, str]:
    """(API group, kind) of ``obj``, the key by which its health check is chosen."""
    return manifests.group_of(string(obj, "apiVersion")), string(obj, "kind")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Condition:
    """One entry of ``status.conditions``; ``status`` is "True", "False" or "Unknown"."""

    type: str
    status: str
    reason: str
    message: str

    def describe(self) -> str:
        """The condition as users see it in ``kubectl describe``: type, status, reason, message."""
        return ": ".join(
            part
            for part in (f"condition {self.type}={self.status}", self.reason, self.message)
            if part
        )

    @property
    def true(self) -> bool:
        return self.status == "True"

    @property
    def false(self) -> bool:
        return self.status == "False"


def conditions_in(items: Sequence[Mapping[str, Any]], *, path: str) -> dict[str, Condition]:
    """Conditions by type; the first of a repeated type wins, as in ``kubectl``'s lookup."""
    found: dict[str, Condition] = {}
    for index, item in enumerate(items):
        with within(f"{path}[{index}]"):
            kind = string(item, "type")
            status = item.get("status")
            # `status: True` unquoted in YAML is a boolean; the API only ever sends the string.
            if not isinstance(status, str):
                raise _wrong("status", status, 'a string ("True", "False" or "Unknown")')
            reason, message = string(item, "reason"), string(item, "message")
        if kind and kind not in found:
            found[kind] = Condition(type=kind, status=status, reason=reason, message=message)
    return found


def conditions(obj: manifests.Manifest) -> dict[str, Condition]:
    """The conditions of ``status.conditions`` by type."""
    return conditions_in(mappings(obj, "status.conditions"), path="status.conditions")
