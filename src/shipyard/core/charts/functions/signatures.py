"""Go signatures of template functions, for the template engine's argument checks.

Go's text/template converts and checks each argument against the function's parameter types
before calling it ("wrong type for value; expected int; got float64", "wrong number of args
for upper: want 1 got 2"), so the Python callables carry their Go signature: fixed parameter
types, the element type of a trailing ``...T`` parameter, the result type and whether the Go
function also returns an error. Type names are spelled as Go's reflect prints them
("string", "int", "interface {}", "map[string]interface {}", "[]interface {}", "time.Time").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TypeVar

ANY = "interface {}"
MAP = "map[string]interface {}"
LIST = "[]interface {}"

F = TypeVar("F", bound=Callable[..., object])


@dataclasses.dataclass(frozen=True, kw_only=True)
class GoSignature:
    params: tuple[str, ...]
    variadic: str | None = None
    returns: str = ANY
    errors: bool = False


def gofunc(
    *params: str, variadic: str | None = None, returns: str = ANY, errors: bool = False
) -> Callable[[F], F]:
    """Record ``fn``'s Go signature on it (``signature_of`` reads it back)."""

    def mark(fn: F) -> F:
        setattr(  # noqa: B010 - an attribute on a function object
            fn,
            "go_signature",
            GoSignature(params=params, variadic=variadic, returns=returns, errors=errors),
        )
        return fn

    return mark


def signature_of(fn: Callable[..., object]) -> GoSignature | None:
    signature = getattr(fn, "go_signature", None)
    return signature if isinstance(signature, GoSignature) else None
