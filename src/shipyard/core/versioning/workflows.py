"""The defaults of GitVersion 6's workflows, in GitVersion.yml's own keys.

Values are those documented for GitVersion 6.8 (docs/input/docs/workflows/GitFlow/v1.yml and
GitHubFlow/v1.yml). A user's GitVersion.yml is merged over one of these as a tree: mappings merge
key by key, every other value (lists included) replaces the default.
"""

from __future__ import annotations

from typing import Any

GITFLOW = "GitFlow/v1"
GITHUBFLOW = "GitHubFlow/v1"
DEFAULT_WORKFLOW = GITFLOW

_ALL_SOURCES = ["main", "develop", "release", "feature", "pull-request", "hotfix", "support"]

_GLOBAL: dict[str, Any] = {
    "mode": "ContinuousDelivery",
    "label": "{BranchName}",
    "increment": "Inherit",
    "prevent-increment": {
        "of-merged-branch": False,
        "when-branch-merged": False,
        "when-current-commit-tagged": True,
    },
    "track-merge-target": False,
    "track-merge-message": True,
    "commit-message-incrementing": "Enabled",
    "regex": "",
    "source-branches": [],
    "is-source-branch-for": [],
    "tracks-release-branches": False,
    "is-release-branch": False,
    "is-main-branch": False,
    "assembly-versioning-scheme": "MajorMinorPatch",
    "assembly-file-versioning-scheme": "MajorMinorPatch",
    "tag-prefix": "[vV]?",
    "version-in-branch-pattern": r"(?<version>[vV]?\d+(\.\d+)?(\.\d+)?).*",
    "major-version-bump-message": r"\+semver:\s?(breaking|major)",
    "minor-version-bump-message": r"\+semver:\s?(feature|minor)",
    "patch-version-bump-message": r"\+semver:\s?(fix|patch)",
    "no-bump-message": r"\+semver:\s?(none|skip)",
    "tag-pre-release-weight": 60000,
    "commit-date-format": "yyyy-MM-dd",
    "merge-message-formats": {},
    "update-build-number": True,
    "semantic-version-format": "Strict",
    "strategies": [
        "Fallback",
        "ConfiguredNextVersion",
        "MergeMessage",
        "TaggedCommit",
        "TrackReleaseBranches",
        "VersionInBranchName",
    ],
    "ignore": {"sha": [], "paths": []},
}

_MAIN: dict[str, Any] = {
    "label": "",
    "increment": "Patch",
    "prevent-increment": {"of-merged-branch": True},
    "track-merge-target": False,
    "track-merge-message": True,
    "regex": "^master$|^main$",
    "source-branches": [],
    "is-source-branch-for": [],
    "tracks-release-branches": False,
    "is-release-branch": False,
    "is-main-branch": True,
    "pre-release-weight": 55000,
}

