"""The JUnit XML report: a testcase per step, the steps' own JUnit files merged, secrets masked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from shipyard.core.pipeline import junit, results

Status = results.Status


def _result(*steps: results.StepResult) -> results.RunResult:
    return results.RunResult(
        pipeline="webapp",
        run_id="20250101-000000-abcdef",
        branch="main",
        commit="c" * 40,
        started="2025-01-01T00:00:00Z",
        seconds=3.5,
        steps=steps,
    )


RESULT = _result(
    results.StepResult(name="version", type="version", status=Status.PASSED, seconds=0.1),
    results.StepResult(
        name="test", type="run", status=Status.FAILED, reason="exit code 1", seconds=2.0,
        log_tail="token=s3cr3t-value\n\x1b[31mFAILED\x1b[0m tests/test_x.py\x00",
    ),
    results.StepResult(name="image", type="image", status=Status.SKIPPED, reason="needs test, which failed"),
)  # fmt: skip

PYTEST = """<?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests">
<testsuite name="pytest" errors="0" failures="1" skipped="0" tests="2" time="1.5">
<testcase classname="tests.test_x" name="test_ok" time="0.1"/>
<testcase classname="tests.test_x" name="test_bad" time="0.2"><failure message="assert s3cr3t-value">boom</failure></testcase>
</testsuite></testsuites>"""


def _parse(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.split("\n", 1)[1])


def test_one_testcase_per_step() -> None:
    root = _parse(junit.render(RESULT, produced={}, secrets=("s3cr3t-value",)))
    (suite,) = root
    assert suite.get("name") == "pipeline"
    assert (suite.get("tests"), suite.get("failures"), suite.get("skipped")) == ("3", "1", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert list(cases) == ["version", "test", "image"]
    assert cases["version"].find("failure") is None
    failure = cases["test"].find("failure")
    assert failure is not None and failure.get("message") == "exit code 1"
    assert failure.text == "token=***\nFAILED tests/test_x.py"  # masked, colours and NUL gone
    skipped = cases["image"].find("skipped")
    assert skipped is not None and skipped.get("message") == "needs test, which failed"
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["branch"] == "main" and properties["commit"] == "c" * 40
    assert (root.get("tests"), root.get("failures"), root.get("time")) == ("3", "1", "3.500")


def test_produced_junit_files_are_merged_and_masked() -> None:
    text = junit.render(
        RESULT, produced={"test": [("junit.xml", PYTEST)]}, secrets=("s3cr3t-value",)
    )
    assert "s3cr3t-value" not in text
    root = _parse(text)
    names = [suite.get("name") for suite in root]
    assert names == ["pipeline", "test: pytest"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "2", "0")
    merged = root[1]
    failure = merged.find("testcase/failure")
    assert failure is not None and failure.get("message") == "assert ***"


def test_a_lone_testsuite_without_counts_gets_them() -> None:
    produced = '<testsuite name="go"><testcase name="a"/><testcase name="b"><skipped/></testcase></testsuite>'
    step = results.StepResult(name="t", type="run", status=Status.PASSED)
    root = _parse(junit.render(_result(step), produced={"t": [("go.xml", produced)]}))
    suite = root[1]
    assert suite.get("name") == "t: go"
    assert (suite.get("tests"), suite.get("skipped"), suite.get("failures")) == ("2", "1", "0")


def test_files_that_are_not_junit_become_errors() -> None:
    produced = {
        "test": [
            ("broken.xml", "<testsuites><testsuite"),
            ("other.xml", "<html/>"),
            (
                "entities.xml",
                '<!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite name="x">&a;</testsuite>',
            ),
        ]
    }
    root = _parse(junit.render(RESULT, produced=produced))
    errors_by_suite = {
        suite.get("name"): suite.find("testcase/error")
        for suite in root
        if suite.get("errors") == "1"
    }
    assert set(errors_by_suite) == {"test: broken.xml", "test: other.xml", "test: entities.xml"}
    messages = [error.get("message") for error in errors_by_suite.values() if error is not None]
    assert any("root element is <html>" in (m or "") for m in messages)
    assert any("document type declarations are not accepted" in (m or "") for m in messages)
    assert root.get("errors") == "3"
