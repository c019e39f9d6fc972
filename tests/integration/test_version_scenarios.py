"""`shipyard version` on real Git repositories, built step by step with the git binary.

Scenario tables: each row builds a repository in tmp_path with real ``git`` commands and
checks the FullSemVer at every ``expect`` step. Commits are one minute apart (as GitVersion's
test fixtures make them), merges are ``git merge --no-ff`` with git's own message, tags are
lightweight unless written ``atag``. No cluster is involved (no fixture of conftest.py is used).

Where the expected versions come from: GitVersion 6.8.2 is not runnable here (no .NET), so
the expected values are GitVersion's documented results: the workflow samples of its docs and
the assertions of its own integration tests for 6.8.2 (DocumentationSamplesForGitFlow,
DocumentationSamplesForGitHubFlow, ReleaseBranchScenarios, DevelopScenarios, MainScenarios,
SupportBranchScenarios, HotfixBranchScenarios, VersionBumpingScenarios, IgnoreCommitScenarios,
ComparingTheBehaviorOfDifferentDeploymentModes), with the steps re-expressed in this table
language. Uncertain cases, derived by reading GitVersion's documented rules rather than taken
from one of its tests:

- ``github-pr-merge-message``: a release branch merged with GitHub's "Merge pull request #12
  from owner/release/2.0.0" message (the message format is documented; the count is derived).
- ``semver-*`` one-line bump scenarios and ``message-incrementing-*``: derived from the
  documented ``*-version-bump-message`` defaults and ``commit-message-incrementing`` modes.
- The variable-format test: FullBuildMetaData escapes the branch name (``release-2.0.0``) as
  GitVersion's code does, although its variables page shows an unescaped example; and
  ``VersionSourceIncrement`` is "None" because 6.8.2 drops the increment from the version
  source it reports (the page's example says "Minor").
- Detached HEAD: GitVersion reads GITHUB_REF (not GITHUB_HEAD_REF/GITHUB_REF_NAME) on GitHub
  and CI_COMMIT_REF_NAME on GitLab; shipyard reads all four, GITHUB_REF first.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from shipyard.adapters.git import history
from shipyard.cli import app as cli
from shipyard.core.versioning import calculate, config_file, variables

START = 1_704_067_200  # 2024-01-01T00:00:00Z
CI_VARIABLES = (
    *("GITHUB_REF", "GITHUB_REF_TYPE", "GITHUB_HEAD_REF", "GITHUB_REF_NAME"),
    *("CI_COMMIT_REF_NAME", "CI_COMMIT_TAG"),
)
GITHUBFLOW = "workflow: GitHubFlow/v1"


class Repo:
    """A repository driven by table steps; commits get increasing, fixed dates."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.clock = 0
        self.shas: dict[str, str] = {}
        self.failures: list[str] = []
        self.git("init", "-q", "-b", "main")
        (path / ".git" / "info" / "exclude").write_text("GitVersion.yml\n")

    def git(self, *args: str) -> str:
        self.clock += 1
        date = f"@{START + self.clock * 60} +0000"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.path),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "A. U. Thor",
            "GIT_AUTHOR_EMAIL": "thor@example.com",
            "GIT_COMMITTER_NAME": "A. U. Thor",
            "GIT_COMMITTER_EMAIL": "thor@example.com",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        }
        done = subprocess.run(
            ["git", *args], cwd=self.path, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def run(self, steps: str) -> None:
        for raw in steps.split("|"):
            self.step(raw.strip())

    def step(self, step: str) -> None:
        word, _, rest = step.partition(" ")
        name = word.partition("@")[2]
        if word.startswith("commit"):
            message = rest.replace("\\n", "\n") or f"commit {self.clock}"
            self.git("commit", "-q", "--allow-empty", "-m", message)
            if name:
                self.shas[name] = self.git("rev-parse", "HEAD")
        elif word == "tag":
            self.git("tag", rest)
        elif word == "atag":
            self.git("tag", "-a", "-m", f"release {rest}", rest)
        elif word == "branch":
            self.git("checkout", "-q", "-b", rest)
        elif word == "create":
            self.git("branch", *rest.split())
        elif word == "checkout":
            self.git("checkout", "-q", rest)
        elif word == "detach":
            self.git("checkout", "-q", "--detach", rest)
        elif word == "delete":
            self.git("branch", "-q", "-D", rest)
        elif word == "merge":
            branch, _, message = rest.partition(" ")
            how = ["-m", message] if message else ["--no-edit"]
            self.git("merge", "-q", "--no-ff", *how, branch)
        elif word == "config":
            text = rest.replace("\\n", "\n")
            for key, sha in self.shas.items():
                text = text.replace("{" + key + "}", sha)
            (self.path / "GitVersion.yml").write_text(text + "\n")
        elif word.startswith("expect"):
            commit = self.shas[name] if name else None
            got = self.result(commit=commit).version.full_text()
            if got != rest:
                self.failures.append(f"step {step!r}: got {got}")
        else:
            raise ValueError(f"unknown step {step!r}")

    def result(
        self,
        *,
        commit: str | None = None,
        branch: str | None = None,
        env: dict[str, str] | None = None,
    ) -> calculate.Result:
        snapshot = history.read(self.path)
        settings = config_file.load(
            snapshot.config.text if snapshot.config else None, source="GitVersion.yml"
        )
        request = calculate.Request(branch=branch, commit=commit, env=env or {})
        return calculate.calculate(snapshot.history, config=settings, request=request)


DOC_GITFLOW_FEATURE_FROM_MAIN = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch feature/foo | expect 1.2.1-foo.1+0 | commit"
    " | expect 1.2.1-foo.1+1 | checkout main | commit | expect 1.2.1-1 | tag 1.2.1 | expect 1.2.1"
    " | checkout feature/foo | merge main | expect 1.2.2-foo.1+2 | commit +semver: minor"
    " | expect 1.3.0-foo.1+3 | tag 2.0.0-foo.1 | expect 2.0.0-foo.2+0 | commit"
    " | expect 2.0.0-foo.2+1 | checkout main | branch pull/2/merge | merge feature/foo"
    " | expect 2.0.0-PullRequest2.5 | checkout main | delete pull/2/merge | merge feature/foo"
    " | delete feature/foo | expect 2.0.0-5 | commit | expect 2.0.0-6 | tag 2.0.0 | expect 2.0.0"
)
DOC_GITFLOW_FEATURE_FROM_DEVELOP = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch develop | expect 1.3.0-alpha.0"
    " | branch feature/foo | expect 1.3.0-foo.1+0 | commit | expect 1.3.0-foo.1+1 | checkout main"
    " | commit +semver: minor | expect 1.3.0-1 | tag 1.3.0 | expect 1.3.0 | checkout develop"
    " | merge main | expect 1.4.0-alpha.1 | checkout feature/foo | merge develop"
    " | expect 1.4.0-foo.1+3 | commit +semver: major | expect 2.0.0-foo.1+4 | tag 2.1.0-foo.1"
    " | expect 2.1.0-foo.2+0 | commit | expect 2.1.0-foo.2+1 | checkout develop"
    " | branch pull/2/merge | merge feature/foo | expect 2.1.0-PullRequest2.6 | checkout develop"
    " | delete pull/2/merge | merge feature/foo | delete feature/foo | expect 2.1.0-alpha.6"
    " | commit | expect 2.1.0-alpha.7"
)
DOC_GITFLOW_HOTFIX = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch hotfix/next | expect 1.2.1-beta.1+0 | commit"
    " | expect 1.2.1-beta.1+1 | checkout main | commit | expect 1.2.1-1 | tag 1.2.1 | expect 1.2.1"
    " | checkout hotfix/next | merge main | expect 1.2.2-beta.1+2 | commit +semver: minor"
    " | expect 1.3.0-beta.1+3 | tag 2.0.0-beta.1 | expect 2.0.0-beta.2+0 | commit"
    " | expect 2.0.0-beta.2+1 | checkout main | branch pull/2/merge | merge hotfix/next"
    " | expect 2.0.0-PullRequest2.5 | checkout main | delete pull/2/merge | merge hotfix/next"
    " | delete hotfix/next | expect 2.0.0-5 | commit | expect 2.0.0-6 | tag 2.0.0 | expect 2.0.0"
)
DOC_GITFLOW_RELEASE = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch release/next | expect 1.3.0-beta.1+0 | commit"
    " | expect 1.3.0-beta.1+1 | checkout main | commit | expect 1.2.1-1 | tag 1.2.1 | expect 1.2.1"
    " | checkout release/next | merge main | expect 1.3.0-beta.1+2 | commit +semver: major"
    " | expect 2.0.0-beta.1+3 | tag 2.0.1-beta.1 | expect 2.0.1-beta.2+0 | commit"
    " | expect 2.0.1-beta.2+1 | checkout main | branch pull/2/merge | merge release/next"
    " | expect 2.0.1-PullRequest2.5 | checkout main | delete pull/2/merge | merge release/next"
    " | delete release/next | expect 2.0.1-5 | commit | expect 2.0.1-6 | tag 2.0.1 | expect 2.0.1"
)
DOC_GITFLOW_VERSIONED_RELEASE = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch release/2.2.1 | expect 2.2.1-beta.1+0 | commit"
    " | expect 2.2.1-beta.1+1 | checkout main | commit | expect 1.2.1-1 | tag 2.2.1 | expect 2.2.1"
    " | checkout release/2.2.1 | merge main | expect 2.3.0-beta.1+2 | commit +semver: major"
    " | expect 3.0.0-beta.1+3 | tag 3.0.1-beta.1 | expect 3.0.1-beta.2+0 | commit"
    " | expect 3.0.1-beta.2+1 | checkout main | branch pull/2/merge | merge release/2.2.1"
    " | expect 3.0.1-PullRequest2.5 | checkout main | delete pull/2/merge | merge release/2.2.1"
    " | delete release/2.2.1 | expect 3.0.1-5 | commit | expect 3.0.1-6 | tag 3.0.1"
    " | expect 3.0.1"
)
DOC_GITFLOW_DEVELOP = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch develop | expect 1.3.0-alpha.0 | commit"
    " | expect 1.3.0-alpha.1 | branch release/1.3.0 | expect 1.3.0-beta.1+1 | commit"
    " | expect 1.3.0-beta.1+2 | checkout develop | expect 1.4.0-alpha.0 | merge release/1.3.0"
    " | expect 1.4.0-alpha.2 | checkout main | merge release/1.3.0 | delete release/1.3.0"
    " | tag 1.3.0 | expect 1.3.0 | commit | expect 1.3.1-1 | tag 1.3.1 | expect 1.3.1"
    " | checkout develop | merge main | expect 1.4.0-alpha.2 | commit +semver: major"
    " | expect 2.0.0-alpha.3 | tag 2.1.0-alpha.1 | expect 2.1.0-alpha.1 | commit"
    " | expect 2.1.0-alpha.2 | checkout main | branch pull/2/merge | merge develop"
    " | expect 2.1.0-PullRequest2.5 | checkout main | delete pull/2/merge | merge develop"
    " | expect 2.1.0-5 | commit | expect 2.1.0-6 | tag 2.1.0 | expect 2.1.0"
)
DOC_GITHUBFLOW_FEATURE = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch feature/foo | expect 1.2.1-foo.1+0 | commit"
    " | expect 1.2.1-foo.1+1 | checkout main | commit | expect 1.2.1-1 | tag 1.2.1 | expect 1.2.1"
    " | checkout feature/foo | merge main | expect 1.2.2-foo.1+2 | commit +semver: minor"
    " | expect 1.3.0-foo.1+3 | tag 2.0.0-foo.1 | expect 2.0.0-foo.2+0 | commit"
    " | expect 2.0.0-foo.2+1 | checkout main | branch pull/2/merge | merge feature/foo"
    " | expect 2.0.0-PullRequest2.5 | checkout main | delete pull/2/merge | merge feature/foo"
    " | delete feature/foo | expect 2.0.0-5 | commit | expect 2.0.0-6 | tag 2.0.0 | expect 2.0.0"
)
DOC_GITHUBFLOW_RELEASE = (
    "commit | tag 1.2.0 | expect 1.2.0 | branch release/next | expect 1.2.1-beta.1+0 | commit"
    " | expect 1.2.1-beta.1+1 | checkout main | commit | expect 1.2.1-1 | tag 1.2.1 | expect 1.2.1"
    " | checkout release/next | merge main | expect 1.2.2-beta.1+2 | commit +semver: minor"
    " | expect 1.3.0-beta.1+3 | tag 1.3.1-beta.1 | expect 1.3.1-beta.2+0 | commit"
    " | expect 1.3.1-beta.2+1 | checkout main | branch pull/2/merge | merge release/next"
    " | expect 1.3.1-PullRequest2.5 | checkout main | delete pull/2/merge | merge release/next"
    " | delete release/next | expect 1.3.1-5 | commit | expect 1.3.1-6 | tag 1.3.1 | expect 1.3.1"
)
FIVE = "commit | commit | commit | commit | commit"
MODES = "mode: {mode}\\nlabel: ~\\nbranches:\\n  main:\\n    increment: Patch\\n    label: ~\\n"
MODES += "    is-main-branch: true\\n    mode: {mode}\\n  feature:\\n    increment: Inherit\\n"
MODES += "    label: '{{BranchName}}'\\n    is-main-branch: false\\n    mode: {mode}"
ALL_DELIVERY = "branches:\\n  main:\\n    mode: ContinuousDelivery\\n  develop:\\n"
ALL_DELIVERY += "    mode: ContinuousDelivery\\n  release:\\n    mode: ContinuousDelivery"


