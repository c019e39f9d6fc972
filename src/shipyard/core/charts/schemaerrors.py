"""Validation failures and their report, as santhosh-tekuri/jsonschema v6 prints them.

A failure is a tree: a keyword's message at an instance location, with causes below it. The
report prints every node as ``- at 'PATH': MESSAGE``, two more spaces per level. How failures
nest, v6's rules:

- a schema that fails one way returns that failure itself, whatever subschema (properties,
  items, then/else, dependentSchemas...) it came from, so it climbs unchanged;
- a schema that fails several ways returns a *group* (``validation failed``) holding them;
- a ``$ref``/``$dynamicRef``/``$recursiveRef`` failure is a *reference* node holding the
  target's failure, or the target group's members (the group itself is dropped); a
  reference with exactly one cause is not printed, its cause taking its place;
- ``allOf``/``anyOf``/``oneOf``, ``contains``/``minContains`` and ``propertyNames`` keep their
  subschemas' failures (groups included) as causes; ``not`` and ``if`` have none;
- at the top, a group's members are printed at the first level.

So ``minLength`` and ``pattern`` failing on ``/s`` print as two flat lines, and as a
``validation failed`` line with two children only when a sibling failure shares the parent.
Messages use Go's quoting and golang.org/x/text's English number forms (``1,000``).
"""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from shipyard.core.charts import goformat, gostrings, schemagostd, schemavalues

GROUP = "group"
REFERENCE = "reference"
SCHEMA = "schema"
KEYWORD = "keyword"


@dataclasses.dataclass(kw_only=True, eq=False)
class Failure:
    location: tuple[str, ...]
    message: str
    kind: str = KEYWORD
    causes: list[Failure] = dataclasses.field(default_factory=list)
    alias: tuple[list[str], int] | None = None  # a location read when printed (see v6)

    def skipped(self) -> bool:
        return self.kind == REFERENCE and len(self.causes) == 1

    def display(self, out: list[str], indent: int) -> None:
        if not self.skipped():
            if indent > 0:
                out.append("\n" + "  " * (indent - 1) + "- ")
            indent += 1
            if self.kind == SCHEMA:
                out.append(self.message)
            else:
                where = self.location
                if self.alias is not None:
                    where = tuple(self.alias[0][: self.alias[1]])
                out.append(f"at {quote(pointer(where))}: {self.message}")
        for cause in self.causes:
            cause.display(out, indent)

    def text(self) -> str:
        out: list[str] = []
        self.display(out, 0)
        return "".join(out)


def escape_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def pointer(location: tuple[str, ...]) -> str:
    return "".join("/" + escape_token(token) for token in location)


def quote(text: str) -> str:
    """v6's ``quote``: ``%q``, then ``\\"`` becomes ``"`` (anywhere, even eating the closing
    quote after a backslash) and ``'`` becomes ``\\'``, between single quotes."""
    quoted = gostrings.go_quote(text).replace('\\"', '"').replace("'", "\\'")
    return "'" + quoted[1:-1] + "'"


def display(value: object) -> str:
    """v6's ``display`` of a primitive: strings quoted, numbers as Go prints them."""
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, list | dict):
        return "value"
    if isinstance(value, schemavalues.Number):
        return value.text
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return goformat.format_float(value)
    return str(value)


def localized(value: Fraction) -> str:
    """``%v`` of ``Rat.Float64()`` through an English ``message.Printer``."""
    return schemagostd.format_float(float(value))


def count(value: int) -> str:
    return schemagostd.format_int(value)


def joined(names: list[str]) -> str:
    return ", ".join(quote(name) for name in names)


def missing(names: list[str]) -> str:
    if len(names) == 1:
        return f"missing property {quote(names[0])}"
    return f"missing properties {joined(names)}"


def dependent(prop: str, absent: list[str]) -> str:
    return f"properties {joined(absent)} required, if {quote(prop)} exists"


def contains_count(prefix: str, want: int, matched: list[int]) -> str:
    if not matched and prefix == "min":
        return f"min {count(want)} items required to match contains schema, but none matched"
    where = " ".join(str(i) for i in matched)
    return (
        f"{prefix} {count(want)} items required to match contains schema, but matched "
        f"{count(len(matched))} items at {where}"
    )
