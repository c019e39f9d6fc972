"""text/template's predefined functions, with Go's semantics and error messages.

``and``, ``or`` (short-circuit) and ``call`` need the call site and are executed by the
executor; they are declared here so they share the function map. Comparison follows Go's rules:
numbers compare only within a kind (``1`` and ``1.0`` are "incompatible types for comparison"),
maps and slices are not comparable, nil equals only nil.
"""

from __future__ import annotations

from typing import Any

from shipyard.core.gotemplate import gofmt, values
from shipyard.core.gotemplate.errors import FuncError
from shipyard.core.gotemplate.funcs import ANY, NIL_INTERFACE, REFLECT_VALUE, Func

_R = REFLECT_VALUE


def _ind(v: Any) -> Any:
    """indirectInterface: a nil interface is no value at all."""
    return None if v is NIL_INTERFACE else v


def _basic_kind(v: Any) -> str:
    t = type(v)
    if t is str:
        return "string"
    if t is bool:
        return "bool"
    if t is int:
        return "int"
    if t is float:
        return "float"
    if t is complex:
        return "complex"
    if isinstance(v, str):
        return "string"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int):
        return "int"
    if isinstance(v, float):
        return "float"
    return ""


def _reflect_kind(v: Any) -> str:
    if v is None:
        return "invalid"
    if isinstance(v, dict):
        return "map"
    if isinstance(v, list | tuple | bytes | bytearray):
        return "slice"
    if callable(v):
        return "func"
    return "ptr" if values.type_name(v).startswith("*") else "struct"


def eq(arg1: Any, *arg2: Any) -> bool:
    arg1 = _ind(arg1)
    if not arg2:
        raise FuncError("missing argument for comparison")
    k1 = _basic_kind(arg1)
    for arg in arg2:
        arg = _ind(arg)
        k2 = _basic_kind(arg)
        if k1 != k2:
            if arg1 is not None and arg is not None:
                raise FuncError(
                    "incompatible types for comparison: "
                    f"{values.type_name(arg1)} and {values.type_name(arg)}"
                )
            truth = False
        elif k1:
            truth = arg1 == arg
        else:
            r1, r2 = _reflect_kind(arg1), _reflect_kind(arg)
            if r1 != r2 and "invalid" not in (r1, r2):
                raise FuncError(
                    f"non-comparable types {gofmt.sprintf('%s', arg1)}: "
                    f"{values.type_name(arg1)}, {values.type_name(arg)}: "
                    f"{gofmt.sprintf('%v', arg)}"
                )
            if arg1 is None or arg is None:
                truth = arg1 is None and arg is None
            elif r2 in ("map", "slice", "func"):
                raise FuncError(
                    f"non-comparable type {gofmt.sprintf('%s', arg)}: {values.type_name(arg)}"
                )
            else:
                truth = arg1 is arg if r2 == "ptr" else arg1 == arg
        if truth:
            return True
    return False


def ne(arg1: Any, arg2: Any) -> bool:
    return not eq(arg1, arg2)


def lt(arg1: Any, arg2: Any) -> bool:
    arg1, arg2 = _ind(arg1), _ind(arg2)
    k1, k2 = _basic_kind(arg1), _basic_kind(arg2)
    if not k1 or not k2:
        raise FuncError("invalid type for comparison")
    if k1 != k2:
        raise FuncError(
            "incompatible types for comparison: "
            f"{values.type_name(arg1)} and {values.type_name(arg2)}"
        )
    if k1 in ("bool", "complex"):
        raise FuncError("invalid type for comparison")
    return bool(arg1 < arg2)


def le(arg1: Any, arg2: Any) -> bool:
    return lt(arg1, arg2) or eq(arg1, arg2)


def gt(arg1: Any, arg2: Any) -> bool:
    return not le(arg1, arg2)


def ge(arg1: Any, arg2: Any) -> bool:
    return not lt(arg1, arg2)


def not_(arg: Any) -> bool:
    return not values.is_true(_ind(arg))


def utf8(s: str) -> bytes:
    return s.encode("utf-8", "surrogateescape")


def length(item: Any) -> int:
    if item is NIL_INTERFACE:
        raise FuncError("len of nil pointer")
    if item is None:
        raise FuncError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, str):
        return len(item) if item.isascii() else len(utf8(item))
    if isinstance(item, dict | list | tuple | bytes | bytearray):
        return len(item)
    raise FuncError(f"len of type {values.type_name(item)}")


def _index_arg(index: Any, cap: int) -> int:
    if isinstance(index, int) and not isinstance(index, bool):
        x = index
    elif index is None:
        raise FuncError("cannot index slice/array with nil")
    else:
        raise FuncError(f"cannot index slice/array with type {values.type_name(index)}")
    if x < 0 or x > cap:
        raise FuncError(f"index out of range: {x}")
    return x


