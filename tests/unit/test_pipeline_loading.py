"""shipyard.yaml validation: every problem at once, each with its line and field path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from shipyard.api import loading as api_loading
from shipyard.core.pipeline import loading, model

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "webapp" / "shipyard.yaml"


def _problems(text: str, *, providers: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(api_loading.InvalidResourceError) as raised:
        loading.load(textwrap.dedent(text), source="shipyard.yaml", providers=providers)
    return [str(problem) for problem in raised.value.problems]


def test_the_example_pipeline_loads() -> None:
    pipeline = loading.load(EXAMPLE.read_text(), source="shipyard.yaml")
    assert pipeline.names == ("version", "test", "image", "promote")
    image = pipeline.step("image")
    assert isinstance(image.spec, model.ImageSpec)
    assert image.spec.repository == "apps/webapp" and image.spec.context == "app"
    assert image.spec.config.entrypoint == ("python3", "-m", "server")
    assert image.retries == 1 and image.timeout == 600
    promote = pipeline.step("promote")
    assert promote.branches == ("main", "release/*")
    assert isinstance(promote.spec, model.PromoteSpec)
    assert promote.spec.files == (
        model.PromoteFile(path="manifests/deployment.yaml", match="apps/webapp"),
    )
    test = pipeline.step("test")
    assert isinstance(test.spec, model.RunSpec)
    assert test.spec.junit == ("reports/junit.xml",)


def test_defaults() -> None:
    pipeline = loading.load("steps:\n  - name: a\n    run: make\n", source="shipyard.yaml")
    (step,) = pipeline.steps
    assert step.type == "run" and step.timeout == model.DEFAULT_TIMEOUT and step.retries == 0
    assert step.line == 2 and pipeline.name == "pipeline"


def test_all_problems_are_listed_with_lines() -> None:
    problems = _problems(
        """\
        name: demo
        colour: blue
        env:
          OK: "1"
          bad-name: x
          FROM_STEP: ${steps.version.SemVer}
        steps:
          - name: version
            type: version
          - name: test
            needs: [version, nope, test]
            run: echo ${steps.version.SemVer}
            timeout: 10 minutes
            retries: 11
            junit: [../x.xml]
            when: {branches: [main, "release/*", "bad branch"]}
          - name: test
            run: true
          - name: image
            type: imag
          - name: Bad Name
            run: x
            tmeout: 3s
        """
    )
    assert problems == [
        "shipyard.yaml:2: colour: unknown field (known: name, env, secrets, steps)",
        "shipyard.yaml:5: env.bad-name: is not an environment variable name ([A-Za-z_][A-Za-z0-9_]*)",
        "shipyard.yaml:6: env.FROM_STEP: ${steps.version.SemVer}: step outputs are only available in steps",
        "shipyard.yaml:11: steps[1].needs[1]: unknown step 'nope'",
        "shipyard.yaml:11: steps[1].needs[2]: a step cannot need itself",
        'shipyard.yaml:12: steps[1].run: scripts are never substituted: pass values through env (for example env: {VERSION: "${steps.version.SemVer}"}) and use "$VERSION" in the script',
        "shipyard.yaml:13: steps[1].timeout: expected a duration such as 30s, 10m or 1h30m, got '10 minutes'",
        "shipyard.yaml:14: steps[1].retries: must be from 0 to 10",
        "shipyard.yaml:15: steps[1].junit[0]: must be a relative path inside the workspace (no '..')",
        "shipyard.yaml:16: steps[1].when.branches[2]: invalid pattern: ' ' cannot appear in a branch name",
        "shipyard.yaml:17: steps[2].name: duplicate step name 'test' (first at line 10)",
        "shipyard.yaml:18: steps[2].run: expected a string, got a boolean (quote it)",
        "shipyard.yaml:20: steps[3].type: unknown step type 'imag' (known: run, version, image, promote, scan, sign, chart); did you mean 'image'?",
        "shipyard.yaml:21: steps[4].name: must be 1-40 lowercase letters, digits, '-' or '_', starting with a letter or digit",
        "shipyard.yaml:23: steps[4].tmeout: unknown field; did you mean 'timeout'?",
    ]


def test_a_cycle_is_named_in_order() -> None:
    problems = _problems(
        """\
        steps:
          - {name: lint, run: x}
          - {name: a, run: x, needs: [lint, c]}
          - {name: b, run: x, needs: [a]}
          - {name: c, run: x, needs: [b]}
          - {name: d, run: x, needs: [d2]}
          - {name: d2, run: x, needs: [d]}
        """
    )
    assert problems == [
        "shipyard.yaml:3: steps[1].needs: cycle in needs: a → c → b → a",
        "shipyard.yaml:6: steps[4].needs: cycle in needs: d → d2 → d",
    ]


@pytest.mark.parametrize(
    ("step", "problem"),
    [
        (
            "{name: c, type: chart}",
            "steps[0].type: chart packaging is not available yet (it lands with Helm support)",
        ),
        (
            "{name: s, type: scan}",
            "steps[0].type: no scan provider installed: install a package registering the 'shipyard.steps' entry point 'scan', or give the step a command",
        ),
        ("{name: s, type: sign, with: {key: k}}", "steps[0].type: no sign provider installed"),
        (
            "{name: s, type: run, command: [x]}",
            "steps[0].command: unknown field (known for a run step:",
        ),
        ("{name: a, run: x, timeout: 0s}", "steps[0].timeout: must be longer than 0s"),
        ("{name: a, run: x, timeout: 25h}", "steps[0].timeout: must be at most 24h"),
        (
            "{name: a, run: x, timeout: 90}",
            "steps[0].timeout: expected a duration such as 30s, 10m or 1h30m, got '90'",
        ),
        ("{name: a, run: x, retries: -1}", "steps[0].retries: must be from 0 to 10"),
        ("{name: a, run: x, retries: '2'}", "steps[0].retries: expected an integer, got a string"),
        (
            "{name: a, run: x, when: {branches: ['']}}",
            "steps[0].when.branches[0]: invalid pattern: a branch pattern may not be empty",
        ),
        (
            "{name: a, run: x, when: {branches: ['refs/heads/main']}}",
            "invalid pattern: name the branch as git shows it",
        ),
        (
            "{name: a, run: x, when: {branches: ['a***']}}",
            "invalid pattern: use * within a segment or ** across segments",
        ),
        (
            "{name: a, run: x, when: {branches: ['fix[0-9]']}}",
            "invalid pattern: '[' cannot appear in a branch name",
        ),
        ("{name: a, run: x, when: {tags: [v1]}}", "steps[0].when.tags: unknown field"),
        ("{name: a, run: x, when: main}", "steps[0].when: expected a mapping, got a string"),
        (
            "{name: a, run: x, artifacts: [/etc/passwd]}",
            "steps[0].artifacts[0]: must be a relative path inside the workspace",
        ),
        (
            "{name: a, run: x, env: {A: [1]}}",
            "steps[0].env.A: expected a string, got a list (quote it)",
        ),
        ("{name: a, run: x, env: {A: '${broken'}}", "steps[0].env.A: unclosed '${' at column 1"),
        (
            "{name: a, run: x, env: {A: '${steps.x}'}}",
            "steps[0].env.A: invalid reference '${steps.x}'",
        ),
        (
            "{name: a, run: x, image: 'nginx:1'}",
            "steps[0].image: 'nginx:1': a reference must start with the registry host",
        ),
        ("{name: a, run: ''}", "steps[0].run: may not be empty"),
        ("{name: a}", "steps[0].run: required field is missing"),
        ("{run: x}", "steps[0].name: required field is missing"),
        (
            "{name: v, type: version, path: ../other}",
            "steps[0].path: must be a relative path inside the workspace",
        ),
        ("{name: i, type: image}", "steps[0].base: required field is missing"),
        (
            "{name: i, type: image, base: 'r:5000/b:1', repository: Apps, version: '1', registry: {prod: p}}",
            "steps[0].registry.dev: required field is missing",
        ),
        (
            "{name: i, type: image, base: 'r:5000/b:1', repository: Apps, version: '1', registry: {prod: p, dev: d}}",
            "steps[0].repository: invalid repository",
        ),
        (
            "{name: i, type: image, base: 'r:5000/b:1', repository: a, version: '1', registry: {prod: p, dev: d}, appDir: app}",
            "steps[0].appDir: must be an absolute path in the image",
        ),
        (
            "{name: i, type: image, base: 'r:5000/b:1', repository: a, version: '1', registry: {prod: p, dev: d}, config: {user: 1, shell: sh}}",
            "steps[0].config.shell: unknown field",
        ),
        (
            "{name: p, type: promote, repo: x}",
            "steps[0].files: required field is missing: list the files to update",
        ),
        (
            "{name: p, type: promote, repo: '--upload-pack=x', files: [{path: a, key: k, value: v}]}",
            "steps[0].repo: a repository URL may not start with '-'",
        ),
        (
            "{name: p, type: promote, repo: x, branch: '-f', files: [{path: a, key: k, value: v}]}",
            "steps[0].branch: is not a usable branch name",
        ),
        (
            "{name: p, type: promote, repo: x, files: [{path: a}]}",
            "steps[0].files[0]: give either match (an image repository) or key and value",
        ),
        (
            "{name: p, type: promote, repo: x, files: [{path: a, match: m}]}",
            "steps[0].image: files[0] has match: give the new image",
        ),
        (
            "{name: p, type: promote, repo: x, files: [{path: a, key: k}]}",
            "steps[0].files[0].value: required field is missing",
        ),
        (
            "{name: p, type: promote, repo: x, files: [{path: ../a, key: k, value: v}]}",
            "steps[0].files[0].path: must be a relative path",
        ),
        (
            "{name: p, type: promote, repo: x, author: bot, files: [{path: a, key: k, value: v}]}",
            "steps[0].author: expected 'Name <email>'",
        ),
    ],
)
def test_step_problems(step: str, problem: str) -> None:
    problems = _problems(f"steps:\n  - {step}\n")
    assert any(problem in found for found in problems), problems
    assert all(found.startswith("shipyard.yaml:2: ") for found in problems), problems


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "shipyard.yaml:1: is empty: expected one pipeline"),
        ("steps: []\n", "shipyard.yaml:1: steps: a pipeline needs at least one step"),
        ("steps: {a: 1}\n", "shipyard.yaml:1: steps: expected a list, got a mapping"),
        ("name: x\n", "shipyard.yaml:1: steps: required field is missing"),
        ("- a\n", "shipyard.yaml:1: expected a mapping, got a list"),
        ("steps: [\n", "is not valid YAML"),
        (
            "steps:\n  - {name: a, run: x}\n  - {name: a, run: y, name: b}\n",
            "shipyard.yaml:3: steps[1].name: duplicate key (first at line 3)",
        ),
        ("a: &a [*a]\n", "expands to more than 100000 values or 100 levels"),
        (
            "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
            "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
            "expands to more than 100000 values",
        ),
        ("steps:" + " [" * 150 + "\n", "is nested deeper than 100 levels"),
    ],
)
def test_file_problems(text: str, problem: str) -> None:
    problems = _problems(text)
    assert any(problem in found for found in problems), problems


def test_references_must_name_needed_steps_and_known_outputs() -> None:
    problems = _problems(
        """\
        steps:
          - {name: version, type: version}
          - {name: build, run: make, needs: [version]}
          - name: use
            needs: [build]
            run: make
            env:
              A: ${steps.version.SemVer}
              B: ${steps.version.Semver}
              C: ${steps.nope.x}
              D: ${steps.build.anything}
              E: ${steps.use.x}
          - name: other
            run: make
            env: {F: "${steps.build.x}"}
        """
    )
    assert problems == [
        "shipyard.yaml:9: steps[2].env.B: ${steps.version.Semver}: a version step has no output 'Semver'; did you mean 'SemVer'?",
        "shipyard.yaml:10: steps[2].env.C: ${steps.nope.x} refers to unknown step 'nope'",
        "shipyard.yaml:12: steps[2].env.E: ${steps.use.x}: step 'use' does not need 'use' (add it to needs)",
        "shipyard.yaml:15: steps[3].env.F: ${steps.build.x}: step 'other' does not need 'build' (add it to needs)",
    ]


def test_an_installed_provider_or_a_command_satisfies_extension_steps() -> None:
    text = "steps:\n  - {name: s, type: scan}\n  - {name: t, type: sign, command: [cosign, sign]}\n"
    pipeline = loading.load(text, source="shipyard.yaml", providers=("scan",))
    sign = pipeline.step("t").spec
    assert isinstance(sign, model.ExtensionSpec) and sign.command == ("cosign", "sign")


def test_too_many_steps() -> None:
    steps = "".join(f"  - {{name: s{i}, run: x}}\n" for i in range(loading.MAX_STEPS + 1))
    assert "a pipeline has at most 500 steps" in _problems("steps:\n" + steps)[0]


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("10m", 600), ("1h30m", 5400), ("1h", 3600), ("2m5s", 125), ("24h", 86400)],
)
def test_durations(text: str, seconds: float) -> None:
    assert loading.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "10", "10 m", "1d", "m", "30s10m", "-1s", "0s", "24h1s"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError):
        loading.parse_duration(text)
