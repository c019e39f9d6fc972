"""GitVersion.yml: workflow defaults, merging a user's file, validation with file and line,
.NET regular expressions, branch labels, and the effective settings of a branch."""

from __future__ import annotations

import pytest

from shipyard import errors
from shipyard.core.versioning import config, config_file


def _load(text: str | None) -> config.Config:
    return config_file.load(text, source="GitVersion.yml")


def _branch(settings: config.Config, name: str) -> config.BranchConfig:
    return next(b.config for b in settings.branches if b.name == name)


def test_gitflow_is_the_default_workflow() -> None:
    settings = _load(None)
    assert settings.workflow == "GitFlow/v1"
    assert [b.name for b in settings.branches] == [
        "develop", "main", "release", "feature", "pull-request", "hotfix", "support", "unknown",
    ]  # fmt: skip
    develop = _branch(settings, "develop")
    assert (develop.label, develop.increment, develop.mode) == (
        "alpha",
        config.Increment.MINOR,
        config.Mode.CONTINUOUS_DELIVERY,
    )
    assert develop.tracks_release_branches and develop.track_merge_target
    release = _branch(settings, "release")
    assert (release.label, release.increment, release.is_release_branch) == (
        "beta",
        config.Increment.MINOR,
        True,
    )
    assert release.prevent_increment_of_merged_branch is True
    assert _branch(settings, "feature").label == "{BranchName}"
    assert _branch(settings, "pull-request").label == "PullRequest{Number}"
    assert _branch(settings, "main").regex == "^master$|^main$"
    assert settings.globals.mode is config.Mode.CONTINUOUS_DELIVERY
    assert settings.tag_prefix == "[vV]?"
    assert settings.tag_pre_release_weight == 60000


def test_githubflow_workflow() -> None:
    settings = _load("workflow: GitHubFlow/v1\n")
    assert [b.name for b in settings.branches] == [
        "main", "release", "feature", "pull-request", "unknown",
    ]  # fmt: skip
    assert _branch(settings, "release").increment is config.Increment.PATCH
    assert _branch(settings, "feature").source_branches == ("main", "release")


@pytest.mark.parametrize(
    ("name", "config_name"),
    [
        ("main", "main"), ("master", "main"), ("develop", "develop"), ("dev", "develop"),
        ("development", "develop"), ("developer", "unknown"), ("release/1.2.0", "release"),
        ("releases-2", "release"), ("feature/foo", "feature"), ("Features/FOO", "feature"),
        ("pull/12/merge", "pull-request"), ("pr-3", "pull-request"), ("hotfix/1.0.1", "hotfix"),
        ("support/1.x", "support"), ("trunk", "unknown"), ("(no branch)", "unknown"),
    ],
)  # fmt: skip
def test_branch_names_select_configurations(name: str, config_name: str) -> None:
    settings = _load(None)
    assert settings.branch_config(name) is _branch(settings, config_name)


def test_a_users_file_merges_over_the_defaults() -> None:
    settings = _load(
        "mode: ContinuousDeployment\n"
        "next-version: 2.1.0\n"
        "tag-prefix: '(release-)?'\n"
        "some-future-key: {nested: true}\n"
        "branches:\n"
        "  release:\n"
        "    label: rc\n"
        "  feature:\n"
        "    source-branches: [main]\n"
        "  unstable:\n"
        "    regex: ^unstable$\n"
        "    increment: Minor\n"
        "    source-branches: [main]\n"
        "    is-source-branch-for: [feature, hotfix]\n"
        "ignore:\n"
        "  sha: [ABCDEF0]\n"
    )
    release = _branch(settings, "release")
    assert (release.label, release.increment, release.regex) == (
        "rc",
        config.Increment.MINOR,
        r"^releases?[\/-](?<BranchName>.+)",
    )
    assert _branch(settings, "feature").source_branches == ("main", "unstable")
    assert _branch(settings, "hotfix").source_branches == ("main", "support", "unstable")
    assert settings.globals.mode is config.Mode.CONTINUOUS_DEPLOYMENT
    assert settings.next_version is not None
    assert settings.next_version.text() == "2.1.0"
    assert settings.parse_tag("release-1.0.0") is not None
    assert settings.parse_tag("v1.0.0") is None
    assert settings.ignore_shas == ("abcdef0",)
    assert settings.is_ignored("abcdef0123", 0)


