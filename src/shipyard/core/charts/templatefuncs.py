"""The function map templates render with: Sprig and Helm's functions
(:mod:`shipyard.core.charts.functions`) as the template engine's :class:`gotemplate.Func`\\s.

The library's functions carry their Go signatures (``signature_of``) and raise
``FunctionError``; the engine wants ``Func`` objects and ``FuncError``. ``include`` and ``tpl``
are added by :mod:`shipyard.core.charts.rendering`, which owns the template set.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from shipyard.core import gotemplate
from shipyard.core.charts import functions


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
