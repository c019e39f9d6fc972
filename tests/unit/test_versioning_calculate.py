"""Version calculation over in-memory histories: graph walks, branch choice, strategies,
deployment modes, output variables, and parsing git's output into histories."""

from __future__ import annotations

import random

import pytest

from shipyard import errors
from shipyard.adapters.git import history as git_history
from shipyard.core.versioning import calculate, config_file, graph, variables


class Builder:
    """Histories by hand: ``commit("b", "a")`` makes b a child of a, one minute later."""

    def __init__(self) -> None:
        self.commits: list[graph.Commit] = []
        self.branches: dict[str, str] = {}
        self.tags: list[graph.Tag] = []

    def commit(self, sha: str, *parents: str, message: str = "") -> str:
        full = sha.ljust(40, "0")
        full_parents = tuple(p.ljust(40, "0") for p in parents)
        when = 1_700_000_000 + 60 * len(self.commits)
        self.commits.insert(
            0, graph.Commit(sha=full, parents=full_parents, when=when, message=message or sha)
        )
        return full

    def branch(self, name: str, tip: str) -> None:
        self.branches[name] = tip.ljust(40, "0")

    def tag(self, name: str, target: str) -> None:
        self.tags.append(graph.Tag(name=name, target=target.ljust(40, "0")))

    def history(self, head: str, *, detached: bool = False) -> graph.History:
        branches = tuple(
            graph.Branch(ref=f"refs/heads/{n}", tip=t) for n, t in sorted(self.branches.items())
        )
        return graph.History(
            commits=tuple(self.commits),
            branches=branches,
            tags=tuple(self.tags),
            head=self.branches[head] if not detached else head.ljust(40, "0"),
            head_ref=None if detached else f"refs/heads/{head}",
        )


def _version(data: graph.History, yaml: str | None = None, **given: str) -> str:
    """FullSemVer; upper-case keywords are environment variables, others Request fields."""
    settings = config_file.load(yaml, source="GitVersion.yml")
    env = {k: v for k, v in given.items() if k.isupper()}
    options = {k: v for k, v in given.items() if not k.isupper()}
    request = calculate.Request(env=env, **options)
    result = calculate.calculate(data, config=settings, request=request)
    return result.version.full_text()


# --- graph walks -------------------------------------------------------------------------------


def _diamond() -> graph.Graph:
    # a - b - d (merge of b and c), a - c
    built = Builder()
    built.commit("a")
    built.commit("b", "a")
    built.commit("c", "a")
    built.commit("d", "b", "c")
    built.commit("e", "c")
    return graph.Graph(built.commits)


def _pos(walks: graph.Graph, name: str) -> int:
    return walks.index[name.ljust(40, "0")]


def test_graph_walks() -> None:
    walks = _diamond()
    p = {name: _pos(walks, name) for name in "abcde"}
    assert sorted(walks.sha(i)[0] for i in walks.only_from(p["d"], [p["c"]])) == ["b", "d"]
    assert walks.only_from(p["d"], [p["d"]]) == []
    assert len(walks.only_from(p["d"], [None])) == 4
    assert walks.merge_base(p["d"], p["e"]) == p["c"]
    assert walks.merge_base(p["b"], p["c"]) == p["a"]
    assert walks.merge_base(p["d"], p["b"]) == p["b"]
    assert walks.is_ancestor(p["a"], p["d"]) and walks.is_ancestor(p["c"], p["d"])
    assert not walks.is_ancestor(p["e"], p["d"]) and not walks.is_ancestor(p["d"], p["a"])
    assert walks.reachable(p["e"]) == {p["e"], p["c"], p["a"]}
    assert walks.children(p["a"]) == sorted([p["b"], p["c"]])


def test_graph_orders_shuffled_commits_children_first() -> None:
    built = Builder()
    previous = built.commit("c0")
    for number in range(1, 50):
        previous = built.commit(f"c{number:02}", previous)
    shuffled = list(built.commits)
    random.Random(7).shuffle(shuffled)
    walks = graph.Graph(shuffled)
    assert all(parent > child for child, parents in enumerate(walks.parents) for parent in parents)
    assert len(walks.only_from(_pos(walks, "c49"), [_pos(walks, "c09")])) == 40