_GITFLOW_BRANCHES: dict[str, dict[str, Any]] = {
    "develop": {
        "mode": "ContinuousDelivery",
        "label": "alpha",
        "increment": "Minor",
        "prevent-increment": {"when-current-commit-tagged": False},
        "track-merge-target": True,
        "track-merge-message": True,
        "regex": "^dev(elop)?(ment)?$",
        "source-branches": ["main"],
        "is-source-branch-for": [],
        "tracks-release-branches": True,
        "is-release-branch": False,
        "is-main-branch": False,
        "pre-release-weight": 0,
    },
    "main": _MAIN,
    "release": {
        "mode": "ManualDeployment",
        "label": "beta",
        "increment": "Minor",
        "prevent-increment": {"of-merged-branch": True, "when-current-commit-tagged": False},
        "track-merge-target": False,
        "regex": r"^releases?[\/-](?<BranchName>.+)",
        "source-branches": ["main", "support"],
        "is-source-branch-for": [],
        "tracks-release-branches": False,
        "is-release-branch": True,
        "is-main-branch": False,
        "pre-release-weight": 30000,
    },
    "feature": {
        "mode": "ManualDeployment",
        "label": "{BranchName}",
        "increment": "Inherit",
        "prevent-increment": {"when-current-commit-tagged": False},
        "track-merge-message": True,
        "regex": r"^features?[\/-](?<BranchName>.+)",
        "source-branches": ["develop", "main", "release", "support", "hotfix"],
        "is-source-branch-for": [],
        "is-main-branch": False,
        "pre-release-weight": 30000,
    },
    "pull-request": {
        "mode": "ContinuousDelivery",
        "label": "PullRequest{Number}",
        "increment": "Inherit",
        "prevent-increment": {"of-merged-branch": True, "when-current-commit-tagged": False},
        "track-merge-message": True,
        "regex": r"^(pull-requests|pull|pr)[\/-](?<Number>\d*)",
        "source-branches": ["develop", "main", "release", "feature", "support", "hotfix"],
        "is-source-branch-for": [],
        "pre-release-weight": 30000,
    },
    "hotfix": {
        "mode": "ManualDeployment",
        "label": "beta",
        "increment": "Inherit",
        "prevent-increment": {"when-current-commit-tagged": False},
        "regex": r"^hotfix(es)?[\/-](?<BranchName>.+)",
        "source-branches": ["main", "support"],
        "is-source-branch-for": [],
        "is-release-branch": True,
        "is-main-branch": False,
        "pre-release-weight": 30000,
    },
    "support": {
        "label": "",
        "increment": "Patch",
        "prevent-increment": {"of-merged-branch": True},
        "track-merge-target": False,
        "regex": r"^support[\/-](?<BranchName>.+)",
        "source-branches": ["main"],
        "is-source-branch-for": [],
        "tracks-release-branches": False,
        "is-release-branch": False,
        "is-main-branch": True,
        "pre-release-weight": 55000,
    },
    "unknown": {
        "mode": "ManualDeployment",
        "label": "{BranchName}",
        "increment": "Inherit",
        "prevent-increment": {"when-current-commit-tagged": True},
        "regex": "(?<BranchName>.+)",
        "source-branches": _ALL_SOURCES,
        "is-source-branch-for": [],
        "is-main-branch": False,
    },
}

_GITHUBFLOW_BRANCHES: dict[str, dict[str, Any]] = {
    "main": _MAIN,
    "release": {
        "mode": "ManualDeployment",
        "label": "beta",
        "increment": "Patch",
        "prevent-increment": {
            "of-merged-branch": True,
            "when-branch-merged": False,
            "when-current-commit-tagged": False,
        },
        "track-merge-target": False,
        "track-merge-message": True,
        "regex": r"^releases?[\/-](?<BranchName>.+)",
        "source-branches": ["main"],
        "is-source-branch-for": [],
        "tracks-release-branches": False,
        "is-release-branch": True,
        "is-main-branch": False,
        "pre-release-weight": 30000,
    },
    "feature": {
        "mode": "ManualDeployment",
        "label": "{BranchName}",
        "increment": "Inherit",
        "prevent-increment": {"when-current-commit-tagged": False},
        "track-merge-message": True,
        "regex": r"^features?[\/-](?<BranchName>.+)",
        "source-branches": ["main", "release"],
        "is-source-branch-for": [],
        "is-main-branch": False,
        "pre-release-weight": 30000,
    },
    "pull-request": {
        "mode": "ContinuousDelivery",
        "label": "PullRequest{Number}",
        "increment": "Inherit",
        "prevent-increment": {"of-merged-branch": True, "when-current-commit-tagged": False},
        "track-merge-message": True,
        "regex": r"^(pull-requests|pull|pr)[\/-](?<Number>\d*)",
        "source-branches": ["main", "release", "feature"],
        "is-source-branch-for": [],
        "pre-release-weight": 30000,
    },
    "unknown": {
        "mode": "ManualDeployment",
        "label": "{BranchName}",
        "increment": "Inherit",
        "prevent-increment": {"when-current-commit-tagged": False},
        "track-merge-message": False,
        "regex": "(?<BranchName>.+)",
        "source-branches": ["main", "release", "feature", "pull-request"],
        "is-source-branch-for": [],
        "is-main-branch": False,
    },
}

WORKFLOWS: dict[str, dict[str, dict[str, Any]]] = {
    GITFLOW: _GITFLOW_BRANCHES,
    GITHUBFLOW: _GITHUBFLOW_BRANCHES,
}


def defaults(workflow: str) -> dict[str, Any]:
    """A fresh, mutable copy of a workflow's whole configuration tree."""
    tree: dict[str, Any] = _copy(_GLOBAL)
    tree["branches"] = _copy(WORKFLOWS[workflow])
    return tree


def _copy(value: Any) -> Any:  # Any: YAML-shaped trees
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return list(value)
    return value
