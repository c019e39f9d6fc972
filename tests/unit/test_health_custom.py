"""Custom health checks in CEL, as tables: parsing (every problem with its message), evaluation
(each verdict, messages, failures as UNKNOWN), replacing built-in checks, and the bounds that
keep a hostile expression or object from running for minutes (SECURITY-CASES 21)."""

from __future__ import annotations

import copy
import logging
import sys
import types
from typing import Any

import pytest

from shipyard import errors
from shipyard.core import health
from shipyard.core.health import custom

Health = health.Health

WIDGET_CHECKS = """
example.com/Widget:
  degraded: has(object.status.error)
  suspended: has(object.spec.paused) && object.spec.paused
  progressing: object.status.phase == "Pending"
  healthy: object.status.phase == "Ready"
  message: 'has(object.status.message) ? object.status.message : ""'
"""

WIDGET = health.CustomCheck(
    group="example.com",
    kind="Widget",
    degraded="has(object.status.error)",
    suspended="has(object.spec.paused) && object.spec.paused",
    progressing='object.status.phase == "Pending"',
    healthy='object.status.phase == "Ready"',
    message='has(object.status.message) ? object.status.message : ""',
)


def widget(*, spec: dict[str, Any] | None = None, **status: Any) -> dict[str, Any]:
    return {
        "apiVersion": "example.com/v1",
        "kind": "Widget",
        "metadata": {"name": "w", "namespace": "default"},
        "spec": spec or {},
        "status": status,
    }


def checks_of(text: str) -> dict[tuple[str, str], health.CustomCheck]:
    return health.parse_checks(text, source="checks.yaml")


def parse_error(text: str) -> str:
    with pytest.raises(errors.UserError) as caught:
        checks_of(text)
    return str(caught.value)


def parse_error_or_nothing(text: str) -> str:
    try:
        checks_of(text)
    except errors.UserError as exc:
        return str(exc)
    return ""


# Parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", {}),
        ("# no checks yet\n", {}),
        (WIDGET_CHECKS, {("example.com", "Widget"): WIDGET}),
        (
            "ConfigMap:\n  healthy: has(object.data)\n",
            {
                ("", "ConfigMap"): health.CustomCheck(
                    group="", kind="ConfigMap", healthy="has(object.data)"
                )
            },
        ),
        (
            "/ConfigMap:\n  healthy: 'true'\n",
            {("", "ConfigMap"): health.CustomCheck(group="", kind="ConfigMap", healthy="true")},
        ),
        (
            "apps/Deployment:\n  healthy: object.status.readyReplicas == object.spec.replicas\n"
            "batch/Job:\n  healthy: object.status.succeeded > 0\n  degraded: ''\n",
            {
                ("apps", "Deployment"): health.CustomCheck(
                    group="apps",
                    kind="Deployment",
                    healthy="object.status.readyReplicas == object.spec.replicas",
                ),
                ("batch", "Job"): health.CustomCheck(
                    group="batch", kind="Job", healthy="object.status.succeeded > 0"
                ),
            },
        ),
        (
            # Block scalars, comments, comprehensions two deep, functions and type names.
            "example.com/Widget:\n"
            "  healthy: |\n"
            "    object.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')  // ready\n"
            "  degraded: >-\n"
            "    object.spec.parts.all(p, object.status.parts.exists(q, q.name == p.name))\n"
            "    && !object.status.reason.matches('^Err') && type(object.spec.size) == int\n",
            {
                ("example.com", "Widget"): health.CustomCheck(
                    group="example.com",
                    kind="Widget",
                    healthy="object.status.conditions.exists(c, c.type == 'Ready' && c.status == 'True')  // ready\n",
                    degraded="object.spec.parts.all(p, object.status.parts.exists(q, q.name == p.name))"
                    " && !object.status.reason.matches('^Err') && type(object.spec.size) == int",
                )
            },
        ),
    ],
    ids=["empty", "comment-only", "widget", "core-bare", "core-slash", "several", "multi-line"],
)
def test_parse_checks(text: str, expected: dict[tuple[str, str], health.CustomCheck]) -> None:
    assert checks_of(text) == expected


