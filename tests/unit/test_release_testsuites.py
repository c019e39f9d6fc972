"""Pure parts of `release test`: filters, timeouts, hook order and records, helm's TEST SUITE
text, and the KWOK stages that finish test pods on the local environment."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from shipyard.adapters.local import components
from shipyard.cli import release as release_cli
from shipyard.core.charts import hookruns, output, releases, testsuites
from shipyard.engine.releases import installing


def _hook(name: str, *events: str, weight: int = 0, **extra: Any) -> dict[str, Any]:
    hook: dict[str, Any] = {"name": name, "kind": "Pod", "path": f"c/templates/{name}.yaml",
                            "manifest": "", "events": list(events or ("test",)),
                            "last_run": {"started_at": "", "completed_at": "", "phase": ""}}  # fmt: skip
    if weight:
        hook["weight"] = weight
    hook.update(extra)
    return hook


@pytest.mark.parametrize(
    ("values", "include", "exclude"),
    [
        ([], (), ()),
        (["name=a"], ("a",), ()),
        (["name=a,name=b", "name=c"], ("a", "b", "c"), ()),
        (["!name=a"], (), ("a",)),
        (["! name=a,name=b"], ("b",), ("a",)),
        (['"name=a,b"'], ("a,b",), ()),  # helm reads each value as CSV
        (["name="], ("",), ()),
    ],
)
def test_filters_are_read_as_helm_reads_them(
    values: list[str], include: tuple[str, ...], exclude: tuple[str, ...]
) -> None:
    assert testsuites.parse_filters(values) == testsuites.Filters(include=include, exclude=exclude)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["nme=a"], "unknown test filter 'nme=a'"),
        (["name=a, name=b"], "unknown test filter ' name=b'"),
        (["x", "!!name=y"], "unknown test filter 'x', '!!name=y': use name=NAME or !name=NAME"),
    ],
)
def test_unknown_filters_are_refused_all_at_once(values: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        testsuites.parse_filters(values)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("5m0s", 300.0), ("30s", 30.0), ("1h", 3600.0), ("1.5s", 1.5), ("1m30s", 90.0),
     ("300ms", 0.3), ("300", 300.0), ("0", 0.0), ("-1s", -1.0), (" 2m ", 120.0)],
)  # fmt: skip
def test_timeouts_take_go_durations_or_seconds(text: str, seconds: float) -> None:
    assert testsuites.parse_timeout(text) == pytest.approx(seconds)


@pytest.mark.parametrize(
    ("text", "message"),
    [("5x", 'unknown unit "x"'), ("", "invalid duration"), ("m", "invalid duration"),
     ("s5", "invalid duration"), ("1e3", 'unknown unit "e"')],
)  # fmt: skip
def test_bad_timeouts_say_what_is_expected(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        testsuites.parse_timeout(text)
    assert "such as 30s, 5m0s or 1h" in str(caught.value)


HOOKS = [_hook("pre", "pre-install"), _hook("t1"), _hook("t2"), _hook("t3")]


@pytest.mark.parametrize(
    ("filters", "skipped", "kept"),
    [
        (testsuites.Filters(), [], ["pre", "t1", "t2", "t3"]),
        # Excluding keeps every other hook, tests or not (helm's ReleaseTesting.Run).
        (testsuites.Filters(exclude=("t2",)), ["t2"], ["pre", "t1", "t3"]),
        (testsuites.Filters(include=("t3", "t1")), ["pre", "t2"], ["t1", "t3"]),
        (testsuites.Filters(include=("t1", "t2"), exclude=("t2",)), ["t2", "pre", "t3"], ["t1"]),
    ],
)
def test_select_splits_hooks_as_helm_and_keeps_their_order(
    filters: testsuites.Filters, skipped: list[str], kept: list[str]
) -> None:
    left, right = testsuites.select(HOOKS, filters)
    assert [h["name"] for h in left] == skipped
    assert [h["name"] for h in right] == kept


def test_hooks_run_by_weight_then_name_and_legacy_tests_count() -> None:
    hooks = [_hook("b", weight=5), _hook("z"), _hook("a", weight=5), _hook("old", "test-success"),
             _hook("post", "post-install", weight=-9), _hook("m", weight=-1)]  # fmt: skip
    assert [hooks[i]["name"] for i in hookruns.order_of(hooks, "test")] == [
        "m", "old", "z", "a", "b"]  # fmt: skip
    assert [hooks[i]["name"] for i in hookruns.order_of(hooks, "post-install")] == ["post"]
    chosen = testsuites.to_run(hooks, testsuites.Filters(exclude=("a",)))
    assert [h["name"] for h in chosen] == ["m", "old", "z", "b"]
    assert [h["name"] for h in testsuites.to_run(hooks, testsuites.Filters(include=("b",)))] == [
        "b"
    ]


@pytest.mark.parametrize(
    ("hook", "expected"),
    [
        (_hook("a"), ["before-hook-creation"]),
        (_hook("a", delete_policies=[]), ["before-hook-creation"]),
        (_hook("a", delete_policies=["hook-succeeded"]), ["hook-succeeded"]),
    ],
)
def test_helms_default_delete_policy_is_written_down(
    hook: dict[str, Any], expected: list[str]
) -> None:
    written = hookruns.with_default_policy(hook)
    assert written["delete_policies"] == expected
    assert list(written)[-1] == "delete_policies"  # Go's field order: after weight
    assert hookruns.has_policy(written, expected[0])


def test_a_run_is_recorded_as_helm_records_it() -> None:
    hook = _hook("a", weight=2)
    running = hookruns.started(hook, at="2026-01-02T03:04:05.1Z")
    assert running["last_run"] == {"started_at": "2026-01-02T03:04:05.1Z", "completed_at": "",
                                   "phase": "Running"}  # fmt: skip
    done = hookruns.finished(running, at="2026-01-02T03:04:09Z", phase=hookruns.FAILED)
    assert done["last_run"] == {"started_at": "2026-01-02T03:04:05.1Z",
                                "completed_at": "2026-01-02T03:04:09Z", "phase": "Failed"}  # fmt: skip
    assert list(done) == list(hook)  # same fields, same order
    assert hook["last_run"]["phase"] == ""  # values in, values out


def _conditions(*pairs: tuple[str, str], reason: str = "") -> dict[str, Any]:
    return {
        "status": {"conditions": [{"type": t, "status": s, "reason": reason} for t, s in pairs]}
    }


@pytest.mark.parametrize(
    ("kind", "live", "done", "failure", "state"),
    [
        ("Pod", None, True, "", ""),
        ("Pod", {"status": {}}, False, "", "pod x is Pending"),
        ("Pod", {"status": {"phase": "Running"}}, False, "", "pod x is Running"),
        ("Pod", {"status": {"phase": "Succeeded"}}, True, "", ""),
        ("Pod", {"status": {"phase": "Failed"}}, True, "pod x failed", ""),
        ("Job", _conditions(("Complete", "True")), True, "", ""),
        ("Job", _conditions(("Failed", "True"), reason="BackoffLimitExceeded"), True,
         "job x failed: BackoffLimitExceeded", ""),
        ("Job", _conditions(("Complete", "False")), False, "", "job x has not completed"),
        ("ConfigMap", {"data": {}}, True, "", ""),
    ],
)  # fmt: skip
def test_a_hook_object_is_finished_as_helm_watches_it(
    kind: str, live: dict[str, Any] | None, done: bool, failure: str, state: str
) -> None:
    assert hookruns.verdict(kind, "x", live) == hookruns.Verdict(
        done=done, failure=failure, state=state
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-28T05:08:59.3018659Z", "Sat Nov 28 05:08:59 2026"),
        ("2026-11-02T15:08:59.301865912+02:00", "Mon Nov  2 15:08:59 2026"),
        ("2026-01-05T00:00:00Z", "Mon Jan  5 00:00:00 2026"),
        ("", "Mon Jan  1 00:00:00 0001"),  # Go's zero time
    ],
)
def test_times_are_shown_in_gos_ansic_layout(text: str, expected: str) -> None:
    assert testsuites.ansic(text) == expected


def _release(hooks: list[dict[str, Any]], *, notes: str = "") -> releases.Release:
    return releases.Release({
        "name": "demo", "namespace": "ns", "version": 3, "hooks": hooks,
        "info": {"status": "deployed", "last_deployed": "2026-11-28T05:08:58.987694647Z",
                 "notes": notes},
    })  # fmt: skip


RAN = {"started_at": "2026-11-28T05:08:59.3Z", "completed_at": "2026-11-28T05:09:04.3Z",
       "phase": "Succeeded"}  # fmt: skip


def test_status_text_is_what_helm_status_prints() -> None:
    hooks = [_hook("demo-never"), _hook("pre", "pre-install", last_run=RAN),
             _hook("demo-ran", last_run=RAN)]  # fmt: skip
    assert testsuites.status_text(_release(hooks, notes="  Enjoy.\n\n")) == (
        "NAME: demo\n"
        "LAST DEPLOYED: Sat Nov 28 05:08:58 2026\n"
        "NAMESPACE: ns\n"
        "STATUS: deployed\n"
        "REVISION: 3\n"
        "TEST SUITE:     demo-ran\n"
        "Last Started:   Sat Nov 28 05:08:59 2026\n"
        "Last Completed: Sat Nov 28 05:09:04 2026\n"
        "Phase:          Succeeded\n"
        "NOTES:\n"
        "Enjoy.\n"
    )


@pytest.mark.parametrize(
    ("hooks", "lines"),
    [
        ([], ["TEST SUITE: None"]),
        ([_hook("pre", "pre-install", last_run=RAN)], ["TEST SUITE: None"]),
        ([_hook("never")], []),  # tests that never ran: helm prints nothing at all
    ],
)
def test_suite_section_without_runs(hooks: list[dict[str, Any]], lines: list[str]) -> None:
    assert testsuites.suite_lines(hooks) == lines
    text = testsuites.status_text(_release(hooks, notes="n"), show_notes=False)
    assert "NOTES" not in text


def test_the_legacy_test_success_event_is_stored_as_helm_stores_it() -> None:
    document = output.Document(
        path="c/templates/t.yaml", kind="Pod", hook_events=("test-success", "post-install"),
        content="apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n",
    )  # fmt: skip
    assert installing.hook_json(document)["events"] == ["test", "post-install"]


def test_kwok_finishes_hook_pods_and_fails_the_marked_ones() -> None:
    """Bare pods with any helm.sh/hook annotation (test, pre-install, ...) run to completion."""
    stages = {
        d["metadata"]["name"]: d
        for d in yaml.safe_load_all(Path(components.KWOK_STAGES).read_text(encoding="utf-8"))
    }
    header = Path(components.KWOK_STAGES).read_text(encoding="utf-8").split("apiVersion")[0]
    assert 'shipyard.dev/kwok-fail: "true"' in header and "pre-install" in header
    for name, phase in (("shipyard-hook-pod-succeeded", "Succeeded"),
                        ("shipyard-hook-pod-failed", "Failed")):  # fmt: skip
        spec = stages[name]["spec"]
        keys = {e["key"]: e for e in spec["selector"]["matchExpressions"]}
        hook = keys['.metadata.annotations["helm.sh/hook"]']
        assert hook["operator"] == "Exists" and "values" not in hook
        assert keys[".metadata.ownerReferences"]["operator"] == "DoesNotExist"
        fail = keys['.metadata.annotations["shipyard.dev/kwok-fail"]']
        assert fail["operator"] == ("In" if phase == "Failed" else "NotIn")
        assert f"phase: {phase}" in spec["next"]["statusTemplate"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--timeout", "5x"], 'unknown unit "x"'),
        (["--filter", "nmae=a"], "unknown test filter 'nmae=a'"),
    ],
)
def test_cli_refuses_bad_options_before_connecting(args: list[str], message: str) -> None:
    result = CliRunner().invoke(
        release_cli.app, ["test", "demo", "--kubeconfig", "/nonexistent", *args]
    )
    assert result.exit_code == 1
    assert "invalid option" in result.output and message in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["install", "demo", "./chart", "--timeout", "5x"],
        ["upgrade", "demo", "./chart", "--timeout", "5x"],
        ["rollback", "demo", "1", "--timeout", "5x"],
        ["uninstall", "demo", "--timeout", "5x"],
    ],
)
def test_release_commands_take_go_duration_timeouts(args: list[str]) -> None:
    result = CliRunner().invoke(release_cli.app, [*args, "--kubeconfig", "/nonexistent"])
    assert result.exit_code == 1
    assert "invalid option --timeout" in result.output and 'unknown unit "x"' in result.output
