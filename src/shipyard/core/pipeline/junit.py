"""The JUnit XML report of a run, for CI dashboards.

One ``<testsuite name="pipeline">`` holds a ``<testcase>`` per step: passed, ``<failure>``
with the reason and the end of the step's log, or ``<skipped>`` with the reason. The JUnit
files that test steps wrote are merged after it, each of their suites renamed
``<step>: <suite>``, so one file shows the pipeline and the tests it ran. Every text and
attribute is masked for secrets and stripped of characters XML 1.0 cannot hold (terminal
colour codes). A produced file that is not JUnit XML becomes an ``<error>`` of its step.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from shipyard.core.pipeline import masking, results

MAX_REPORT_BYTES = 20 * 1024 * 1024
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_COUNTS = ("tests", "failures", "errors", "skipped")

Produced = Mapping[str, Sequence[tuple[str, str]]]  # step -> (file name, XML text)


def render(result: results.RunResult, *, produced: Produced, secrets: Sequence[str] = ()) -> str:
    """The report of ``result``, with the JUnit files each step produced merged in."""
    root = ET.Element("testsuites", name=f"shipyard: {result.pipeline}")
    root.append(_pipeline_suite(result))
    for step in result.steps:
        for name, text in produced.get(step.name, ()):
            for suite in _suites(step.name, name, text):
                root.append(suite)
    totals = dict.fromkeys(_COUNTS, 0)
    seconds = 0.0
    for suite in root:
        for count in _COUNTS:
            totals[count] += _number(suite.get(count))
        seconds += _seconds(suite.get("time"))
    for count, value in totals.items():
        root.set(count, str(value))
    root.set("time", f"{seconds:.3f}")
    _clean(root, secrets=secrets)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _pipeline_suite(result: results.RunResult) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        name="pipeline",
        tests=str(len(result.steps)),
        failures=str(result.count(results.Status.FAILED)),
        errors="0",
        skipped=str(result.count(results.Status.SKIPPED)),
        time=f"{result.seconds:.3f}",
        timestamp=result.started,
    )
    properties = ET.SubElement(suite, "properties")
    for name, value in (("branch", result.branch), ("commit", result.commit),
                        ("run", result.run_id), ("executor", result.executor)):  # fmt: skip
        ET.SubElement(properties, "property", name=name, value=value)
    for step in result.steps:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"shipyard.{result.pipeline}",
            name=step.name,
            time=f"{step.seconds:.3f}",
        )
        if step.status is results.Status.FAILED:
            failure = ET.SubElement(case, "failure", message=step.reason, type=step.type)
            failure.text = step.log_tail
        elif step.status is results.Status.SKIPPED:
            ET.SubElement(case, "skipped", message=step.reason)
    return suite


def _suites(step: str, name: str, text: str) -> list[ET.Element]:
    try:
        if len(text) > MAX_REPORT_BYTES:
            raise ValueError(f"larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB")
        if "<!DOCTYPE" in text or "<!ENTITY" in text:
            raise ValueError("document type declarations are not accepted")
        root = ET.fromstring(text)
        if root.tag == "testsuite":
            suites = [root]
        elif root.tag == "testsuites":
            suites = [child for child in root if child.tag == "testsuite"]
        else:
            raise ValueError(f"root element is <{root.tag[:40]}>, not <testsuites>")
    except (ET.ParseError, ValueError) as exc:
        return [_error_suite(step, name, str(exc))]
    for suite in suites:
        suite.set("name", f"{step}: {suite.get('name') or name}")
        cases = suite.findall(".//testcase")
        defaults = {
            "tests": len(cases),
            "failures": sum(1 for case in cases if case.find("failure") is not None),
            "errors": sum(1 for case in cases if case.find("error") is not None),
            "skipped": sum(1 for case in cases if case.find("skipped") is not None),
        }
        for count, value in defaults.items():
            if suite.get(count) is None:
                suite.set(count, str(value))
    return suites


def _error_suite(step: str, name: str, why: str) -> ET.Element:
    suite = ET.Element("testsuite", name=f"{step}: {name}", tests="1", failures="0",
                       errors="1", skipped="0", time="0")  # fmt: skip
    case = ET.SubElement(suite, "testcase", classname=f"shipyard.{step}", name=name)
    ET.SubElement(case, "error", message=f"{name} is not JUnit XML: {why}")
    return suite


def _clean(element: ET.Element, *, secrets: Sequence[str]) -> None:
    for item in element.iter():
        for key, value in item.attrib.items():
            item.set(key, _text(value, secrets=secrets))
        if item.text:
            item.text = _text(item.text, secrets=secrets)
        if item.tail and item.tail.strip():
            item.tail = _text(item.tail, secrets=secrets)


def _text(value: str, *, secrets: Sequence[str]) -> str:
    return _INVALID_XML.sub("", _ANSI.sub("", masking.mask(value, secrets=secrets)))


def _number(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _seconds(text: str | None) -> float:
    try:
        return float((text or "0").replace(",", ""))
    except ValueError:
        return 0.0