NESTED_3 = "object.a.all(x, object.b.all(y, object.c.exists(z, z == x)))"
TOO_DEEP = "(" * 12 + "true" + ")" * 12


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "example.com/Widget:\n  healthy: object.status.phase ==\n",
            "checks.yaml: example.com/Widget.healthy: syntax error at line 1, column 21",
        ),
        (
            "example.com/Widget:\n  healthy: 'true'\n  healty: 'true'\n",
            "checks.yaml: example.com/Widget.healty: unknown key"
            " (expected one of healthy, degraded, progressing, suspended, message)",
        ),
        (
            "example.com/Widget:\n  degraded: 'false'\n",
            "checks.yaml: example.com/Widget.healthy: missing (every check needs a healthy expression)",
        ),
        (
            "example.com/Widget:\n  healthy: '  '\n",
            "checks.yaml: example.com/Widget.healthy: missing (every check needs a healthy expression)",
        ),
        (
            "example.com/Widget:\n  healthy: true\n",
            "checks.yaml: example.com/Widget.healthy: must be a CEL expression in a string, not a boolean",
        ),
        (
            "example.com/Widget:\n  healthy: 'true'\n  message: [a]\n",
            "checks.yaml: example.com/Widget.message: must be a CEL expression in a string, not a list",
        ),
        (
            "example.com/Widget:\n  healthy: '" + " || ".join(["true"] * 400) + "'\n",
            "checks.yaml: example.com/Widget.healthy: expression is 3196 characters long; the limit is 2000",
        ),
        (
            "example.com/Widget:\n  healthy: nosuch(object)\n",
            "checks.yaml: example.com/Widget.healthy: unknown function 'nosuch'",
        ),
        (
            "example.com/Widget:\n  healthy: object.spec.items.min() == 0\n",
            "checks.yaml: example.com/Widget.healthy: unknown function 'min'",
        ),
        (
            "example.com/Widget:\n  healthy: obj.status.ready\n",
            "checks.yaml: example.com/Widget.healthy: undeclared reference to 'obj' (the object is called 'object')",
        ),
        (
            "example.com/Widget:\n  healthy: object.items.all(x, x > 0) && x > 0\n",
            "checks.yaml: example.com/Widget.healthy: undeclared reference to 'x' (the object is called 'object')",
        ),
        (
            "example.com/Widget:\n  healthy: object.items.all(1, true)\n",
            "checks.yaml: example.com/Widget.healthy: all() takes a variable name and an expression",
        ),
        (
            f"example.com/Widget:\n  healthy: {NESTED_3}\n",
            "checks.yaml: example.com/Widget.healthy: exists() is nested in 2 comprehensions;"
            " at most 2 may nest (each multiplies the work by a list)",
        ),
        (
            f"example.com/Widget:\n  healthy: '{TOO_DEEP}'\n",
            "checks.yaml: example.com/Widget.healthy: nested more than 100 syntax levels deep",
        ),
        (
            "example.com/Widget: 'true'\n",
            "checks.yaml: example.com/Widget: must be a mapping of healthy, degraded, progressing,"
            " suspended, message to CEL expressions, not a string",
        ),
        (
            "a/b/Widget:\n  healthy: 'true'\n",
            'checks.yaml: a/b/Widget: not "<group>/<Kind>" (e.g. "apps/Deployment", "ConfigMap")',
        ),
        (
            "Example.com/Widget:\n  healthy: 'true'\n",
            'checks.yaml: Example.com/Widget: not "<group>/<Kind>" (e.g. "apps/Deployment", "ConfigMap")',
        ),
        (
            "example.com/:\n  healthy: 'true'\n",
            'checks.yaml: example.com/: not "<group>/<Kind>" (e.g. "apps/Deployment", "ConfigMap")',
        ),
        (
            "ConfigMap:\n  healthy: 'true'\n/ConfigMap:\n  healthy: 'false'\n",
            "checks.yaml: /ConfigMap: the same kind as ConfigMap",
        ),
        (
            "- healthy: 'true'\n",
            'checks.yaml: must be a mapping of "<group>/<Kind>" to checks, not a list',
        ),
        (
            "example.com/Widget: [\n",
            "checks.yaml:2: invalid YAML: did not find expected node content",
        ),
    ],
    ids=[
        "syntax",
        "unknown-key",
        "missing-healthy",
        "blank-healthy",
        "not-a-string",
        "message-not-a-string",
        "too-long",
        "unknown-function",
        "non-standard-macro",
        "undeclared-reference",
        "variable-out-of-scope",
        "macro-without-variable",
        "comprehensions-3-deep",
        "syntax-too-deep",
        "entry-not-a-mapping",
        "key-with-two-slashes",
        "group-not-lowercase",
        "key-without-kind",
        "same-kind-twice",
        "not-a-mapping",
        "invalid-yaml",
    ],
)
def test_parse_checks_reports_problem(text: str, message: str) -> None:
    assert parse_error(text) == message


