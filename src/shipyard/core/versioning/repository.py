"""The questions version calculation asks of a history, answered with GitVersion 6's rules.

Which version tags a branch sees (its own, its merge targets', the main and release branches'),
where a branch was branched from (merge bases that ignore forward merges, then the most
recent candidate source branch), which commits lie between a version source and the current
commit, and how far their ``+semver:`` messages bump the version. Answers are cached: one
calculation asks the same questions for many tags and base versions.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from shipyard.core.versioning import config as cfg
from shipyard.core.versioning import graph as history
from shipyard.core.versioning import semver


@dataclasses.dataclass(frozen=True, kw_only=True, eq=False)
class TaggedVersion:
    """One version tag; made once per tag, so identity is equality."""

    version: semver.SemVer
    tag: str
    commit: int  # position of the tagged commit


Lookup = list[tuple[int, list[TaggedVersion]]]  # (commit, its versions), newest commit first


class Repository:
    """One calculation's view of a history: the current branch and commit, config, caches."""

    def __init__(
        self,
        *,
        graph: history.Graph,
        config: cfg.Config,
        branches: Iterable[history.Branch],
        tags: Iterable[history.Tag],
        current_branch: history.Branch,
        current: int,
        env: Mapping[str, str],
    ) -> None:
        self.graph = graph
        self.config = config
        self.current_branch = current_branch
        self.current = current
        self.env = env
        self.branches = [b for b in branches if b.tip in graph.index]
        self._ignores = bool(config.ignore_shas) or config.ignore_before is not None
        self.tagged: dict[int, list[TaggedVersion]] = {}
        for tag in tags:
            position = graph.index.get(tag.target)
            if position is None or self.ignored(position):
                continue
            version = config.parse_tag(tag.name)
            if version is not None:
                self.tagged.setdefault(position, []).append(
                    TaggedVersion(version=version, tag=tag.name, commit=position)
                )
        self.tagged_commits = sorted(self.tagged, key=lambda p: (-graph.when[p], p))
        self._merge_bases: dict[tuple[str, str], int | None] = {}
        self._commit_history: dict[tuple[str | None, int | None], list[int]] = {}
        self._unversioned: dict[str | None, list[int]] = {}
        self._increments: dict[int, semver.VersionField | None] = {}
        self._label_tags: dict[str | None, tuple[list[int], frozenset[int]]] = {}

    # --- basics ------------------------------------------------------------------------------

    def tip(self, branch: history.Branch) -> int:
        return self.graph.index[branch.tip]

    def ignored(self, position: int) -> bool:
        if not self._ignores:
            return False
        return self.config.is_ignored(self.graph.sha(position), self.graph.when[position])

    def label(self, effective: cfg.Effective, *, branch_name: str | None = None) -> str | None:
        return cfg.format_label(
            effective.label,
            regex=effective.regex,
            branch_name=branch_name or self.current_branch.name,
            env=self.env,
        )

    def branch_commits(self, branch: history.Branch) -> list[int]:
        """The branch's commits newest first (position order), ignored ones left out."""
        reach = self.graph.reachable(self.tip(branch))
        commits = [p for p in range(self.tip(branch), len(self.graph)) if p in reach]
        return [p for p in commits if not self.ignored(p)] if self._ignores else commits

    # --- tags --------------------------------------------------------------------------------

    def tags_of_branch(
        self, branch: history.Branch, *, label: str | None, not_older_than: int | None
    ) -> list[tuple[int, TaggedVersion]]:
        reach = self.graph.reachable(self.tip(branch))
        when = self.graph.when
        return [
            (position, tagged)
            for position in self.tagged_commits
            if position in reach and (not_older_than is None or when[position] <= not_older_than)
            for tagged in self.tagged[position]
            if semver.matches_label(tagged.version, label)
        ]

    def _tags_of_merge_targets(
        self, branch: history.Branch, *, label: str | None, not_older_than: int | None
    ) -> list[tuple[int, TaggedVersion]]:
        """Tags on commits one of whose parents is on the branch, seen at that parent."""
        reach = self.graph.reachable(self.tip(branch))
        found: list[tuple[int, TaggedVersion]] = []
        for position in self.tagged_commits:
            for parent in self.graph.parents[position]:
                if parent not in reach or self.ignored(parent):
                    continue
                if not_older_than is not None and self.graph.when[parent] > not_older_than:
                    continue
                found.extend(
                    (parent, tagged)
                    for tagged in self.tagged[position]
                    if semver.matches_label(tagged.version, label)
                )
        return found

    def _branches_where(self, flag: str) -> list[history.Branch]:
        return [
            b
            for b in self.branches
            if b.ref != self.current_branch.ref and getattr(self.config.branch_config(b.name), flag)
        ]

    def release_branches(self) -> list[history.Branch]:
        return [b for b in self.branches if self.config.branch_config(b.name).is_release_branch]

    def tagged_versions(
        self,
        *,
        effective: cfg.Effective,
        label: str | None,
        not_older_than: int | None,
    ) -> Lookup:
        """The version tags the current branch sees under ``effective``, by commit."""
        branch = self.current_branch
        pairs = self.tags_of_branch(branch, label=label, not_older_than=not_older_than)
        if effective.track_merge_target:
            pairs += self._tags_of_merge_targets(branch, label=label, not_older_than=not_older_than)
        if not effective.is_main_branch and not effective.is_release_branch:
            for main in self._branches_where("is_main_branch"):
                pairs += self.tags_of_branch(main, label=label, not_older_than=None)
        if effective.tracks_release_branches:
            for release in self._branches_where("is_release_branch"):
                pairs += self.tags_of_branch(release, label=label, not_older_than=None)
        return _lookup(pairs, when=self.graph.when)

    def is_tagged(self, position: int) -> bool:
        return position in self.tagged

    # --- merge bases and source branches -----------------------------------------------------

    def branch_merge_base(self, first: history.Branch, second: history.Branch) -> int | None:
        """Where ``first`` left ``second``, not counting later merges of ``first`` into it."""
        key = (first.ref, second.ref)
        if key not in self._merge_bases:
            self._merge_bases[key] = self._find_branch_merge_base(self.tip(first), self.tip(second))
        return self._merge_bases[key]

    def _find_branch_merge_base(self, commit: int, other: int) -> int | None:
        graph = self.graph
        if commit in graph.parents[other]:  # the other tip is a forward merge of this one
            other = graph.parents[other][0]
        base = graph.merge_base(commit, other)
        while base is not None:
            forward = self._forward_merge(other, base)
            if forward is None:
                break
            other = graph.parents[forward][0]
            next_base = graph.merge_base(commit, other)
            if next_base == base:
                break
            base = next_base
        return base

    def _forward_merge(self, start: int, base: int) -> int | None:
        """The newest commit after ``base`` (reachable from ``start``) with ``base`` as parent."""
        candidates = [c for c in self.graph.children(base) if self.graph.is_ancestor(c, start)]
        return min(candidates) if candidates else None

    def source_branches(
        self, branch: history.Branch, *, excluded: set[str]
    ) -> list[history.Branch]:
        """The branches ``branch`` was most likely created from (GitVersion's heuristics)."""
        own = self.config.branch_config(branch.name)
        patterns = [
            named.config.regex
            for source in own.source_branches
            for named in self.config.branches
            if named.name == source and named.config.regex
        ]
        names = {branch.ref.lower(), branch.friendly.lower(), branch.name.lower()}
        found: list[tuple[int, history.Branch]] = []
        for candidate in self.branches:
            if candidate.ref in excluded or candidate.ref == branch.ref:
                continue
            if not any(cfg.compile_regex(p).search(candidate.name) for p in patterns):
                continue
            base = self.branch_merge_base(branch, candidate)
            if base is not None and candidate.name.lower() not in names:
                found.append((base, candidate))
        found.sort(key=lambda item: -self.graph.when[item[0]])
        kept = self._drop_sources_found_in_others(branch, found)
        result: list[history.Branch] = []
        groups: dict[int, list[history.Branch]] = {}
        for base, candidate in kept:
            groups.setdefault(base, []).append(candidate)
        for base, candidates in groups.items():
            at_base = [c for c in candidates if c.tip == self.graph.sha(base)]
            for candidate in at_base or candidates:
                if candidate not in result:
                    result.append(candidate)
        return result

    def _drop_sources_found_in_others(
        self, branch: history.Branch, found: list[tuple[int, history.Branch]]
    ) -> list[tuple[int, history.Branch]]:
        graph = self.graph
        tip = self.tip(branch)
        merged_back = set()
        for index, (base, _) in enumerate(found):
            for child in graph.children(base):
                commit = graph.commits[child]
                if (
                    len(commit.parents) > 1
                    and graph.when[child] > graph.when[base]
                    and graph.is_ancestor(child, tip)
                ):
                    merged_back.add(index)
        removed: set[int] = set()
        for index in range(len(found) - 1, 0, -1):
            if index in merged_back:
                continue
            base = found[index][0]
            for other_index, (other_base, other) in enumerate(found):
                if other_index in removed and other_index != index:
                    continue
                if other_base == base:
                    break
                if graph.is_ancestor(base, self.tip(other)):
                    removed.add(index)
        return [item for index, item in enumerate(found) if index not in removed]

    def containing_branches(self, position: int) -> list[history.Branch]:
        """Branches whose tip is the commit, else every branch that contains it."""
        direct = [b for b in self.branches if self.tip(b) == position]
        if direct:
            return direct
        return [b for b in self.branches if self.graph.is_ancestor(position, self.tip(b))]

    # --- commits between a source and the current commit -------------------------------------

    def commit_log(self, source: int | None) -> list[int]:
        """Commits reachable from the current commit but not from ``source``, without ignored."""
        commits = self.graph.only_from(self.current, [source])
        return [p for p in commits if not self.ignored(p)]

    def incremented_field(
        self, source: int | None, *, effective: cfg.Effective, label: str | None
    ) -> semver.VersionField:
        """The branch's increment, raised by ``+semver:`` messages since ``source``."""
        default = effective.increment.field
        from_messages = self._message_increment(source, effective=effective, label=label)
        if from_messages is None or from_messages < default:
            return default
        return from_messages

    def _message_increment(
        self, source: int | None, *, effective: cfg.Effective, label: str | None
    ) -> semver.VersionField | None:
        mode = effective.commit_message_incrementing
        if mode is cfg.CommitMessageIncrementing.DISABLED:
            return None
        commits = self._history_since(source, label)
        if mode is cfg.CommitMessageIncrementing.MERGE_MESSAGE_ONLY:
            commits = [p for p in commits if len(self.graph.commits[p].parents) > 1]
        found = [i for i in map(self.commit_increment, commits) if i is not None]
        return max(found) if found else None

    def _history_since(self, source: int | None, label: str | None) -> list[int]:
        """Commits since ``source`` that are not behind a tag of this label (GitVersion drops a
        tagged commit and its ancestors from the commits that count)."""
        key = (label, source)
        cached = self._commit_history.get(key)
        if cached is not None:
            return cached
        tagged, tagged_set = self._tags_matching(label)
        if label not in self._unversioned:
            self._unversioned[label] = self.graph.only_from(self.current, tagged)
        unversioned = self._unversioned[label]
        if source is None or source in tagged_set:
            source = None
            commits = unversioned
            if (label, None) in self._commit_history:
                return self._commit_history[(label, None)]
        elif len(unversioned) <= 256:
            commits = [p for p in unversioned if not self.graph.is_ancestor(p, source)]
        else:
            commits = self.graph.only_from(self.current, [*tagged, source])
        if self._ignores:
            commits = [p for p in commits if not self.ignored(p)]
        self._commit_history[(label, source)] = commits
        return commits

    def _tags_matching(self, label: str | None) -> tuple[list[int], frozenset[int]]:
        """Commits reachable from the current one that carry a tag of ``label``."""
        if label not in self._label_tags:
            reach = self.graph.reachable(self.current)
            found = [
                p
                for p in self.tagged_commits
                if p in reach
                and any(semver.matches_label(t.version, label) for t in self.tagged[p])
            ]
            self._label_tags[label] = (found, frozenset(found))
        return self._label_tags[label]

    def commit_increment(self, position: int) -> semver.VersionField | None:
        if position not in self._increments:
            self._increments[position] = self._increment_of(self.graph.commits[position].message)
        return self._increments[position]

    def _increment_of(self, message: str) -> semver.VersionField | None:
        config = self.config
        for pattern, field in (
            (config.no_bump, semver.VersionField.NONE),
            (config.major_bump, semver.VersionField.MAJOR),
            (config.minor_bump, semver.VersionField.MINOR),
            (config.patch_bump, semver.VersionField.PATCH),
        ):
            if pattern and cfg.compile_regex(pattern).search(message):
                return field
        return None


def _lookup(pairs: list[tuple[int, TaggedVersion]], *, when: list[int]) -> Lookup:
    """Distinct pairs grouped by commit, newest commit first (stable for equal dates)."""
    seen: set[tuple[int, TaggedVersion]] = set()
    unique = []
    for pair in pairs:
        if pair not in seen:
            seen.add(pair)
            unique.append(pair)
    unique.sort(key=lambda pair: -when[pair[0]])
    groups: dict[int, list[TaggedVersion]] = {}
    for position, tagged in unique:
        groups.setdefault(position, []).append(tagged)
    return list(groups.items())