def index(item: Any, *indexes: Any) -> Any:
    item = _ind(item)
    if item is None:
        raise FuncError("index of untyped nil")
    for idx in indexes:
        idx = _ind(idx)
        if item is None or item is NIL_INTERFACE:
            raise FuncError("index of nil pointer")
        if isinstance(item, str | bytes | bytearray | list | tuple):
            seq: Any = utf8(item) if isinstance(item, str) and not item.isascii() else item
            x = _index_arg(idx, len(seq))
            if x == len(seq):
                kind = "string" if isinstance(item, str) else "slice"
                raise FuncError(f"reflect: {kind} index out of range")
            item = ord(seq[x]) if isinstance(seq, str) else seq[x]
        elif isinstance(item, dict):
            if idx is None:
                raise FuncError("value is nil; should be of type string")
            if not isinstance(idx, str):
                raise FuncError(f"value has type {values.type_name(idx)}; should be string")
            item = item.get(idx)
        else:
            raise FuncError(f"can't index item of type {values.type_name(item)}")
    return item


def slice_(item: Any, *indexes: Any) -> Any:
    item = _ind(item)
    if item is None:
        raise FuncError("slice of untyped nil")
    if len(indexes) > 3:
        raise FuncError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise FuncError("cannot 3-index slice a string")
    elif not isinstance(item, list | tuple | bytes | bytearray):
        raise FuncError(f"can't slice item of type {values.type_name(item)}")
    seq: Any = utf8(item) if isinstance(item, str) and not item.isascii() else item
    cap = len(seq)
    idx = [0, cap, cap]
    for i, x in enumerate(indexes):
        idx[i] = _index_arg(_ind(x), cap)
    if idx[0] > idx[1]:
        raise FuncError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise FuncError(f"invalid slice index: {idx[1]} > {idx[2]}")
    result = seq[idx[0] : idx[1]]
    if isinstance(item, str) and not isinstance(result, str):
        return result.decode("utf-8", "surrogateescape")
    return result


def eval_args(args: tuple[Any, ...]) -> str:
    """fmt.Sprint of the arguments, nil ones printing as ``<no value>``."""
    if len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return gofmt.sprint(*("<no value>" if a is None else a for a in args))


_HTML = {"\0": "\ufffd", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;"}


def html_escape(s: str) -> str:
    """template.HTMLEscapeString."""
    if not any(c in s for c in "'\"&<>\0"):
        return s
    return "".join(_HTML.get(c, c) for c in s)


_JS = {"\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026",
       "=": "\\u003D"}  # fmt: skip


def js_escape(s: str) -> str:
    """template.JSEscapeString."""
    out = []
    for c in s:
        code = ord(c)
        if c in _JS:
            out.append(_JS[c])
        elif code < 0x20:
            out.append(f"\\u00{code:02X}")
        elif code < 0x80 or c.isprintable() or 0xDC80 <= code <= 0xDCFF:
            out.append(c)
        else:
            out.append(f"\\u{code:04X}")
    return "".join(out)


def url_query_escape(s: str) -> str:
    """url.QueryEscape."""
    from urllib.parse import quote_plus

    return quote_plus(s, safe="", encoding="utf-8", errors="surrogateescape")


def _not_called(*_: Any) -> Any:
    raise AssertionError("implemented by the executor")


BUILTINS: dict[str, Func] = {
    "and": Func(fn=_not_called, params=(_R,), variadic=_R, special="and"),
    "or": Func(fn=_not_called, params=(_R,), variadic=_R, special="or"),
    "call": Func(fn=_not_called, params=(_R,), variadic=_R, special="call"),
    "not": Func(fn=not_, params=(_R,)),
    "len": Func(fn=length, params=(_R,)),
    "index": Func(fn=index, params=(_R,), variadic=_R),
    "slice": Func(fn=slice_, params=(_R,), variadic=_R),
    "eq": Func(fn=eq, params=(_R,), variadic=_R),
    "ne": Func(fn=ne, params=(_R, _R)),
    "lt": Func(fn=lt, params=(_R, _R)),
    "le": Func(fn=le, params=(_R, _R)),
    "gt": Func(fn=gt, params=(_R, _R)),
    "ge": Func(fn=ge, params=(_R, _R)),
    "print": Func(fn=gofmt.sprint, variadic=ANY),
    "printf": Func(fn=gofmt.sprintf, params=("string",), variadic=ANY),
    "println": Func(fn=gofmt.sprintln, variadic=ANY),
    "html": Func(fn=lambda *a: html_escape(eval_args(a)), variadic=ANY),
    "js": Func(fn=lambda *a: js_escape(eval_args(a)), variadic=ANY),
    "urlquery": Func(fn=lambda *a: url_query_escape(eval_args(a)), variadic=ANY),
}