def test_parse_checks_reports_every_problem_at_once() -> None:
    text = (
        "example.com/Widget:\n"
        "  healthy: object.status.phase ==\n"
        "  degraded: obj.failed\n"
        "  colour: red\n"
        "apps/Deployment: {degraded: 'false'}\n"
        "a/b/C: {healthy: 'true'}\n"
        "ConfigMap: {healthy: 'true'}\n"
    )
    assert parse_error(text).splitlines() == [
        "checks.yaml: example.com/Widget.healthy: syntax error at line 1, column 21",
        "checks.yaml: example.com/Widget.degraded: undeclared reference to 'obj' (the object is called 'object')",
        "checks.yaml: example.com/Widget.colour: unknown key (expected one of healthy, degraded, progressing, suspended, message)",
        "checks.yaml: apps/Deployment.healthy: missing (every check needs a healthy expression)",
        'checks.yaml: a/b/C: not "<group>/<Kind>" (e.g. "apps/Deployment", "ConfigMap")',
    ]


def test_parse_checks_shortens_hostile_keys() -> None:
    key = "a" * 100_000 + "!/Widget"
    # An explicit key ("? "): YAML allows plain keys of at most 1024 characters.
    message = parse_error(f"? {key}\n: {{healthy: 'true'}}\n")
    assert message.startswith("checks.yaml: aaaa") and len(message) < 200


# Evaluation


@pytest.mark.parametrize(
    ("obj", "expected", "message"),
    [
        (
            widget(phase="Ready"),
            Health.HEALTHY,
            "custom check example.com/Widget: healthy expression matched",
        ),
        (widget(phase="Ready", message="all 3 parts ready"), Health.HEALTHY, "all 3 parts ready"),
        (
            widget(phase="Pending"),
            Health.PROGRESSING,
            "custom check example.com/Widget: progressing expression matched",
        ),
        (
            widget(phase="Ready", error="disk full"),
            Health.DEGRADED,
            "custom check example.com/Widget: degraded expression matched",
        ),
        (
            widget(spec={"paused": True}, phase="Ready"),
            Health.SUSPENDED,
            "custom check example.com/Widget: suspended expression matched",
        ),
        (
            widget(spec={"paused": False}, phase="Ready"),
            Health.HEALTHY,
            "custom check example.com/Widget: healthy expression matched",
        ),
        # degraded is tried first, then suspended, progressing and healthy.
        (
            widget(spec={"paused": True}, phase="Pending", error="x", message="m"),
            Health.DEGRADED,
            "m",
        ),
        (
            widget(spec={"paused": True}, phase="Pending"),
            Health.SUSPENDED,
            "custom check example.com/Widget: suspended expression matched",
        ),
        (
            widget(phase="Exploding"),
            Health.PROGRESSING,
            "custom check example.com/Widget: no health condition matched",
        ),
        (
            widget(phase="Ready", message=""),
            Health.HEALTHY,
            "custom check example.com/Widget: healthy expression matched",
        ),
        (widget(phase="Ready", message="x" * 5000), Health.HEALTHY, "x" * 1024),
    ],
    ids=[
        "healthy",
        "healthy-with-message",
        "progressing",
        "degraded",
        "suspended",
        "not-paused",
        "degraded-first",
        "suspended-before-progressing",
        "nothing-matched",
        "empty-message-is-default",
        "long-message-is-cut",
    ],
)
def test_custom_check_verdict(obj: dict[str, Any], expected: Health, message: str) -> None:
    result = health.assess(obj, checks={("example.com", "Widget"): WIDGET})
    assert (result.status, result.message) == (expected, message)


