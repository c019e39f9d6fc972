"""Custom health checks written in CEL for any (API group, kind), as Argo CD users write resource
customizations in Lua. The configuration is YAML, from ``"<group>/<Kind>"`` (``"ConfigMap"`` or
``"/ConfigMap"`` for the core group) to CEL expressions over ``object``, the live object::

    example.com/Widget:
      degraded: has(object.status.error)
      healthy: object.status.phase == "Ready"
      message: 'has(object.status.message) ? object.status.message : ""'

``parse_checks`` compiles every expression and reports every problem at once. ``evaluate_check``
tries degraded, suspended, progressing and healthy in that order: the first true one is the
verdict, with ``message`` (when set and not empty) as its message. It never raises: an expression
that fails on an object (a missing field, a wrong type) makes it UNKNOWN, naming the check and the
error type but no value of the object.

Bounds (SECURITY-CASES 21). core reads no clock, so the bound is a count, not a timeout:

- parse time: at most 2,000 characters per expression; syntax trees at most 100 levels deep
  (celpy recurses ~5.5 Python frames a level, so evaluation stays well within the default
  recursion limit of 1,000; about nine levels of parentheses or calls); comprehensions (all,
  exists, exists_one, map, filter) nested at most 2 deep; only ``object``, bound variables and
  standard functions (celpy's non-standard ``reduce`` and ``min`` are refused).
- before evaluating: an object of more than 100,000 nodes is UNKNOWN, unconverted.
- while evaluating: celpy has no step or cost limit, so its evaluator is subclassed to charge a
  budget of 100,000 per object, shared by the object's expressions: one per syntax node
  evaluated (so one at least per comprehension iteration) plus the length of every list or map,
  and one per 8 characters of every string, that an operation receives, so copying or scanning a
  large value costs in proportion to it. A spent budget makes the object UNKNOWN. celpy spends
  5-12 µs a unit, so an object costs at most about a second whatever its checks say: nested
  all/exists over 10,000 elements stops after ~0.4 s (unbounded: ~2.5 hours, 10^8 iterations).

celpy is imported on first use: it costs ~90 ms, which only configurations with custom checks pay.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, cast

import yaml

from shipyard import errors
from shipyard.core import manifests
from shipyard.core.health import status

if TYPE_CHECKING:
    import celpy
    import lark
    from celpy import celtypes, evaluation

    Syntax: TypeAlias = lark.Tree[lark.Token]

MAX_EXPRESSION_LENGTH = 2_000
MAX_SYNTAX_DEPTH = 100
MAX_COMPREHENSION_NESTING = 2
MAX_OBJECT_NODES = 100_000
MAX_EVALUATION_COST = 100_000
_MAX_MESSAGE_LENGTH = 1_024

_FIELDS = ("healthy", "degraded", "progressing", "suspended", "message")
_VERDICTS = (
    ("degraded", status.Health.DEGRADED),
    ("suspended", status.Health.SUSPENDED),
    ("progressing", status.Health.PROGRESSING),
    ("healthy", status.Health.HEALTHY),
)
_COMPREHENSIONS = frozenset({"all", "exists", "exists_one", "map", "filter"})
# Names an expression may use besides ``object`` and the standard functions; "google" roots the
# protobuf wrapper types (google.protobuf.Int64Value...).
_BUILTIN_NAMES = frozenset({"has", "dyn", "google"})
_GROUP = re.compile(r"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$")
_KIND = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclasses.dataclass(frozen=True, kw_only=True)
class CustomCheck:
    """The health check of one (group, kind): CEL expressions over ``object``; "" is unset."""

    group: str
    kind: str
    healthy: str
    degraded: str = ""
    progressing: str = ""
    suspended: str = ""
    message: str = ""

    @property
    def name(self) -> str:
        return f"{self.group}/{self.kind}" if self.group else self.kind


class _NotCompiled(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class _Exhausted(Exception):
    """A budget is spent. Not a CELEvalError on purpose: celpy must not absorb it as a value."""


class _Failed(Exception):
    """An expression cannot give a verdict on this object; the message shows none of its values."""


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def charge(self, cost: int) -> None:
        self.left -= cost
        if self.left < 0:
            raise _Exhausted


def _describe(value: object) -> str:
    names = {str: "a string", int: "a number", float: "a number", bool: "a boolean"}
    names |= {list: "a list", dict: "a mapping", type(None): "null"}
    return names.get(type(value), type(value).__name__)


# Parsing


def _identity_of(key: object) -> tuple[str, str] | None:
    if not isinstance(key, str):
        return None
    group, _, kind = key.rpartition("/")
    # The length limits Kubernetes puts on API groups (a DNS subdomain) and kinds.
    if len(group) > 253 or len(kind) > 63 or not _GROUP.match(group) or not _KIND.match(kind):
        return None
    return group, kind


def _problems_of_entry(entry: object) -> tuple[list[str], dict[str, str]]:
    """Problems of one check's mapping, each prefixed with ``.<field>: `` or ``: ``."""
    if not isinstance(entry, Mapping):
        expected = f"a mapping of {', '.join(_FIELDS)} to CEL expressions"
        return [f": must be {expected}, not {_describe(entry)}"], {}
    problems: list[str] = []
    expressions: dict[str, str] = {}
    for field, text in entry.items():
        if field not in _FIELDS:
            expected = ", ".join(_FIELDS)
            problems.append(f".{str(field)[:80]}: unknown key (expected one of {expected})")
        elif not isinstance(text, str):
            problems.append(
                f".{field}: must be a CEL expression in a string, not {_describe(text)}"
            )
        elif text.strip():
            try:
                _compile(text)
            except _NotCompiled as exc:
                problems.extend(f".{field}: {problem}" for problem in exc.problems)
            expressions[field] = text
    healthy = entry.get("healthy")
    if healthy is None or (isinstance(healthy, str) and not healthy.strip()):
        problems.append(".healthy: missing (every check needs a healthy expression)")
    return problems, expressions


