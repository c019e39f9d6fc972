"""The plan of a run: topological levels, when.branches globs, --step selection, skip cascades."""

from __future__ import annotations

import textwrap

import pytest

from shipyard import errors
from shipyard.core.pipeline import loading, model, plan

PIPELINE = """\
steps:
  - {name: version, type: version}
  - {name: lint, run: x}
  - {name: test, run: x, needs: [version]}
  - {name: image, run: x, needs: [test, lint]}
  - {name: docs, run: x, needs: [version], when: {branches: [main]}}
  - {name: publish-docs, run: x, needs: [docs]}
  - {name: promote, run: x, needs: [image], when: {branches: [main, "release/*"]}}
"""


def _pipeline(text: str = PIPELINE) -> model.Pipeline:
    return loading.load(textwrap.dedent(text), source="shipyard.yaml")


def _runs(the_plan: plan.Plan) -> dict[str, str]:
    return {planned.step.name: planned.skip or "run" for planned in the_plan}


def test_levels_follow_needs_in_file_order() -> None:
    levels = [[step.name for step in level] for level in plan.levels(_pipeline())]
    assert levels == [["version", "lint"], ["test", "docs"], ["image", "publish-docs"], ["promote"]]


def test_on_main_everything_runs() -> None:
    the_plan = plan.make(_pipeline(), branch="main")
    assert set(_runs(the_plan).values()) == {"run"}
    assert [p.level for p in the_plan] == [0, 0, 1, 1, 2, 2, 3]


def test_a_feature_branch_skips_when_filtered_steps_and_what_needs_them() -> None:
    runs = _runs(plan.make(_pipeline(), branch="feat/login"))
    assert runs == {
        "version": "run",
        "lint": "run",
        "test": "run",
        "image": "run",
        "docs": "branch 'feat/login' does not match when.branches (main)",
        "publish-docs": "needs docs, which will not run",
        "promote": "branch 'feat/login' does not match when.branches (main, release/*)",
    }


def test_selected_steps_bring_their_needs() -> None:
    runs = _runs(plan.make(_pipeline(), branch="main", selected=["image"]))
    assert [name for name, verdict in runs.items() if verdict == "run"] == [
        "version", "lint", "test", "image",
    ]  # fmt: skip
    assert runs["promote"] == "not selected"


def test_unknown_selected_step() -> None:
    with pytest.raises(errors.UserError, match="no step named 'nope'"):
        plan.make(_pipeline(), branch="main", selected=["nope"])


def test_a_cycle_from_a_direct_caller_is_refused() -> None:
    step = model.Step(name="a", type="run", spec=model.RunSpec(script="x"), needs=("a",))
    with pytest.raises(errors.UserError, match="cycle"):
        plan.levels(model.Pipeline(name="p", source="s", steps=(step,)))


@pytest.mark.parametrize(
    ("patterns", "branch", "matches"),
    [
        ((), "anything/at/all", True),
        (("main",), "main", True),
        (("main",), "main2", False),
        (("release/*",), "release/1.2", True),
        (("release/*",), "release/1.2/hotfix", False),
        (("release/**",), "release/1.2/hotfix", True),
        (("feat/**",), "feat/$(touch pwned)", True),
        (("*",), "feat/x", False),
        (("**",), "feat/x", True),
        (("v?.x",), "v1.x", True),
        (("v?.x",), "v10.x", False),
        (("a.b",), "axb", False),  # a dot is a dot, not any character
        (("main", "develop"), "develop", True),
        (("hotfix-*",), "hotfix-1", True),
    ],
)
def test_branch_patterns(patterns: tuple[str, ...], branch: str, matches: bool) -> None:
    assert plan.branch_matches(patterns, branch) is matches