SECRET = "hunter2-do-not-print"


@pytest.mark.parametrize(
    ("check", "obj", "message"),
    [
        (
            {"healthy": "object.status.ready"},
            widget(phase=SECRET),
            "custom check example.com/Widget.healthy could not be evaluated: KeyError (a field or key it reads is missing)",
        ),
        (
            {"healthy": "object.status.phase + 1 == 2"},
            widget(phase=SECRET),
            "custom check example.com/Widget.healthy could not be evaluated: TypeError (no operator or function for these operand types)",
        ),
        (
            {"healthy": "object.status.count / object.status.zero == 1"},
            widget(count=1, zero=0),
            "custom check example.com/Widget.healthy could not be evaluated: ZeroDivisionError (division by zero)",
        ),
        (
            {"healthy": "object.status.parts[3] == 'x'"},
            widget(parts=[SECRET]),
            "custom check example.com/Widget.healthy could not be evaluated: IndexError (a list index is out of range)",
        ),
        (
            {"healthy": "object.status.phase"},
            widget(phase=SECRET),
            "custom check example.com/Widget.healthy gave string, expected a bool",
        ),
        (
            {"healthy": "true", "message": "object.status.count"},
            widget(count=3),
            "custom check example.com/Widget.message gave int, expected a string",
        ),
        (
            {"healthy": "true", "message": "object.status.missing"},
            widget(phase=SECRET),
            "custom check example.com/Widget.message could not be evaluated: KeyError (a field or key it reads is missing)",
        ),
        (
            {"healthy": "true"},
            widget(big=2**70),
            "custom check example.com/Widget: the object holds an integer beyond CEL's 64-bit range",
        ),
        (
            {"healthy": "true"},
            widget(when=types.SimpleNamespace()),
            "custom check example.com/Widget: the object holds SimpleNamespace, which CEL cannot represent",
        ),
        (
            {"healthy": "nosuch(object)"},
            widget(),
            "custom check example.com/Widget.healthy does not compile: unknown function 'nosuch'",
        ),
    ],
    ids=[
        "missing-field",
        "wrong-type",
        "division-by-zero",
        "index-out-of-range",
        "not-a-bool",
        "message-not-a-string",
        "message-missing-field",
        "integer-out-of-range",
        "unrepresentable-value",
        "not-compiled",
    ],
)
def test_custom_check_failure_is_unknown_without_values(
    check: dict[str, str], obj: dict[str, Any], message: str
) -> None:
    custom_check = health.CustomCheck(group="example.com", kind="Widget", **check)
    result = health.assess(obj, checks={("example.com", "Widget"): custom_check})
    assert (result.status, result.message) == (Health.UNKNOWN, message)
    assert SECRET not in result.message


def test_error_absorbed_by_logic_does_not_fail() -> None:
    # CEL's || and && are commutative over errors: a missing field does not decide the result.
    check = health.CustomCheck(
        group="example.com", kind="Widget", healthy="object.status.missing == 1 || true"
    )
    assert (
        health.assess(widget(), checks={("example.com", "Widget"): check}).status is Health.HEALTHY
    )


# Custom checks replace the built-in ones


def deployment(**status: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "generation": 2},
        "spec": {"replicas": 3},
        "status": {"observedGeneration": 2, **status},
    }


DEPLOYMENT_CHECKS = checks_of(
    "apps/Deployment:\n"
    "  healthy: has(object.status.readyReplicas) && object.status.readyReplicas >= 1\n"
    "  message: string(object.status.readyReplicas) + ' ready, enough for us'\n"
)