def parse_checks(text: str, *, source: str) -> dict[tuple[str, str], CustomCheck]:
    """The checks of a YAML configuration by (group, kind), every expression compiled.

    Raises one ``UserError`` listing every problem, each as ``<source>: <group/Kind>.<field>: ...``.
    """
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 0
        raise errors.UserError(f"{source}:{line}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise errors.UserError(f"{source}: invalid YAML: {exc}") from exc
    except RecursionError as exc:
        raise errors.UserError(f"{source}: YAML nested too deeply") from exc
    if data is None:
        return {}
    if not isinstance(data, Mapping):
        raise errors.UserError(
            f'{source}: must be a mapping of "<group>/<Kind>" to checks, not {_describe(data)}'
        )
    checks: dict[tuple[str, str], CustomCheck] = {}
    seen: dict[tuple[str, str], str] = {}
    problems: list[str] = []
    for key, entry in data.items():
        identity = _identity_of(key)
        if identity is None:
            example = '(e.g. "apps/Deployment", "ConfigMap")'
            problems.append(f'{source}: {str(key)[:80]}: not "<group>/<Kind>" {example}')
            continue
        if identity in seen:
            problems.append(f"{source}: {key}: the same kind as {seen[identity]}")
            continue
        seen[identity] = str(key)
        entry_problems, expressions = _problems_of_entry(entry)
        problems.extend(f"{source}: {key}{problem}" for problem in entry_problems)
        if not entry_problems:
            group, kind = identity
            checks[identity] = CustomCheck(group=group, kind=kind, **expressions)
    if problems:
        raise errors.UserError("\n".join(problems))
    return checks


# Compiling


@functools.cache
def _environment() -> celpy.Environment:
    import celpy

    # celpy raises the process-wide recursion limit to 2500 when an Environment is made; the
    # syntax depth limit keeps evaluation within the default, so the process keeps its own.
    limit = sys.getrecursionlimit()
    try:
        return celpy.Environment()
    finally:
        sys.setrecursionlimit(limit)


@functools.cache
def _function_names() -> frozenset[str]:
    from celpy import evaluation

    return frozenset(evaluation.base_functions) | _BUILTIN_NAMES


def _name_of(node: Syntax) -> str:
    import lark

    return next((str(child) for child in node.children if isinstance(child, lark.Token)), "")


def _bound_variable(node: Syntax) -> str | None:
    """The variable a comprehension binds: its first argument must be a bare identifier."""
    import lark

    while len(node.children) == 1 and isinstance(node.children[0], lark.Tree):
        node = node.children[0]
    return _name_of(node) if node.data == "ident" else None


def _problems_of_tree(tree: Syntax) -> list[str]:
    import lark

    functions = _function_names()
    problems: list[str] = []
    # (node, variables in scope, comprehensions around it, syntax depth)
    stack: list[tuple[Syntax, frozenset[str], int, int]] = [(tree, frozenset({"object"}), 0, 1)]
    while stack:
        node, scope, nesting, depth = stack.pop()
        if depth > MAX_SYNTAX_DEPTH:
            problems.append(f"nested more than {MAX_SYNTAX_DEPTH} syntax levels deep")
            break
        name = _name_of(node)
        children = [child for child in node.children if isinstance(child, lark.Tree)]
        if node.data in ("ident", "dot_ident"):
            if name not in scope and name not in functions:
                problems.append(f"undeclared reference to {name!r} (the object is called 'object')")
        elif node.data == "member_dot_arg" and name in _COMPREHENSIONS:
            arguments = [
                argument
                for argument in (children[1].children if len(children) == 2 else [])
                if isinstance(argument, lark.Tree)
            ]
            variable = _bound_variable(arguments[0]) if len(arguments) == 2 else None
            if variable is None:
                problems.append(f"{name}() takes a variable name and an expression")
            elif nesting >= MAX_COMPREHENSION_NESTING:
                problems.append(
                    f"{name}() is nested in {nesting} comprehensions; at most"
                    f" {MAX_COMPREHENSION_NESTING} may nest (each multiplies the work by a list)"
                )
            else:
                stack.append((arguments[1], scope | {variable}, nesting + 1, depth + 2))
            stack.append((children[0], scope, nesting, depth + 1))
            continue
        elif (
            node.data in ("ident_arg", "dot_ident_arg", "member_dot_arg") and name not in functions
        ):
            problems.append(f"unknown function {name!r}")
        stack.extend((child, scope, nesting, depth + 1) for child in reversed(children))
    return list(dict.fromkeys(problems))


@functools.lru_cache(maxsize=4_096)
def _compile(text: str) -> Syntax:
    """The syntax tree of a valid expression; raises ``_NotCompiled`` with every problem."""
    from celpy import celparser

    if len(text) > MAX_EXPRESSION_LENGTH:
        raise _NotCompiled(
            [f"expression is {len(text)} characters long; the limit is {MAX_EXPRESSION_LENGTH}"]
        )
    try:
        tree = _environment().compile(text)
    except celparser.CELParseError as exc:
        where = f" at line {exc.line}, column {exc.column}" if exc.line is not None else ""
        raise _NotCompiled([f"syntax error{where}"]) from None
    except RecursionError:
        raise _NotCompiled([f"nested more than {MAX_SYNTAX_DEPTH} syntax levels deep"]) from None
    problems = _problems_of_tree(tree)
    if problems:
        raise _NotCompiled(problems)
    return tree


# Evaluating


def _cost(value: object) -> int:
    if isinstance(value, list | dict):
        return 1 + len(value)
    if isinstance(value, str | bytes):
        return 1 + len(value) // 8
    return 1


@functools.cache
def _bounded_evaluator() -> Callable[[Syntax, _Budget], evaluation.Evaluator]:
    from celpy import evaluation

    environment = _environment()

    class BoundedEvaluator(evaluation.Evaluator):
        """celpy's evaluator charging ``budget`` for every node it visits (see the module doc)."""

        def __init__(
            self, ast: Syntax, activation: evaluation.Activation, *, budget: _Budget
        ) -> None:
            super().__init__(ast, activation)
            self.budget = budget

        def sub_evaluator(self, ast: Syntax) -> evaluation.Evaluator:
            # Comprehension bodies run in sub-evaluators, which must charge the same budget.
            return BoundedEvaluator(ast, self.activation, budget=self.budget)

        def visit(self, tree: Syntax) -> evaluation.Result:
            value = cast("evaluation.Result", super().visit(tree))
            self.budget.charge(_cost(value))
            return value

        def visit_children(self, tree: Syntax) -> list[evaluation.Result]:
            values = super().visit_children(tree)
            # A node with one child only passes its value on; operands are charged where they meet.
            self.budget.charge(1 if len(values) < 2 else sum(map(_cost, values)))
            return values

    def create(ast: Syntax, budget: _Budget) -> evaluation.Evaluator:
        activation = evaluation.Activation(
            annotations=environment.annotations, package=environment.package
        )
        return BoundedEvaluator(ast, activation, budget=budget)

    return create


def _is_small(obj: manifests.Manifest) -> bool:
    """Whether ``obj`` has at most MAX_OBJECT_NODES nodes; counted before anything is converted."""
    count = 0
    stack: list[object] = [obj]
    while stack:
        value = stack.pop()
        count += 1
        if count > MAX_OBJECT_NODES:
            return False
        if isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
    return True


def _to_cel(obj: manifests.Manifest) -> celtypes.Value:
    """A copy of ``obj`` as CEL values; raises ``_Failed`` for what CEL cannot represent."""
    from celpy import celtypes

    def convert(value: object, depth: int) -> celtypes.Value:
        if depth > manifests.MAX_DEPTH:
            raise _Failed(f"is nested deeper than {manifests.MAX_DEPTH} levels")
        if value is None:
            return None
        if isinstance(value, bool):
            return celtypes.BoolType(value)
        if isinstance(value, str):
            return celtypes.StringType(value)
        if isinstance(value, float):
            return celtypes.DoubleType(value)
        if isinstance(value, int):
            if not -(2**63) <= value < 2**63:
                raise _Failed("holds an integer beyond CEL's 64-bit range")
            # IntType(value) spends ~10 us re-checking the range through a decorator built per call.
            return int.__new__(celtypes.IntType, value)
        if isinstance(value, list | tuple):
            return celtypes.ListType([convert(item, depth + 1) for item in value])
        if isinstance(value, Mapping):
            return celtypes.MapType(
                {convert(key, depth + 1): convert(item, depth + 1) for key, item in value.items()}
            )
        raise _Failed(f"holds {_describe(value)}, which CEL cannot represent")

    return convert(obj, 1)


def _type_name(value: object) -> str:
    from celpy import celtypes

    if value is None:
        return "null"
    # BoolType -> bool, ListType -> list...: CEL's names for its types.
    name = type(value).__name__
    return (
        name.removesuffix("Type").lower() if type(value).__module__ == celtypes.__name__ else name
    )


# What a failed evaluation means, by the Python error celpy reports it with.
_ERROR_MEANINGS = {
    "KeyError": "a field or key it reads is missing",
    "TypeError": "no operator or function for these operand types",
    "IndexError": "a list index is out of range",
    "ZeroDivisionError": "division by zero",
    "ValueError": "a value is out of range",
    "OverflowError": "a value is out of range",
    "NameError": "an undeclared reference",
}


def _error_type(exc: Exception) -> str:
    from celpy import evaluation

    # CELEvalError's args are (text, Python error class, its args): the text and the args may
    # quote values of the object, the class does not.
    cause = exc.args[1] if isinstance(exc, evaluation.CELEvalError) and len(exc.args) > 1 else None
    name = cause.__name__ if isinstance(cause, type) else type(exc).__name__
    meaning = _ERROR_MEANINGS.get(name)
    return f"{name} ({meaning})" if meaning else name


def _evaluate(
    check: CustomCheck, field: str, *, value: celtypes.Value, budget: _Budget
) -> celtypes.Value:
    where = f"custom check {check.name}.{field}"
    try:
        tree = _compile(getattr(check, field))
    except _NotCompiled as exc:
        raise _Failed(f"{where} does not compile: {exc.problems[0]}") from None
    try:
        return _bounded_evaluator()(tree, budget).evaluate({"object": value})
    except _Exhausted:
        raise _Failed(
            f"{where} exceeded the evaluation budget of {MAX_EVALUATION_COST:,} steps"
        ) from None
    except RecursionError:
        raise _Failed(f"{where} is nested too deeply to evaluate") from None
    except Exception as exc:
        raise _Failed(f"{where} could not be evaluated: {_error_type(exc)}") from None


def _verdict(check: CustomCheck, value: celtypes.Value) -> status.HealthStatus:
    from celpy import celtypes

    budget = _Budget(MAX_EVALUATION_COST)
    for field, health in _VERDICTS:
        if not getattr(check, field):
            continue
        result = _evaluate(check, field, value=value, budget=budget)
        if not isinstance(result, bool | celtypes.BoolType):
            raise _Failed(
                f"custom check {check.name}.{field} gave {_type_name(result)}, expected a bool"
            )
        if not result:
            continue
        message = f"custom check {check.name}: {field} expression matched"
        if check.message:
            text = _evaluate(check, "message", value=value, budget=budget)
            if not isinstance(text, str):
                raise _Failed(
                    f"custom check {check.name}.message gave {_type_name(text)}, expected a string"
                )
            if text:
                message = str(text)[:_MAX_MESSAGE_LENGTH]
        return status.HealthStatus(status=health, message=message)
    return status.progressing(f"custom check {check.name}: no health condition matched")


def evaluate_check(check: CustomCheck, obj: manifests.Manifest) -> status.HealthStatus:
    """The health of ``obj`` by ``check``, never raising; ``obj`` is not modified."""
    if not _is_small(obj):
        return status.unknown(
            f"object too large for custom check {check.name} (more than {MAX_OBJECT_NODES:,} nodes)"
        )
    try:
        value = _to_cel(obj)
    except _Failed as exc:
        return status.unknown(f"custom check {check.name}: the object {exc}")
    try:
        return _verdict(check, value)
    except _Failed as exc:
        return status.unknown(str(exc))
