"""The function-map interface: how Python callables declare their Go signatures.

A template function is a :class:`Func`: the callable plus the Go types of its parameters. The
engine uses the types as Go's reflection-based caller does:

* it checks the argument count (``wrong number of args for NAME: want 2 got 1``);
* it converts constants to the parameter type (``1`` is an ``int`` for an ``interface {}``
  parameter, a ``float`` for a ``float64`` one; ``expected integer; found 1.5``);
* it checks values (``wrong type for value; expected string; got float64``,
  ``invalid value; expected int``).

Parameter types are Go type names: ``"interface {}"`` (alias ``ANY``; accepts anything, nil is
``None``), ``"string"``, ``"bool"``, ``"int"`` (also ``int64``, ``uint``... which all take a
Python ``int``), ``"float64"``, ``"[]interface {}"`` (a list or tuple), ``"[]string"`` (a list
of str), ``"map[string]interface {}"`` (a dict), ``"[]uint8"`` (bytes), or any name an object
declares as ``__go_type__``.

The callable receives the converted arguments positionally (after the :class:`TemplateSet`
being executed, when ``context=True``: that is how ``include`` and ``tpl`` reach the templates).
It returns the Go result, or raises :class:`~shipyard.core.gotemplate.errors.FuncError` for a
non-nil Go ``error`` (the engine reports ``error calling NAME: MESSAGE``). A plain callable in a
function map is treated as ``Func(fn=callable, variadic=ANY)``.

Example::

    funcs = {
        "upper": Func(fn=str.upper, params=("string",)),
        "indent": Func(fn=indent, params=("int", "string")),
        "list": Func(fn=lambda *v: list(v), variadic=ANY),
        "include": Func(fn=include, params=("string", ANY), context=True),
    }
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

from shipyard.core.gotemplate import values

ANY = values.ANY
INT_TYPES = frozenset(
    ("int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64",
     "uintptr")
)  # fmt: skip
UINT_TYPES = frozenset(("uint", "uint8", "uint16", "uint32", "uint64", "uintptr"))
FLOAT_TYPES = frozenset(("float64", "float32"))
REFLECT_VALUE = "reflect.Value"  # builtins only: sees a nil interface as NIL_INTERFACE


class Func:
    """A template function and its Go signature (immutable once made).

    A plain slotted class rather than a frozen dataclass: it is read on every call, and the
    dataclasses import costs more start-up time than this whole package.
    """

    __slots__ = ("context", "fn", "params", "special", "variadic")

    fn: Callable[..., Any]
    params: tuple[str, ...]  # Go types of the fixed parameters
    variadic: str | None  # Go type of the elements of a final ``...`` parameter
    context: bool  # pass the executing TemplateSet as the first argument
    special: str  # engine-implemented builtins: "and", "or", "call"

    def __init__(
        self,
        *,
        fn: Callable[..., Any],
        params: tuple[str, ...] = (),
        variadic: str | None = None,
        context: bool = False,
        special: str = "",
    ) -> None:
        for name, value in (
            ("fn", fn), ("params", tuple(params)), ("variadic", variadic), ("context", context),
            ("special", special),
        ):  # fmt: skip
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Func is immutable: cannot set {name}")

    def __repr__(self) -> str:
        return (
            f"Func(fn={self.fn!r}, params={self.params!r}, variadic={self.variadic!r}, "
            f"context={self.context!r})"
        )


class _NilInterface:
    """A nil ``interface{}`` value (a missing map entry) as a builtin's reflect.Value sees it."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NIL_INTERFACE"


NIL_INTERFACE: Any = _NilInterface()


class FuncTable(dict[str, Func]):
    """A function map whose entries may be made on first use.

    ``lazy`` names functions that ``loader(name)`` makes when a template first calls them, so
    that a library of a few hundred functions costs nothing until used (the parser checks
    names against :meth:`names`, which needs no loading). Entries already present win over
    lazy ones; :meth:`overlaid` gives a table with more functions on top, as Go's ``Funcs``.
    """

    __slots__ = ("lazy", "loader")

    def __init__(
        self,
        loaded: Mapping[str, Func | Callable[..., Any]] | None = None,
        *,
        lazy: Collection[str] = (),
        loader: Callable[[str], Func] | None = None,
    ) -> None:
        super().__init__(as_func_map(loaded))
        self.lazy = frozenset(name for name in lazy if name not in self)
        self.loader = loader

    def __missing__(self, name: str) -> Func:
        if self.loader is None or name not in self.lazy:
            raise KeyError(name)
        made = self[name] = as_func(self.loader(name))
        return made

    def names(self) -> frozenset[str]:
        return frozenset(self) | self.lazy

    def overlaid(self, funcs: Mapping[str, Func | Callable[..., Any]] | None) -> FuncTable:
        """This table with ``funcs`` added or replacing entries (loaded or lazy)."""
        extra = as_func_map(funcs)
        table = FuncTable({**self, **extra}, loader=self.loader)
        table.lazy = self.lazy - extra.keys()
        return table

    def under(self, base: Mapping[str, Func]) -> FuncTable:
        """``base`` (the builtins) with this table's functions, lazy ones included, on top."""
        table = FuncTable(
            {name: f for name, f in base.items() if name not in self.lazy}, loader=self.loader
        )
        table.update(self)
        table.lazy = self.lazy
        return table


def with_funcs(
    base: Mapping[str, Func | Callable[..., Any]], extra: Mapping[str, Func | Callable[..., Any]]
) -> Mapping[str, Func | Callable[..., Any]]:
    """``base`` with ``extra`` on top, keeping a :class:`FuncTable`'s entries lazy."""
    if isinstance(base, FuncTable):
        return base.overlaid(extra)
    return {**base, **extra}


def as_func(value: Func | Callable[..., Any]) -> Func:
    """A function-map entry as a :class:`Func` (plain callables take any arguments)."""
    if isinstance(value, Func):
        return value
    return Func(fn=value, variadic=ANY)


def as_func_map(funcs: Mapping[str, Func | Callable[..., Any]] | None) -> dict[str, Func]:
    return {name: as_func(f) for name, f in (funcs or {}).items()}


def accepts(go_type: str, value: Any) -> bool:
    """Whether a non-nil value is assignable to a parameter of the Go type."""
    t = type(value)
    if go_type == "string":
        return t is str or (isinstance(value, str))
    if go_type in INT_TYPES:
        return t is int or (isinstance(value, int) and t is not bool)
    if go_type == "bool":
        return t is bool
    if go_type in FLOAT_TYPES:
        return t is float
    if go_type == "[]interface {}":
        return isinstance(value, list | tuple)
    if go_type == "map[string]interface {}":
        return isinstance(value, dict)
    if go_type == "[]string":
        return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    if go_type in ("[]uint8", "[]byte"):
        return isinstance(value, bytes | bytearray)
    if go_type == "complex128":
        return t is complex
    return values.type_name(value) == go_type