@pytest.mark.parametrize(
    ("obj", "checks", "expected", "message"),
    [
        # Built-in: 1 of 3 updated is progressing; the custom check is content with one ready.
        (
            deployment(updatedReplicas=1, readyReplicas=1),
            None,
            Health.PROGRESSING,
            "1 of 3 replicas updated",
        ),
        (
            deployment(updatedReplicas=1, readyReplicas=1),
            DEPLOYMENT_CHECKS,
            Health.HEALTHY,
            "1 ready, enough for us",
        ),
        (
            deployment(),
            DEPLOYMENT_CHECKS,
            Health.PROGRESSING,
            "custom check apps/Deployment: no health condition matched",
        ),
        # Without a check for its kind, kstatus judges a custom resource; with one, the check does.
        (
            widget(phase="Pending", conditions=[{"type": "Ready", "status": "True"}]),
            None,
            Health.HEALTHY,
            "Ready",
        ),
        (
            widget(phase="Pending", conditions=[{"type": "Ready", "status": "True"}]),
            {("example.com", "Widget"): WIDGET},
            Health.PROGRESSING,
            "progressing expression matched",
        ),
        # Checks of other kinds change nothing; an empty mapping is no checks.
        (
            deployment(updatedReplicas=1),
            {("example.com", "Widget"): WIDGET},
            Health.PROGRESSING,
            "1 of 3 replicas updated",
        ),
        (deployment(updatedReplicas=1), {}, Health.PROGRESSING, "1 of 3 replicas updated"),
        # Deletion and absence are judged before any check.
        (
            {
                **widget(phase="Ready"),
                "metadata": {"name": "w", "deletionTimestamp": "2026-01-01T00:00:00Z"},
            },
            {("example.com", "Widget"): WIDGET},
            Health.PROGRESSING,
            "being deleted since",
        ),
        (None, {("example.com", "Widget"): WIDGET}, Health.MISSING, "object does not exist"),
    ],
    ids=[
        "built-in-deployment",
        "custom-deployment",
        "custom-deployment-nothing-matched",
        "built-in-kstatus",
        "custom-widget",
        "other-kinds-untouched",
        "empty-checks",
        "deleting-first",
        "missing-first",
    ],
)
def test_custom_check_replaces_built_in(
    obj: dict[str, Any] | None,
    checks: dict[tuple[str, str], health.CustomCheck] | None,
    expected: Health,
    message: str,
) -> None:
    result = health.assess(obj, checks=checks)
    assert result.status is expected
    assert message in result.message


def test_assess_keeps_its_signature() -> None:
    assert health.assess(deployment(updatedReplicas=1)).status is Health.PROGRESSING


@pytest.mark.parametrize(
    "obj", [widget(phase="Ready", parts=[{"name": "a"}], message="m"), deployment(readyReplicas=2)]
)
def test_custom_check_does_not_modify_the_object(obj: dict[str, Any]) -> None:
    checks = {("example.com", "Widget"): WIDGET, **DEPLOYMENT_CHECKS}
    before = copy.deepcopy(obj)
    health.assess(obj, checks=checks)
    assert obj == before
    # A read-only object works too: nothing is written to it.
    frozen = types.MappingProxyType({**obj, "status": types.MappingProxyType(obj["status"])})
    assert health.assess(frozen, checks=checks) == health.assess(obj, checks=checks)


# Bounds (SECURITY-CASES 21)


def items_widget(count: int) -> dict[str, Any]:
    return {**widget(), "spec": {"items": list(range(count))}}


