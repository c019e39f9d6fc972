"""The Go view of Python values: type names, truth, and the objects standing in for Go structs.

The value model (shared with the Sprig/Helm functions in ``shipyard.core.charts``):

=====================  ===========================  ==============================
Go                     Python                       ``type_name``
=====================  ===========================  ==============================
nil                    ``None``                     ``<nil>``
bool                   ``bool``                     ``bool``
int, int64, ...        ``int``                      ``int``
float64                ``float``                    ``float64``
complex128             ``complex``                  ``complex128``
string                 ``str``                      ``string``
[]byte                 ``bytes``/``bytearray``      ``[]uint8``
map[string]any         ``dict``                     ``map[string]interface {}``
[]any                  ``list``/``tuple``           ``[]interface {}``
struct, *struct        any other object             ``__go_type__`` or class name
=====================  ===========================  ==============================

An object stands in for a Go struct: its exported fields and methods are attributes with the Go
names (``obj.Name``, ``obj.Get("path")``). Optional class attributes refine the Go view:

``__go_type__``     the Go type name (``"*chart.Metadata"``) for ``%T`` and error messages;
``__go_fields__``   field names, in Go order, printed by ``%v`` (default: dataclass fields,
                    else public attributes starting with an upper-case letter);
``__go_methods__``  for a ``dict``, ``list`` or ``tuple`` subclass standing in for a Go map
                    or slice type with methods (``chartutil.Values``, ``VersionSet``): names
                    resolved as method calls, not keys.

A method named ``String`` (or ``Error``) is used by fmt as Go uses ``fmt.Stringer``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

ANY = "interface {}"
_BASIC_NAMES: dict[type, str] = {
    bool: "bool",
    int: "int",
    float: "float64",
    complex: "complex128",
    str: "string",
    bytes: "[]uint8",
    bytearray: "[]uint8",
    dict: "map[string]interface {}",
    list: "[]interface {}",
    tuple: "[]interface {}",
}
_NILLABLE_PREFIXES = ("[]", "map[", "*", "func", "chan", "interface")


def type_name(value: object) -> str:
    """Go's ``reflect.TypeOf(value).String()`` for a Python value (``<nil>`` for None)."""
    if value is None:
        return "<nil>"
    name = _BASIC_NAMES.get(type(value))
    if name is not None:
        return name
    declared = getattr(type(value), "__go_type__", None)
    if isinstance(declared, str):
        return declared
    for base, base_name in _BASIC_NAMES.items():
        if isinstance(value, base) and base is not bool:
            return base_name
    if callable(value):
        return "func(...interface {}) interface {}"
    return type(value).__name__


def can_be_nil(go_type: str) -> bool:
    """Whether an untyped nil can be assigned to the Go type (reflect.Zero of it is nil)."""
    return go_type == "reflect.Value" or go_type.startswith(_NILLABLE_PREFIXES)


def is_true(value: object) -> bool:
    """text/template's truth: the zero value of a type is false, structs are always true."""
    if value is None:
        return False
    kind = type(value)
    if kind is str or kind is dict or kind is list or kind is tuple or kind is bytes:
        return len(value) > 0  # type: ignore[arg-type]
    if kind is bool:
        return value is True
    if kind is int or kind is float or kind is complex:
        return value != 0
    if isinstance(value, str | dict | list | tuple | bytes | bytearray):
        return len(value) > 0
    if isinstance(value, int | float | complex):
        return value != 0
    return True


def is_struct(value: object) -> bool:
    """Whether a value stands for a Go struct (or pointer to one)."""
    return (
        value is not None
        and type(value) not in _BASIC_NAMES
        and not isinstance(
            value, str | bytes | bytearray | dict | list | tuple | int | float | complex
        )
    )


def struct_fields(value: object) -> Iterator[tuple[str, Any]]:
    """The (name, value) pairs fmt prints for a struct stand-in, in Go field order."""
    declared = getattr(type(value), "__go_fields__", None)
    if declared is not None:
        names: list[str] = list(declared)
    elif hasattr(type(value), "__dataclass_fields__"):
        import dataclasses  # only when printing a dataclass: the import is slow

        names = (
            [f.name for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else []
        )
    else:
        names = [k for k in getattr(value, "__dict__", {}) if k[:1].isupper()]
    for name in names:
        yield name, getattr(value, name, None)


def go_methods(value: object) -> frozenset[str]:
    """Names a dict, list or tuple subclass resolves as methods (``__go_methods__``): a Go
    map or slice type with methods."""
    declared = getattr(type(value), "__go_methods__", None)
    return frozenset(declared) if declared else frozenset()
