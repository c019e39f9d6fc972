"""Calling template functions and methods as Go's reflection-based caller does.

A :class:`CallSite` is one call in the text (``include "x" .``, ``.Files.Get "a"``, a piped
``| quote``): it checks the argument count against the callee's Go signature, converts each
argument to its parameter type (Go's ``evalArg``/``validateType``), calls, and words errors as Go
(``wrong number of args``, ``expected integer; found 1.5``, ``error calling NAME: ...``).
Converters are built once per call site and signature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from shipyard.core.gotemplate import errors, funcs, nodes, values
from shipyard.core.gotemplate.funcs import ANY, NIL_INTERFACE, REFLECT_VALUE, Func
from shipyard.core.gotemplate.state import Site, State

Evaluate = Callable[[State, Any], Any]
Command = Callable[[State, Any, Any], Any]


class _Missing:
    """Go's missingVal: no value flows into this command from the previous one."""

    __slots__ = ()


MISSING: Any = _Missing()


class ArgCompiler(Protocol):
    """What a call site needs from the expression compiler."""

    def site(self, node: nodes.Node) -> Site: ...

    def compile_arg(self, node: nodes.Node, typ: str | None) -> Evaluate: ...


class CallSite:
    """The argument nodes of one call in the text, with their converters per signature."""

    __slots__ = (
        "arg_sites", "args", "cache", "exprs", "ident_site", "last_convs", "last_fn", "name",
        "result_site",
    )  # fmt: skip

    def __init__(
        self, exprs: ArgCompiler | None, *, name: str, args: list[nodes.Node], ident_site: Site,
        result_site: Site,
    ) -> None:  # fmt: skip
        self.exprs = exprs
        self.name = name
        self.args = args
        self.ident_site = ident_site  # Go's node for argument-count errors
        self.result_site = result_site  # Go's node for "error calling NAME"
        self.arg_sites = [exprs.site(a) for a in args] if exprs is not None else []
        self.cache: dict[tuple[tuple[str, ...], str | None], list[Evaluate]] = {}
        self.last_fn: Func | None = None
        self.last_convs: list[Evaluate] = []

    def converters(self, params: tuple[str, ...], variadic: str | None) -> list[Evaluate]:
        key = (params, variadic)
        found = self.cache.get(key)
        if found is None:
            exprs = self.exprs
            found = []
            if exprs is not None:  # a call site without a compiler has no arguments
                found = [
                    exprs.compile_arg(node, params[i] if i < len(params) else variadic or ANY)
                    for i, node in enumerate(self.args)
                ]
            self.cache[key] = found
        return found

    def final_site(self) -> Site:
        return self.arg_sites[-1] if self.arg_sites else self.ident_site

    def check_arity(self, fn: Func, final: Any) -> None:
        name, params = self.name, fn.params
        num_in = len(self.args) + (final is not MISSING)
        if fn.variadic is not None:
            if num_in < len(params):
                self.ident_site.fail(
                    f"wrong number of args for {name}: want at least {len(params)} "
                    f"got {len(self.args)}"
                )
        elif num_in != len(params):
            self.ident_site.fail(
                f"wrong number of args for {name}: want {len(params)} got {num_in}"
            )

    def final_type(self, fn: Func) -> str:
        """The Go type the piped-in final argument is checked against."""
        params, variadic = fn.params, fn.variadic
        if variadic is None:
            return params[-1]
        num_in = len(self.args) + 1
        return params[num_in - 1] if num_in - 1 < len(params) else variadic

    def invoke(self, st: State, fn: Func, dot: Any, final: Any) -> Any:
        """Go's evalCall."""
        if fn is self.last_fn:  # the function at a call site rarely changes: checked once
            convs = self.last_convs
        else:
            self.check_arity(fn, final)
            convs = self.converters(fn.params, fn.variadic)
            self.last_fn, self.last_convs = fn, convs
        if fn.special and fn.special != "call":
            return self.and_or(st, fn.special == "or", dot, final)
        n = len(convs)
        if n == 0:
            argv = []
        elif n == 1:
            argv = [convs[0](st, dot)]
        elif n == 2:
            argv = [convs[0](st, dot), convs[1](st, dot)]
        else:
            argv = [ev(st, dot) for ev in convs]
        if final is not MISSING:
            argv.append(validate(final, self.final_type(fn), False, self.final_site()))
        if fn.special:
            return self.call_value(argv, final)
        if fn.context:
            argv.insert(0, st.tset)
        try:
            result = fn.fn(*argv)
        except (errors.FuncError, errors.TemplateError) as exc:
            self.result_site.fail(f"error calling {self.name}: {exc}")
        return None if result is NIL_INTERFACE else result

    def and_or(self, st: State, is_or: bool, dot: Any, final: Any) -> Any:
        v: Any = None
        truth = values.is_true
        for ev in self.converters((REFLECT_VALUE,), REFLECT_VALUE):
            v = ev(st, dot)
            if v is NIL_INTERFACE:
                v = None
            if truth(v) == is_or:
                return v
        if final is not MISSING:
            v = final
        return v

    def call_value(self, argv: list[Any], final: Any) -> Any:
        """The ``call`` builtin: call a function value found in the data."""
        name = self.name
        fn = argv[0]
        if fn is NIL_INTERFACE:
            fn = None
        callee = str(self.args[0]) if self.args else f"<{values.type_name(final)} Value>"
        try:
            if fn is None:
                raise errors.FuncError("call of nil")
            if not callable(fn):
                raise errors.FuncError(f"non-function {callee} of type {values.type_name(fn)}")
            target = fn if isinstance(fn, Func) else Func(fn=fn, variadic=ANY)
            args = [None if a is NIL_INTERFACE else a for a in argv[1:]]
            n = len(target.params)
            if target.variadic is not None:
                if len(args) < n:
                    raise errors.FuncError(
                        f"wrong number of args for {callee}: got {len(args)} want at least {n}"
                    )
            elif len(args) != n:
                raise errors.FuncError(
                    f"wrong number of args for {callee}: got {len(args)} want {n}"
                )
            for i, a in enumerate(args):
                typ = target.params[i] if i < n else target.variadic or ANY
                if typ in (ANY, REFLECT_VALUE):
                    continue
                if a is None:
                    if not values.can_be_nil(typ):
                        raise errors.FuncError(f"arg {i}: value is nil; should be of type {typ}")
                elif not funcs.accepts(typ, a):
                    raise errors.FuncError(
                        f"arg {i}: value has type {values.type_name(a)}; should be {typ}"
                    )
            return target.fn(*args)
        except (errors.FuncError, errors.TemplateError) as exc:
            self.result_site.fail(f"error calling {name}: {exc}")


def validate(value: Any, typ: str | None, iface: bool, site: Site) -> Any:
    """Go's validateType: ``value`` as an argument of Go type ``typ`` (None: untyped)."""
    if value is None:
        if typ is None or typ == ANY:
            return None
        if typ == REFLECT_VALUE:
            return NIL_INTERFACE if iface else None
        if iface:
            site.fail(f"wrong type for value; expected {typ}; got interface {{}}")
        if values.can_be_nil(typ):
            return None
        site.fail(f"invalid value; expected {typ}")
    if typ is None or typ in (ANY, REFLECT_VALUE) or funcs.accepts(typ, value):
        return value
    site.fail(f"wrong type for value; expected {typ}; got {values.type_name(value)}")


def method(*params: str, variadic: str | None = None) -> Callable[[Any], Any]:
    """Declare the Go signature of a method of a struct stand-in (``.Files.Get "x"``)."""

    def decorate(fn: Any) -> Any:
        fn.__go_signature__ = (tuple(params), variadic)
        return fn

    return decorate
