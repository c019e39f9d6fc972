"""The function map templates render with: Sprig and Helm's functions
(:mod:`shipyard.core.charts.functions`) as the template engine's :class:`gotemplate.Func`\\s.

The library's functions carry their Go signatures (``signature_of``) and raise
``FunctionError``; the engine wants ``Func`` objects and ``FuncError``. ``include`` and ``tpl``
are added by :mod:`shipyard.core.charts.rendering`, which owns the template set.

:func:`sprig` is the other map Helm uses: Sprig's alone, with ``env``/``expandenv``, for
``--name-template``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from shipyard.core import gotemplate
from shipyard.core.charts import functions
from shipyard.core.charts.functions import signatures


class _NoRenderer:
    """include/tpl are replaced by the renderer's own; these are never reached."""

    def execute_named(self, name: str, data: object) -> str:
        raise gotemplate.FuncError("include is not available here")

    def render_string(self, text: str, data: object, name: str) -> str:
        raise gotemplate.FuncError("tpl is not available here")


def _translating(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Re-raise the library's FunctionError as the engine's FuncError."""

    @functools.wraps(fn)
    def call(*args: Any) -> Any:
        try:
            return fn(*args)
        except functions.FunctionError as exc:
            raise gotemplate.FuncError(str(exc)) from None

    return call


def as_template_func(fn: Callable[..., Any]) -> gotemplate.Func:
    signature = functions.signature_of(fn)
    wrapped = fn if issubclass(functions.FunctionError, gotemplate.FuncError) else _translating(fn)
    if signature is None:
        return gotemplate.Func(fn=wrapped, variadic=gotemplate.ANY)
    return gotemplate.Func(fn=wrapped, params=signature.params, variadic=signature.variadic)


def _randbelow(n: int) -> int:
    import secrets  # imported when a template asks for randomness, not at every render

    return secrets.randbelow(n)


def _token_bytes(n: int) -> bytes:
    import secrets

    return secrets.token_bytes(n)


def build() -> gotemplate.FuncTable:
    """Every function of ``helm template`` but include/tpl, ready for a TemplateSet; each is
    made (its module imported) when a template first calls it."""
    library = functions.Library(_NoRenderer(), randbelow=_randbelow, token_bytes=_token_bytes)
    return gotemplate.FuncTable(
        lazy=functions.NAMES, loader=lambda name: as_template_func(library[name])
    )


# -- Sprig alone: what ``--name-template`` renders with ---------------------------------------

HELM_ONLY: frozenset[str] = frozenset(
    (
        "fromJsonArray", "fromToml", "fromYaml", "fromYamlArray", "include", "lookup",
        "required", "toToml", "toYaml", "toYamlPretty", "tpl",
    )
)  # fmt: skip
"""Functions Helm adds to Sprig's: a name template (Sprig's ``TxtFuncMap``) has none."""


def expand_env(text: str, lookup: Callable[[str], str]) -> str:
    """Go's ``os.Expand``: ``$NAME``, ``${NAME}`` and the one-character special names;
    ``${}``/``${`` are eaten, a ``$`` before anything else stays."""
    out: list[str] = []
    start = 0
    j = 0
    while j < len(text):
        if text[j] == "$" and j + 1 < len(text):
            out.append(text[start:j])
            name, width = _shell_name(text[j + 1 :])
            if name:
                out.append(lookup(name))
            elif width == 0:
                out.append("$")
            j += width
            start = j + 1
        j += 1
    if not out:
        return text
    return "".join(out) + text[start:]


_SPECIAL = frozenset("*#$@!?-0123456789")


def _shell_name(rest: str) -> tuple[str, int]:
    if rest[0] == "{":
        if len(rest) > 2 and rest[1] in _SPECIAL and rest[2] == "}":
            return rest[1], 3
        close = rest.find("}", 1)
        if close == 1:
            return "", 2  # "${}": bad syntax, eaten
        if close < 0:
            return "", 1  # "${" without "}": eaten
        return rest[1:close], close + 1
    if rest[0] in _SPECIAL:
        return rest[0], 1
    end = 0
    while end < len(rest) and (rest[end] == "_" or (rest[end].isascii() and rest[end].isalnum())):
        end += 1
    return rest[:end], end


def sprig(environ: Mapping[str, str]) -> gotemplate.FuncTable:
    """Sprig's own function map (``sprig.TxtFuncMap``), as Helm renders ``--name-template``
    with: no Helm functions, Sprig's ``fail`` and ``fromJson``, and ``env``/``expandenv``
    reading ``environ``. ``getHostByName`` stays Helm's (no DNS lookup, answers "")."""
    from shipyard.core.charts.functions import sprig_defaults

    library = functions.Library(_NoRenderer(), randbelow=_randbelow, token_bytes=_token_bytes)

    @signatures.gofunc("string", returns="string", errors=True)
    def fail(message: str) -> str:
        raise functions.FunctionError(message)

    @signatures.gofunc("string", returns="string")
    def env(name: str) -> str:
        return environ.get(name, "")

    @signatures.gofunc("string", returns="string")
    def expandenv(text: str) -> str:
        return expand_env(text, lambda name: environ.get(name, ""))

    own = {
        "fail": fail,
        "env": env,
        "expandenv": expandenv,
        "fromJson": sprig_defaults.from_json,
    }
    return gotemplate.FuncTable(
        {name: as_template_func(fn) for name, fn in own.items()},
        lazy=functions.NAMES - HELM_ONLY,
        loader=lambda name: as_template_func(library[name]),
    )