# --- calculation ---------------------------------------------------------------------------


def test_main_counts_commits_since_the_tag() -> None:
    built = Builder()
    built.commit("a")
    built.commit("b", "a")
    built.commit("c", "b")
    built.tag("v1.0.0", "a")
    built.branch("main", "c")
    assert _version(built.history("main")) == "1.0.1-2"
    assert _version(built.history("main"), "mode: ManualDeployment") == "1.0.1-1+2"
    assert _version(built.history("main"), "mode: ContinuousDeployment") == "1.0.1"


def test_develop_feature_and_release_branches() -> None:
    built = Builder()
    built.commit("a")
    built.tag("1.2.0", "a")
    built.commit("b", "a")
    built.commit("f", "b")
    built.commit("r", "b")
    built.branch("main", "a")
    built.branch("develop", "b")
    built.branch("feature/login", "f")
    built.branch("release/1.3.0", "r")
    assert _version(built.history("develop")) == "1.4.0-alpha.0"  # tracks release/1.3.0
    assert _version(built.history("feature/login")) == "1.4.0-login.1+1"
    assert _version(built.history("release/1.3.0")) == "1.3.0-beta.1+2"


def test_merge_message_of_a_release_branch_on_main() -> None:
    built = Builder()
    built.commit("a")
    built.tag("1.0.0", "a")
    built.commit("r", "a")
    built.commit("m", "a", "r", message="Merge branch 'release/2.0.0'")
    built.branch("main", "m")
    assert _version(built.history("main")) == "2.0.0-2"
    assert (
        _version(built.history("main"), "branches: {main: {track-merge-message: false}}")
        == "1.0.1-2"
    )


def test_commit_option_and_its_errors() -> None:
    built = Builder()
    built.commit("abcd1")
    built.commit("abcd2", "abcd1")
    built.commit("b", "abcd2")
    built.branch("main", "b")
    data = built.history("main")
    assert _version(data, commit="abcd2") == "0.0.1-2"
    for bad, problem in (("abc", "is not a commit SHA"), ("xyzw", "is not a commit SHA"),
                         ("abcd", "ambiguous"), ("dddd", "not in the history")):  # fmt: skip
        with pytest.raises(errors.UserError, match=problem):
            _version(data, commit=bad)


def test_orphan_branch_that_inherits_its_increment_is_an_error() -> None:
    built = Builder()
    built.commit("a")
    built.branch("feature/x", "a")
    with pytest.raises(errors.UserError, match="no version source found for branch 'feature/x'"):
        _version(built.history("feature/x"))
    assert _version(built.history("feature/x"), "increment: Patch") == "0.0.1-x.1+1"


def test_continuous_delivery_needs_a_pre_release_number() -> None:
    built = Builder()
    built.commit("a")
    built.branch("main", "a")
    yaml = "next-version: 1.0.0-beta\nbranches: {main: {label: beta}}"
    with pytest.raises(errors.UserError, match="continuous delivery requires a pre-release number"):
        _version(built.history("main"), yaml)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, None),
        ({"GITHUB_REF": "refs/heads/main"}, ("refs/heads/main", "GITHUB_REF")),
        ({"GITHUB_REF": "refs/pull/3/merge"}, ("refs/pull/3/merge", "GITHUB_REF")),
        ({"GITHUB_REF": "refs/tags/v1", "GITHUB_REF_TYPE": "tag"}, None),
        ({"GITHUB_HEAD_REF": "feature/a", "GITHUB_REF_NAME": "3/merge"}, ("feature/a", "GITHUB_HEAD_REF")),
        ({"GITHUB_REF_NAME": "develop"}, ("develop", "GITHUB_REF_NAME")),
        ({"CI_COMMIT_REF_NAME": "develop"}, ("develop", "CI_COMMIT_REF_NAME")),
        ({"CI_COMMIT_REF_NAME": "develop", "CI_COMMIT_TAG": "v1"}, None),
    ],
)  # fmt: skip
def test_branch_from_ci(env: dict[str, str], expected: tuple[str, str] | None) -> None:
    assert calculate.branch_from_ci(env) == expected