def deep_widget(levels: int) -> dict[str, Any]:
    deep: list[Any] = []
    obj = {**widget(), "spec": {"deep": deep}}
    for _ in range(levels):
        deep.append([])
        deep = deep[0]
    return obj


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "expression",
    [
        # 10^8 comparisons unbounded: celpy needs ~100 us each, hours in all.
        "object.spec.items.all(x, object.spec.items.exists(y, x == y))",
        "object.spec.items.map(x, object.spec.items.filter(y, y > x)).size() > 0",
        # Each iteration copies the list: 10^4 copies of 2*10^4 elements, gigabytes unbounded.
        "object.spec.items.map(x, object.spec.items + object.spec.items).size() > 0",
        "object.spec.items.all(x, x in object.spec.items)",
    ],
    ids=["nested-all-exists", "nested-map-filter", "copying-in-a-loop", "scanning-in-a-loop"],
)
def test_pathological_expression_spends_its_budget(
    expression: str, caplog: pytest.LogCaptureFixture
) -> None:
    check = health.CustomCheck(group="example.com", kind="Widget", healthy=expression)
    with caplog.at_level(logging.WARNING):
        result = health.assess(items_widget(10_000), checks={("example.com", "Widget"): check})
    assert (result.status, result.message) == (
        Health.UNKNOWN,
        "custom check example.com/Widget.healthy exceeded the evaluation budget of 100,000 steps",
    )
    assert caplog.records == []  # celpy logs arguments (object values) when an error escapes it


def test_budget_is_shared_by_the_expressions_of_an_object() -> None:
    # Each expression alone fits in the budget (~19 units an element); the four together do not.
    loop = "object.spec.items.all(x, x >= 0)"
    check = health.CustomCheck(
        group="example.com",
        kind="Widget",
        degraded=f"!{loop}",
        suspended=f"!{loop}",
        progressing=f"!{loop}",
        healthy=loop,
    )
    alone = health.CustomCheck(group="example.com", kind="Widget", healthy=loop)
    checks = {("example.com", "Widget"): check}
    assert (
        health.assess(items_widget(2_000), checks={("example.com", "Widget"): alone}).status
        is Health.HEALTHY
    )
    assert health.assess(items_widget(2_000), checks=checks).message.endswith(
        "exceeded the evaluation budget of 100,000 steps"
    )


def test_comprehensions_three_deep_are_refused_before_running() -> None:
    assert "nested in 2 comprehensions" in parse_error(
        f"example.com/Widget:\n  healthy: '{NESTED_3}'\n"
    )


@pytest.mark.parametrize(
    ("obj", "expected", "message"),
    [
        (items_widget(custom.MAX_OBJECT_NODES - 20), Health.HEALTHY, "healthy expression matched"),
        (
            items_widget(custom.MAX_OBJECT_NODES),
            Health.UNKNOWN,
            "object too large for custom check example.com/Widget (more than 100,000 nodes)",
        ),
        (
            items_widget(1_000_000),
            Health.UNKNOWN,
            "object too large for custom check example.com/Widget (more than 100,000 nodes)",
        ),
        (
            deep_widget(150),
            Health.UNKNOWN,
            "custom check example.com/Widget: the object is nested deeper than 100 levels",
        ),
    ],
    ids=["just-small-enough", "too-large", "far-too-large", "too-deep"],
)
def test_object_size_is_bounded(obj: dict[str, Any], expected: Health, message: str) -> None:
    check = health.CustomCheck(group="example.com", kind="Widget", healthy="has(object.spec)")
    result = health.assess(obj, checks={("example.com", "Widget"): check})
    assert result.status is expected
    assert message in result.message


def test_recursion_limit_is_left_alone() -> None:
    limit = sys.getrecursionlimit()
    checks_of(WIDGET_CHECKS)
    health.assess(widget(phase="Ready"), checks={("example.com", "Widget"): WIDGET})
    assert sys.getrecursionlimit() == limit


def test_deepest_allowed_expression_evaluates_inside_comprehensions() -> None:
    # The deepest nesting parse_checks allows must evaluate within the default recursion limit,
    # even under a caller a few hundred frames deep.
    def nesting(parentheses: int) -> str:
        return f"object.spec.items.all(x, object.spec.items.all(y, {'(' * parentheses}true{')' * parentheses}))"

    def config(parentheses: int) -> str:
        return f"example.com/Widget:\n  healthy: '{nesting(parentheses)}'\n"

    deepest = 0
    while "syntax levels" not in parse_error_or_nothing(config(deepest + 1)):
        deepest += 1
    check = checks_of(config(deepest))

    def nested(frames: int) -> health.HealthStatus:
        return nested(frames - 1) if frames else health.assess(items_widget(2), checks=check)

    assert nested(300).status is Health.HEALTHY
