"""Base versions: the versions a branch could build on, one strategy each (GitVersion's names).

- ``ConfiguredNextVersion``: ``next-version`` from GitVersion.yml.
- ``MergeMessage``: "Merge branch 'release/1.2.0'" and similar messages of merged release
  branches (the five most recent).
- ``TaggedCommit``: version tags the branch sees, newest first; an older tag is skipped when even
  a major bump of it could not beat the versions already found.
- ``TrackReleaseBranches``: the version in the name of every release branch (develop).
- ``VersionInBranchName``: the version in the name of a release branch (``release/1.2.0``).
- ``Fallback``: 0.0.0 incremented from the most recent matching tag, when nothing else applies.

Each base version says what it starts from, which commit it counts commits from (None: the
whole history) and how to increment it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from shipyard.core.versioning import config as cfg
from shipyard.core.versioning import graph as history
from shipyard.core.versioning import repository as repo
from shipyard.core.versioning import semver


@dataclasses.dataclass(frozen=True, kw_only=True)
class BaseVersion:
    source: str  # what it came from, for people
    version: semver.SemVer
    source_commit: int | None  # counting starts after this commit; None counts everything
    increment: semver.VersionField | None = None  # None: take the version as it is
    label: str | None = None
    alternative: semver.SemVer | None = None

    def incremented(self) -> semver.SemVer:
        if self.increment is None:
            return self.version
        return semver.increment(
            self.version, self.increment, label=self.label, alternatives=(self.alternative,)
        )


ORDER = (
    "ConfiguredNextVersion",
    "MergeMessage",
    "TaggedCommit",
    "TrackReleaseBranches",
    "VersionInBranchName",
    "Fallback",
)


def base_versions(
    strategy: str,
    *,
    repository: repo.Repository,
    effective: cfg.Effective,
    branch: history.Branch,
) -> Iterator[BaseVersion]:
    if strategy == "ConfiguredNextVersion":
        yield from _configured_next_version(repository, effective)
    elif strategy == "MergeMessage":
        yield from _merge_messages(repository, effective)
    elif strategy == "TaggedCommit":
        yield from _tagged_commits(repository, effective)
    elif strategy == "TrackReleaseBranches":
        yield from _release_branches(repository, effective)
    elif strategy == "VersionInBranchName":
        found = version_in_branch_name(repository, effective=effective, branch=branch)
        if found is not None:
            yield found
    elif strategy == "Fallback":
        yield _fallback(repository, effective)


def _configured_next_version(
    repository: repo.Repository, effective: cfg.Effective
) -> Iterator[BaseVersion]:
    version = repository.config.next_version
    if version is None:
        return
    label = repository.label(effective)
    if not semver.matches_label(version, label):
        return
    relabel = not version.is_pre_release or (
        label is not None and version.pre_release.name != label
    )
    yield BaseVersion(
        source="NextVersion in GitVersion configuration file",
        version=version,
        source_commit=None,
        increment=semver.VersionField.NONE if relabel else None,
        label=label if relabel else None,
    )


def _merge_messages(repository: repo.Repository, effective: cfg.Effective) -> Iterator[BaseVersion]:
    if not effective.track_merge_message:
        return
    graph = repository.graph
    maybe = None if repository.config.merge_message_formats else _MERGE_START.match
    found = 0
    for position in repository.branch_commits(repository.current_branch):
        commit = graph.commits[position]
        if maybe is not None and maybe(commit.message) is None:
            continue
        merged = merged_release(commit, repository.config)
        if merged is None:
            continue
        parents = graph.parents[position]
        source: int | None = position
        if len(commit.parents) > 1:
            source = graph.merge_base(parents[0], parents[1]) if len(parents) > 1 else None
        label = repository.label(effective)
        increment = (
            semver.VersionField.NONE
            if effective.prevent_increment_of_merged_branch
            else repository.incremented_field(source, effective=effective, label=label)
        )
        yield BaseVersion(
            source=f"Merge message '{commit.message.strip()}'",
            version=merged,
            source_commit=None,
            increment=increment,
            label=label,
        )
        found += 1
        if found == 5:
            return


def _tagged_commits(repository: repo.Repository, effective: cfg.Effective) -> Iterator[BaseVersion]:
    lookup = repository.tagged_versions(
        effective=effective,
        label=None,
        not_older_than=repository.graph.when[repository.current],
    )
    label = repository.label(effective)
    threshold = (0, 0, 0)
    others: list[semver.SemVer] = []
    seen: set[repo.TaggedVersion] = set()
    for _, tagged_versions in lookup:
        for tagged in tagged_versions:
            if tagged in seen:
                continue
            seen.add(tagged)
            if not semver.matches_label(tagged.version, label):
                others.append(tagged.version)
                continue
            alternative = semver.highest(others)
            others.clear()
            # Skip tags that even a major bump could not lift above the versions found so far.
            best_case = semver.bumped_core(tagged.version, semver.VersionField.MAJOR)
            if alternative is not None:
                best_case = max(best_case, semver.core(alternative))
            if best_case < threshold:
                continue
            increment = repository.incremented_field(
                tagged.commit, effective=effective, label=label
            )
            threshold = semver.bumped_core(tagged.version, increment)
            yield BaseVersion(
                source=f"Git tag '{tagged.tag}'",
                version=tagged.version,
                source_commit=tagged.commit,
                increment=increment,
                label=label,
                alternative=alternative,
            )


def _release_branches(
    repository: repo.Repository, effective: cfg.Effective
) -> Iterator[BaseVersion]:
    if not effective.tracks_release_branches:
        return
    config = repository.config
    for release in repository.release_branches():
        release_effective = cfg.effective(config, config.branch_config(release.name))
        found = version_in_branch_name(repository, effective=release_effective, branch=release)
        if found is None:
            continue
        source = repository.branch_merge_base(release, repository.current_branch)
        label = repository.label(effective)
        yield BaseVersion(
            source=f"Release branch exists -> {found.source}",
            version=found.version,
            source_commit=source,
            increment=repository.incremented_field(source, effective=effective, label=label),
            label=label,
        )


def version_in_branch_name(
    repository: repo.Repository, *, effective: cfg.Effective, branch: history.Branch
) -> BaseVersion | None:
    if not effective.is_release_branch:
        return None
    config = repository.config
    current = repository.current_branch
    for candidate in (current, branch):
        parsed = parse_branch_version(candidate.name, config)
        if parsed is None:
            continue
        version, rest = parsed
        override = None
        if rest and (
            candidate.ref == current.ref or config.branch_config(current.name).label is None
        ):
            override = rest
        return BaseVersion(
            source="Version in branch name",
            version=version,
            source_commit=None,
            increment=semver.VersionField.NONE,
            label=repository.label(effective, branch_name=override),
        )
    return None


def _fallback(repository: repo.Repository, effective: cfg.Effective) -> BaseVersion:
    label = repository.label(effective)
    lookup = repository.tagged_versions(
        effective=effective, label=label, not_older_than=repository.graph.when[repository.current]
    )
    source = lookup[0][0] if lookup else None
    return BaseVersion(
        source="Fallback base version",
        version=semver.ZERO,
        source_commit=source,
        increment=repository.incremented_field(source, effective=effective, label=label),
        label=label,
    )


def parse_branch_version(name: str, config: cfg.Config) -> tuple[semver.SemVer, str | None] | None:
    """The version in a branch name (``release/1.2.0-rc`` gives 1.2.0 and ``rc``)."""
    pattern = cfg.compile_regex("^" + config.version_in_branch_pattern.lstrip("^"))
    if "version" not in pattern.groupindex:
        return None
    separator = "/" if "/" in name or "-" not in name else "-"
    length = 0
    for part in name.split(separator):
        if not part:
            return None
        match = pattern.search(part)
        if match is not None and match.group("version") is not None:
            text = match.group("version")
            version = config.parse_tag(text)
            if version is not None:
                length += len(text)
                rest = name[length:].strip("-")
                return version, rest or None
        length += len(part) + 1
    return None


# Merge message formats GitVersion recognises, tried after the user's merge-message-formats.
_MERGE_FORMATS = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "Default",
            r"^Merge (?:branch|tag) '(?P<SourceBranch>[^']*)'(?: into (?P<TargetBranch>\S*))*",
        ),
        ("SmartGit", r"^Finish (?P<SourceBranch>\S*)(?: into (?P<TargetBranch>\S*))*"),
        (
            "BitBucketPull",
            r"^Merge pull request #(?P<PullRequestNumber>\d+) (?:from|in) (?P<Source>.*) from "
            r"(?P<SourceBranch>\S*) to (?P<TargetBranch>\S*)",
        ),
        (
            "BitBucketPullv7",
            r"^Pull request #(?P<PullRequestNumber>\d+).*\r?\n\r?\nMerge in (?P<Source>.*) from "
            r"(?P<SourceBranch>\S*) to (?P<TargetBranch>\S*)",
        ),
        (
            "BitBucketCloudPull",
            r"^Merged in (?P<SourceBranch>\S*) \(pull request #(?P<PullRequestNumber>\d+)\)",
        ),
        (
            "GitHubPull",
            r"^Merge pull request #(?P<PullRequestNumber>\d+) (?:from|in) (?:[^\s/]+/)?"
            r"(?P<SourceBranch>\S*)(?: into (?P<TargetBranch>\S*))*",
        ),
        (
            "RemoteTracking",
            r"^Merge remote-tracking branch '(?P<SourceBranch>\S*)'"
            r"(?: into (?P<TargetBranch>\S*))*",
        ),
        (
            "AzureDevOpsPull",
            r"^Merge pull request (?P<PullRequestNumber>\d+) from (?P<SourceBranch>\S*) into "
            r"(?P<TargetBranch>\S*)",
        ),
    )
)
_MERGE_START = re.compile(r"merge |finish |pull request #|merged in ", re.IGNORECASE)


def could_be_merge_message(message: str) -> bool:
    """A cheap test that rules out most messages before the built-in formats are tried."""
    return _MERGE_START.match(message) is not None


def merged_branch(message: str, config: cfg.Config) -> history.Branch | None:
    """The branch a merge message says was merged, as a ref (``refs/heads/...``)."""
    if not config.merge_message_formats and not could_be_merge_message(message):
        return None
    formats = [(name, cfg.compile_regex(p)) for name, p in config.merge_message_formats]
    for name, pattern in (*formats, *_MERGE_FORMATS):
        match = pattern.search(message)
        if match is None:
            continue
        source = match.groupdict().get("SourceBranch") or ""
        if name == "RemoteTracking" and not source.startswith(history.REMOTE_PREFIX):
            source = history.REMOTE_PREFIX + source
        if not source.startswith(("refs/heads/", "refs/remotes/", "refs/tags/", "refs/pull")):
            source = history.LOCAL_PREFIX + source
        return history.Branch(ref=source, tip="")
    return None


def merged_release(commit: history.Commit, config: cfg.Config) -> semver.SemVer | None:
    """The version of the release branch a commit merged, if its message says so."""
    branch = merged_branch(commit.message, config)
    if branch is None:
        return None
    is_release = config.is_release_branch(branch.name)
    if len(commit.parents) < 2 and not is_release:
        return None
    parsed = parse_branch_version(branch.name, config)
    if parsed is None or not is_release:
        return None
    return parsed[0]