def _modes(mode: str) -> str:
    return f"config {GITHUBFLOW}\\n" + MODES.format(mode=mode)


# (id, steps); "config" writes GitVersion.yml (``\n`` for newlines, ``{name}`` for SHAs).
SCENARIOS = [
    # --- GitFlow/v1 (the default workflow): the documented samples -------------------------
    ("gitflow-doc-feature-from-main", DOC_GITFLOW_FEATURE_FROM_MAIN),
    ("gitflow-doc-feature-from-develop", DOC_GITFLOW_FEATURE_FROM_DEVELOP),
    ("gitflow-doc-hotfix", DOC_GITFLOW_HOTFIX),
    ("gitflow-doc-release", DOC_GITFLOW_RELEASE),
    ("gitflow-doc-versioned-release", DOC_GITFLOW_VERSIONED_RELEASE),
    ("gitflow-doc-develop", DOC_GITFLOW_DEVELOP),
    # --- develop -----------------------------------------------------------------------------
    ("develop-after-main-tag", "commit | tag 1.2.0 | branch develop | commit | commit | expect 1.3.0-alpha.2"),
    ("develop-at-tagged-commit", "commit | tag 1.0.0 | branch develop | expect 1.1.0-alpha.0"),
    ("developer-is-an-unknown-branch", "commit | tag 1.0.0 | branch developer | commit | expect 1.0.1-developer.1+1"),
    ("develop-label-via-config", "config branches:\\n  develop:\\n    label: beta | commit | tag 1.0.0 | branch develop | commit | expect 1.1.0-beta.1"),
    ("develop-merges-release-back", "commit | tag 1.0.0 | branch develop | commit | branch release-2.0.0 | commit | checkout main | merge release-2.0.0 | checkout develop | merge release-2.0.0 | expect 2.1.0-alpha.2"),
    ("develop-tracks-release-branches", "commit | tag 1.0.0 | branch develop | commit | branch release/2.0.0 | commit | commit | checkout develop | expect 2.1.0-alpha.0 | commit | expect 2.1.0-alpha.1 | merge release/2.0.0 | expect 2.1.0-alpha.4 | branch feature/MyFeature | commit | expect 2.1.0-MyFeature.1+5"),
    ("develop-highest-release-branch", "commit | tag 1.0.0 | branch develop | create release/3.0.0 | commit | branch release/2.0.0 | commit | commit | expect 2.0.0-beta.1+3 | checkout develop | expect 3.1.0-alpha.1 | commit | expect 3.1.0-alpha.2 | merge release/2.0.0 | expect 3.1.0-alpha.5 | checkout release/2.0.0 | branch feature/MyFeature | commit | expect 2.0.0-MyFeature.1+4"),
    ("develop-several-candidates", "commit | tag 1.0.0 | create bob_develop | create develop | create feature/x | checkout develop | commit | checkout feature/x | commit | merge develop | expect 1.1.0-x.1+3"),
    ("develop-continuous-delivery-tag", "config branches:\\n  develop:\\n    mode: ContinuousDelivery | commit | tag 1.0.0 | branch develop | commit | tag 1.1.0-alpha7 | expect 1.1.0-alpha.7"),
    ("develop-release-finish-distance", "commit | tag 1.1.0 | branch develop | commit | expect 1.2.0-alpha.1 | branch release/1.2.0 | expect 1.2.0-beta.1+1 | checkout develop | commit | commit | commit | commit | expect 1.3.0-alpha.4 | checkout release/1.2.0 | commit | commit | commit | expect 1.2.0-beta.1+4 | checkout main | merge release/1.2.0 | tag 1.2.0 | checkout develop | merge release/1.2.0 | commit | expect 1.3.0-alpha.6 | delete release/1.2.0 | config " + ALL_DELIVERY + " | expect 1.3.0-alpha.6"),
    ("develop-previous-pre-release-tag", "commit | branch develop | commit | tag 1.0.0-alpha.3 | commit | commit | expect 1.0.0-alpha.5"),
    ("develop-no-merge-back", "commit | branch develop | commit | commit | commit | branch release/1.0.0 | commit | checkout main | merge release/1.0.0 | tag 1.0.0 | checkout develop | expect 1.1.0-alpha.0 | merge release/1.0.0 | expect 1.1.0-alpha.1 | commit | expect 1.1.0-alpha.2 | delete release/1.0.0 | expect 1.1.0-alpha.2"),
    ("develop-detached-head", "commit | tag 1.0.0 | branch develop | commit | tag mark | commit | detach mark | expect 1.1.0-alpha.1"),
    # --- release -----------------------------------------------------------------------------
    ("release-2.0.0-beta", f"commit | tag 1.0.3 | {FIVE} | branch release-2.0.0 | expect 2.0.0-beta.1+5 | commit | commit | expect 2.0.0-beta.1+7"),
    ("release-slash-releases", f"commit | tag 1.0.3 | {FIVE} | branch releases/2.0.0 | expect 2.0.0-beta.1+5 | commit | commit | expect 2.0.0-beta.1+7"),
    ("release-pre-release-tag", f"{FIVE} | branch releases/2.0.0 | tag v2.0.0-beta.1 | expect 2.0.0-beta.2+0"),
    ("release-label-rc", f"config branches:\\n  release:\\n    label: rc | commit | tag 1.0.3 | {FIVE} | branch release-2.0.0 | expect 2.0.0-rc.1+5 | commit | commit | expect 2.0.0-rc.1+7"),
    ("release-name-suffix", f"commit | tag 1.0.3 | create develop | {FIVE} | branch release-2.0.0-Final | expect 2.0.0-beta.1+5 | commit | commit | expect 2.0.0-beta.1+7"),
    ("release-merged-into-main", "commit | tag 1.0.3 | create develop | commit | branch release-2.0.0 | commit | commit | commit | commit | checkout main | merge release-2.0.0 | expect 2.0.0-6 | commit | commit | expect 2.0.0-8"),
    ("release-merged-then-tagged", "commit | tag 1.0.3 | commit | branch release-2.0.0 | commit | commit | commit | commit | checkout main | merge release-2.0.0 | expect 2.0.0-6 | delete release-2.0.0 | expect 2.0.0-6 | tag 2.0.0 | commit | expect 2.0.1-1"),
    ("github-pr-merge-message", "commit | tag 1.0.0 | branch release/2.0.0 | commit | checkout main | merge release/2.0.0 Merge pull request #12 from someone/release/2.0.0 | expect 2.0.0-2"),
    ("release-next-version", f"config next-version: 2.0.0 | {FIVE} | branch release-2.0.0 | expect 2.0.0-beta.1+5 | commit | commit | expect 2.0.0-beta.1+7"),
    # --- main: tags, merge messages ----------------------------------------------------------
    ("main-no-tags", "commit | commit | commit | expect 0.0.1-3"),
    ("main-bad-tags-ignored", "commit | tag BadTag | commit | commit | expect 0.0.1-3"),
    ("main-tag-on-head", "commit | tag 1.0.3 | expect 1.0.3"),
    ("main-tag-v-prefix-annotated", f"commit | atag v1.0.3 | {FIVE} | expect 1.0.4-5"),
    ("main-tag-prefix-custom", f"config tag-prefix: version- | commit | tag version-1.0.3 | {FIVE} | expect 1.0.4-5"),
    ("main-tag-prefix-regex", f"config tag-prefix: '(version-)?[vV]?' | commit | tag v1.0.3 | {FIVE} | expect 1.0.4-5 | commit | tag version-1.0.5 | {FIVE} | expect 1.0.6-5"),
    ("main-tag-prefix-empty", f"config tag-prefix: '' | commit | tag version-1.0.3 | {FIVE} | expect 0.0.1-6 | commit | tag bad/1.0.3 | expect 0.0.1-7"),
    ("main-track-merge-message", "commit | tag 1.0.0 | branch release/1.1.0 | commit | commit | expect 1.1.0-beta.1+2 | checkout main | commit | expect 1.0.1-1 | merge release/1.1.0 | expect 1.1.0-4"),
    ("main-no-track-merge-message", "config branches:\\n  main:\\n    track-merge-message: false | commit | tag 1.0.0 | branch release/1.1.0 | commit | commit | expect 1.1.0-beta.1+2 | checkout main | commit | expect 1.0.1-1 | merge release/1.1.0 | expect 1.0.1-4"),
    ("main-detached-head", "commit one | commit two | commit three | tag mark | commit | detach mark | expect 0.0.1-3"),
    # --- next-version ------------------------------------------------------------------------
    ("next-version-over-tag", f"config next-version: 1.1.0 | commit | tag 1.0.3 | {FIVE} | expect 1.1.0-5"),
    ("next-version-tag-on-head-wins", "commit | tag 1.0.3 | config next-version: 1.1.0 | expect 1.0.3"),
    ("next-version-after-tag", "commit | tag 1.0.3 | commit | expect 1.0.4-1 | config next-version: 1.1.0 | expect 1.1.0-1"),
    ("next-version-lower-than-tag", f"commit | tag 1.1.0 | {FIVE} | config next-version: 1.0.0 | expect 1.1.1-5"),
    ("next-version-no-tags", "config next-version: 0.1.0 | commit | expect 0.1.0-1"),
    # --- +semver messages ----------------------------------------------------------------------
    ("semver-minor-then-major", "commit | commit | tag 1.0.0 | commit +semver:minor | expect 1.1.0-1 | commit +semver:major | expect 2.0.0-2"),
    ("semver-tag-takes-priority", "commit | tag 1.0.0 | commit +semver:major | expect 2.0.0-1 | tag 1.1.0 | expect 1.1.0 | commit | expect 1.1.1-1"),
    ("semver-tag-on-bumping-commit", "commit | commit | tag 1.0.0 | commit +semver:minor | expect 1.1.0-1 | tag 2.0.0 | commit Hello | expect 2.0.1-1"),
    ("semver-breaking-in-body", "commit | tag 1.0.0 | commit feat: thing\\n\\n+semver: breaking | expect 2.0.0-1"),
    ("semver-feature", "commit | tag 1.0.0 | commit +semver: feature | expect 1.1.0-1"),
    ("semver-fix", "commit | tag 1.0.0 | commit +semver: fix | expect 1.0.1-1"),
    ("semver-none-keeps-branch-increment", "commit | tag 1.0.0 | commit +semver: none | expect 1.0.1-1"),
    ("semver-label-on-main", "config branches:\\n  main:\\n    label: pre | commit | commit | tag 1.0.0-pre.1 | commit | expect 1.0.0-pre.2"),
    ("message-incrementing-disabled", "config commit-message-incrementing: Disabled | commit | tag 1.0.0 | commit +semver: major | expect 1.0.1-1"),
    ("message-incrementing-merge-only", "config commit-message-incrementing: MergeMessageOnly | commit | tag 1.0.0 | commit +semver: major | expect 1.0.1-1 | branch feature/a | commit | checkout main | merge feature/a Merge feature/a +semver: minor | expect 1.1.0-3"),
    ("message-incrementing-disabled-feature", "config assembly-versioning-scheme: Major\\nbranches:\\n  main:\\n    mode: ContinuousDelivery\\n  develop:\\n    prevent-increment:\\n      of-merged-branch: true\\n  feature:\\n    label: 'feat-{BranchName}'\\n    mode: ContinuousDelivery\\ncommit-message-incrementing: Disabled | commit | branch develop | commit | tag 16.23.0 | commit | branch feature/featX | commit | checkout develop | commit | checkout feature/featX | merge develop | expect 16.24.0-feat-featX.4"),
    # --- ignore ------------------------------------------------------------------------------
    ("ignore-sha", f"commit A | commit@B B | commit C | commit D | config {GITHUBFLOW}\\nignore:\\n  sha: [{{B}}] | expect 0.0.1-3"),
    ("ignore-sha-with-commit", f"commit A | commit@B B | commit@C C | commit D | config {GITHUBFLOW}\\nignore:\\n  sha: [{{B}}] | expect@C 0.0.1-2"),
    ("ignore-sha-of-current-commit", f"commit A | commit B | commit@C C | config {GITHUBFLOW}\\nignore:\\n  sha: [{{C}}] | expect@C 0.0.1-2"),
    ("ignore-sha-of-tagged-commit", f"commit A | commit B | commit@C C | tag 1.0.0 | commit D | config {GITHUBFLOW}\\nignore:\\n  sha: [{{C}}] | expect 0.0.1-3"),
    ("ignore-commits-before", f"commit A | commit B | commit C | tag 1.0.0 | commit D | config {GITHUBFLOW}\\nignore:\\n  commits-before: 2024-01-01T00:04:30 | expect 0.0.1-1"),
    ("ignore-head-falls-back-to-tag", f"commit A | tag 1.0.0 | commit@B B | config {GITHUBFLOW}\\nignore:\\n  sha: [{{B}}] | expect 1.0.0"),
    ("ignore-head-tag-incremented", f"commit A | tag 1.0.0 | commit@B B | config {GITHUBFLOW}\\nignore:\\n  sha: [{{B}}]\\nbranches:\\n  main:\\n    prevent-increment:\\n      when-current-commit-tagged: false | expect 1.0.1-0"),
    ("commit-option", f"config {GITHUBFLOW} | commit A | commit@B B | commit C | commit D | expect@B 0.0.1-2"),
    # --- support and hotfix ------------------------------------------------------------------
    ("support-release-and-hotfix", "commit | tag 1.1.0 | branch release-2.0.0 | commit | commit | checkout main | merge release-2.0.0 | tag 2.0.0 | expect 2.0.0 | checkout 1.1.0 | branch support/1.0.0 | expect 1.1.0 | branch release/1.2.0 | commit | expect 1.2.0-beta.1+1 | checkout support/1.0.0 | merge release/1.2.0 | expect 1.2.0-2 | tag 1.2.0 | branch hotfix/1.2.1 | commit | expect 1.2.1-beta.1+1 | checkout support/1.0.0 | merge hotfix/1.2.1 | expect 1.2.1-2"),
    ("support-from-support", "commit | branch Support-1.2.0 | commit | tag 1.2.0 | branch Support-1.3.0 | tag 1.3.0 | commit | commit | expect 1.3.1-2"),
    ("support-after-rc-tag", "commit | expect 0.0.1-1 | tag 1.4.0-rc | commit | branch support/1 | expect 1.4.0-2"),
    ("hotfix-latest-release", "commit | tag 1.2.0 | branch develop | commit | checkout main | branch hotfix-1.2.1 | commit | expect 1.2.1-beta.1+1 | commit | expect 1.2.1-beta.1+2 | tag 1.2.1-beta.1 | expect 1.2.1-beta.2+0 | commit | expect 1.2.1-beta.2+1 | checkout main | merge hotfix-1.2.1 | expect 1.2.1-4 | tag 1.2.1 | expect 1.2.1 | checkout develop | expect 1.3.0-alpha.1 | merge hotfix-1.2.1 | expect 1.3.0-alpha.2"),
    ("hotfix-older-release", "commit | tag 1.0.0 | commit | tag 1.1.0 | commit | tag 2.0.0 | branch develop | commit | checkout main | create support-1.1 1.1.0 | checkout support-1.1 | expect 1.1.0 | branch hotfix-1.1.1 | expect 1.1.1-beta.1+0 | commit | expect 1.1.1-beta.1+1 | commit | expect 1.1.1-beta.1+2 | branch feature/fix | expect 1.1.1-fix.1+2 | commit | expect 1.1.1-fix.1+3 | checkout hotfix-1.1.1 | branch pull/8/merge | merge feature/fix | expect 1.1.1-PullRequest8.4 | checkout hotfix-1.1.1 | merge feature/fix | expect 1.1.1-beta.1+4 | checkout support-1.1 | merge hotfix-1.1.1 | expect 1.1.1-5 | tag 1.1.1 | expect 1.1.1 | checkout develop | expect 2.1.0-alpha.1 | merge support-1.1 | expect 2.1.0-alpha.7"),
    ("hotfix-tag-does-not-move-develop", "commit | tag 1.2.0 | branch develop | commit | checkout main | branch hotfix-1.2.1 | commit | expect 1.2.1-beta.1+1 | tag 1.2.1-beta.1 | expect 1.2.1-beta.2+0 | checkout develop | commit | expect 1.3.0-alpha.2"),
    # --- GitHubFlow/v1 -------------------------------------------------------------------------
    ("githubflow-doc-feature", f"config {GITHUBFLOW} | " + DOC_GITHUBFLOW_FEATURE),
    ("githubflow-doc-release", f"config {GITHUBFLOW} | " + DOC_GITHUBFLOW_RELEASE),
    # --- deployment modes ----------------------------------------------------------------------
    ("mode-continuous-deployment", _modes("ContinuousDeployment") + " | commit | tag 1.0.0 | expect 1.0.0 | commit | expect 1.0.1 | commit | expect 1.0.1 | tag 1.0.1-alpha.1 | expect 1.0.1 | commit | expect 1.0.1 | commit | tag 1.0.1-beta.1 | expect 1.0.1 | commit | expect 1.0.1 | tag 1.0.1 | expect 1.0.1 | commit | expect 1.0.2 | tag 1.0.2-1 | expect 1.0.2 | commit | expect 1.0.2"),
    ("mode-continuous-delivery", _modes("ContinuousDelivery") + " | commit | tag 1.0.0 | expect 1.0.0 | commit | expect 1.0.1-1 | commit | expect 1.0.1-2 | tag 1.0.1-alpha.1 | expect 1.0.1-alpha.1 | commit | expect 1.0.1-alpha.2 | commit | expect 1.0.1-alpha.3 | commit | tag 1.0.1-beta.1 | expect 1.0.1-beta.1 | commit | expect 1.0.1-beta.2 | tag 1.0.1 | expect 1.0.1 | commit | expect 1.0.2-1 | tag 1.0.2-1 | expect 1.0.2-1 | commit | expect 1.0.2-2 | commit | expect 1.0.2-3"),
    ("mode-manual-deployment", _modes("ManualDeployment") + " | commit | tag 1.0.0 | expect 1.0.0 | commit | expect 1.0.1-1+1 | commit | expect 1.0.1-1+2 | tag 1.0.1-alpha.1 | expect 1.0.1-alpha.1 | commit | expect 1.0.1-alpha.2+1 | commit | expect 1.0.1-alpha.2+2 | commit | tag 1.0.1-beta.1 | expect 1.0.1-beta.1 | commit | expect 1.0.1-beta.2+1 | tag 1.0.1 | expect 1.0.1 | commit | expect 1.0.2-1+1 | tag 1.0.2-1 | expect 1.0.2-1 | commit | expect 1.0.2-2+1 | commit | expect 1.0.2-2+2"),
    ("mode-continuous-deployment-feature", _modes("ContinuousDeployment") + " | commit | tag 0.0.2 | branch feature/test | commit | expect 0.0.3 | commit | expect 0.0.3 | checkout main | merge feature/test | delete feature/test | expect 0.0.3"),
    ("mode-continuous-delivery-feature", _modes("ContinuousDelivery") + " | commit | tag 0.0.2 | branch feature/test | commit | expect 0.0.3-test.1 | commit | expect 0.0.3-test.2 | checkout main | merge feature/test | delete feature/test | expect 0.0.3-3"),
    ("mode-manual-deployment-feature", _modes("ManualDeployment") + " | commit | tag 0.0.2 | branch feature/test | commit | expect 0.0.3-test.1+1 | commit | expect 0.0.3-test.1+2 | checkout main | merge feature/test | delete feature/test | expect 0.0.3-1+3"),
    ("mode-main-manual", "config branches:\\n  main:\\n    mode: ManualDeployment | commit | tag 1.0.0 | commit | commit | expect 1.0.1-1+2"),
    ("mode-main-delivery-label", "config branches:\\n  main:\\n    label: ci\\n    mode: ContinuousDelivery | commit | tag 1.0.0 | commit | commit | expect 1.0.1-ci.2"),
    ("mode-main-deployment-label", "config branches:\\n  main:\\n    label: ci\\n    mode: ContinuousDeployment | commit | tag 1.0.0 | commit | commit | expect 1.0.1"),
]  # fmt: skip