def test_scalars_keep_their_text() -> None:
    settings = _load("semantic-version-format: Loose\nnext-version: 1.10\n")
    assert settings.next_version is not None
    assert (settings.next_version.major, settings.next_version.minor) == (1, 10)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next-version: [1]\n", "GitVersion.yml:1: next-version: must be a string, not a list"),
        ("next-version: 1.2\n", "GitVersion.yml:1: next-version: '1.2' is not a semantic version"),
        ("mode: Sometimes\n", "GitVersion.yml:1: mode: must be one of ManualDeployment"),
        ("workflow: TrunkBased/preview1\n", "GitVersion.yml:1: workflow: workflow 'TrunkBased/preview1' is not supported"),
        ("tag-pre-release-weight: lots\n", "tag-pre-release-weight: must be an integer, not a string"),
        ("x: 1\ntag-prefix: '[v'\n", "GitVersion.yml:2: tag-prefix: is not a valid regular expression"),
        ("branches:\n  main:\n    is-main-branch: 3\n", "GitVersion.yml:3: branches.main.is-main-branch: must be true or false, not int"),
        ("branches:\n  main:\n    prevent-increment:\n      of-merged-branch: no-way\n", "GitVersion.yml:4: branches.main.prevent-increment.of-merged-branch"),
        ("branches:\n  feature:\n    source-branches: [nowhere]\n", "GitVersion.yml:3: branches.feature.source-branches: names branch 'nowhere'"),
        ("branches:\n  custom:\n    increment: Patch\n", "GitVersion.yml:2: branches.custom: regex is missing"),
        ("branches: [a, b]\n", "GitVersion.yml:1: branches: must be a mapping, not a list"),
        ("ignore:\n  paths: [^docs/]\n", "GitVersion.yml:2: ignore.paths: is not supported"),
        ("ignore:\n  commits-before: yesterday\n", "ignore.commits-before: 'yesterday' is not a date"),
        ("strategies: [Mainline]\n", "strategy 'Mainline' is not supported"),
        ("a: [unclosed\n", "GitVersion.yml:2: invalid YAML"),
        ("- a\n- b\n", "GitVersion.yml:1: a GitVersion configuration must be a mapping, not a list"),
    ],
)  # fmt: skip
def test_problems_name_file_key_and_line(text: str, expected: str) -> None:
    with pytest.raises(errors.UserError) as caught:
        _load(text)
    assert expected in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(errors.UserError) as caught:
        _load("mode: x\nincrement: y\nbranches:\n  main:\n    label: [z]\n")
    message = str(caught.value)
    assert "GitVersion.yml:1: mode" in message
    assert "GitVersion.yml:2: increment" in message
    assert "GitVersion.yml:5: branches.main.label" in message


def test_alias_bomb_is_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefg":
        previous = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"
    with pytest.raises(errors.UserError) as caught:
        _load(bomb)
    assert "too large" in str(caught.value)


@pytest.mark.parametrize(
    ("dotnet", "python"),
    [
        (r"^features?[\/-](?<BranchName>.+)", r"^features?[\/-](?P<BranchName>.+)"),
        (r"(?'Number'\d+)", r"(?P<Number>\d+)"),
        (r"(?<=a)b(?<!c)", r"(?<=a)b(?<!c)"),
        (r"[(?<x>]", r"[(?<x>]"),
        (r"\(?<x>", r"\(?<x>"),
        (r"(?<w>a)\k<w>", r"(?P<w>a)(?P=w)"),
    ],
)
def test_translate_regex(dotnet: str, python: str) -> None:
    assert config.translate_regex(dotnet) == python


def test_regexes_ignore_case() -> None:
    assert config.compile_regex("^main$").search("MAIN")


@pytest.mark.parametrize(
    ("label", "regex", "branch", "env", "expected"),
    [
        ("{BranchName}", r"^features?[\/-](?<BranchName>.+)", "feature/JIRA_123", {}, "JIRA-123"),
        ("alpha.{BranchName}", r"^features?[\/-](?<BranchName>.+)", "feature/foo", {}, "alpha.foo"),
        ("PullRequest{Number}", r"^(pull|pr)[\/-](?<Number>\d*)", "pull/12/merge", {}, "PullRequest12"),
        ("{BranchName}", r"(?<BranchName>.+)", "(no branch)", {}, "-no-branch-"),
        ("{StoryNo}", r"^features?[\/-](?<StoryNo>sc-\d+)[-/].+", "features/sc-12345/desc", {}, "sc-12345"),
        ("{BranchName}", "", "feature/foo", {}, "{BranchName}"),
        ("b{env:BUILD}", "", "x", {"BUILD": "7"}, "b7"),
        ('b{env:BUILD ?? "0"}', "", "x", {}, "b0"),
        ("b{env:BUILD}", "", "x", {}, "b{env:BUILD}"),
        ("", "", "main", {}, ""),
    ],
)  # fmt: skip
def test_format_label(
    label: str, regex: str, branch: str, env: dict[str, str], expected: str
) -> None:
    assert config.format_label(label, regex=regex, branch_name=branch, env=env) == expected


def test_format_label_keeps_none() -> None:
    assert config.format_label(None, regex="(.+)", branch_name="x", env={}) is None


def test_effective_settings_inherit_unset_values() -> None:
    settings = _load(None)
    feature = _branch(settings, "feature").inherit(_branch(settings, "develop"))
    effective = config.effective(settings, feature)
    assert effective.increment is config.Increment.MINOR  # from develop
    assert effective.label == "{BranchName}"  # its own
    assert effective.mode is config.Mode.MANUAL_DEPLOYMENT  # its own
    assert effective.tracks_release_branches  # develop's: feature leaves it unset
    assert effective.regex == r"^features?[\/-](?<BranchName>.+)"
    main = config.effective(settings, _branch(settings, "main"))
    assert main.mode is config.Mode.CONTINUOUS_DELIVERY  # the global mode
    assert main.prevent_increment_when_current_commit_tagged  # the global default
    assert main.pre_release_weight == 55000
