"""${...} substitution in step fields (never in run scripts), outputs, and secret masking."""

from __future__ import annotations

import pytest

from shipyard import errors
from shipyard.core.pipeline import masking, model, variables

ENV = {"REGISTRY": "127.0.0.1:5000", "EMPTY": "", "BRANCH": "feat/$(touch pwned)"}
OUTPUTS = {"version": {"SemVer": "1.2.3", "FullSemVer": "1.2.3+4"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("${REGISTRY}/apps/web", "127.0.0.1:5000/apps/web"),
        ("${steps.version.FullSemVer}", "1.2.3+4"),
        ("${MISSING:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${REGISTRY:-other}", "127.0.0.1:5000"),
        ("${MISSING:-}", ""),
        ("$${REGISTRY}", "${REGISTRY}"),
        ("cost $5 and $HOME", "cost $5 and $HOME"),  # only ${...} is substituted
        ("${BRANCH}", "feat/$(touch pwned)"),  # values are text, never evaluated
        ("${REGISTRY}${REGISTRY}", "127.0.0.1:5000127.0.0.1:5000"),
    ],
)
def test_substitute(text: str, expected: str) -> None:
    assert variables.substitute(text, env=ENV, outputs=OUTPUTS) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("${MISSING}", r"unresolved \$\{MISSING\} \(MISSING is not set\)"),
        ("${steps.version.Nope}", "step 'version' has no such output"),
        ("${steps.other.x}", "step 'other' has no such output"),
        ("${", "unclosed"),
        ("${a b}", "invalid reference"),
    ],
)
def test_substitute_errors(text: str, message: str) -> None:
    with pytest.raises(errors.UserError, match=message):
        variables.substitute(text, env=ENV, outputs=OUTPUTS)


def test_keep_unresolved_previews_a_plan() -> None:
    text = "${REGISTRY}:${steps.version.SemVer}"
    assert variables.substitute(text, env=ENV, outputs={}, keep_unresolved=True) == (
        "127.0.0.1:5000:${steps.version.SemVer}"
    )


def test_resolve_substitutes_fields_but_never_the_script() -> None:
    step = model.Step(
        name="test",
        type="run",
        spec=model.RunSpec(script='echo "${REGISTRY}" "$V"', image="${REGISTRY}/ci:1"),
        env=(("V", "${steps.version.SemVer}"), ("R", "${REGISTRY}")),
        artifacts=("out/${V}/*",),
    )
    resolved = variables.resolve(step, env=ENV, outputs=OUTPUTS)
    assert isinstance(resolved.spec, model.RunSpec)
    assert resolved.spec.script == 'echo "${REGISTRY}" "$V"'
    assert resolved.spec.image == "127.0.0.1:5000/ci:1"
    assert resolved.env == (("V", "1.2.3"), ("R", "127.0.0.1:5000"))
    assert resolved.artifacts == ("out/1.2.3/*",)  # other fields see the step's env


def test_step_env_values_do_not_see_each_other() -> None:
    step = model.Step(
        name="s", type="run", spec=model.RunSpec(script="x"), env=(("A", "1"), ("B", "${A}"))
    )
    with pytest.raises(variables.UnresolvedError, match="A is not set"):
        variables.resolve(step, env={}, outputs={})


def test_resolve_nested_specs() -> None:
    spec = model.PromoteSpec(
        repo="${REGISTRY}",
        files=(
            model.PromoteFile(path="values.yaml", key="image.tag", value="${steps.version.SemVer}"),
        ),
    )
    step = model.Step(name="p", type="promote", spec=spec)
    resolved = variables.resolve(step, env=ENV, outputs=OUTPUTS)
    assert isinstance(resolved.spec, model.PromoteSpec)
    assert resolved.spec.files[0].value == "1.2.3" and resolved.spec.repo == "127.0.0.1:5000"


def test_references() -> None:
    found = variables.references("${A} ${B:-x} ${steps.s.o} $${C}")
    assert [(r.name, r.default, r.step, r.output) for r in found] == [
        ("A", None, "", ""), ("B", "x", "", ""), ("", None, "s", "o"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "outputs"),
    [
        ("A=1\nB=two words\n", {"A": "1", "B": "two words"}),
        ("A=1\nA=2\n", {"A": "2"}),
        ("no equals\n=x\n1A=x\nOK=\n", {"OK": ""}),
        ("URL=http://x/?a=b\n", {"URL": "http://x/?a=b"}),
    ],
)
def test_parse_outputs(text: str, outputs: dict[str, str]) -> None:
    assert variables.parse_outputs(text) == outputs


def test_secret_values_and_masking() -> None:
    env = {
        "GITHUB_TOKEN": "ghp_abcdef",
        "DB_PASSWORD": "hunter22",
        "DEPLOY": "listed-secret",
        "SSH_KEY": "k3y-material",
        "SHORT_TOKEN": "abc",  # too short to mask without hiding ordinary text
        "GIT_AUTHOR_NAME": "Ada",
        "PATH": "/usr/bin",
    }
    secrets = masking.secret_values(env, names=["DEPLOY"])
    assert set(secrets) == {"ghp_abcdef", "hunter22", "listed-secret", "k3y-material"}
    text = "push https://bot:ghp_abcdef@git.example/x with hunter22 and listed-secret by Ada"
    assert masking.mask(text, secrets=secrets) == (
        "push https://***@git.example/x with *** and *** by Ada"
    )
    assert masking.mask("https://user:pw@h/p and ssh://u@h", secrets=()) == (
        "https://***@h/p and ssh://***@h"
    )