@pytest.mark.parametrize(("steps"), [s for _, s in SCENARIOS], ids=[i for i, _ in SCENARIOS])
def test_scenario(tmp_path: Path, steps: str) -> None:
    repo = Repo(tmp_path)
    repo.run(steps)
    assert repo.failures == []


def test_variables_of_a_release_branch(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.run("commit | tag 1.0.3 | commit | commit | branch release/2.0.0 | commit")
    result = repo.result()
    values = variables.json_values(variables.of(result, env={}))
    sha = repo.git("rev-parse", "HEAD")
    source = repo.git("rev-parse", "1.0.3^{commit}")
    assert values == {
        "AssemblySemFileVer": "2.0.0.0",
        "AssemblySemVer": "2.0.0.0",
        "BranchName": "release/2.0.0",
        "BuildMetaData": 3,
        "CommitDate": "2024-01-01",
        "CommitsSinceVersionSource": 3,
        "EscapedBranchName": "release-2-0-0",
        "FullBuildMetaData": f"3.Branch.release-2.0.0.Sha.{sha}",
        "FullSemVer": "2.0.0-beta.1+3",
        "InformationalVersion": f"2.0.0-beta.1+3.Branch.release-2.0.0.Sha.{sha}",
        "Major": 2,
        "MajorMinorPatch": "2.0.0",
        "Minor": 0,
        "Patch": 0,
        "PreReleaseLabel": "beta",
        "PreReleaseLabelWithDash": "-beta",
        "PreReleaseNumber": 1,
        "PreReleaseTag": "beta.1",
        "PreReleaseTagWithDash": "-beta.1",
        "SemVer": "2.0.0-beta.1",
        "Sha": sha,
        "ShortSha": sha[:7],
        "UncommittedChanges": 0,
        "VersionSourceDistance": 3,
        "VersionSourceIncrement": "None",
        "VersionSourceSemVer": "2.0.0",
        "VersionSourceSha": source,
        "WeightedPreReleaseNumber": 30001,
    }


def test_variables_of_a_tagged_main(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.run("commit | tag v1.2.0")
    values = variables.json_values(variables.of(repo.result(), env={}))
    sha = repo.git("rev-parse", "HEAD")
    assert values["FullSemVer"] == "1.2.0"
    assert values["BuildMetaData"] is None
    assert values["PreReleaseNumber"] is None
    assert values["WeightedPreReleaseNumber"] == 60000
    assert values["InformationalVersion"] == f"1.2.0+Branch.main.Sha.{sha}"
    assert values["VersionSourceSha"] == sha
    assert values["VersionSourceDistance"] == 0


def test_assembly_formats_and_commit_date_format(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.run(
        "config assembly-versioning-scheme: MajorMinor\\n"
        "assembly-file-versioning-format: '{MajorMinorPatch}.{env:BUILD_ID ?? \"7\"}'\\n"
        "commit-date-format: 'yyyyMMdd-HHmm' | commit | tag 1.2.3 | commit"
    )
    values = variables.of(repo.result(), env={})
    assert values["AssemblySemVer"] == "1.2.0.0"
    assert values["AssemblySemFileVer"] == "1.2.4.7"
    assert values["CommitDate"] == "20240101-0004"
    assert variables.of(repo.result(), env={"BUILD_ID": "42"})["AssemblySemFileVer"] == "1.2.4.42"


# --- bad inputs, through the command itself ------------------------------------------------

runner = CliRunner()


@pytest.fixture
def no_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in CI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(cli.app, ["version", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_json_is_the_default_output(tmp_path: Path, no_ci: None) -> None:
    Repo(tmp_path).run("commit | tag 1.2.0 | branch develop | commit")
    code, out, _ = _cli(str(tmp_path))
    assert code == 0
    assert json.loads(out)["FullSemVer"] == "1.3.0-alpha.1"
    code, out, _ = _cli(str(tmp_path), "--show-variable", "SemVer")
    assert (code, out) == (0, "1.3.0-alpha.1\n")


def test_env_output_is_safe_for_shells(tmp_path: Path, no_ci: None) -> None:
    """SECURITY-CASES 24: a branch name full of shell syntax stays data."""
    repo = Repo(tmp_path)
    branch = "feature/x;$(touch${IFS}pwned)`touch${IFS}pwned2`'"
    repo.run(f"commit | tag 1.0.0 | branch {branch} | commit")
    code, out, _ = _cli(str(tmp_path), "-o", "env")
    assert code == 0
    assert "GitVersion_Major=1\n" in out
    script = out + 'printf "%s\\n" "$GitVersion_BranchName" "$GitVersion_FullSemVer"'
    shown = subprocess.run(
        ["sh", "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout
    assert shown == f"{branch}\n1.0.1-x---touch--IFS-pwned--touch--IFS-pwned2--.1+1\n"
    assert not (tmp_path / "pwned").exists()
    assert not (tmp_path / "pwned2").exists()
    assert shlex.split(out.splitlines()[2]) == [f"GitVersion_BranchName={branch}"]


def test_text_output_explains_the_branch(tmp_path: Path, no_ci: None) -> None:
    repo = Repo(tmp_path)
    repo.run("commit | tag 1.0.0 | create other | detach main")
    code, out, _ = _cli(str(tmp_path), "-o", "text")
    assert code == 0
    first, branch_line = out.splitlines()[:2]
    assert first == "1.0.0"
    assert "(no branch)" in branch_line
    assert "detached HEAD" in branch_line


def test_detached_head_without_hints_is_an_unknown_branch(tmp_path: Path, no_ci: None) -> None:
    repo = Repo(tmp_path)
    repo.run("commit | tag 1.0.0 | commit | create a | create b | detach a")
    result = repo.result()
    assert result.branch == "(no branch)"
    assert result.version.full_text() == "1.0.1--no-branch-.1+1"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"GITHUB_REF": "refs/pull/7/merge"}, "1.0.1-PullRequest7.1"),
        ({"GITHUB_REF": "refs/heads/feature/login"}, "1.0.1-login.1+1"),
        ({"GITHUB_REF_TYPE": "branch", "GITHUB_HEAD_REF": "feature/login"}, "1.0.1-login.1+1"),
        ({"CI_COMMIT_REF_NAME": "release/2.0.0"}, "2.0.0-beta.1+1"),
        ({"CI_COMMIT_REF_NAME": "release/2.0.0", "CI_COMMIT_TAG": "x"}, "1.0.1--no-branch-.1+1"),
    ],
)  # fmt: skip
def test_detached_head_in_ci(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    repo = Repo(tmp_path)
    repo.run("commit | tag 1.0.0 | commit | create a | create b | detach a")
    assert repo.result(env=env).version.full_text() == expected


def test_branch_option_names_a_detached_head(tmp_path: Path, no_ci: None) -> None:
    repo = Repo(tmp_path)
    repo.run("commit | tag 1.0.0 | branch develop | commit | commit | detach HEAD~1")
    assert repo.result(branch="develop").version.full_text() == "1.1.0-alpha.1"
    repo.run("checkout main")
    assert repo.result(branch="develop").version.full_text() == "1.1.0-alpha.2"


def test_uncommitted_changes_are_counted(tmp_path: Path, no_ci: None) -> None:
    repo = Repo(tmp_path)
    (tmp_path / "a.txt").write_text("a\n")
    (tmp_path / "b.txt").write_text("b\n")
    repo.git("add", "a.txt", "b.txt")
    repo.run("commit | tag 1.0.0")
    (tmp_path / "a.txt").write_text("changed\n")
    (tmp_path / "c.txt").write_text("staged\n")
    repo.git("add", "c.txt")
    (tmp_path / "untracked.txt").write_text("not counted\n")
    code, out, _ = _cli(str(tmp_path), "--show-variable", "UncommittedChanges")
    assert (code, out) == (0, "2\n")


def test_not_a_repository(tmp_path: Path) -> None:
    code, _, err = _cli(str(tmp_path))
    assert code == 1
    assert "is not in a Git repository" in err


def test_shallow_clone_is_refused(tmp_path: Path) -> None:
    origin = Repo(tmp_path / "origin")
    origin.run("commit | tag 1.0.0 | commit | commit")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{origin.path}", str(clone)],
        check=True,
        capture_output=True,
    )
    code, _, err = _cli(str(clone))
    assert code == 1
    assert "shallow clone" in err
    assert "git fetch --unshallow" in err


def test_repository_without_commits(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    code, _, err = _cli(str(tmp_path))
    assert code == 1
    assert "no commits yet" in err


def test_wrong_types_in_gitversion_yml_name_file_key_and_line(tmp_path: Path) -> None:
    repo = Repo(tmp_path)
    repo.run("commit")
    (tmp_path / "GitVersion.yml").write_text(
        "some-future-key: tolerated\n"
        "next-version: [1]\n"
        "branches:\n"
        "  main:\n"
        "    increment: Sometimes\n"
        "    is-main-branch: maybe\n"
    )
    code, _, err = _cli(str(tmp_path))
    assert code == 1
    assert "GitVersion.yml:2: next-version: must be a string, not a list" in err
    assert "GitVersion.yml:5: branches.main.increment: must be one of" in err
    assert "GitVersion.yml:6: branches.main.is-main-branch: must be true or false" in err


def test_unknown_commit_and_bad_output(tmp_path: Path) -> None:
    Repo(tmp_path).run("commit")
    code, _, err = _cli(str(tmp_path), "--commit", "deadbeef")
    assert code == 1
    assert "not in the history" in err
    code, _, err = _cli(str(tmp_path), "--commit", "--help;rm")
    assert code == 1
    assert "is not a commit SHA" in err
    code, _, err = _cli(str(tmp_path), "-o", "yaml")
    assert code == 1
