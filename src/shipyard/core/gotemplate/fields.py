"""Reading fields: Go's ``evalField`` and ``evalFieldChain`` on the Python value model.

Maps (``dict``) are read by key (``missingkey`` decides what a missing key gives), struct
stand-ins by attribute (exported names only; bound methods are called), anything else is an
error worded as Go's (``can't evaluate field X in type T``, ``nil pointer evaluating ...``).
The common case, a chain of map keys on dot, runs in a single closure without calls.
"""

from __future__ import annotations

from typing import Any

from shipyard.core.gotemplate import calling, funcs, quoting, values
from shipyard.core.gotemplate.state import MISSING_ERROR, MISSING_ZERO, Site, State

_ABSENT: Any = object()


def field(
    st: State, recv: Any, iface: bool, name: str, site: Site,
    call: calling.CallSite | None = None, dot: Any = None, final: Any = calling.MISSING,
) -> tuple[Any, bool]:  # fmt: skip
    """Go's evalField: read (or call) ``name`` on ``recv``; returns (value, nil-interface-ish)."""
    if recv is None:
        if iface:
            site.fail(f"nil pointer evaluating interface {{}}.{name}")
        if st.missing == MISSING_ERROR:
            site.fail(f"nil data; no entry for key {quoting.quote(name)}")
        return None, False
    has_args = call is not None and (bool(call.args) or final is not calling.MISSING)
    if isinstance(recv, dict):
        if type(recv) is not dict and name in values.go_methods(recv):
            return _call_method(st, getattr(recv, name), site, call, dot, final, name), False
        if has_args:
            site.fail(f"{name} is not a method but has arguments")
        value = recv.get(name, _ABSENT)
        if value is not _ABSENT:
            return value, True
        if st.missing == MISSING_ERROR:
            site.fail(f"map has no entry for key {quoting.quote(name)}")
        return None, st.missing == MISSING_ZERO
    if (
        isinstance(recv, list | tuple)
        and type(recv) not in (list, tuple)
        and name in values.go_methods(recv)
    ):  # a named slice type with methods (Helm's chartutil.VersionSet and its Has)
        return _call_method(st, getattr(recv, name), site, call, dot, final, name), False
    if values.is_struct(recv) and name[:1].isupper():
        attr = getattr(recv, name, _ABSENT)
        if attr is not _ABSENT:
            if callable(attr) and hasattr(attr, "__self__"):
                return _call_method(st, attr, site, call, dot, final, name), False
            if has_args:
                site.fail(f"{name} has arguments but cannot be invoked as function")
            return attr, attr is None
    type_str = funcs.ANY if iface else values.type_name(recv)
    site.fail(f"can't evaluate field {name} in type {type_str}")


def _call_method(
    st: State,
    method: Any,
    site: Site,
    call: calling.CallSite | None,
    dot: Any,
    final: Any,
    name: str,
) -> Any:
    signature = getattr(method, "__go_signature__", None)
    if signature is None:
        fn = funcs.Func(fn=method, variadic=funcs.ANY)
    else:
        fn = funcs.Func(fn=method, params=signature[0], variadic=signature[1])
    if call is None:
        call = calling.CallSite(None, name=name, args=[], ident_site=site, result_site=site)
    return call.invoke(st, fn, dot, final)


def compile_field_chain(site: Site, idents: list[str], call: calling.CallSite | None) -> Any:
    """Go's evalFieldChain: ``.A.B.C`` on a receiver; the last name may be called with args.

    Returns ``chain(st, recv, iface)`` without a call, else ``chain(st, recv, iface, dot, final)``.
    """
    last = idents[-1]
    inner = idents[:-1]
    if call is None:
        if not inner:

            def chain1(st: State, recv: Any, iface: bool) -> Any:
                if type(recv) is dict:
                    v = recv.get(last, _ABSENT)
                    if v is not _ABSENT:
                        return v
                return field(st, recv, iface, last, site)[0]

            return chain1

        def chain(st: State, recv: Any, iface: bool) -> Any:
            for name in idents:
                if type(recv) is dict:
                    v = recv.get(name, _ABSENT)
                    if v is not _ABSENT:
                        recv = v
                        iface = True
                        continue
                recv, iface = field(st, recv, iface, name, site)
            return recv

        return chain

    def chain_call(st: State, recv: Any, iface: bool, dot: Any, final: Any) -> Any:
        for name in inner:
            recv, iface = field(st, recv, iface, name, site)
        return field(st, recv, iface, last, site, call, dot, final)[0]

    return chain_call


def compile_dot_chain(site: Site, idents: list[str]) -> calling.Evaluate:
    """``.A.B.C`` on dot without arguments: the most common expression, in one closure."""
    if len(idents) == 1:
        last = idents[0]

        def dot_field(st: State, dot: Any) -> Any:
            if type(dot) is dict:
                v = dot.get(last, _ABSENT)
                if v is not _ABSENT:
                    return v
            return field(st, dot, st.dot_iface, last, site)[0]

        return dot_field

    def dot_chain(st: State, dot: Any) -> Any:
        recv = dot
        iface: bool | None = None  # dot's flag is read only if needed
        for name in idents:
            if type(recv) is dict:
                v = recv.get(name, _ABSENT)
                if v is not _ABSENT:
                    recv = v
                    iface = True
                    continue
            recv, iface = field(st, recv, st.dot_iface if iface is None else iface, name, site)
        return recv

    return dot_chain


def bind_receiver(chain: Any, base: Any, site: Site, *, has_call: bool, piped: bool) -> Any:
    """Close a field chain over its receiver: dot, a variable, or a chain's base expression."""
    if base is None:
        if not has_call:
            return lambda st, dot: chain(st, dot, st.dot_iface)
        if piped:
            return lambda st, dot, final: chain(st, dot, st.dot_iface, dot, final)
        return lambda st, dot: chain(st, dot, st.dot_iface, dot, calling.MISSING)
    if isinstance(base, str):

        def receiver(st: State) -> tuple[Any, bool]:
            entry = st.var(base, site)
            return entry[1], entry[2]

        if not has_call:
            return lambda st, dot: chain(st, *receiver(st))
        if piped:
            return lambda st, dot, final: chain(st, *receiver(st), dot, final)
        return lambda st, dot: chain(st, *receiver(st), dot, calling.MISSING)
    if not has_call:
        return lambda st, dot: chain(st, base(st, dot), False)
    if piped:
        return lambda st, dot, final: chain(st, base(st, dot), False, dot, final)
    return lambda st, dot: chain(st, base(st, dot), False, dot, calling.MISSING)