@pytest.mark.parametrize(
    ("name", "ref"),
    [
        ("develop", "refs/heads/develop"),
        ("refs/heads/feature/a", "refs/heads/feature/a"),
        ("refs/remotes/origin/main", "refs/remotes/origin/main"),
        ("refs/pull/5/merge", "refs/heads/pull/5/merge"),
        ("refs/merge-requests/5/head", "refs/heads/merge-requests/5/head"),
    ],
)
def test_branch_ref(name: str, ref: str) -> None:
    assert calculate.branch_ref(name) == ref


def test_detached_head_picks_the_single_branch_at_it() -> None:
    built = Builder()
    built.commit("a")
    built.commit("b", "a")
    built.tag("1.0.0", "a")
    built.branch("develop", "b")
    built.branch("main", "a")
    assert _version(built.history("b", detached=True)) == "1.1.0-alpha.1"
    built.branch("other", "b")
    # Two branches at HEAD: the unknown branch "(no branch)", which inherits from develop.
    assert _version(built.history("b", detached=True)) == "1.1.0--no-branch-.1+1"
    assert (
        _version(built.history("b", detached=True), GITHUB_REF="refs/heads/develop")
        == "1.1.0-alpha.1"
    )
    assert _version(built.history("b", detached=True), branch="develop") == "1.1.0-alpha.1"


# --- variables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("yyyy-MM-dd", "2023-11-14"),
        ("yyyyMMdd'T'HHmmss", "20231114T221320"),
        ("dd/MM/yy", "14/11/23"),
    ],
)
def test_commit_date_formats(pattern: str, expected: str) -> None:
    assert variables.format_date(1_700_000_000, pattern) == expected


def test_json_values_use_numbers_and_nulls() -> None:
    values: dict[str, str | None] = {name: "" for name in variables.NAMES}
    values.update(Major="3", SemVer="3.0.0", VersionSourceSha=None)
    shown = variables.json_values(values)
    assert shown["Major"] == 3
    assert shown["BuildMetaData"] is None
    assert shown["SemVer"] == "3.0.0"
    assert shown["VersionSourceSha"] is None
    assert list(shown) == list(variables.NAMES)


# --- git output ----------------------------------------------------------------------------


def test_parse_log() -> None:
    output = (
        "a" * 40
        + "\x1f"
        + "b" * 40
        + " "
        + "c" * 40
        + "\x1f1700000000\x1fMerge branch 'x'\n\nbody\x1fstill body\n\0"
        "\n" + "b" * 40 + "\x1f\x1f1699999999\x1froot\n\0"
    ).encode()
    commits = git_history.parse_log(output)
    assert [c.sha[0] for c in commits] == ["a", "b"]
    assert commits[0].parents == ("b" * 40, "c" * 40)
    assert commits[0].message == "Merge branch 'x'\n\nbody\x1fstill body\n"
    assert commits[1].parents == ()
    assert commits[1].when == 1_699_999_999


def test_parse_refs() -> None:
    c1, c2, tag_object, tree = "1" * 40, "2" * 40, "3" * 40, "4" * 40
    lines = [
        f"{c1}\x1fcommit\x1f\x1f\x1f*\x1frefs/heads/main",
        f"{c2}\x1fcommit\x1f\x1f\x1f \x1frefs/heads/feature/x;$(id)",
        f"{c2}\x1fcommit\x1f\x1f\x1f \x1frefs/remotes/origin/HEAD",
        f"{c2}\x1fcommit\x1f\x1f\x1f \x1frefs/remotes/origin/main",
        f"{tag_object}\x1ftag\x1f{c2}\x1fcommit\x1f \x1frefs/tags/v1.0.0",
        f"{c1}\x1fcommit\x1f\x1f\x1f \x1frefs/tags/1.0.0-lightweight",
        f"{tree}\x1ftree\x1f\x1f\x1f \x1frefs/tags/tree-tag",
    ]
    branches, tags, head = git_history.parse_refs("\n".join(lines).encode())
    assert [b.ref for b in branches] == [
        "refs/heads/main", "refs/heads/feature/x;$(id)", "refs/remotes/origin/main",
    ]  # fmt: skip
    assert branches[2].name == "main" and branches[2].friendly == "origin/main"
    assert tags == (
        graph.Tag(name="v1.0.0", target=c2),
        graph.Tag(name="1.0.0-lightweight", target=c1),
    )
    assert head == "refs/heads/main"
